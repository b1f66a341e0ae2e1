/**
 * Elementwise primitives (same-shape operands; the op functions broadcast first with the
 * broadcastTo view) and their op functions. Each primitive: kernel, JVP, VJP on adjacent lines.
 * Comparisons return 1/0 in the operands' dtype and have zero derivative.
 */
import { backend, type BinaryOp, type UnaryOp } from '../backends/index.ts';
import { allocate, checkDType, type DType } from '../dtype.ts';
import { bind, definePrimitive, type Primitive } from '../primitive.ts';
import { broadcastShapes } from '../shape.ts';
import { Tensor, type TensorLike } from '../tensor.ts';
import { broadcastTo } from './movement.ts';
import { addMaybe, asTensor, coercePair, kernelOut } from './util.ts';

function unaryImpl(op: UnaryOp) {
  return ([x]: readonly Tensor[]): Tensor => kernelOut(x!.dtype, x!.shape, (out) => backend().unary(op, x!._view(), x!.shape, out));
}
function binaryImpl(op: BinaryOp) {
  return ([a, b]: readonly Tensor[]): Tensor => kernelOut(a!.dtype, a!.shape, (out) => backend().binary(op, a!._view(), b!._view(), a!.shape, out));
}
const unaryOp = (prim: Primitive<null>, x: TensorLike): Tensor => bind(prim, [asTensor(x, 'float64', prim.name)], null);
function binaryOp(prim: Primitive<null>, a: TensorLike, b: TensorLike): Tensor {
  const [A, B] = coercePair(prim.name, a, b);
  const shape = broadcastShapes(prim.name, A.shape, B.shape);
  return bind(prim, [broadcastTo(A, shape), broadcastTo(B, shape)], null);
}

// ---- unary ----
const negP = definePrimitive<null>({ name: 'neg', impl: unaryImpl('neg'),
  jvp: (_p, [t]) => neg(t!),
  vjp: (ct) => [neg(ct)] });
const expP = definePrimitive<null>({ name: 'exp', impl: unaryImpl('exp'),
  jvp: (_p, [t], _, out) => mul(t!, out),
  vjp: (ct, _p, _, out) => [mul(ct, out)] });
const logP = definePrimitive<null>({ name: 'log', impl: unaryImpl('log'),
  jvp: ([x], [t]) => div(t!, x!),
  vjp: (ct, [x]) => [div(ct, x!)] });
// log(1 + x), accurate for tiny x (softplus far in the negative tail needs it).
const log1pP = definePrimitive<null>({ name: 'log1p', impl: unaryImpl('log1p'),
  jvp: ([x], [t]) => div(t!, add(1, x!)),
  vjp: (ct, [x]) => [div(ct, add(1, x!))] });
const sinP = definePrimitive<null>({ name: 'sin', impl: unaryImpl('sin'),
  jvp: ([x], [t]) => mul(t!, cos(x!)),
  vjp: (ct, [x]) => [mul(ct, cos(x!))] });
const cosP = definePrimitive<null>({ name: 'cos', impl: unaryImpl('cos'),
  jvp: ([x], [t]) => neg(mul(t!, sin(x!))),
  vjp: (ct, [x]) => [neg(mul(ct, sin(x!)))] });
const tanhP = definePrimitive<null>({ name: 'tanh', impl: unaryImpl('tanh'),
  jvp: (_p, [t], _, y) => mul(t!, sub(1, mul(y, y))),
  vjp: (ct, _p, _, y) => [mul(ct, sub(1, mul(y, y)))] });
const sqrtP = definePrimitive<null>({ name: 'sqrt', impl: unaryImpl('sqrt'),
  jvp: (_p, [t], _, y) => div(t!, mul(2, y)),
  vjp: (ct, _p, _, y) => [div(ct, mul(2, y))] });
const signP = definePrimitive<null>({ name: 'sign', impl: unaryImpl('sign'), zeroDerivative: true });
const stopGradientP = definePrimitive<null>({ name: 'stopGradient', impl: ([x]) => x!, zeroDerivative: true });

