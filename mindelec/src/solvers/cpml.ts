/**
 * Convolutional PML (Roden & Gedney 2000, CFS form; Taflove & Hagness ch. 7) profile along one axis.
 *
 * An axis has nodes 0..n-1 (E-type, integer positions) and half nodes i+1/2, i = 0..n-2 (H-type).
 * For each type, `index` lists the positions inside the PML and `b`, `c` the recursive-convolution
 * coefficients: psi <- b psi + c dF/dx, added to the curl term (kappa = 1).
 * sigma(d) = sigmaMax (d/L)^m, sigmaMax = 0.8 (m+1) / (eta0 dx); alpha(d) = alphaMax (1 - d/L).
 */
import { EPS0, ETA0 } from './constants.ts';

export interface PmlAxis {
  /** Positions (node index i, or i for half node i+1/2) inside the PML. */
  index: Int32Array;
  b: Float64Array;
  c: Float64Array;
}

export interface PmlProfile {
  e: PmlAxis;
  h: PmlAxis;
}

export interface PmlOptions {
  /** Cells of PML at each end (default 10). 0 disables it on this axis. */
  cells?: number;
  /** Polynomial grading order (default 3). */
  order?: number;
  /** Reflection-optimal sigma scale factor (default 1). */
  sigmaScale?: number;
  /** CFS alpha at the PML inner face, as a multiple of eps0 c / dx (default 0.05). */
  alphaScale?: number;
  /** Apply at the low end / high end (default both). */
  low?: boolean;
  high?: boolean;
}

/**
 * CFS-CPML recursive-convolution coefficients along one grid axis (graded as in the file header).
 * Positions are in cell units; the PML occupies the `cells` cells at each chosen end, so E nodes
 * i < cells (low end) and i > n - 1 - cells (high end) and the H half nodes in the same ranges get
 * coefficients, and everything else is left out of `index` (no cost in the interior).
 * @param n Number of E nodes on the axis (nodes 0..n-1; H half nodes 0..n-2).
 * @param dx Cell size along the axis (m); sets sigmaMax = 0.8 (order+1) sigmaScale / (eta0 dx) (S/m).
 * @param dt Time step (s), for b = exp(-(sigma + alpha) dt / eps0).
 * @param opts Thickness, grading order, sigma/alpha scales and which ends (see {@link PmlOptions}).
 * @returns `{ e, h }`: for E nodes and H half nodes, `index` (Int32Array of positions in the PML) and
 *   `b`, `c` (Float64Array, same length, dimensionless) for psi <- b psi + c dF/dx (kappa = 1).
 *   With `cells: 0` both are empty. Throws nothing; inputs are not checked.
 */
export function pmlProfile(n: number, dx: number, dt: number, opts: PmlOptions = {}): PmlProfile {
  const cells = opts.cells ?? 10;
  const m = opts.order ?? 3;
  const low = opts.low ?? true;
  const high = opts.high ?? true;
  const sigmaMax = ((opts.sigmaScale ?? 1) * 0.8 * (m + 1)) / (ETA0 * dx);
  const alphaMax = ((opts.alphaScale ?? 0.05) * EPS0 * 299_792_458) / dx;
  const L = cells;
  const depth = (p: number): number => {
    // p is a position in cell units; returns normalised depth 0..1 into the PML, or 0 outside
    let d = 0;
    if (low && p < L) d = (L - p) / L;
    if (high && p > n - 1 - L) d = Math.max(d, (p - (n - 1 - L)) / L);
    return Math.min(d, 1);
  };
  const build = (positions: number[], offset: number): PmlAxis => {
    const idx: number[] = [];
    const bs: number[] = [];
    const cs: number[] = [];
    for (const i of positions) {
      const d = depth(i + offset);
      if (d <= 0 || cells === 0) continue;
      const sigma = sigmaMax * d ** m;
      const alpha = alphaMax * (1 - d);
      const b = Math.exp(-((sigma + alpha) * dt) / EPS0);
      const c = sigma + alpha > 0 ? (sigma / (sigma + alpha)) * (b - 1) : 0;
      idx.push(i);
      bs.push(b);
      cs.push(c);
    }
    return { index: Int32Array.from(idx), b: Float64Array.from(bs), c: Float64Array.from(cs) };
  };
  const eNodes = Array.from({ length: n }, (_, i) => i);
  const hNodes = Array.from({ length: Math.max(n - 1, 0) }, (_, i) => i);
  return { e: build(eNodes, 0), h: build(hNodes, 0.5) };
}
