/**
 * 1-D FDTD (Yee), fields Ez at nodes x_i = i dx (i = 0..n-1) and Hy at x_{i+1/2}, SI units.
 *   dHy/dt = (1/mu) dEz/dx,   eps dEz/dt + sigma Ez = dHy/dx - Jz
 * A wave travelling to +x has Hy = -Ez/eta. Per-node media (epsR, muR, sigma in S/m) as arrays.
 * Dispersion: Drude (semi-implicit ADE) or one Lorentz pole (explicit ADE) per node.
 * Boundaries: 'cpml' (default, `pml` cells at each end), 'mur' (first order), 'pec' (Ez = 0 at the ends).
 * `{init, step}` over a plain state record; `step` updates the record's typed arrays in place (no
 * allocation) and returns a new record with step/time advanced. After k steps Ez is at t = k dt,
 * Hy at (k - 1/2) dt.
 */
import { EPS0, FdtdConfigError, MU0, C0, requirePositive, requirePositiveInt } from './constants.ts';
import { checkedTimeStep } from './courant.ts';
import { pmlProfile, type PmlOptions } from './cpml.ts';
import type { WaveformFn } from './waveforms.ts';

export interface Medium1D {
  epsR?: Float64Array;
  muR?: Float64Array;
  /** Electric conductivity (S/m). */
  sigma?: Float64Array;
  /**
   * Drude dispersion per node (ADE, Taflove & Hagness sec. 9.4): plasma frequency omega_p (rad/s, 0 =
   * none) and collision rate gamma (1/s). eps(omega) = epsR - omega_p^2 / (omega^2 - j omega gamma)
   * (e^{+j omega t}); epsR plays eps_infinity there.
   */
  drudeOmegaP?: Float64Array;
  drudeGamma?: Float64Array;
  /**
   * One Lorentz pole per node (ADE, explicit in P, as fdtd2d TM):
   * eps(omega) = epsR + lorentzDeltaEps w0^2 / (w0^2 - omega^2 + j omega gamma), w0 = lorentzOmega0 (rad/s),
   * gamma = lorentzGamma (1/s); 0 = none. Not on Drude nodes.
   */
  lorentzDeltaEps?: Float64Array;
  lorentzOmega0?: Float64Array;
  lorentzGamma?: Float64Array;
}

export interface Source1D {
  /** Node index. */
  index: number;
  waveform: WaveformFn;
  /** 'current': soft source, Jz = amplitude * waveform (A/m^2); 'hard': Ez = amplitude * waveform (V/m). */
  kind?: 'current' | 'hard';
  amplitude?: number;
}

export interface Fdtd1DConfig {
  n: number;
  /** Cell size (m). */
  dx: number;
  /** Time step (s); default 0.99 of the Courant limit. */
  dt?: number;
  medium?: Medium1D;
  boundary?: 'cpml' | 'mur' | 'pec';
  pml?: PmlOptions;
  sources?: Source1D[];
}

export interface Fdtd1DState {
  readonly step: number;
  /** Time of Ez (s). */
  readonly time: number;
  readonly ez: Float64Array;
  readonly hy: Float64Array;
  readonly psiE: Float64Array;
  readonly psiH: Float64Array;
  /** Previous-step Ez at the two outermost nodes on each side (Mur). */
  readonly murOld: Float64Array;
  /** Drude polarisation current J_p (A/m^2) and previous Ez at the Drude nodes. */
  readonly drudeJ: Float64Array;
  readonly drudeE: Float64Array;
  /** Lorentz polarisation (C/m^2): [P^n, P^(n-1)] per Lorentz node. */
  readonly lorentzP: Float64Array;
}

export interface Fdtd1D {
  readonly n: number;
  readonly dx: number;
  readonly dt: number;
  init(): Fdtd1DState;
  step(s: Fdtd1DState): Fdtd1DState;
}

function checkArray(field: string, a: Float64Array | undefined, n: number): void {
  if (a && a.length !== n) throw new FdtdConfigError(`${field}: length ${a.length}, expected ${n} (one value per node)`);
}

