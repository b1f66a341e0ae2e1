/**
 * The transforms: jvp, vjp, grad, valueAndGrad, jacfwd, jacrev, hessian. Each pushes its own trace
 * level, so they nest arbitrarily and mix modes (grad(grad(f)), jacfwd(grad(f)), grad of a function
 * that calls jvp, ...). Functions take tensors or pytrees of tensors (nested arrays / records) and
 * return a tensor (jvp and vjp also accept pytree outputs). JS numbers among the differentiated
 * arguments are promoted to float64 scalars.
 */
import { ShapeError, fmtShape } from '../errors.ts';
import { scalar, zeros, onesLike, zerosLike } from '../creation.ts';
import { shapesEqual } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { treeFlatten, treeUnflatten } from '../tree.ts';
import { reshape, stack } from '../ops/movement.ts';
import { withTrace } from './trace.ts';
import { JvpTrace } from './jvpTrace.ts';
import { VjpTrace } from './vjpTrace.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => unknown;

const promoteNumbers = (args: readonly unknown[]): unknown[] => args.map((a) => (typeof a === 'number' ? scalar(a) : a));

function checkSameLeaves(op: string, what: string, a: Tensor[], b: Tensor[]): void {
  if (a.length !== b.length) throw new ShapeError(`${op}: ${what} has ${b.length} tensors, primals have ${a.length}`);
  a.forEach((x, i) => {
    if (!shapesEqual(x.shape, b[i]!.shape)) throw new ShapeError(`${op}: ${what} leaf ${i} has shape ${fmtShape(b[i]!.shape)}, primal has ${fmtShape(x.shape)}`);
  });
}

/**
 * Forward mode: returns [f(...primals), directional derivative along `tangents`]. `primals` and
 * `tangents` are argument lists of identical structure and shapes.
 */
export function jvp<F extends AnyFn>(f: F, primals: Parameters<F>, tangents: Parameters<F>): [ReturnType<F>, ReturnType<F>] {
  const P = treeFlatten(promoteNumbers(primals));
  const T = treeFlatten(promoteNumbers(tangents));
  checkSameLeaves('jvp', 'tangents', P.leaves, T.leaves);
  return withTrace((l) => new JvpTrace(l), (trace) => {
    const args = treeUnflatten<unknown[]>(P.treedef, P.leaves.map((p, i) => trace.wrap(p, T.leaves[i]!.cast(p.dtype))));
    const out = treeFlatten(f(...args));
    const outP: Tensor[] = [];
    const outT: Tensor[] = [];
    for (const leaf of out.leaves) {
      const [p, t] = trace.unwrap(leaf);
      outP.push(p);
      outT.push(t ?? zeros(p.shape, { dtype: p.dtype }));
    }
    return [treeUnflatten(out.treedef, outP), treeUnflatten(out.treedef, outT)] as [ReturnType<F>, ReturnType<F>];
  });
}

/** Cotangent function returned by vjp: output cotangent (same structure as the output) -> argument cotangents. */
export type VjpFn<A extends unknown[], O> = (cotangent: O) => A;

/**
 * Reverse mode: returns [f(...primals), vjpFn]; vjpFn(ct) gives one cotangent per argument (same
 * pytree structure). vjpFn may be called many times.
 */
export function vjp<F extends AnyFn>(f: F, ...primals: Parameters<F>): [ReturnType<F>, VjpFn<Parameters<F>, ReturnType<F>>] {
  const P = treeFlatten(promoteNumbers(primals));
  let trace!: VjpTrace;
  let inputs!: Tensor[];
  const outTree = withTrace((l) => new VjpTrace(l), (tr) => {
    trace = tr;
    inputs = P.leaves.map((p) => tr.input(p));
    return f(...treeUnflatten<unknown[]>(P.treedef, inputs));
  });
  const out = treeFlatten(outTree);
  const outPrimals = out.leaves.map((leaf) => (leaf._tracer !== null && leaf._tracer.trace === trace ? leaf._tracer.primal : leaf));
  const vjpFn = (cotangent: ReturnType<F>): Parameters<F> => {
    const C = treeFlatten(cotangent);
    checkSameLeaves('vjp', 'cotangent', outPrimals, C.leaves);
    const cts = trace.backward(out.leaves, C.leaves.map((c, i) => c.cast(outPrimals[i]!.dtype)), inputs);
    return treeUnflatten<Parameters<F>>(P.treedef, cts.map((g, i) => g ?? zerosLike(P.leaves[i]!)));
  };
  return [treeUnflatten<ReturnType<F>>(out.treedef, outPrimals), vjpFn];
}

