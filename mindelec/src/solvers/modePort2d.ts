/**
 * Waveguide mode ports for 2-D TM (Ez) FDTD/FDFD on the Yee grid, propagation along x.
 * - slabModesTM: guided modes of the cross-section eps_r(y) (nodes j = 0..ny-1 of one grid column, Ez = 0
 *   at j = 0 and ny-1) as the discrete eigenproblem of the same stencil the solvers use,
 *     (D_yy + k~^2 diag(eps_r)) u = beta~^2 u,   k~ = omega~ / c,  omega~ = (2/dt) sin(omega dt / 2),
 *     beta = (2/dx) asin(beta~ dx / 2),
 *   so a mode launched in a uniform guide propagates with exactly this profile and beta (dt = 0 gives the
 *   FDFD/continuous-time version). Symmetric tridiagonal: Sturm bisection for the largest eigenvalues,
 *   inverse iteration for the profiles; profiles are normalised to sum u^2 dy = 1 (m), positive peak.
 * - modeSourceTM: soft point currents Jz = amplitude * u(y) on one column (launches the mode both ways).
 * - modeAmplitudes: forward/backward modal amplitudes from the DFT of Ez on two adjacent columns i, i+1:
 *   c_i = sum_j u_j Ez(i, j) dy = a + b,  c_{i+1} = a e^{-j beta dx} + b e^{+j beta dx}  (e^{+j omega t}),
 *   exact for the discrete mode, with no staggered-time H needed.
 * modeSParameters: S11 = b1 / a1, S21 = (a2 / a1) sqrt(P2 / P1) with the discrete modal power
 *   P = |a|^2 sin(beta dx) / (2 omega~ mu0 dx)  (the Yee-grid Poynting flux of a mode with sum u^2 dy = 1;
 *   beta in place of sin(beta dx) / dx overestimates a narrow-to-wide step's |S21|^2 by ~0.7% at 15 cells/lambda).
 */
import { C0, FdtdConfigError } from './constants.ts';
import type { PointSource2D } from './fdtd2d.ts';
import type { WaveformFn } from './waveforms.ts';
import type { Complex } from './sparams.ts';

export interface SlabMode {
  /** Propagation constant (rad/m). */
  beta: number;
  /** Ez profile over the column's ny nodes, sum u^2 dy = 1 (1/sqrt(m)). */
  profile: Float64Array;
}

export interface SlabModeOptions {
  /** Node spacing along the cross-section (m). */
  dy: number;
  /** Cell size along propagation (m), for the discrete beta. */
  dx: number;
  /** rad/s */
  omega: number;
  /** FDTD time step (s); omit (or 0) for FDFD. */
  dt?: number;
  /** Number of modes wanted, most strongly guided first (default 1). */
  count?: number;
}

/** Guided TM modes (beta~^2 above k~^2 times the smaller edge eps) of eps_r(y), strongest first. */
export function slabModesTM(epsR: Float64Array, o: SlabModeOptions): SlabMode[] {
  const ny = epsR.length;
  if (ny < 3) throw new FdtdConfigError(`slabModesTM: epsR has ${ny} nodes, expected at least 3`);
  if (!(o.dy > 0 && o.dx > 0 && o.omega > 0)) throw new FdtdConfigError(`slabModesTM: dy, dx, omega must be > 0, got ${o.dy}, ${o.dx}, ${o.omega}`);
  const dt = o.dt ?? 0;
  const wt = dt > 0 ? (2 / dt) * Math.sin((o.omega * dt) / 2) : o.omega;
  const k2 = (wt / C0) ** 2;
  const n = ny - 2; // interior unknowns
  const d = new Float64Array(n), e2 = 1 / (o.dy * o.dy);
  let lo = Infinity, hi = -Infinity;
  for (let p = 0; p < n; p++) {
    d[p] = -2 * e2 + k2 * epsR[p + 1]!;
    lo = Math.min(lo, d[p]! - 2 * e2);
    hi = Math.max(hi, d[p]! + 2 * e2);
  }
  // number of eigenvalues < x (Sturm sequence of the tridiagonal matrix with off-diagonal e2)
  const below = (x: number): number => {
    let count = 0, q = 1;
    for (let p = 0; p < n; p++) {
      q = d[p]! - x - (p > 0 ? (e2 * e2) / q : 0);
      if (q === 0) q = 1e-300;
      if (q < 0) count++;
    }
    return count;
  };
  const cutoff = k2 * Math.min(epsR[1]!, epsR[n]!);
  const count = o.count ?? 1;
  const modes: SlabMode[] = [];
  for (let m = 0; m < count; m++) {
    // the (n - m)-th smallest eigenvalue = m-th largest
    let a = lo, b = hi;
    for (let it = 0; it < 200 && b - a > 1e-15 * Math.max(Math.abs(a), Math.abs(b)); it++) {
      const mid = 0.5 * (a + b);
      if (below(mid) >= n - m) b = mid;
      else a = mid;
    }
    const lambda = 0.5 * (a + b);
    if (!(lambda > cutoff)) break;
    const bt = Math.sqrt(lambda);
    if (bt * o.dx > 2) throw new FdtdConfigError(`slabModesTM: mode ${m} beta~ dx = ${bt * o.dx} > 2 (grid too coarse along x)`);
    modes.push({ beta: (2 / o.dx) * Math.asin((bt * o.dx) / 2), profile: inverseIteration(d, e2, lambda, o.dy) });
  }
  return modes;
}