/** -x elementwise; differentiable. */
export const neg = (x: TensorLike): Tensor => unaryOp(negP, x);
/** e^x elementwise; differentiable (derivative reuses the output). */
export const exp = (x: TensorLike): Tensor => unaryOp(expP, x);
/** Natural logarithm elementwise (NaN for x < 0, -Infinity at 0); differentiable, d/dx = 1/x. */
export const log = (x: TensorLike): Tensor => unaryOp(logP, x);
/** ln(1 + x) elementwise, accurate for |x| ≪ 1; differentiable, d/dx = 1/(1 + x). */
export const log1p = (x: TensorLike): Tensor => unaryOp(log1pP, x);
/** sin x elementwise (x in radians); differentiable. */
export const sin = (x: TensorLike): Tensor => unaryOp(sinP, x);
/** cos x elementwise (x in radians); differentiable. */
export const cos = (x: TensorLike): Tensor => unaryOp(cosP, x);
/** tanh x elementwise; differentiable to any order (derivative 1 - tanh², written with differentiable ops). */
export const tanh = (x: TensorLike): Tensor => unaryOp(tanhP, x);
/** Square root elementwise (NaN for x < 0); differentiable, derivative 1/(2 sqrt x), infinite at 0. */
export const sqrt = (x: TensorLike): Tensor => unaryOp(sqrtP, x);
/** -1, 0 or 1 elementwise; zero derivative. */
export const sign = (x: TensorLike): Tensor => unaryOp(signP, x);
/** Identity whose derivative is zero in every transform. */
export const stopGradient = (x: TensorLike): Tensor => unaryOp(stopGradientP, x);

// ---- binary (operands already broadcast to one shape) ----
const addP = definePrimitive<null>({ name: 'add', impl: binaryImpl('add'),
  jvp: (_p, [ta, tb]) => addMaybe(ta!, tb!, add),
  vjp: (ct, _p, _, _o, [wa, wb]) => [wa ? ct : null, wb ? ct : null] });
const subP = definePrimitive<null>({ name: 'sub', impl: binaryImpl('sub'),
  jvp: (_p, [ta, tb]) => (tb ? (ta ? sub(ta, tb) : neg(tb)) : ta!),
  vjp: (ct, _p, _, _o, [wa, wb]) => [wa ? ct : null, wb ? neg(ct) : null] });
const mulP = definePrimitive<null>({ name: 'mul', impl: binaryImpl('mul'),
  jvp: ([a, b], [ta, tb]) => addMaybe(ta ? mul(ta, b!) : null, tb ? mul(a!, tb) : null, add),
  vjp: (ct, [a, b], _, _o, [wa, wb]) => [wa ? mul(ct, b!) : null, wb ? mul(a!, ct) : null] });
const divP = definePrimitive<null>({ name: 'div', impl: binaryImpl('div'),
  jvp: ([, b], [ta, tb], _, out) => addMaybe(ta ? div(ta, b!) : null, tb ? neg(div(mul(tb, out), b!)) : null, add),
  vjp: (ct, [, b], _, out, [wa, wb]) => [wa ? div(ct, b!) : null, wb ? neg(div(mul(ct, out), b!)) : null] });
// d(x^y) = y x^(y-1) dx + log(x) x^y dy; the log term only when y is actually differentiated.
const powP = definePrimitive<null>({ name: 'pow', impl: binaryImpl('pow'),
  jvp: ([x, y], [tx, ty], _, out) => addMaybe(tx ? mul(tx, mul(y!, pow(x!, sub(y!, 1)))) : null, ty ? mul(ty, mul(log(x!), out)) : null, add),
  vjp: (ct, [x, y], _, out, [wx, wy]) => [wx ? mul(ct, mul(y!, pow(x!, sub(y!, 1)))) : null, wy ? mul(ct, mul(log(x!), out)) : null] });
const greaterP = definePrimitive<null>({ name: 'greater', impl: binaryImpl('greater'), zeroDerivative: true });
const greaterEqualP = definePrimitive<null>({ name: 'greaterEqual', impl: binaryImpl('greaterEqual'), zeroDerivative: true });
const equalP = definePrimitive<null>({ name: 'equal', impl: binaryImpl('equal'), zeroDerivative: true });

