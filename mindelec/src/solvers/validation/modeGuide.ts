/**
 * Validation case `modeport`: 2-D TM waveguide mode ports on an eps-4 slab guide in air along x (1 mm
 * cells, 10 GHz: 15 cells per wavelength in the core), mode source at column 20, ports at columns 35 and
 * 95, width w1 (mm) before column 65 and w2 after; 12-cell CPML. S11, S21 from the FDTD run (running DFT,
 * modal amplitudes) and from FDFD at the frequency that reproduces the FDTD time step, same source and
 * ports. Straight guide (w1 = w2): S11 = 0, S21 = exp(-j beta L) exactly for the discrete mode.
 */
import { fdtd2d } from '../fdtd2d.ts';
import { fdfd2d } from '../fdfd2d.ts';
import { dftMonitor } from '../dft.ts';
import { modulatedGaussian } from '../waveforms.ts';
import type { Complex } from '../sparams.ts';
import { slabModesTM, modeSourceTM, modeAmplitudes, modeSParameters } from '../modePort2d.ts';

export interface ModeGuideOptions {
  /** Core widths (cells = mm) before and after the step (default 6, 6). */
  w1?: number;
  w2?: number;
  /** Frequencies (Hz), default 9 and 11 GHz. */
  freqs?: number[];
}

export interface ModeGuideRow {
  freq: number;
  fdtd: { S11: Complex; S21: Complex };
  fdfd: { S11: Complex; S21: Complex };
  /** -beta1 (step - port1) - beta2 (port2 - step), rad: the S21 phase of a lossless matched path. */
  pathPhase: number;
}

/**
 * Runs the `modeport` validation case (file header): a 130 x 80-node TM grid of 1 mm cells, 1600 fdtd2d steps
 * with the discrete slab mode (launched at 10 GHz) as source, and the FDFD solve of the same problem per frequency.
 * @param o Options ({@link ModeGuideOptions}):
 *   - `w1`: Core width before the step (cells = mm, default 6).
 *   - `w2`: Core width after the step (cells = mm, default 6 = straight guide).
 *   - `freqs`: Frequencies (Hz), default [9e9, 11e9].
 * @returns One {@link ModeGuideRow} per frequency: freq (Hz), power-normalised S11 and S21 (complex,
 *   reference planes at the ports, columns 35 and 95) from FDTD and from FDFD, and the matched-path S21 phase
 *   (rad). Throws nothing itself (FdtdConfigError from the solvers).
 */
export function modeGuideFdtd(o: ModeGuideOptions = {}): ModeGuideRow[] {
  const w1 = o.w1 ?? 6, w2 = o.w2 ?? 6;
  const dx = 1e-3, nx = 130, ny = 80, jc = 40, is = 20, i1 = 35, iStep = 65, i2 = 95, f0 = 10e9;
  const eps = new Float64Array(nx * ny).fill(1);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) if (Math.abs(j - jc) <= ((i < iStep ? w1 : w2) - 1) / 2) eps[i * ny + j] = 4;
  const col = (i: number) => eps.slice(i * ny, (i + 1) * ny);
  const dt = fdtd2d({ nx, ny, dx, pol: 'TM', pml: { cells: 12 } }).dt;
  const launch = slabModesTM(col(i1), { dy: dx, dx, omega: 2 * Math.PI * f0, dt })[0]!;
  const sim = fdtd2d({ nx, ny, dx, pol: 'TM', medium: { epsR: eps }, pml: { cells: 12 }, sources: modeSourceTM(launch, is, modulatedGaussian({ f0, halfBandwidth: 4e9 })) });
  const freqs = o.freqs ?? [9e9, 11e9];
  const cols = (i: number) => Int32Array.from({ length: 2 * ny }, (_, q) => (i + (q >= ny ? 1 : 0)) * ny + (q % ny));
  const mon1 = dftMonitor(freqs, 2 * ny, dt, cols(i1)), mon2 = dftMonitor(freqs, 2 * ny, dt, cols(i2));
  let s = sim.init(), a = mon1.init(), b = mon2.init();
  for (let t = 0; t < 1600; t++) {
    s = sim.step(s);
    a = mon1.update(a, s.u, s.time);
    b = mon2.update(b, s.u, s.time);
  }
  const at = (st: { re: Float64Array; im: Float64Array }, base: number, c: 0 | 1) => ({ re: st.re.subarray(base + c * ny, base + (c + 1) * ny), im: st.im.subarray(base + c * ny, base + (c + 1) * ny) });
  const src = new Float64Array(nx * ny);
  for (const p of modeSourceTM(launch, is, () => 1)) src[p.i * ny + p.j] = p.amplitude!;
  return freqs.map((freq, q) => {
    const omega = 2 * Math.PI * freq;
    const mA = slabModesTM(col(i1), { dy: dx, dx, omega, dt })[0]!, mB = slabModesTM(col(i2), { dy: dx, dx, omega, dt })[0]!;
    const base = q * 2 * ny;
    const fdtd = modeSParameters({ mode: mA, ...modeAmplitudes(mA, dx, dx, at(a, base, 0), at(a, base, 1)) }, { mode: mB, ...modeAmplitudes(mB, dx, dx, at(b, base, 0), at(b, base, 1)) }, dx);
    const u = fdfd2d({ nx, ny, dx, pol: 'TM', omega: (2 / dt) * Math.sin((omega * dt) / 2), epsR: eps, pmlCells: 12 }).solve(src, new Float64Array(nx * ny));
    const c = (i: number) => ({ re: u.re.subarray(i * ny, (i + 1) * ny), im: u.im.subarray(i * ny, (i + 1) * ny) });
    const fdfd = modeSParameters({ mode: mA, ...modeAmplitudes(mA, dx, dx, c(i1), c(i1 + 1)) }, { mode: mB, ...modeAmplitudes(mB, dx, dx, c(i2), c(i2 + 1)) }, dx);
    return { freq, fdtd, fdfd, pathPhase: -mA.beta * (iStep - i1) * dx - mB.beta * (i2 - iStep) * dx };
  });
}
