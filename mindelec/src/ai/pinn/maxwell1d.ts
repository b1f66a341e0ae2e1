/**
 * 1-D time-domain Maxwell in a homogeneous medium (eps_r, mu_r) — the family the incremental
 * (auto-decoder) PINN is pretrained and fine-tuned on. Normalised units: x in L0, t in L0/c, E in V/m,
 * H' = eta0 H in V/m:
 *   eps dE/dt = dH/dx,   mu dH/dt = dE/dx          x in [-1, 1], t in [0, T]
 *   E(x, 0) = g(x) = exp(-x^2 / w^2),  H(x, 0) = 0
 *   first-order Mur boundaries w_t + n v w_x = 0 (n = outward normal), exact in 1-D.
 * Exact solution (d'Alembert), v = 1/sqrt(eps mu), Z = sqrt(mu/eps):
 *   E = (g(x - vt) + g(x + vt)) / 2,   H = -(g(x - vt) - g(x + vt)) / (2 Z)
 * Sample sets for S scenarios are stacked as S consecutive groups of equal size, the row layout of
 * core's multiScaleFC latent input (row r belongs to scenario floor(r / (N / S))). Residuals are
 * written per unit of E: rE = E_t - H_x / eps, rH = Z (H_t - E_x / mu), so scenarios weigh alike.
 */
import { add, mul, mulberry32, stack, sub, tensor, partialDerivative, type Tensor } from '@mindscience/core';
import { column, type Constraint } from './problem.ts';

export interface Medium {
  /** Relative permittivity (> 0). */
  eps: number;
  /** Relative permeability (> 0). */
  mu: number;
}

export interface Maxwell1DOptions {
  /** End time (L0/c); default 1. */
  tEnd?: number;
  /** Pulse half-width w (L0); default 0.15. */
  width?: number;
}

export interface Maxwell1DCounts {
  domain: number;
  boundary: number;
  initial: number;
}

export interface Maxwell1DFamily {
  readonly media: readonly Medium[];
  readonly tEnd: number;
  readonly width: number;
  /** Constraint sets over all media (rows grouped by medium), deterministic in seed. */
  constraints(counts: Maxwell1DCounts, seed: number): Constraint[];
  /** Exact [E, H] at [n, 2] points (x, t) for medium m -> [n, 2]. */
  exact(m: number, points: Float64Array): Float64Array;
  /** An nx x nt evaluation grid [nx * nt, 2] covering the domain. */
  grid(nx: number, nt: number): Float64Array;
}

/** Sample-point stream: core's mulberry32, offset so the committed checkpoint's points are unchanged. */
const rng = (seed: number): (() => number) => mulberry32((seed >>> 0) + 0x6d2b79f5);

/**
 * Validates a medium: eps (relative permittivity) and mu (relative permeability), both dimensionless,
 * must be finite and > 0.
 * @param where prefix for the message (e.g. `'maxwell1DFamily: media[2]'` or a config path).
 * @throws RangeError naming `where`, the field and its value.
 */
export function checkMedium(where: string, m: Medium): void {
  for (const k of ['eps', 'mu'] as const) {
    if (!(m[k] > 0) || !Number.isFinite(m[k])) throw new RangeError(`${where}: ${k} = ${m[k]}; expected a positive relative ${k === 'eps' ? 'permittivity' : 'permeability'}`);
  }
}

/**
 * Builds the 1-D Maxwell PINN family over S homogeneous media (the auto-decoder's scenarios), in
 * normalised units: x in [-1, 1] (L0), t in [0, tEnd] (L0/c), E in V/m, H' = eta0 H in V/m. Initial
 * Gaussian pulse E(x, 0) = exp(-x^2/width^2), H(x, 0) = 0, exact first-order Mur boundaries.
 * @param media one {eps, mu} per scenario (relative, > 0).
 * @param options `tEnd` in L0/c (default 1); `width` pulse half-width in L0 (default 0.15).
 * @returns the family. `constraints(counts, seed)` (mulberry32-seeded) returns `domain`, `boundary`
 *   (x = -1 / +1 alternating) and `initial` (t = 0) constraints, each with points Tensor [S*n, 2] (x, t)
 *   stacked as S consecutive groups of n = counts.domain / .boundary / .initial rows (group s = media[s],
 *   the latent row layout of core's multiScaleFC) and residuals [S*n, 2] scaled per unit of E;
 *   `exact(m, points)` maps flat row-major [n*2] (x, t) to the d'Alembert [E, H] [n*2] for medium m;
 *   `grid(nx, nt)` returns [nx*nt*2] (x, t) points, x fastest, on uniform nodes including the ends.
 * @throws RangeError if media is empty, a medium fails {@link checkMedium}, or tEnd/width is not a
 *   finite positive number; `exact` throws RangeError for a medium index out of range.
 */
