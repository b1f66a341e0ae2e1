/**
 * Fitted resonance anchors for the S11 surrogate's frequency warp (patch family).
 *
 * The cavity model (patchCavityResonance) places TM10 and TM02 only to a few per cent: on the 2 mm FDTD grid
 * of the shipped set the TM10 peak of the input resistance sits at 0.909-0.945 of Hammerstad's f10, varying
 * with L, W and the probe's inset. That few-per-cent drift is comparable to the resonance's bandwidth, so
 * a warp anchored on the model still leaves the network a moving dip to chase. Here the training designs'
 * own resonances calibrate the model: for each training design, the frequency of the peak of its input
 * resistance R_in = Z0 Re((1 + S11) / (1 - S11)) near the model's resonance is divided by the model's, and a
 * polynomial in the normalised design parameters (total degree `degree`) is least-squares fitted to those
 * ratios, with robust rejection of peaks that belong to another mode. The fitted anchor of any design is
 * then model x polynomial(design): a smooth function of the parameters, fitted on the training split only.
 *
 * Shapes/units: freqs [F] Hz; S11 rows [F] dimensionless; designs in the parameters' units (mm);
 * ratios and polynomial values dimensionless.
 */
import { solveDense } from '@mindscience/core';

/** A fitted ratio: sum_k coef[k] * monomial_k(u) over the monomials of total degree <= degree. */
export interface RatioFit {
  degree: number;
  coef: number[];
  /** Training designs whose peak was used / found but rejected as another mode. */
  used: number;
  rejected: number;
  /** RMS residual of the used ratios. */
  rms: number;
}

const exponentCache = new Map<string, number[][]>();

/**
 * Exponent tuples of the monomials in `dim` variables of total degree <= degree, in a fixed order (cached:
 * evalRatio runs per design and prediction; the returned array is shared, do not modify it).
 */
export function monomialExponents(dim: number, degree: number): number[][] {
  const key = `${dim},${degree}`;
  const hit = exponentCache.get(key);
  if (hit) return hit;
  const out: number[][] = [];
  const rec = (prefix: number[], left: number) => {
    if (prefix.length === dim) {
      out.push(prefix.slice());
      return;
    }
    for (let e = 0; e <= left; e++) {
      prefix.push(e);
      rec(prefix, left - e);
      prefix.pop();
    }
  };
  rec([], degree);
  exponentCache.set(key, out);
  return out;
}

/** Value of a fitted polynomial at normalised parameters u. */
export function evalRatio(fit: Pick<RatioFit, 'degree' | 'coef'>, u: readonly number[]): number {
  const ex = monomialExponents(u.length, fit.degree);
  if (ex.length !== fit.coef.length) throw new Error(`resonance fit: ${fit.coef.length} coefficients for degree ${fit.degree} in ${u.length} variables; expected ${ex.length}`);
  let s = 0;
  for (let k = 0; k < ex.length; k++) {
    let m = fit.coef[k]!;
    for (let d = 0; d < u.length; d++) m *= u[d]! ** ex[k]![d]!;
    s += m;
  }
  return s;
}

/**
 * Frequency (Hz) of the largest input-resistance peak of one S11 curve inside [lo, hi] Hz, refined by a
 * parabola through the three samples around it; NaN if the maximum sits on the window's edge (no peak
 * inside) or the window holds fewer than 3 samples.
 * @param z0 reference impedance (ohm) of S11.
 */
export function resistancePeak(freqs: readonly number[], re: readonly number[], im: readonly number[], lo: number, hi: number, z0 = 50): number {
  const F = freqs.length;
  const r = (q: number) => {
    const a = re[q]!, b = im[q]!;
    return (z0 * (1 - a * a - b * b)) / ((1 - a) ** 2 + b * b);
  };
  let best = -Infinity, bq = -1, q0 = -1, q1 = -1;
  for (let q = 0; q < F; q++) {
    if (freqs[q]! < lo || freqs[q]! > hi) continue;
    if (q0 < 0) q0 = q;
    q1 = q;
    const v = r(q);
    if (v > best) {
      best = v;
      bq = q;
    }
  }
  if (q1 - q0 < 2 || bq <= q0 || bq >= q1) return NaN;
  const y0 = r(bq - 1), y1 = best, y2 = r(bq + 1);
  const d = y0 - 2 * y1 + y2;
  const off = d < 0 ? (0.5 * (y0 - y2)) / d : 0;
  return freqs[bq]! + off * (freqs[bq + 1]! - freqs[bq]!);
}