/**
 * Builds a 1-D Yee FDTD simulator (Ez at nodes x_i = i dx, Hy at x_{i+1/2}; SI units) as `{init, step}`.
 * @param config Options ({@link Fdtd1DConfig}):
 *   - `n`: Number of Ez nodes (integer >= 3); Hy has n - 1 entries.
 *   - `dx`: Cell size (m).
 *   - `dt`: Time step (s); default 0.99 of the Courant limit dx / c0.
 *   - `medium`: Per-node Float64Array [n] (index i = node i): epsR, muR (default 1; Hy at i+1/2 uses
 *     the mean of nodes i, i+1), sigma (S/m, default 0), Drude omega_p (rad/s) / gamma (1/s) or one Lorentz
 *     pole (deltaEps, omega0 rad/s, gamma 1/s) per node (see {@link Medium1D}).
 *   - `boundary`: 'cpml' (default; `pml` options, default 10 cells at each end, PEC behind), 'mur' (first order,
 *     speed of the end node) or 'pec' (Ez = 0 at nodes 0 and n-1).
 *   - `sources`: Point sources at node `index`: 'current' (default, soft) adds Jz = amplitude *
 *     waveform(t) (A/m^2) sampled at (k + 1/2) dt; 'hard' sets Ez = amplitude * waveform(t) (V/m) at (k + 1) dt.
 * @returns `{n, dx, dt, init, step}`. `init()` gives zero fields: `ez` Float64Array [n] (V/m), `hy` [n - 1]
 *   (A/m). `step(s)` advances one dt, writing the record's arrays in place, and returns a new record with
 *   `step`/`time` advanced (after k steps Ez is at k dt, Hy at (k - 1/2) dt).
 * @throws FdtdConfigError naming the field when n < 3, dx <= 0, dt exceeds the Courant limit, a medium array
 *   is not of length n, a source index is outside 0..n-1, a Drude gamma is negative, a Lorentz pole has
 *   deltaEps <= 0, omega0 <= 0, gamma < 0 or omega0 dt >= 2, or a node has both Drude and Lorentz terms.
 */
