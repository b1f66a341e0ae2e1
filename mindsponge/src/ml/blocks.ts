/**
 * The one radial block the core's nn does not provide: MolCT/Cybertron's log-Gaussian expansion,
 *   logGaussianRbf(d)[p, k] = exp(-(ln(d_p / r0) - nu_k)^2 / (2 s^2)),  d [P] (nm) -> [P, K],
 * which resolves short distances finely and long ones coarsely. Dense layers, shifted softplus,
 * swish, Gaussian RBFs and the cosine cutoff come from @mindscience/core (nn).
 */
import { exp, expandDims, log, mul, square, sub, type Tensor } from '@mindscience/core';

/** Gaussians in ln(d / r0) on dimensionless `centers` [K] of common `width`: [P, K]. */
export function logGaussianRbf(d: Tensor, r0: number, centers: Tensor, width: number): Tensor {
  return exp(mul(-0.5 / (width * width), square(sub(expandDims(log(mul(1 / r0, d)), -1), centers))));
}
