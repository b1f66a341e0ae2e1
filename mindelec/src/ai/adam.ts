/**
 * Adam (Kingma & Ba 2015) over a pytree of tensors, as an {init, step} pair on a plain state record.
 * The update runs on flat Float64Arrays (one pass per leaf, no per-element closures); the returned params
 * are fresh tensors. `lr` may be a schedule lr(step). Gradients that are not finite raise an Error that
 * names the step and leaf, so a blow-up is caught where it happens.
 */
import { tensor, treeFlatten, treeUnflatten, type Tensor } from '@mindscience/core';

export type LearningRate = number | ((step: number) => number);

export interface AdamOptions {
  lr?: LearningRate;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export interface AdamState {
  readonly step: number;
  readonly m: Float64Array[];
  readonly v: Float64Array[];
}

export interface Adam {
  init<P>(params: P): AdamState;
  step<P>(params: P, grads: P, state: AdamState): { params: P; state: AdamState };
}

/** Exponential decay: lr0 * rate^(step / every). */
export function exponentialDecay(lr0: number, rate: number, every: number): (step: number) => number {
  return (step) => lr0 * rate ** (step / every);
}

/**
 * Adam optimiser (Kingma & Ba 2015, bias-corrected) over any pytree of core tensors.
 * @param options `lr` learning rate (default 1e-3), a number or a schedule `lr(step)` called with the
 *   0-based step count (e.g. {@link exponentialDecay}); `beta1` (0.9), `beta2` (0.999), `eps` (1e-8).
 *   All dimensionless; the update has the units of the parameters.
 * @returns `{init, step}`: `init(params)` gives a zero state (first/second moments as one Float64Array
 *   per leaf, flattened in treeFlatten order, `step = 0`); `step(params, grads, state)` returns fresh
 *   params (same tree and leaf shapes) and a new state; neither input is mutated. `grads` must have the
 *   same tree structure as `params`.
 * @throws Error if the gradient tree has a different number of leaves than the parameter tree, or if a
 *   gradient element is NaN/Infinity (the message names the step, leaf index and element).
 */
export function adam(options: AdamOptions = {}): Adam {
  const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = options;
  const lrAt = typeof lr === 'number' ? () => lr : lr;
  return {
    init(params) {
      const { leaves } = treeFlatten(params);
      return { step: 0, m: leaves.map((l) => new Float64Array(l.size)), v: leaves.map((l) => new Float64Array(l.size)) };
    },
    step(params, grads, state) {
      const { leaves, treedef } = treeFlatten(params);
      const gLeaves = treeFlatten(grads).leaves;
      if (gLeaves.length !== leaves.length) throw new Error(`adam: ${gLeaves.length} gradient leaves for ${leaves.length} parameter leaves`);
      const t = state.step + 1;
      const a = lrAt(state.step) * Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t);
      const m = state.m.map((x) => x.slice()), v = state.v.map((x) => x.slice());
      const out: Tensor[] = leaves.map((leaf, li) => {
        const p = leaf.data(), g = gLeaves[li]!.data(), mi = m[li]!, vi = v[li]!;
        const next = new Float64Array(p.length);
        for (let q = 0; q < p.length; q++) {
          const gq = g[q]!;
          if (!Number.isFinite(gq)) throw new Error(`adam: non-finite gradient ${gq} at step ${t}, leaf ${li}, element ${q}`);
          mi[q] = beta1 * mi[q]! + (1 - beta1) * gq;
          vi[q] = beta2 * vi[q]! + (1 - beta2) * gq * gq;
          next[q] = p[q]! - (a * mi[q]!) / (Math.sqrt(vi[q]!) + eps);
        }
        return tensor(next, { shape: leaf.shape });
      });
      return { params: treeUnflatten<typeof params>(treedef, out), state: { step: t, m, v } };
    },
  };
}
