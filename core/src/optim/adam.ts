/**
 * Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), bias-corrected:
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  mh = m/(1-b1^t);  vh = v/(1-b2^t)
 *   Adam:  p -= lr mh / (sqrt(vh) + eps)                 (weightDecay adds wd p to g first: L2)
 *   AdamW: p -= lr (mh / (sqrt(vh) + eps) + wd p)        (decoupled decay)
 * t = step + 1. Moments are kept in the parameters' dtype.
 */
import { checkMatch, flat, fromArray, rateAt, rebuild, zerosTree, type LearningRate, type Optimizer } from './types.ts';
import type { Tensor } from '../nn/deps.ts';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Adam: L2 penalty added to the gradient. AdamW: decoupled decay (default 0.01 for adamw). */
  weightDecay?: number;
}

export interface AdamState {
  step: number;
  m: unknown;
  v: unknown;
}

function make(name: string, learningRate: LearningRate, options: AdamOptions, decoupled: boolean): Optimizer<AdamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = decoupled ? 0.01 : 0 } = options;
  for (const [k, v] of [['beta1', beta1], ['beta2', beta2]] as const) {
    if (!(v >= 0 && v < 1)) throw new RangeError(`${name}: ${k} ${v}; expected 0 <= ${k} < 1`);
  }
  if (!(eps > 0)) throw new RangeError(`${name}: eps ${eps}; expected > 0`);
  return {
    init: (params) => ({ step: 0, m: zerosTree(params), v: zerosTree(params) }),
    update(grads, state, params) {
      const op = `${name}.update`;
      const fp = flat(op, 'params', params), fg = flat(op, 'grads', grads);
      const fm = flat(op, 'state.m', state.m), fv = flat(op, 'state.v', state.v);
      checkMatch(op, fp, fg, 'grads');
      checkMatch(op, fp, fm, 'state.m');
      const lr = rateAt(learningRate, state.step);
      const t = state.step + 1;
      const c1 = 1 / (1 - beta1 ** t), c2 = 1 / (1 - beta2 ** t);
      const P: Tensor[] = [], M: Tensor[] = [], V: Tensor[] = [];
      fp.leaves.forEach((pt, i) => {
        const p = pt.data(), g = fg.leaves[i]!.data(), m = fm.leaves[i]!.data(), v = fv.leaves[i]!.data();
        for (let j = 0; j < p.length; j++) {
          const gj = decoupled ? g[j]! : g[j]! + weightDecay * p[j]!;
          const mj = beta1 * m[j]! + (1 - beta1) * gj;
          const vj = beta2 * v[j]! + (1 - beta2) * gj * gj;
          m[j] = mj;
          v[j] = vj;
          const stepj = (mj * c1) / (Math.sqrt(vj * c2) + eps);
          p[j] = p[j]! - lr * (decoupled ? stepj + weightDecay * p[j]! : stepj);
        }
        P.push(fromArray(p, pt));
        M.push(fromArray(m, pt));
        V.push(fromArray(v, pt));
      });
      return { params: rebuild(fp, P), state: { step: t, m: rebuild(fm, M), v: rebuild(fv, V) } };
    },
  };
}

/**
 * Adam (Kingma & Ba 2015), bias-corrected, as an {init, update} optimizer over parameter pytrees.
 * @param learningRate A number or a schedule of the step count (see optim/schedules.ts).
 * @param options beta1 (default 0.9), beta2 (0.999), eps (1e-8), weightDecay (default 0: an L2 term wd·p added to the
 *   gradient before the moments, PyTorch's Adam convention).
 * @throws RangeError when beta1/beta2 are outside [0, 1) or eps ≤ 0; update throws TypeError when grads do not match params.
 */
export const adam = (learningRate: LearningRate, options: AdamOptions = {}): Optimizer<AdamState> => make('adam', learningRate, options, false);
/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay, p -= lr (m̂/(sqrt(v̂) + eps) + wd·p).
 * Same options as `adam`, but weightDecay defaults to 0.01.
 */
export const adamw = (learningRate: LearningRate, options: AdamOptions = {}): Optimizer<AdamState> => make('adamw', learningRate, options, true);