/**
 * Elementwise a + b with NumPy broadcasting (numbers take the other operand's dtype; float32 with float64 gives
 * float64); differentiable.
 */
export const add = (a: TensorLike, b: TensorLike): Tensor => binaryOp(addP, a, b);
/** Elementwise a - b with NumPy broadcasting; differentiable. */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binaryOp(subP, a, b);
/** Elementwise a · b with NumPy broadcasting; differentiable. */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binaryOp(mulP, a, b);
/** Elementwise a / b with NumPy broadcasting (IEEE: x/0 is ±Infinity or NaN); differentiable. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binaryOp(divP, a, b);
/**
 * Elementwise a^b with NumPy broadcasting; differentiable in both (the d/db term, log(a) a^b, is only formed when b
 * is differentiated, so a negative base with a constant integer exponent has a finite gradient).
 */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binaryOp(powP, a, b);
/** Elementwise a > b as 1/0 in the operands' dtype, with broadcasting; zero derivative. */
export const greater = (a: TensorLike, b: TensorLike): Tensor => binaryOp(greaterP, a, b);
/** Elementwise a ≥ b as 1/0 in the operands' dtype, with broadcasting; zero derivative. */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => binaryOp(greaterEqualP, a, b);
/** Elementwise a < b as 1/0 in the operands' dtype, with broadcasting; zero derivative. */
export const less = (a: TensorLike, b: TensorLike): Tensor => binaryOp(greaterP, b, a);
/** Elementwise a ≤ b as 1/0 in the operands' dtype, with broadcasting; zero derivative. */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => binaryOp(greaterEqualP, b, a);
/** Elementwise a == b (exact) as 1/0 in the operands' dtype, with broadcasting; zero derivative. */
export const equal = (a: TensorLike, b: TensorLike): Tensor => binaryOp(equalP, a, b);
/** Elementwise a != b (exact) as 1/0 in the operands' dtype, with broadcasting; zero derivative. */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => sub(1, equal(a, b));

// ---- where(cond, x, y): cond != 0 selects x ----
const whereP = definePrimitive<null>({ name: 'where',
  impl: ([c, a, b]) => kernelOut(a!.dtype, a!.shape, (out) => backend().where(c!._view(), a!._view(), b!._view(), a!.shape, out)),
  jvp: ([c], [, ta, tb]) => (ta || tb ? where(c!, ta ?? 0, tb ?? 0) : null),
  vjp: (ct, [c], _, _o, [, wa, wb]) => [null, wa ? where(c!, ct, 0) : null, wb ? where(c!, 0, ct) : null] });

/** Elementwise select: cond != 0 ? x : y, all three broadcast together. */
export function where(cond: TensorLike, x: TensorLike, y: TensorLike): Tensor {
  const [X, Y] = coercePair('where', x, y);
  const C = asTensor(cond, X.dtype, 'where');
  const shape = broadcastShapes('where', C.shape, X.shape, Y.shape);
  const Cc = C.dtype === X.dtype ? C : cast(C, X.dtype);
  return bind(whereP, [broadcastTo(Cc, shape), broadcastTo(X, shape), broadcastTo(Y, shape)], null);
}

// ---- cast ----
const castP = definePrimitive<{ dtype: DType }>({ name: 'cast',
  impl: ([x], { dtype }) => {
    const out = allocate(dtype, x!.size);
    backend().copyInto(x!._view(), x!.shape, { data: out, offset: 0, strides: Tensor._fromBuffer(out, x!.shape)._strides });
    return Tensor._fromBuffer(out, x!.shape);
  },
  jvp: (_p, [t], { dtype }) => cast(t!, dtype),
  vjp: (ct, [x]) => [cast(ct, x!.dtype)] });

/** Convert to another float dtype (identity when already that dtype). */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkDType(dtype, 'cast');
  return x.dtype === dtype ? x : bind(castP, [x], { dtype });
}