/** Least squares min ||A c - y|| (A [m][n], m >= n) through the normal equations with a tiny ridge. */
function leastSquares(A: readonly number[][], y: readonly number[]): number[] {
  const n = A[0]!.length;
  const M = new Float64Array(n * n), rhs = new Float64Array(n);
  for (let i = 0; i < A.length; i++) {
    const a = A[i]!;
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) M[p * n + q] += a[p]! * a[q]!;
      rhs[p] += a[p]! * y[i]!;
    }
  }
  let tr = 0;
  for (let p = 0; p < n; p++) tr += M[p * n + p]!;
  for (let p = 0; p < n; p++) M[p * n + p] += 1e-12 * (tr / n);
  return Array.from(solveDense(M, rhs, n));
}

/**
 * Robust polynomial fit of ratios y at normalised points u: least squares on the points within
 * max(tol, 5 x 1.4826 x MAD) of the median, then keep the points whose residual is within
 * max(tol, 5 x 1.4826 x median |residual|) and refit, until the kept set stops changing (at most 10 passes). The degree is lowered until there are
 * at least twice as many points as coefficients (degree 0 = the median ratio); with no points at all the
 * ratio is `fallback`.
 */
export function fitRatio(u: readonly (readonly number[])[], y: readonly number[], degree: number, fallback: number, tol = 2e-3): RatioFit {
  const dim = u[0]?.length ?? 0;
  if (u.length === 0) return { degree: 0, coef: [fallback], used: 0, rejected: 0, rms: 0 };
  let deg = degree;
  while (deg > 0 && u.length < 2 * monomialExponents(dim, deg).length) deg--;
  const median = (v: number[]) => {
    const s = v.slice().sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) >> 1]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
  };
  if (deg === 0) {
    const m = median(y.slice());
    const keep = y.filter((v) => Math.abs(v - m) <= Math.max(tol, 5 * 1.4826 * median(y.map((v) => Math.abs(v - m)))));
    return { degree: 0, coef: [median(keep)], used: keep.length, rejected: y.length - keep.length, rms: Math.sqrt(keep.reduce((a, v) => a + (v - m) ** 2, 0) / keep.length) };
  }
  const ex = monomialExponents(dim, deg);
  const row = (x: readonly number[]) => ex.map((e) => e.reduce((a, p, d) => a * x[d]! ** p, 1));
  const A = u.map(row);
  // start from the points near the median (a least-squares start would let the outliers tilt the surface
  // and so hide themselves)
  const med = median(y.slice());
  const mad = median(y.map((v) => Math.abs(v - med)));
  let keep = u.map((_, i) => i).filter((i) => Math.abs(y[i]! - med) <= Math.max(tol, 5 * 1.4826 * mad));
  if (keep.length < ex.length) keep = u.map((_, i) => i);
  let coef = leastSquares(keep.map((i) => A[i]!), keep.map((i) => y[i]!));
  for (let pass = 0; pass < 10; pass++) {
    const res = u.map((_, i) => y[i]! - A[i]!.reduce((a, v, k) => a + v * coef[k]!, 0));
    const thr = Math.max(tol, 5 * 1.4826 * median(keep.map((i) => Math.abs(res[i]!))));
    const next = u.map((_, i) => i).filter((i) => Math.abs(res[i]!) <= thr);
    if (next.length < ex.length || (next.length === keep.length && next.every((v, j) => v === keep[j]))) break;
    keep = next;
    coef = leastSquares(keep.map((i) => A[i]!), keep.map((i) => y[i]!));
  }
  const rms = Math.sqrt(keep.reduce((a, i) => a + (y[i]! - A[i]!.reduce((s, v, k) => s + v * coef[k]!, 0)) ** 2, 0) / keep.length);
  return { degree: deg, coef, used: keep.length, rejected: u.length - keep.length, rms };
}
