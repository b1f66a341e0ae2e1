/**
 * Small differentiable building blocks of the neural potentials, written with core ops so that every
 * derivative order works (forces = -dE/dR, and the force loss differentiated again w.r.t. weights).
 *   denseLayer:      x [..., in] @ w [in, out] + b [out]
 *   shiftedSoftplus: ln(1 + e^x) - ln 2                       (SchNet; Schütt et al. 2018)
 *   swish:           x sigmoid(x)                            (MolCT; Ramachandran et al. 2017)
 *   gaussianRbf:     exp(-(d - mu_k)^2 / (2 w^2)), d [P] -> [P, K]         (SchNet, nm)
 *   logGaussianRbf:  exp(-(ln(d / r0) - nu_k)^2 / (2 s^2)), d [P] -> [P, K] (MolCT/Cybertron LogGaussian)
 *   cosineCutoff:    0.5 (cos(pi d / rc) + 1) for d < rc, else 0          (Behler 2011)
 * These duplicate a few pieces of core/src/nn (issue 3), which had not landed in the core barrel when
 * this was written; fold them into the core's versions once it exports them.
 */
import { add, cos, exp, expandDims, less, log, matmul, mul, sigmoid, softplus, square, sub, uniform, where, zeros, type RandomKey, type Tensor } from '@mindscience/core';

export interface DenseLayer {
  /** [in, out] */
  w: Tensor;
  /** [out] */
  b?: Tensor;
}

/** Glorot-uniform kernel, zero bias. */
export function initDenseLayer(key: RandomKey, nIn: number, nOut: number, bias = true): DenseLayer {
  const a = Math.sqrt(6 / (nIn + nOut));
  const w = uniform(key, [nIn, nOut], { minval: -a, maxval: a });
  return bias ? { w, b: zeros([nOut]) } : { w };
}

export function denseLayer(p: DenseLayer, x: Tensor): Tensor {
  const y = matmul(x, p.w);
  return p.b ? add(y, p.b) : y;
}

export const shiftedSoftplus = (x: Tensor): Tensor => sub(softplus(x), Math.LN2);
export const swish = (x: Tensor): Tensor => mul(x, sigmoid(x));

/** Gaussian expansion of distances d [P] (nm) on `centers` [K] (nm) of common width (nm): [P, K]. */
export function gaussianRbf(d: Tensor, centers: Tensor, width: number): Tensor {
  return exp(mul(-0.5 / (width * width), square(sub(expandDims(d, -1), centers))));
}

/** Log-Gaussian expansion: Gaussians in ln(d / r0) on `centers` [K] (dimensionless) of width `width`. */
export function logGaussianRbf(d: Tensor, r0: number, centers: Tensor, width: number): Tensor {
  return exp(mul(-0.5 / (width * width), square(sub(expandDims(log(mul(1 / r0, d)), -1), centers))));
}

/** Behler's cosine cutoff, smooth to first order at rc and exactly 0 beyond. */
export function cosineCutoff(d: Tensor, cutoff: number): Tensor {
  return where(less(d, cutoff), mul(0.5, add(cos(mul(Math.PI / cutoff, d)), 1)), 0);
}