/** Eigenvector of tridiag(e, d, e) for eigenvalue lambda (Thomas solves of (A - shifted lambda) v = v). */
function inverseIteration(d: Float64Array, e: number, lambda: number, dy: number): Float64Array {
  const n = d.length;
  const shift = lambda * (1 + 1e-10) + 1e-300;
  let v = new Float64Array(n).fill(1);
  const c = new Float64Array(n), w = new Float64Array(n);
  for (let it = 0; it < 4; it++) {
    // forward elimination
    let den = d[0]! - shift;
    c[0] = e / den;
    w[0] = v[0]! / den;
    for (let p = 1; p < n; p++) {
      den = d[p]! - shift - e * c[p - 1]!;
      c[p] = e / den;
      w[p] = (v[p]! - e * w[p - 1]!) / den;
    }
    const x = new Float64Array(n);
    x[n - 1] = w[n - 1]!;
    for (let p = n - 2; p >= 0; p--) x[p] = w[p]! - c[p]! * x[p + 1]!;
    let norm = 0;
    for (let p = 0; p < n; p++) norm += x[p]! * x[p]!;
    norm = Math.sqrt(norm);
    for (let p = 0; p < n; p++) x[p] = x[p]! / norm;
    v = x;
  }
  let peak = 0;
  for (let p = 0; p < n; p++) if (Math.abs(v[p]!) > Math.abs(peak)) peak = v[p]!;
  const out = new Float64Array(n + 2);
  const s = Math.sign(peak) / Math.sqrt(dy);
  for (let p = 0; p < n; p++) out[p + 1] = s * v[p]!;
  return out;
}

/** Soft Jz sources (A/m^2) on column i with the mode profile (scaled to peak `amplitude`). */
export function modeSourceTM(mode: SlabMode, i: number, waveform: WaveformFn, amplitude = 1): PointSource2D[] {
  let peak = 0;
  for (const v of mode.profile) peak = Math.max(peak, Math.abs(v));
  const out: PointSource2D[] = [];
  mode.profile.forEach((v, j) => {
    if (v !== 0 && j > 0 && j < mode.profile.length - 1) out.push({ i, j, waveform, amplitude: (amplitude * v) / peak, kind: 'current' });
  });
  return out;
}

/**
 * Forward (+x) and backward modal amplitudes (V/m * sqrt(m)... as the DFT of Ez) from the phasors of Ez on
 * columns i and i+1 (each [ny], re/im) for a mode of the cross-section there.
 */
export function modeAmplitudes(mode: SlabMode, dy: number, dx: number, col0: { re: ArrayLike<number>; im: ArrayLike<number> }, col1: { re: ArrayLike<number>; im: ArrayLike<number> }): { forward: Complex; backward: Complex } {
  const u = mode.profile;
  let c0r = 0, c0i = 0, c1r = 0, c1i = 0;
  for (let j = 0; j < u.length; j++) {
    c0r += u[j]! * col0.re[j]! * dy;
    c0i += u[j]! * col0.im[j]! * dy;
    c1r += u[j]! * col1.re[j]! * dy;
    c1i += u[j]! * col1.im[j]! * dy;
  }
  // a = (c1 - c0 e^{j b dx}) / (e^{-j b dx} - e^{j b dx}) = (c1 - c0 e^{j b dx}) / (-2j sin(b dx))
  const ph = mode.beta * dx, cs = Math.cos(ph), sn = Math.sin(ph);
  const nr = c1r - (c0r * cs - c0i * sn), ni = c1i - (c0r * sn + c0i * cs);
  // divide by -2j sn: (nr + j ni) / (-2j sn) = (-ni + j nr) / (2 sn)... (x / (-j) = j x)
  const ar = -ni / (2 * sn), ai = nr / (2 * sn);
  return { forward: { re: ar, im: ai }, backward: { re: c0r - ar, im: c0i - ai } };
}

const cdiv = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
};

/** S11, S21 of a two-port from the modal amplitudes at port 1 (excited) and port 2 (cells dx along x). */
export function modeSParameters(port1: { mode: SlabMode; forward: Complex; backward: Complex }, port2: { mode: SlabMode; forward: Complex }, dx: number): { S11: Complex; S21: Complex } {
  const r = Math.sqrt(Math.sin(port2.mode.beta * dx) / Math.sin(port1.mode.beta * dx));
  const t = cdiv(port2.forward, port1.forward);
  return { S11: cdiv(port1.backward, port1.forward), S21: { re: r * t.re, im: r * t.im } };
}
