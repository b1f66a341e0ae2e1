/**
 * SGD with optional (Nesterov) momentum and L2 weight decay, PyTorch's convention
 * (Sutskever et al. 2013):
 *   g' = g + wd p;  v = mu v + g';  p -= lr (nesterov ? g' + mu v : v)       (v = g' when mu = 0)
 */
import { checkMatch, flat, fromArray, rateAt, rebuild, zerosTree, type LearningRate, type Optimizer } from './types.ts';
import type { Tensor } from '../nn/deps.ts';

export interface SgdOptions {
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export interface SgdState {
  step: number;
  velocity: unknown;
}

/**
 * Stochastic gradient descent with optional momentum / Nesterov momentum and L2 weight decay, PyTorch's convention:
 * g' = g + wd·p; v = mu·v + g'; p -= lr·(nesterov ? g' + mu·v : v). An {init, update} optimizer over pytrees.
 * @param learningRate A number or a schedule of the step count.
 * @param options momentum (default 0), nesterov (default false), weightDecay (default 0).
 * @throws RangeError when momentum is outside [0, 1) or nesterov is set without momentum.
 */
export function sgd(learningRate: LearningRate, options: SgdOptions = {}): Optimizer<SgdState> {
  const { momentum = 0, nesterov = false, weightDecay = 0 } = options;
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`sgd: momentum ${momentum}; expected 0 <= momentum < 1`);
  if (nesterov && momentum === 0) throw new RangeError('sgd: nesterov needs momentum > 0');
  return {
    init: (params) => ({ step: 0, velocity: momentum > 0 ? zerosTree(params) : null }),
    update(grads, state, params) {
      const fp = flat('sgd.update', 'params', params);
      const fg = flat('sgd.update', 'grads', grads);
      checkMatch('sgd.update', fp, fg, 'grads');
      const lr = rateAt(learningRate, state.step);
      const fv = momentum > 0 ? flat('sgd.update', 'state.velocity', state.velocity) : null;
      const newP: Tensor[] = [], newV: Tensor[] = [];
      fp.leaves.forEach((pt, i) => {
        const p = pt.data(), g = fg.leaves[i]!.data();
        const v = fv ? fv.leaves[i]!.data() : null;
        for (let j = 0; j < p.length; j++) {
          const gj = g[j]! + weightDecay * p[j]!;
          if (v) {
            const vj = momentum * v[j]! + gj;
            v[j] = vj;
            p[j] = p[j]! - lr * (nesterov ? gj + momentum * vj : vj);
          } else p[j] = p[j]! - lr * gj;
        }
        newP.push(fromArray(p, pt));
        if (v) newV.push(fromArray(v, pt));
      });
      return { params: rebuild(fp, newP), state: { step: state.step + 1, velocity: fv ? rebuild(fv, newV) : null } };
    },
  };
}
