/**
 * Validation case `waveguide`: TE10 mode of a PEC rectangular waveguide, width a (y) x height b (z) in m,
 * propagating along x, by 3-D FDTD (CPML at both ends). Analytic (Pozar, Microwave Engineering sec. 3.3):
 *   f_c = c / (2a),  beta = sqrt(k^2 - (pi/a)^2),  Z_TE = eta k / beta.
 * Also the Yee-discrete beta (exact for the scheme) to separate numerical dispersion from bugs.
 * FDTD: a J_z sheet with the discrete TE10 profile sin(pi y / a), modulated Gaussian; beta from the DFT
 * phase of Ez between two planes L apart, Z from -Ez / Hy (Hy averaged to the Ez plane), and f_c from a
 * least-squares fit of k^2 - beta^2 over all frequencies.
 */
import { C0, ETA0 } from '../constants.ts';
import { fdtd3d } from '../fdtd3d.ts';
import { dftMonitor } from '../dft.ts';
import { modulatedGaussian } from '../waveforms.ts';

export interface WaveguideOptions {
  /** Broad wall (m). */
  a: number;
  /** Narrow wall (m), b < a. */
  b: number;
  /** Frequencies (Hz), between f_c and 2 f_c for a single mode. Default 1.25, 1.5, 1.75 f_c. */
  freqs?: number[];
  /** Cells across a (default 20). */
  cellsAcross?: number;
}

export interface WaveguideRow {
  f: number;
  beta: number;
  betaAnalytic: number;
  betaDiscrete: number;
  impedance: number;
  impedanceAnalytic: number;
}

export interface WaveguideResult {
  cutoff: number;
  cutoffAnalytic: number;
  rows: WaveguideRow[];
  maxRelErrorBeta: number;
  maxRelErrorImpedance: number;
  relErrorCutoff: number;
}

/**
 * Runs the `waveguide` validation case (file header): TE10 in a PEC guide a (y) x b (z) along x with fdtd3d
 * (CPML on the x faces only), Ez sheet source with the sin(pi y / a) profile.
 * @param o Options ({@link WaveguideOptions}):
 *   - `a`: Broad wall (m).
 *   - `b`: Narrow wall (m), 0 < b < a.
 *   - `freqs`: Frequencies (Hz), each above f_c = c0 / (2a); default 1.25, 1.5, 1.75 f_c.
 *   - `cellsAcross`: Cells across a (default 20); dz is b over round(b / dy) cells (>= 2).
 * @returns {@link WaveguideResult}: cutoff from the mean of k^2 - beta^2 (Hz) and the analytic one; per
 *   frequency f (Hz), beta (rad/m, FDTD / analytic / Yee-discrete) and wave impedance Re(-Ez/Hy) (ohm,
 *   FDTD / analytic eta k / beta); the largest relative errors of beta and Z and the cutoff's relative error.
 * @throws Error when not 0 < b < a or a frequency is at or below f_c.
 */
