/**
 * Validation case `modeport3d`: TE10 mode ports in a 3-D PEC rectangular waveguide (WR-90: a = 22.86 mm
 * in y, b = 10.16 mm in z, 20 cells across a), with an optional symmetric H-plane step: width `narrow`
 * cells before x-plane 45, the full a after. Mode source at plane 16, ports at planes 30 and 60, CPML at
 * both ends. In a closed guide below the next mode's cutoff the step cannot radiate, so
 * |S11|^2 + |S21|^2 = 1; a straight guide has S11 = 0 and S21 = exp(-j beta L) exactly (discrete TE10).
 * `twoD: true` also runs the 2-D TM problem the z-uniform 3-D fields reduce to
 * (fdtd2d, Ez/Hx/Hy, PEC rows as walls, same dt) with the same ports, as a cross-check of the 3-D kernel.
 */
import { fdtd3d } from '../fdtd3d.ts';
import { fdtd2d } from '../fdtd2d.ts';
import { dftMonitor, type DftState } from '../dft.ts';
import { modulatedGaussian } from '../waveforms.ts';
import { C0 } from '../constants.ts';
import type { Complex } from '../sparams.ts';
import { rectTE10, modeSource3d, ezPlane } from '../modePort3d.ts';
import { modeAmplitudes, modeSParameters, type SlabMode } from '../modePort2d.ts';

export interface RectStepOptions {
  /** Width of the input section in cells (<= 20, default 16). */
  narrow?: number;
  /** Frequencies as multiples of the TE10 cutoff of the full guide (default 1.45, 1.6, 1.75). */
  fOverFc?: number[];
  steps?: number;
  twoD?: boolean;
}

export interface RectStepRow {
  freq: number;
  S11: Complex;
  S21: Complex;
  /** -beta1 (step - port1) - beta2 (port2 - step), rad */
  pathPhase: number;
  twoD?: { S11: Complex; S21: Complex };
}

/**
 * Runs the `modeport3d` validation case (file header): WR-90 (a = 22.86 mm along y, 20 cells; b = 10.16 mm
 * along z, 5 cells) with discrete TE10 mode ports at x-planes 30 and 60, fdtd3d with CPML on the x faces.
 * @param o Options ({@link RectStepOptions}):
 *   - `narrow`: Width of the input section (cells, integer 4..20, default 16; 20 = straight guide).
 *   - `fOverFc`: Frequencies as multiples of the full guide's TE10 cutoff c0 / (2a) (default 1.45, 1.6, 1.75).
 *   - `steps`: Time steps (default 8000).
 *   - `twoD`: Also run the equivalent 2-D TM problem (default false).
 * @returns One {@link RectStepRow} per frequency: freq (Hz), power-normalised S11, S21 (complex, at the port
 *   planes), the matched-path S21 phase (rad) and, with twoD, the 2-D S-parameters.
 * @throws Error when narrow is not an integer in 4..20 or the narrow section's TE10 is cut off at 1.6 f_c or at
 *   a requested frequency.
 */