export function fdtd1d(config: Fdtd1DConfig): Fdtd1D {
  const n = requirePositiveInt('n', config.n, 3);
  const dx = requirePositive('dx', config.dx);
  const dt = checkedTimeStep([dx], config.dt);
  const m = config.medium ?? {};
  checkArray('medium.epsR', m.epsR, n);
  checkArray('medium.muR', m.muR, n);
  checkArray('medium.sigma', m.sigma, n);
  checkArray('medium.drudeOmegaP', m.drudeOmegaP, n);
  checkArray('medium.drudeGamma', m.drudeGamma, n);
  checkArray('medium.lorentzDeltaEps', m.lorentzDeltaEps, n);
  checkArray('medium.lorentzOmega0', m.lorentzOmega0, n);
  checkArray('medium.lorentzGamma', m.lorentzGamma, n);
  const ca = new Float64Array(n);
  const cb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const eps = EPS0 * (m.epsR?.[i] ?? 1);
    const sig = m.sigma?.[i] ?? 0;
    const loss = (sig * dt) / (2 * eps);
    ca[i] = (1 - loss) / (1 + loss);
    cb[i] = dt / eps / (1 + loss);
  }
  // Drude nodes: semi-implicit ADE, J^{n+1} = kp J^n + bp (E^{n+1} + E^n); E update carries -(1+kp)/2 J^n
  const dIdx: number[] = [], dKp: number[] = [], dBp: number[] = [], dCj: number[] = [];
  for (let i = 0; i < n; i++) {
    const wp = m.drudeOmegaP?.[i] ?? 0;
    if (!(wp > 0)) continue;
    const g = m.drudeGamma?.[i] ?? 0;
    if (!(g >= 0)) throw new FdtdConfigError(`medium.drudeGamma[${i}]: expected a rate >= 0 (1/s), got ${g}`);
    const kp = (1 - (g * dt) / 2) / (1 + (g * dt) / 2);
    const bp = (EPS0 * wp * wp * dt) / 2 / (1 + (g * dt) / 2);
    const eps = EPS0 * (m.epsR?.[i] ?? 1);
    const sig = m.sigma?.[i] ?? 0;
    const denom = eps / dt + bp / 2 + sig / 2;
    ca[i] = (eps / dt - bp / 2 - sig / 2) / denom;
    cb[i] = 1 / denom;
    dIdx.push(i);
    dKp.push(kp);
    dBp.push(bp);
    dCj.push((1 + kp) / 2 / denom);
  }
  const lIdx: number[] = [], lA: number[] = [], lB: number[] = [], lC: number[] = [];
  for (let i = 0; i < n; i++) {
    const de = m.lorentzDeltaEps?.[i] ?? 0;
    if (de === 0) continue;
    const w0 = m.lorentzOmega0?.[i] ?? 0, g = m.lorentzGamma?.[i] ?? 0;
    if (!(de > 0) || !(w0 > 0) || !(g >= 0)) throw new FdtdConfigError(`medium.lorentz at node ${i}: expected deltaEps > 0, omega0 > 0 (rad/s), gamma >= 0 (1/s), got ${de}, ${w0}, ${g}`);
    if ((m.drudeOmegaP?.[i] ?? 0) > 0) throw new FdtdConfigError(`medium: node ${i} has both a Drude and a Lorentz term (one pole per node)`);
    if (!(w0 * dt < 2)) throw new FdtdConfigError(`medium.lorentzOmega0[${i}] = ${w0} rad/s: omega0 dt = ${w0 * dt} must be < 2 for stability`);
    const d = 1 + (g * dt) / 2;
    lIdx.push(i);
    lA.push((2 - w0 * w0 * dt * dt) / d);
    lB.push(-(1 - (g * dt) / 2) / d);
    lC.push((EPS0 * de * w0 * w0 * dt * dt) / d);
  }
  const lorIdx = Int32Array.from(lIdx), lorA = Float64Array.from(lA), lorB = Float64Array.from(lB), lorC = Float64Array.from(lC);
  const lorE = new Float64Array(lIdx.length);
  const drudeIdx = Int32Array.from(dIdx), drudeKp = Float64Array.from(dKp), drudeBp = Float64Array.from(dBp), drudeCj = Float64Array.from(dCj);
  const ch = new Float64Array(n - 1);
  for (let i = 0; i < n - 1; i++) ch[i] = dt / (MU0 * 0.5 * ((m.muR?.[i] ?? 1) + (m.muR?.[i + 1] ?? 1)));
  const boundary = config.boundary ?? 'cpml';
  const pml = boundary === 'cpml' ? pmlProfile(n, dx, dt, config.pml) : pmlProfile(n, dx, dt, { cells: 0 });
  const sources = config.sources ?? [];
  for (const [k, s] of sources.entries()) {
    if (!Number.isInteger(s.index) || s.index < 0 || s.index >= n) throw new FdtdConfigError(`sources[${k}].index: expected 0..${n - 1}, got ${s.index}`);
  }
  const invDx = 1 / dx;
  // Mur coefficient uses the speed in the end cells.
  const vEnd = (i: number) => C0 / Math.sqrt((m.epsR?.[i] ?? 1) * (m.muR?.[i] ?? 1));
  const murL = (vEnd(0) * dt - dx) / (vEnd(0) * dt + dx);
  const murR = (vEnd(n - 1) * dt - dx) / (vEnd(n - 1) * dt + dx);

  return {
    n,
    dx,
    dt,
    init: () => ({
      step: 0,
      time: 0,
      ez: new Float64Array(n),
      hy: new Float64Array(n - 1),
      psiE: new Float64Array(pml.e.index.length),
      psiH: new Float64Array(pml.h.index.length),
      murOld: new Float64Array(4),
      drudeJ: new Float64Array(drudeIdx.length),
      drudeE: new Float64Array(drudeIdx.length),
      lorentzP: new Float64Array(2 * lorIdx.length),
    }),
    step(s) {
      const { ez, hy, psiE, psiH, murOld } = s;
      for (let i = 0; i < n - 1; i++) hy[i]! += ch[i]! * (ez[i + 1]! - ez[i]!) * invDx;
      {
        const { index, b, c } = pml.h;
        for (let p = 0; p < index.length; p++) {
          const i = index[p]!;
          psiH[p] = b[p]! * psiH[p]! + c[p]! * (ez[i + 1]! - ez[i]!) * invDx;
          hy[i]! += ch[i]! * psiH[p]!;
        }
      }
      if (boundary === 'mur') {
        murOld[0] = ez[0]!;
        murOld[1] = ez[1]!;
        murOld[2] = ez[n - 1]!;
        murOld[3] = ez[n - 2]!;
      }
      const { drudeJ, drudeE } = s;
      for (let p = 0; p < drudeIdx.length; p++) drudeE[p] = ez[drudeIdx[p]!]!;
      for (let p = 0; p < lorIdx.length; p++) lorE[p] = ez[lorIdx[p]!]!;
      for (let i = 1; i < n - 1; i++) ez[i] = ca[i]! * ez[i]! + cb[i]! * (hy[i]! - hy[i - 1]!) * invDx;
      for (let p = 0; p < drudeIdx.length; p++) ez[drudeIdx[p]!]! -= drudeCj[p]! * drudeJ[p]!;
      {
        const { index, b, c } = pml.e;
        for (let p = 0; p < index.length; p++) {
          const i = index[p]!;
          if (i === 0 || i === n - 1) continue;
          psiE[p] = b[p]! * psiE[p]! + c[p]! * (hy[i]! - hy[i - 1]!) * invDx;
          ez[i]! += cb[i]! * psiE[p]!;
        }
      }
      {
        const P = s.lorentzP;
        for (let p = 0; p < lorIdx.length; p++) {
          const i = lorIdx[p]!, pn = P[2 * p]!;
          const next = lorA[p]! * pn + lorB[p]! * P[2 * p + 1]! + lorC[p]! * lorE[p]!;
          ez[i]! -= (cb[i]! * (next - pn)) / dt;
          P[2 * p + 1] = pn;
          P[2 * p] = next;
        }
      }
      const tHalf = (s.step + 0.5) * dt;
      const tNew = (s.step + 1) * dt;
      for (const src of sources) {
        const a = src.amplitude ?? 1;
        if (src.kind === 'hard') ez[src.index] = a * src.waveform(tNew);
        else ez[src.index]! -= cb[src.index]! * a * src.waveform(tHalf);
      }
      for (let p = 0; p < drudeIdx.length; p++) drudeJ[p] = drudeKp[p]! * drudeJ[p]! + drudeBp[p]! * (ez[drudeIdx[p]!]! + drudeE[p]!);
      if (boundary === 'mur') {
        ez[0] = murOld[1]! + murL * (ez[1]! - murOld[0]!);
        ez[n - 1] = murOld[3]! + murR * (ez[n - 2]! - murOld[2]!);
      }
      return { ...s, step: s.step + 1, time: tNew };
    },
  };
}
