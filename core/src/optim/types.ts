/**
 * Optimizer contract (optax-style, jax-md's {init, step} spirit): a pair of pure functions over
 * parameter pytrees (plain records/arrays of tensors).
 *   init(params) -> state                        (a pytree: tensors + numbers, checkpointable)
 *   update(grads, state, params) -> {params, state}
 * The step count lives in the state; learning rates may be schedules of it. Updates run outside
 * transforms, so the per-leaf arithmetic is done in typed arrays (one pass, no per-element closures).
 */
import { tensor, treeFlatten, treeUnflatten, type Tensor, type TreeDef, type TypedArray } from '../nn/deps.ts';

/** Learning rate as a function of the step count (0 for the first update). */
export type Schedule = (step: number) => number;
export type LearningRate = number | Schedule;

export interface Optimizer<S = unknown> {
  init<P>(params: P): S;
  update<P>(grads: P, state: S, params: P): { params: P; state: S };
}

export const rateAt = (lr: LearningRate, step: number): number => (typeof lr === 'number' ? lr : lr(step));

/** Flattened leaves with their values as typed arrays (copies; concrete tensors only). */
export interface FlatTree {
  treedef: TreeDef;
  leaves: Tensor[];
}

export function flat(op: string, what: string, tree: unknown): FlatTree {
  const { leaves, treedef } = treeFlatten(tree);
  for (const l of leaves) if (l.isTracer) throw new TypeError(`${op}: ${what} contains a tracer; optimizers run outside grad/jvp transforms`);
  return { leaves, treedef };
}

export function checkMatch(op: string, a: FlatTree, b: FlatTree, what: string): void {
  if (a.leaves.length !== b.leaves.length) throw new TypeError(`${op}: ${what} has ${b.leaves.length} tensors, params have ${a.leaves.length}`);
  a.leaves.forEach((x, i) => {
    const y = b.leaves[i]!;
    if (x.shape.length !== y.shape.length || x.shape.some((d, j) => d !== y.shape[j])) {
      throw new TypeError(`${op}: ${what} leaf ${i} has shape [${y.shape.join(', ')}], params leaf has [${x.shape.join(', ')}]`);
    }
  });
}

/** A tensor of the same dtype/shape as `like` from a typed array (copied). */
export const fromArray = (data: TypedArray, like: Tensor): Tensor => tensor(data, { dtype: like.dtype, shape: like.shape });

export const rebuild = <T>(ft: FlatTree, leaves: Tensor[]): T => treeUnflatten<T>(ft.treedef, leaves);

/** Zeros shaped like every leaf of params (for moment buffers). */
export function zerosTree<P>(params: P): P {
  const f = flat('optimizer.init', 'params', params);
  return rebuild<P>(f, f.leaves.map((l) => tensor(new Float64Array(l.size), { dtype: l.dtype, shape: l.shape })));
}


