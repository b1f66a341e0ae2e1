/**
 * Validation case `patch`: the microstrip patch of openEMS's "Simple Patch Antenna" tutorial
 * (32 x 40 mm PEC patch, eps_r 3.38, h 1.524 mm, 60 x 60 mm substrate and ground, 50 ohm lumped feed
 * at x = -6 mm), on a uniform grid (dx = dy, dz = h / substrateCells), CPML all round. S11 over
 * 1-3 GHz from the port V/I; resonance = min |S11|, compared with openEMS's committed result
 * (mindelec/reference/patch/patch_openems.json, made by patch_openems.py).
 */
import { fdtd3d } from '../fdtd3d.ts';
import { rasterizeMedium } from '../medium3d.ts';
import { portMonitor, sParameters, type SParameterResult } from '../sparams.ts';
import { openEmsGaussian } from '../waveforms.ts';

export interface PatchOptions {
  /** In-plane cell (m), default 1 mm. */
  dxy?: number;
  substrateCells?: number;
  /** Air margin around the substrate (m) and above/below (m). */
  margin?: number;
  /** Simulated time (s), default 12 ns. */
  duration?: number;
  nFreq?: number;
  onProgress?: (step: number, total: number) => void;
}

export interface PatchResult extends SParameterResult {
  resonance: number;
  s11MinDb: number;
  cells: [number, number, number];
  steps: number;
  wallSeconds: number;
}

/**
 * Runs the `patch` validation case (file header): fdtd3d with an 8-cell CPML on all faces, the 50 ohm lumped
 * port across the substrate at x = -6 mm driven by openEMS's Gaussian (f0 2 GHz, 20 dB corner 1 GHz),
 * S11 by power waves over 1-3 GHz. Finer dxy or more substrateCells cost quickly (more cells, and a smaller
 * dz also shrinks dt); the defaults take minutes.
 * @param o Options ({@link PatchOptions}):
 *   - `dxy`: In-plane cell (m), default 1 mm.
 *   - `substrateCells`: Cells across h = 1.524 mm (default 4).
 *   - `margin`: Air around the 60 mm substrate and above it (m), default 15 mm.
 *   - `duration`: Simulated time (s), default 12 ns.
 *   - `nFreq`: Frequencies from 1 to 3 GHz (default 201).
 *   - `onProgress`: Called every 500 steps with (step, total).
 * @returns {@link PatchResult}: the port's {@link SParameterResult} (S[f][0] = S11, zin in ohm, z0 = 50),
 *   the resonance (Hz, frequency of min |S11|), s11MinDb (dB), grid cells [nx, ny, nz], steps and wall seconds.
 * @throws FdtdConfigError from fdtd3d for options that give an invalid grid (e.g. dxy <= 0).
 */
export function patchFdtd(o: PatchOptions = {}): PatchResult {
  const d = o.dxy ?? 1e-3;
  const h = 1.524e-3;
  const nSub = o.substrateCells ?? 4;
  const dz = h / nSub;
  const margin = o.margin ?? 15e-3;
  const pml = 8;
  const half = 30e-3 + margin;
  const nxy = 2 * Math.round(half / d) + 1 + 2 * pml;
  const below = Math.round(10e-3 / dz), above = Math.round((margin + 5e-3) / dz);
  const nz = pml + below + nSub + above + pml + 1;
  const origin: [number, number, number] = [-(nxy - 1) / 2 * d, -(nxy - 1) / 2 * d, -(pml + below) * dz];
  const medium = rasterizeMedium({ nx: nxy, ny: nxy, nz, dx: d, dy: d, dz, origin }, [
    { shape: { kind: 'box', min: [-30e-3, -30e-3, 0], max: [30e-3, 30e-3, h] }, material: { epsR: 3.38 } },
    { shape: { kind: 'box', min: [-30e-3, -30e-3, 0], max: [30e-3, 30e-3, 0] }, material: { pec: true } },
    { shape: { kind: 'box', min: [-16e-3, -20e-3, h], max: [16e-3, 20e-3, h] }, material: { pec: true } },
  ]);
  const f0 = 2e9, fc = 1e9;
  const waveform = openEmsGaussian(f0, fc); // openEMS's excitation, 20 dB corner fc
  const iFeed = Math.round((-6e-3 - origin[0]) / d), jFeed = Math.round(-origin[1] / d), kGnd = pml + below;
  const sim = fdtd3d({
    nx: nxy, ny: nxy, nz, dx: d, dy: d, dz, medium, pml: { cells: pml },
    ports: [{ i: iFeed, j: jFeed, k0: kGnd, k1: kGnd + nSub, resistance: 50, waveform }],
  });
  const nF = o.nFreq ?? 201;
  const freqs = Array.from({ length: nF }, (_, q) => 1e9 + (2e9 * q) / (nF - 1));
  const mon = portMonitor(sim, 1, freqs);
  const steps = Math.ceil((o.duration ?? 12e-9) / sim.dt);
  let s = sim.init(), m = mon.init();
  const tStart = performance.now();
  for (let t = 0; t < steps; t++) {
    s = sim.step(s);
    m = mon.update(m, s);
    if (o.onProgress && t % 500 === 0) o.onProgress(t, steps);
  }
  const sp = sParameters(m, 1, 0, 50);
  let best = 0;
  sp.S.forEach((col, q) => {
    if (Math.hypot(col[0]!.re, col[0]!.im) < Math.hypot(sp.S[best]![0]!.re, sp.S[best]![0]!.im)) best = q;
  });
  const s11 = sp.S[best]![0]!;
  return {
    ...sp,
    resonance: freqs[best]!,
    s11MinDb: 10 * Math.log10(s11.re ** 2 + s11.im ** 2),
    cells: [nxy, nxy, nz],
    steps,
    wallSeconds: (performance.now() - tStart) / 1000,
  };
}