export function maxwell1DFamily(media: readonly Medium[], options: Maxwell1DOptions = {}): Maxwell1DFamily {
  const tEnd = options.tEnd ?? 1;
  const width = options.width ?? 0.15;
  if (media.length === 0) throw new RangeError('maxwell1DFamily: no media given');
  media.forEach((m, i) => checkMedium(`maxwell1DFamily: media[${i}]`, m));
  for (const [k, v] of [['tEnd', tEnd], ['width', width]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`maxwell1DFamily: ${k} = ${v}; expected a positive number`);
  }
  const S = media.length;
  const g = (x: number) => Math.exp(-(x * x) / (width * width));
  const perRow = (n: number, f: (m: Medium) => number): Tensor => {
    const out = new Float64Array(S * n);
    for (let s = 0; s < S; s++) out.fill(f(media[s]!), s * n, (s + 1) * n);
    return tensor(out);
  };
  const speed = (m: Medium) => 1 / Math.sqrt(m.eps * m.mu);
  const imped = (m: Medium) => Math.sqrt(m.mu / m.eps);

  return {
    media, tEnd, width,
    constraints(counts, seed) {
      const r = rng(seed);
      const pts = (n: number, fill: (row: Float64Array, i: number) => void): Tensor => {
        const a = new Float64Array(S * n * 2);
        for (let i = 0; i < S * n; i++) fill(a, i);
        return tensor(a, { shape: [S * n, 2] });
      };
      const nd = counts.domain, nb = counts.boundary, ni = counts.initial;
      const Xd = pts(nd, (a, i) => { a[2 * i] = 2 * r() - 1; a[2 * i + 1] = tEnd * r(); });
      // Boundary rows alternate x = -1 / +1 within each group.
      const Xb = pts(nb, (a, i) => { a[2 * i] = (i % nb) % 2 === 0 ? -1 : 1; a[2 * i + 1] = tEnd * r(); });
      const Xi = pts(ni, (a, i) => { a[2 * i] = 2 * r() - 1; a[2 * i + 1] = 0; });
      const invEps = perRow(nd, (m) => 1 / m.eps), zD = perRow(nd, imped), zOverMu = perRow(nd, (m) => imped(m) / m.mu);
      const nv = new Float64Array(S * nb);
      for (let i = 0; i < S * nb; i++) nv[i] = ((i % nb) % 2 === 0 ? -1 : 1) * speed(media[Math.floor(i / nb)]!);
      const nvT = tensor(nv), zB = perRow(nb, imped), zI = perRow(ni, imped);
      const g0 = new Float64Array(S * ni);
      const xi = Xi.data();
      for (let i = 0; i < S * ni; i++) g0[i] = g(xi[2 * i]!);
      const g0T = tensor(g0);
      const domain: Constraint = {
        name: 'domain', points: Xd,
        residual: (u, p, X) => {
          const ux = partialDerivative(u, p, X, 0), ut = partialDerivative(u, p, X, 1);
          const rE = sub(column(ut, 0), mul(column(ux, 1), invEps));
          const rH = sub(mul(column(ut, 1), zD), mul(column(ux, 0), zOverMu));
          return stack([rE, rH], 1);
        },
      };
      const boundary: Constraint = {
        name: 'boundary', points: Xb,
        residual: (u, p, X) => {
          const ux = partialDerivative(u, p, X, 0), ut = partialDerivative(u, p, X, 1);
          const mur = (c: number) => add(column(ut, c), mul(nvT, column(ux, c)));
          return stack([mur(0), mul(mur(1), zB)], 1);
        },
      };
      const initial: Constraint = {
        name: 'initial', points: Xi,
        residual: (u, p, X) => {
          const y = u(p, X);
          return stack([sub(column(y, 0), g0T), mul(column(y, 1), zI)], 1);
        },
      };
      return [domain, boundary, initial];
    },
    exact(mi, points) {
      const m = media[mi];
      if (!m) throw new RangeError(`maxwell1DFamily.exact: medium ${mi} of ${S}`);
      const v = speed(m), Z = imped(m);
      const n = points.length / 2;
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const x = points[2 * i]!, t = points[2 * i + 1]!;
        const a = g(x - v * t), b = g(x + v * t);
        out[2 * i] = 0.5 * (a + b);
        out[2 * i + 1] = (-0.5 * (a - b)) / Z;
      }
      return out;
    },
    grid(nx, nt) {
      const out = new Float64Array(nx * nt * 2);
      for (let j = 0; j < nt; j++) {
        for (let i = 0; i < nx; i++) {
          const q = j * nx + i;
          out[2 * q] = -1 + (2 * i) / (nx - 1);
          out[2 * q + 1] = (tEnd * j) / (nt - 1);
        }
      }
      return out;
    },
  };
}
