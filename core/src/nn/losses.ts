/**
 * Losses and metrics between predictions and targets of the same (broadcastable) shape; each returns
 * a scalar tensor and is differentiable (to any order) w.r.t. both arguments.
 *   mse = mean (p - t)^2     rmse = sqrt(mse)     mae = l1Loss = mean |p - t|
 *   l1Loss(..., 'sum') = sum |p - t|            relativeL2 = ||p - t||_2 / ||t||_2
 * uncertaintyWeightedLoss (Kendall, Gal & Cipolla 2018, in MindElec's MTLWeightedLossCell form):
 *   sum_i 0.5 L_i / w_i^2 + log(1 + w_i^2), w [numLosses] learnable.
 */
import { abs, add, div, log1p, mean, mul, norm, ShapeError, sqrt, square, stack, sub, sum, type Tensor } from './deps.ts';

/**
 * Mean squared error, mean((pred - target)²) over all elements after broadcasting; scalar tensor, differentiable in
 * both arguments.
 */
export const mse = (pred: Tensor, target: Tensor): Tensor => mean(square(sub(pred, target)));
/** Root mean squared error, sqrt(mse(pred, target)); scalar tensor. Its gradient is NaN when pred equals target exactly. */
export const rmse = (pred: Tensor, target: Tensor): Tensor => sqrt(mse(pred, target));
/** Mean absolute error, mean|pred - target| over all elements after broadcasting; scalar tensor. */
export const mae = (pred: Tensor, target: Tensor): Tensor => mean(abs(sub(pred, target)));
/** L1 loss |pred - target| reduced by mean (default, equal to `mae`) or sum; scalar tensor. */
export function l1Loss(pred: Tensor, target: Tensor, reduction: 'mean' | 'sum' = 'mean'): Tensor {
  const a = abs(sub(pred, target));
  return reduction === 'sum' ? sum(a) : mean(a);
}
/** ||pred - target|| / ||target|| over all elements (target must not be identically zero). */
export const relativeL2 = (pred: Tensor, target: Tensor): Tensor => div(norm(sub(pred, target)), norm(target));

/** sum_i 0.5 L_i / w_i^2 + log(1 + w_i^2); `losses` are scalars, `weights` is [losses.length]. */
export function uncertaintyWeightedLoss(losses: readonly Tensor[], weights: Tensor): Tensor {
  if (weights.ndim !== 1 || weights.shape[0] !== losses.length) {
    throw new ShapeError(`uncertaintyWeightedLoss: weights [${weights.shape.join(', ')}] must be [${losses.length}] (one per loss)`);
  }
  losses.forEach((l, i) => {
    if (l.ndim !== 0) throw new ShapeError(`uncertaintyWeightedLoss: loss ${i} has shape [${l.shape.join(', ')}]; expected a scalar`);
  });
  const L = stack(losses as Tensor[], 0);
  const w2 = square(weights);
  return sum(add(mul(0.5, div(L, w2)), log1p(w2)));
}
