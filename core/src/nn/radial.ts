/**
 * Radial building blocks of SchNet-type potentials (Schütt et al., J. Chem. Phys. 148, 241722 (2018);
 * SchNetPack nn/radial.py, nn/cutoff.py). Distances in whatever length unit the caller uses
 * (MindSPONGE: nm); centres, widths and cutoff in the same unit.
 *   gaussianRbf(d, centers, width)[..., k] = exp(-(d - mu_k)^2 / (2 width^2))      d [...] -> [..., K]
 *   cosineCutoff(d, rc) = 0.5 (cos(pi d / rc) + 1) for d < rc, 0 beyond            d [...] -> [...]
 */
import { cos, exp, expandDims, less, linspace, mul, square, sub, where, type DType, type Tensor } from './deps.ts';

export interface GaussianRbfOptions {
  /** Number of Gaussians (default 50). */
  n?: number;
  /** First centre (default 0). */
  start?: number;
  /** Gaussian width; default the centre spacing, as in SchNetPack. */
  width?: number;
  dtype?: DType;
}

/** Evenly spaced centres from `start` to `cutoff` and their common width. */
export function gaussianCenters(cutoff: number, options: GaussianRbfOptions = {}): { centers: Tensor; width: number } {
  const { n = 50, start = 0, dtype } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussianCenters: n = ${n}; expected a positive integer`);
  if (!(cutoff > start)) throw new RangeError(`gaussianCenters: cutoff ${cutoff} must exceed start ${start}`);
  const width = options.width ?? (n > 1 ? (cutoff - start) / (n - 1) : cutoff - start);
  if (!(width > 0)) throw new RangeError(`gaussianCenters: width ${width}; expected > 0`);
  return { centers: linspace(start, cutoff, n, { dtype }), width };
}

/** Gaussian expansion of distances d [...] on centres [K]: [..., K]. */
export function gaussianRbf(d: Tensor, centers: Tensor, width: number): Tensor {
  if (centers.ndim !== 1) throw new RangeError(`gaussianRbf: centers must be 1-D, got shape [${centers.shape.join(', ')}]`);
  if (!(width > 0)) throw new RangeError(`gaussianRbf: width ${width}; expected > 0`);
  const diff = sub(expandDims(d, -1), centers);
  return exp(mul(-0.5 / (width * width), square(diff)));
}

/** Behler's cosine cutoff: smooth, 1 at d = 0, 0 with zero slope at d = rc, exactly 0 beyond. */
export function cosineCutoff(d: Tensor, cutoff: number): Tensor {
  if (!(cutoff > 0)) throw new RangeError(`cosineCutoff: cutoff ${cutoff}; expected > 0`);
  const c = mul(0.5, cos(mul(Math.PI / cutoff, d)).add(1));
  return where(less(d, cutoff), c, 0);
}