type Argnums = number | readonly number[];
/** Gradient type: the argument's own type (a pytree of tensors), or a tuple of them for a list of argnums. */
export type GradOut<A extends readonly unknown[], N extends Argnums> = N extends number
  ? AsGrad<A[N]>
  : { -readonly [K in keyof N]: N[K] extends number ? AsGrad<A[N[K]]> : never };
/** Numbers (and Tensor | number) are differentiated as scalar tensors. */
type AsGrad<T> = [T] extends [number | Tensor] ? Tensor : T;

function argnumList(op: string, argnums: Argnums, nargs: number): number[] {
  const list = typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= nargs) throw new RangeError(`${op}: argnums ${a} is out of range for a call with ${nargs} arguments`);
  }
  return list;
}

/** Like grad, but returns [f(...args), gradient]. */
export function valueAndGrad<F extends (...args: any[]) => Tensor, const N extends Argnums = 0>(f: F, argnums?: N): (...args: Parameters<F>) => [Tensor, GradOut<Parameters<F>, N>] {
  const an = (argnums ?? 0) as Argnums;
  return (...args: Parameters<F>) => {
    const list = argnumList('grad', an, args.length);
    const diffArgs = promoteNumbers(list.map((i) => args[i]));
    const partial = (...d: unknown[]) => {
      const full = [...args];
      list.forEach((i, k) => (full[i] = d[k]));
      return f(...full);
    };
    const [out, vjpFn] = vjp(partial, ...diffArgs);
    if (!(out instanceof Tensor)) throw new TypeError(`grad: f must return a Tensor, got ${typeof out}`);
    if (out.ndim !== 0) {
      throw new ShapeError(`grad: f must return a scalar (shape []), got shape ${fmtShape(out.shape)}; reduce it (e.g. .sum()) or use vjp/jacrev for non-scalar outputs`);
    }
    const gs = vjpFn(onesLike(out));
    return [out, (typeof an === 'number' ? gs[0] : gs) as GradOut<Parameters<F>, N>];
  };
}

/**
 * For f returning [loss, aux] (aux: any pytree, e.g. metrics or predictions): returns
 * [loss, aux, gradient of loss]. aux carries no derivative (JAX's has_aux).
 */
export function valueAndGradWithAux<F extends (...args: any[]) => readonly [Tensor, unknown], const N extends Argnums = 0>(
  f: F,
  argnums?: N,
): (...args: Parameters<F>) => [Tensor, ReturnType<F>[1], GradOut<Parameters<F>, N>] {
  const an = (argnums ?? 0) as Argnums;
  return (...args: Parameters<F>) => {
    const list = argnumList('valueAndGradWithAux', an, args.length);
    const diffArgs = promoteNumbers(list.map((i) => args[i]));
    const partial = (...d: unknown[]) => {
      const full = [...args];
      list.forEach((i, k) => (full[i] = d[k]));
      const res = f(...full);
      if (!Array.isArray(res) || res.length !== 2) throw new TypeError('valueAndGradWithAux: f must return [loss, aux]');
      return res;
    };
    const [out, vjpFn] = vjp(partial, ...diffArgs);
    const [loss, aux] = out as unknown as [Tensor, unknown];
    if (!(loss instanceof Tensor) || loss.ndim !== 0) {
      throw new ShapeError(`valueAndGradWithAux: loss must be a scalar tensor (shape []), got ${loss instanceof Tensor ? `shape ${fmtShape(loss.shape)}` : typeof loss}`);
    }
    const ct = [onesLike(loss), treeUnflatten(treeFlatten(aux).treedef, treeFlatten(aux).leaves.map((l) => zeros(l.shape, { dtype: l.dtype })))];
    const gs = vjpFn(ct as never);
    return [loss, aux as ReturnType<F>[1], (typeof an === 'number' ? gs[0] : gs) as GradOut<Parameters<F>, N>];
  };
}

