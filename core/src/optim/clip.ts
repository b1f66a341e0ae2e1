/**
 * Gradient clipping over whole pytrees.
 *   globalNorm(tree) = sqrt(sum over leaves of sum g^2)
 *   clipByGlobalNorm: scale every leaf by min(1, maxNorm / globalNorm) (Pascanu et al. 2013)
 *   clipByValue: clamp every element to [lo, hi]
 * withClipping(opt, ...) wraps an optimizer so its update sees clipped gradients.
 */
import { flat, fromArray, rebuild, type Optimizer } from './types.ts';
import type { Tensor } from '../nn/deps.ts';

/** Euclidean norm of all tensor leaves of a pytree taken together, sqrt(Σ g²), as a plain number (concrete tensors only). */
export function globalNorm(tree: unknown): number {
  let s = 0;
  for (const l of flat('globalNorm', 'tree', tree).leaves) {
    const d = l.data();
    for (let j = 0; j < d.length; j++) s += d[j]! * d[j]!;
  }
  return Math.sqrt(s);
}

/** Clipped gradients and the norm before clipping. A non-finite norm is returned unclipped (callers detect it). */
export function clipByGlobalNorm<P>(grads: P, maxNorm: number): { grads: P; norm: number } {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm ${maxNorm}; expected > 0`);
  const norm = globalNorm(grads);
  if (!(norm > maxNorm) || !Number.isFinite(norm)) return { grads, norm };
  const f = flat('clipByGlobalNorm', 'grads', grads);
  const s = maxNorm / norm;
  return { grads: rebuild<P>(f, f.leaves.map((l) => { const d = l.data(); for (let j = 0; j < d.length; j++) d[j] = d[j]! * s; return fromArray(d, l); })), norm };
}

/**
 * Clamp every element of every leaf of a gradient pytree to [lo, hi]; returns a new pytree of the same structure.
 * @throws RangeError when lo > hi.
 */
export function clipByValue<P>(grads: P, lo: number, hi: number): P {
  if (!(lo <= hi)) throw new RangeError(`clipByValue: lo ${lo} must not exceed hi ${hi}`);
  const f = flat('clipByValue', 'grads', grads);
  return rebuild<P>(f, f.leaves.map((l: Tensor) => { const d = l.data(); for (let j = 0; j < d.length; j++) d[j] = Math.min(hi, Math.max(lo, d[j]!)); return fromArray(d, l); }));
}

/**
 * Wrap an optimizer so each update sees clipped gradients: first by value to [-clip.value, clip.value] (if given),
 * then by global norm to at most clip.maxNorm (if given). State and init are the wrapped optimizer's.
 */
export function withClipping<S>(opt: Optimizer<S>, clip: { maxNorm?: number; value?: number }): Optimizer<S> {
  return {
    init: (params) => opt.init(params),
    update(grads, state, params) {
      let g = grads;
      if (clip.value !== undefined) g = clipByValue(g, -clip.value, clip.value);
      if (clip.maxNorm !== undefined) g = clipByGlobalNorm(g, clip.maxNorm).grads;
      return opt.update(g, state, params);
    },
  };
}
