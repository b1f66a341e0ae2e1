/**
 * Primitives: the small set of operations the system knows how to differentiate. Each is declared
 * once with `definePrimitive` — its kernel (`impl`, on concrete tensors via the backend) and its JVP
 * and VJP rules on adjacent lines. Rules are written with differentiable ops, so derivatives of any
 * order and any mix of modes follow. Everything else in the library is a composition of these.
 */
import { RegistryError, ShapeError, fmtShape } from './errors.ts';
import { findTopTrace } from './autodiff/trace.ts';
import type { Tensor } from './tensor.ts';
import { shapesEqual } from './shape.ts';

export interface Primitive<P> {
  readonly name: string;
  /** Kernel on concrete tensors (no tracers among `args`). */
  impl(args: readonly Tensor[], params: P): Tensor;
  /** Tangent of the output given tangents of the inputs (null = symbolic zero). */
  jvp(primals: readonly Tensor[], tangents: readonly (Tensor | null)[], params: P, out: Tensor): Tensor | null;
  /** Cotangents of the inputs given the output cotangent; `which[i]` says whether input i needs one. */
  vjp(ct: Tensor, primals: readonly Tensor[], params: P, out: Tensor, which: readonly boolean[]): (Tensor | null)[];
  /** Piecewise-constant (comparisons, sign, stopGradient): both rules are identically zero. */
  readonly zeroDerivative: boolean;
}

export interface PrimitiveDef<P> {
  name: string;
  impl(args: readonly Tensor[], params: P): Tensor;
  jvp?(primals: readonly Tensor[], tangents: readonly (Tensor | null)[], params: P, out: Tensor): Tensor | null;
  vjp?(ct: Tensor, primals: readonly Tensor[], params: P, out: Tensor, which: readonly boolean[]): (Tensor | null)[];
  zeroDerivative?: boolean;
}

const registry = new Map<string, Primitive<unknown>>();

/**
 * Declare a primitive once: its kernel `impl` on concrete tensors and its JVP and VJP rules (written with
 * differentiable ops, so every derivative order works), or `zeroDerivative: true` for piecewise-constant ops.
 * The primitive is added to the global registry that the gradcheck tests and backends iterate.
 * @throws RegistryError when the name is already registered, or when jvp or vjp is missing without zeroDerivative.
 */
export function definePrimitive<P>(def: PrimitiveDef<P>): Primitive<P> {
  if (registry.has(def.name)) throw new RegistryError(`definePrimitive: a primitive named '${def.name}' is already registered`);
  const zero = def.zeroDerivative === true;
  if (!zero && (!def.jvp || !def.vjp)) {
    throw new RegistryError(`definePrimitive: '${def.name}' needs both jvp and vjp rules (or zeroDerivative: true)`);
  }
  const prim: Primitive<P> = {
    name: def.name,
    impl: def.impl,
    jvp: def.jvp ?? (() => null),
    vjp: def.vjp ?? ((_ct, primals) => primals.map(() => null)),
    zeroDerivative: zero,
  };
  registry.set(def.name, prim as Primitive<unknown>);
  return prim;
}

/** All registered primitives (for registry-generated tests and backends). */
export function registeredPrimitives(): ReadonlyMap<string, Primitive<unknown>> {
  return registry;
}

/** Apply a primitive: to the top trace among the args, or to the kernel when all are concrete. */
export function bind<P>(prim: Primitive<P>, args: readonly Tensor[], params: P): Tensor {
  const top = findTopTrace(args);
  if (top === null) return prim.impl(args, params);
  return top.process(prim as Primitive<unknown>, args, params);
}

/** Rule sanity check: a tangent/cotangent must have the shape of what it differentiates. */
export function checkRuleShape(prim: string, what: string, got: Tensor, want: readonly number[]): void {
  if (!shapesEqual(got.shape, want)) {
    throw new ShapeError(`internal: ${prim} ${what} has shape ${fmtShape(got.shape)}, expected ${fmtShape(want)}`);
  }
}