/** Gradient of a scalar-valued f with respect to argument `argnums` (default 0; a list gives a list). */
export function grad<F extends (...args: any[]) => Tensor, const N extends Argnums = 0>(f: F, argnums?: N): (...args: Parameters<F>) => GradOut<Parameters<F>, N> {
  const vg = valueAndGrad(f, argnums);
  return (...args: Parameters<F>) => vg(...args)[1];
}

function oneHot(t: Tensor, i: number): Tensor {
  const buf = t.dtype === 'float32' ? new Float32Array(t.size) : new Float64Array(t.size);
  buf[i] = 1;
  return Tensor._fromBuffer(buf, t.shape);
}

function singleTensorArg(op: string, args: unknown[], argnum: number): Tensor {
  if (!Number.isInteger(argnum) || argnum < 0 || argnum >= args.length) throw new RangeError(`${op}: argnums ${argnum} is out of range for ${args.length} arguments`);
  const x = typeof args[argnum] === 'number' ? scalar(args[argnum] as number) : args[argnum];
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: argument ${argnum} must be a Tensor`);
  return x;
}

/** Jacobian by forward mode (one jvp per input element): shape out.shape + x.shape. */
export function jacfwd<F extends (...args: any[]) => Tensor>(f: F, argnums = 0): (...args: Parameters<F>) => Tensor {
  return (...args: Parameters<F>) => {
    const x = singleTensorArg('jacfwd', args, argnums);
    const fx = (xi: Tensor) => {
      const full = [...args];
      full[argnums] = xi;
      return f(...full);
    };
    const cols: Tensor[] = [];
    let outShape: readonly number[] = [];
    for (let i = 0; i < x.size; i++) {
      const [y, t] = jvp(fx, [x], [oneHot(x._concrete(), i)]);
      if (!(y instanceof Tensor)) throw new TypeError('jacfwd: f must return a Tensor');
      outShape = y.shape;
      cols.push(t);
    }
    if (x.size === 0) return zeros([...f(...args).shape, ...x.shape]);
    return reshape(stack(cols, -1), [...outShape, ...x.shape]);
  };
}

/** Jacobian by reverse mode (one vjp pullback per output element): shape out.shape + x.shape. */
export function jacrev<F extends (...args: any[]) => Tensor>(f: F, argnums = 0): (...args: Parameters<F>) => Tensor {
  return (...args: Parameters<F>) => {
    const x = singleTensorArg('jacrev', args, argnums);
    const fx = (xi: Tensor) => {
      const full = [...args];
      full[argnums] = xi;
      return f(...full);
    };
    const [y, pullback] = vjp(fx, x);
    if (!(y instanceof Tensor)) throw new TypeError('jacrev: f must return a Tensor');
    if (y.size === 0) return zeros([...y.shape, ...x.shape], { dtype: x.dtype });
    const rows: Tensor[] = [];
    for (let j = 0; j < y.size; j++) rows.push(pullback(oneHot(y._concrete(), j))[0] as Tensor);
    return reshape(stack(rows, 0), [...y.shape, ...x.shape]);
  };
}

/** Hessian = jacfwd(jacrev(f)): shape out.shape + x.shape + x.shape. */
export function hessian<F extends (...args: any[]) => Tensor>(f: F, argnums = 0): (...args: Parameters<F>) => Tensor {
  return jacfwd(jacrev(f, argnums) as F, argnums);
}