export function rectStepFdtd(o: RectStepOptions = {}): RectStepRow[] {
  const a = 22.86e-3, cells = 20, d = a / cells, nz = 6, dz = 10.16e-3 / 5, ny = cells + 1;
  const narrow = o.narrow ?? 16;
  if (!(Number.isInteger(narrow) && narrow >= 4 && narrow <= cells)) throw new Error(`rectStep: narrow = ${narrow}, expected an integer 4..${cells} (cells)`);
  const pml = 12, iSrc = 16, i1 = 30, iStep = 45, i2 = 60, nx = i2 + 10 + pml;
  const jn0 = (cells - narrow) >> 1, jn1 = jn0 + narrow;
  const pec = new Uint8Array(nx * ny * nz);
  for (let i = 0; i < iStep; i++) for (let j = 0; j < ny; j++) for (let k = 0; k < nz; k++) if (j <= jn0 || j >= jn1) pec[(i * ny + j) * nz + k] = 1;
  const fc = C0 / (2 * a);
  const freqs = (o.fOverFc ?? [1.45, 1.6, 1.75]).map((r) => r * fc);
  const grid = { nx, ny, nz };
  const dt = fdtd3d({ nx: 3, ny: 3, nz: 3, dx: d, dz, pml: { cells: 0 } }).dt;
  const f0 = 1.6 * fc;
  const launch = rectTE10({ ny, nz, dy: d, dz, j0: jn0, j1: jn1, omega: 2 * Math.PI * f0, dt, dx: d });
  if (!launch) throw new Error(`rectStep: the ${narrow}-cell section is cut off at ${f0} Hz`);
  const waveform = modulatedGaussian({ f0, halfBandwidth: 0.4 * fc });
  const sim = fdtd3d({ nx, ny, nz, dx: d, dz, dt, medium: { pec }, pml: { cells: pml, faces: ['x-', 'x+'] }, sources: [modeSource3d(grid, launch, iSrc, waveform)] });
  const P = ny * nz;
  const planes = (i: number) => {
    const out = new Int32Array(2 * P);
    out.set(ezPlane(grid, i));
    out.set(ezPlane(grid, i + 1), P);
    return out;
  };
  const mon1 = dftMonitor(freqs, 2 * P, dt, planes(i1)), mon2 = dftMonitor(freqs, 2 * P, dt, planes(i2));
  let s = sim.init(), x = mon1.init(), y = mon2.init();
  const steps = o.steps ?? 8000;
  for (let t = 0; t < steps; t++) {
    s = sim.step(s);
    x = mon1.update(x, s.ez, s.time);
    y = mon2.update(y, s.ez, s.time);
  }
  // 2-D: rows jOff..jOff+cells hold the guide, PEC rows as walls, CPML (x and y) outside
  let x2: DftState | null = null, y2: DftState | null = null;
  const jOff = pml + 2, ny2 = cells + 1 + 2 * jOff;
  if (o.twoD) {
    const pec2 = new Uint8Array(nx * ny2);
    for (let i = 0; i < nx; i++) for (let j = 0; j < ny2; j++) {
      const jj = j - jOff;
      if (jj <= 0 || jj >= cells || (i < iStep && (jj <= jn0 || jj >= jn1))) pec2[i * ny2 + j] = 1;
    }
    const src2: { i: number; j: number; waveform: typeof waveform; amplitude: number }[] = [];
    let peak = 0;
    for (const v of launch.profile) peak = Math.max(peak, Math.abs(v));
    for (let j = jn0 + 1; j < jn1; j++) src2.push({ i: iSrc, j: j + jOff, waveform, amplitude: launch.profile[j * nz]! / peak });
    const sim2 = fdtd2d({ nx, ny: ny2, dx: d, dt, pol: 'TM', medium: { pec: pec2 }, pml: { cells: pml }, sources: src2 });
    const cols = (i: number) => Int32Array.from({ length: 2 * ny2 }, (_, q) => (i + (q >= ny2 ? 1 : 0)) * ny2 + (q % ny2));
    const m1 = dftMonitor(freqs, 2 * ny2, dt, cols(i1)), m2 = dftMonitor(freqs, 2 * ny2, dt, cols(i2));
    let s2 = sim2.init();
    x2 = m1.init();
    y2 = m2.init();
    for (let t = 0; t < steps; t++) {
      s2 = sim2.step(s2);
      x2 = m1.update(x2, s2.u, s2.time);
      y2 = m2.update(y2, s2.u, s2.time);
    }
  }
  const at = (st: DftState, n: number, q: number, c: number) => ({ re: st.re.subarray(q * 2 * n + c * n, q * 2 * n + (c + 1) * n), im: st.im.subarray(q * 2 * n + c * n, q * 2 * n + (c + 1) * n) });
  return freqs.map((freq, q) => {
    const omega = 2 * Math.PI * freq;
    const mA = rectTE10({ ny, nz, dy: d, dz, j0: jn0, j1: jn1, omega, dt, dx: d });
    const mB = rectTE10({ ny, nz, dy: d, dz, j0: 0, j1: cells, omega, dt, dx: d })!;
    if (!mA) throw new Error(`rectStep: the ${narrow}-cell section is cut off at ${freq} Hz`);
    const S = modeSParameters({ mode: mA, ...modeAmplitudes(mA, d * dz, d, at(x, P, q, 0), at(x, P, q, 1)) }, { mode: mB, ...modeAmplitudes(mB, d * dz, d, at(y, P, q, 0), at(y, P, q, 1)) }, d);
    const row: RectStepRow = { freq, ...S, pathPhase: -mA.beta * (iStep - i1) * d - mB.beta * (i2 - iStep) * d };
    if (x2 && y2) {
      // the same modes on the 2-D column: profile of one z layer, normalised over y
      const col = (m: SlabMode): SlabMode => {
        const p = new Float64Array(ny2);
        for (let j = 0; j < ny; j++) p[j + jOff] = m.profile[j * nz]! * Math.sqrt(dz * (nz - 1));
        return { beta: m.beta, profile: p };
      };
      const a2 = col(mA), b2 = col(mB);
      row.twoD = modeSParameters({ mode: a2, ...modeAmplitudes(a2, d, d, at(x2, ny2, q, 0), at(x2, ny2, q, 1)) }, { mode: b2, ...modeAmplitudes(b2, d, d, at(y2, ny2, q, 0), at(y2, ny2, q, 1)) }, d);
    }
    return row;
  });
}