export function waveguideFdtd(o: WaveguideOptions): WaveguideResult {
  if (!(o.a > 0 && o.b > 0 && o.b < o.a)) throw new Error(`waveguide: need 0 < b < a (m), got a=${o.a} b=${o.b}`);
  const fc = C0 / (2 * o.a);
  const freqs = o.freqs ?? [1.25 * fc, 1.5 * fc, 1.75 * fc];
  for (const f of freqs) if (!(f > fc)) throw new Error(`waveguide: frequency ${f} Hz is below the TE10 cutoff ${fc.toFixed(0)} Hz`);
  const cells = o.cellsAcross ?? 20;
  const ny = cells + 1;
  const d = o.a / cells;
  const nz = Math.max(2, Math.round(o.b / d)) + 1;
  const dz = o.b / (nz - 1);
  const pml = 12;
  const L = 8;
  const iSrc = pml + 4, i1 = iSrc + 12, i2 = i1 + L;
  const nx = i2 + 10 + pml;
  const fLo = Math.min(...freqs), fHi = Math.max(...freqs);
  const waveform = modulatedGaussian({ f0: 0.5 * (fLo + fHi), halfBandwidth: Math.max(fHi - fLo, 0.3 * fc) });
  const idx = (i: number, j: number, k: number) => (i * ny + j) * nz + k;
  const srcIdx: number[] = [], srcAmp: number[] = [];
  for (let j = 1; j < ny - 1; j++) for (let k = 0; k < nz - 1; k++) {
    srcIdx.push(idx(iSrc, j, k));
    srcAmp.push(Math.sin((Math.PI * j) / (ny - 1)));
  }
  const sim = fdtd3d({
    nx, ny, nz, dx: d, dy: d, dz,
    pml: { cells: pml, faces: ['x-', 'x+'] },
    sources: [{ component: 'ez', indices: Int32Array.from(srcIdx), amplitudes: Float64Array.from(srcAmp), waveform }],
  });
  const jm = cells >> 1, km = (nz - 1) >> 1;
  const eMon = dftMonitor(freqs, 2, sim.dt, Int32Array.of(idx(i1, jm, km), idx(i2, jm, km)));
  const hMon = dftMonitor(freqs, 2, sim.dt, Int32Array.of(idx(i1 - 1, jm, km), idx(i1, jm, km)));
  let s = sim.init(), e = eMon.init(), h = hMon.init();
  const tau = Math.sqrt(Math.log(100)) / (Math.PI * Math.max(fHi - fLo, 0.3 * fc));
  // group velocity near cutoff is small: allow the slowest band edge to cross the guide several times
  const vg = C0 * Math.sqrt(1 - (fc / (fLo - 0.1 * fc)) ** 2 || 0.05);
  const steps = Math.ceil((10 * tau + (4 * nx * d) / Math.max(vg, 0.1 * C0)) / sim.dt);
  for (let t = 0; t < steps; t++) {
    s = sim.step(s);
    e = eMon.update(e, s.ez, s.time);
    h = hMon.update(h, s.hy, s.time - sim.dt / 2);
  }
  const rows: WaveguideRow[] = freqs.map((f, q) => {
    const e1r = e.re[2 * q]!, e1i = e.im[2 * q]!, e2r = e.re[2 * q + 1]!, e2i = e.im[2 * q + 1]!;
    // arg(E2 / E1)
    const ph = Math.atan2(e2i * e1r - e2r * e1i, e2r * e1r + e2i * e1i);
    const beta = -ph / (L * d);
    const hr = 0.5 * (h.re[2 * q]! + h.re[2 * q + 1]!), hi = 0.5 * (h.im[2 * q]! + h.im[2 * q + 1]!);
    const impedance = -(e1r * hr + e1i * hi) / (hr * hr + hi * hi); // Re(-E/H)
    const k = (2 * Math.PI * f) / C0;
    const betaAnalytic = Math.sqrt(k * k - (Math.PI / o.a) ** 2);
    const kd = Math.sin(Math.PI * f * sim.dt) / (C0 * sim.dt);
    const ky = Math.sin(Math.PI / (2 * cells)) / d;
    const betaDiscrete = (2 / d) * Math.asin(d * Math.sqrt(kd * kd - ky * ky));
    return { f, beta, betaAnalytic, betaDiscrete, impedance, impedanceAnalytic: (ETA0 * k) / betaAnalytic };
  });
  // k^2 - beta^2 = kc^2
  let kc2 = 0;
  for (const r of rows) kc2 += ((2 * Math.PI * r.f) / C0) ** 2 - r.beta ** 2;
  kc2 /= rows.length;
  const cutoff = (C0 * Math.sqrt(kc2)) / (2 * Math.PI);
  return {
    cutoff,
    cutoffAnalytic: fc,
    rows,
    maxRelErrorBeta: Math.max(...rows.map((r) => Math.abs(r.beta - r.betaAnalytic) / r.betaAnalytic)),
    maxRelErrorImpedance: Math.max(...rows.map((r) => Math.abs(r.impedance - r.impedanceAnalytic) / r.impedanceAnalytic)),
    relErrorCutoff: Math.abs(cutoff - fc) / fc,
  };
}
