/**
 * TE10 mode ports for 3-D FDTD in rectangular PEC waveguides along x (fdtd3d grid, E of the mode = Ez):
 * the guide spans PEC walls at node rows j = j0 and j = j1 (width w = (j1 - j0) dy) and the full height
 * in z (PEC top and bottom). The Yee-discrete TE10 mode is exact on the grid:
 *   Ez(j, k) = sin(pi (j - j0) / (j1 - j0)) on the Ez edges j0 < j < j1, k = 0..nz-2 (uniform in z),
 *   kc~ = (2/dy) sin(pi dy / (2 w)),  k~ = (2/(c dt)) sin(omega dt / 2),  beta~^2 = k~^2 - kc~^2,
 *   beta = (2/dx) asin(beta~ dx / 2).
 * The profile is a SlabMode over the flattened (j, k) plane of Ez (index j * nz + k), normalised to
 * sum u^2 dy dz = 1, so modeAmplitudes (with the cell area dy dz in place of dy) and modeSParameters from
 * modePort2d.ts give the modal amplitudes and S-parameters from Ez on two adjacent planes i, i+1.
 */
import { C0, FdtdConfigError } from './constants.ts';
import type { CurrentSource3D } from './fdtd3d.ts';
import type { SlabMode } from './modePort2d.ts';
import type { WaveformFn } from './waveforms.ts';

export interface RectModeOptions {
  ny: number;
  nz: number;
  dy: number;
  dz: number;
  /** PEC wall rows (node indices), 0 <= j0 < j1 <= ny - 1. */
  j0: number;
  j1: number;
  /** rad/s */
  omega: number;
  /** FDTD time step (s). */
  dt: number;
  /** Cell along propagation (m). */
  dx: number;
}

/** The discrete TE10 mode, or null below its cutoff. */
export function rectTE10(o: RectModeOptions): SlabMode | null {
  const { ny, nz, dy, dz, j0, j1 } = o;
  if (!(Number.isInteger(j0) && Number.isInteger(j1) && j0 >= 0 && j1 <= ny - 1 && j1 - j0 >= 2)) {
    throw new FdtdConfigError(`rectTE10: walls j0=${j0}, j1=${j1}: expected integers 0 <= j0, j0 + 2 <= j1 <= ${ny - 1}`);
  }
  const w = j1 - j0;
  const kc = (2 / dy) * Math.sin(Math.PI / (2 * w));
  const k = ((2 / (C0 * o.dt)) * Math.sin((o.omega * o.dt) / 2));
  const bt2 = k * k - kc * kc;
  if (!(bt2 > 0)) return null;
  const bt = Math.sqrt(bt2);
  if (bt * o.dx > 2) throw new FdtdConfigError(`rectTE10: beta~ dx = ${bt * o.dx} > 2 (grid too coarse along x)`);
  const profile = new Float64Array(ny * nz);
  let norm = 0;
  for (let j = j0 + 1; j < j1; j++) {
    const v = Math.sin((Math.PI * (j - j0)) / w);
    for (let q = 0; q < nz - 1; q++) {
      profile[j * nz + q] = v;
      norm += v * v * dy * dz;
    }
  }
  const s = 1 / Math.sqrt(norm);
  for (let p = 0; p < profile.length; p++) profile[p] = profile[p]! * s;
  return { beta: (2 / o.dx) * Math.asin((bt * o.dx) / 2), profile };
}

export interface Grid3DShape {
  nx: number;
  ny: number;
  nz: number;
}

/** Flat Ez indices (fdtd3d layout (i ny + j) nz + k) of the plane i, length ny * nz, in profile order. */
export function ezPlane(grid: Grid3DShape, i: number): Int32Array {
  if (!(Number.isInteger(i) && i >= 0 && i < grid.nx)) throw new FdtdConfigError(`ezPlane: i = ${i}, expected 0..${grid.nx - 1}`);
  return Int32Array.from({ length: grid.ny * grid.nz }, (_, p) => i * grid.ny * grid.nz + p);
}

/** A soft Jz sheet (A/m^2, peak `amplitude`) with the mode profile on plane i. */
export function modeSource3d(grid: Grid3DShape, mode: SlabMode, i: number, waveform: WaveformFn, amplitude = 1): CurrentSource3D {
  const plane = ezPlane(grid, i);
  let peak = 0;
  for (const v of mode.profile) peak = Math.max(peak, Math.abs(v));
  const idx: number[] = [], amp: number[] = [];
  mode.profile.forEach((v, p) => {
    if (v !== 0) {
      idx.push(plane[p]!);
      amp.push((amplitude * v) / peak);
    }
  });
  return { component: 'ez', indices: Int32Array.from(idx), amplitudes: Float64Array.from(amp), waveform };
}
