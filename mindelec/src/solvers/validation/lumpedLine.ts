/**
 * Validation case `line`: lumped ports on a one-cell-high TEM line (the thin-substrate port geometry).
 * A wire (or a strip of `stripNodes` nodes, fed by ports of as many parallel columns) one cell above a ground sheet in a PEC box (1 mm cells, homogeneous eps_r, so the line is
 * exactly TEM), driven by a lumped port (R = Z0) at one end and loaded by a second port's resistor
 * (loadFactor * Z0) at the other. Reference: Z0 of the discrete 2-D Laplace problem of the cross-section
 * (lineImpedance.ts); with the load L = Z_L / Z0, |S11| = |L - 1| / (L + 1) at every frequency and
 * Re Z_in swings between Z0 / L and L Z0 (Z_in = Z0 flat when matched).
 */
import { fdtd3d } from '../fdtd3d.ts';
import { portMonitor, sParameters, type Complex } from '../sparams.ts';
import { gaussianPulse, gaussianForBand } from '../waveforms.ts';
import { rasterizeMedium } from '../medium3d.ts';
import { tem2dImpedance } from '../lineImpedance.ts';

export interface LumpedLineOptions {
  epsR?: number;
  /** Load resistance over Z0 (default 1, matched). */
  loadFactor?: number;
  /** Frequencies (Hz), default 0.5..6 GHz step 0.5. */
  freqs?: number[];
  /** Strip width in nodes (odd, default 1); the ports then span that many parallel columns. */
  stripNodes?: number;
}

export interface LumpedLineResult {
  z0: number;
  freqs: number[];
  zin: Complex[];
  s11: Complex[];
  s21: Complex[];
}

/**
 * Runs the `line` validation case (file header): a 56 x (14 + stripNodes) x 10-node PEC box of 1 mm cells,
 * a wire/strip from x = 8 to 48 mm one cell above a ground sheet, port 1 (R = Z0, baseband Gaussian to 12 GHz)
 * and port 2 (R = loadFactor Z0, passive), 3 ns of fdtd3d.
 * @param o Options ({@link LumpedLineOptions}):
 *   - `epsR`: Homogeneous filling (default 1).
 *   - `loadFactor`: Z_load / Z0 (default 1, matched).
 *   - `freqs`: Frequencies (Hz), default 0.5..6 GHz step 0.5 GHz.
 *   - `stripNodes`: Strip width in nodes, odd 1..9 (default 1); both ports span that many Ez columns.
 * @returns {@link LumpedLineResult}: z0 (ohm, discrete-Laplace reference from {@link tem2dImpedance}), freqs
 *   (Hz), zin at port 1 (ohm), s11 and s21 (complex, referenced to z0), one per frequency.
 * @throws Error when stripNodes is not an odd integer in 1..9.
 */
export function lumpedLineFdtd(o: LumpedLineOptions = {}): LumpedLineResult {
  const epsR = o.epsR ?? 1, loadFactor = o.loadFactor ?? 1, w = o.stripNodes ?? 1;
  if (!(Number.isInteger(w) && w >= 1 && w <= 9 && w % 2 === 1)) throw new Error(`lumpedLineFdtd: stripNodes = ${w}, expected an odd integer 1..9`);
  const dx = 1e-3, nx = 56, ny = 15 + w - 1, nz = 10, jc = (ny - 1) / 2, kg = 2, ia = 8, ib = 48, h = (w - 1) / 2;
  const cond = new Uint8Array(ny * nz), gnd = new Uint8Array(ny * nz);
  for (let j = 0; j < ny; j++) for (let k = 0; k <= kg; k++) gnd[j * nz + k] = 1;
  for (let j = jc - h; j <= jc + h; j++) cond[j * nz + kg + 1] = 1;
  const z0 = tem2dImpedance(ny, nz, cond, gnd, epsR);
  const medium = rasterizeMedium({ nx, ny, nz, dx, dy: dx, dz: dx }, [
    { shape: { kind: 'box', min: [0, 0, 0], max: [(nx - 1) * dx, (ny - 1) * dx, (nz - 1) * dx] }, material: { epsR } },
    { shape: { kind: 'box', min: [0, 0, kg * dx], max: [(nx - 1) * dx, (ny - 1) * dx, kg * dx] }, material: { pec: true } },
    { shape: { kind: 'box', min: [ia * dx, (jc - h) * dx, (kg + 1) * dx], max: [ib * dx, (jc + h) * dx, (kg + 1) * dx] }, material: { pec: true } },
  ]);
  const sim = fdtd3d({
    nx, ny, nz, dx, medium, pml: { cells: 0 },
    ports: [
      { i: ia, j: jc - h, k0: kg, k1: kg + 1, resistance: z0, waveform: gaussianPulse(gaussianForBand(12e9)), columns: { axis: 'y', count: w } },
      { i: ib, j: jc - h, k0: kg, k1: kg + 1, resistance: loadFactor * z0, columns: { axis: 'y', count: w } },
    ],
  });
  const freqs = o.freqs ?? Array.from({ length: 12 }, (_, q) => 0.5e9 + q * 0.5e9);
  const mon = portMonitor(sim, 2, freqs);
  let s = sim.init(), m = mon.init();
  const steps = Math.ceil(3e-9 / sim.dt);
  for (let t = 0; t < steps; t++) {
    s = sim.step(s);
    m = mon.update(m, s);
  }
  const r = sParameters(m, 2, 0, z0);
  return { z0, freqs, zin: r.zin, s11: r.S.map((c) => c[0]!), s21: r.S.map((c) => c[1]!) };
}
