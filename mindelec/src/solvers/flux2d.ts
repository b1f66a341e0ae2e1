/**
 * Poynting flux monitor for fdtd2d: time-averaged power (W per metre of z) leaving a closed rectangle of
 * nodes [ia..ib] x [ja..jb], from running DFTs of u (at the nodes) and v (averaged from the two
 * neighbouring half nodes) on its sides:  P = (1/2) Re oint (E x H*) . n dl.
 *   TM (u = Ez, vx = Hx, vy = Hy):  S_x = -Ez Hy*,  S_y = Ez Hx*
 *   TE (u = Hz, vx = Ex, vy = Ey):  S_x =  Ey Hz*,  S_y = -Ex Hz*
 * The phasors are of the DFT-weighted fields (dft.ts), so P carries the source spectrum's |W(f)|^2.
 */
import { dftMonitor, type DftState } from './dft.ts';
import type { Fdtd2D, Fdtd2DState } from './fdtd2d.ts';

export interface Flux2DState {
  readonly u: DftState;
  readonly vx: DftState;
  readonly vy: DftState;
}

export interface Flux2DMonitor {
  init(): Flux2DState;
  update(m: Flux2DState, s: Fdtd2DState): Flux2DState;
  /** Outward flux per frequency (W/m, times the DFT normalisation). */
  flux(m: Flux2DState): Float64Array;
}

/**
 * Outward Poynting flux through a closed rectangle of an fdtd2d grid, per frequency, as `{init, update, flux}`.
 * @param grid The fdtd2d simulator (its nx, ny, dx, dy, dt and pol are used).
 * @param box Node-index rectangle [ia..ib] x [ja..jb] (inclusive, i along x), strictly inside the grid:
 *   1 <= ia < ib <= nx-2, 1 <= ja < jb <= ny-2; side nodes are weighted dx or dy (corners half).
 * @param freqs Frequencies (Hz), nFreq of them.
 * @returns `update(m, s)` (call once per step after `grid.step`) accumulates running DFTs of u at
 *   s.time and of vx, vy at s.time - dt/2, in place; `flux(m)` returns a new Float64Array [nFreq] of
 *   P = (1/2) Re oint (E x H*) . n dl in W/m (per metre of z) of the DFT-weighted fields, i.e. times
 *   |W(f)|^2 of the source spectrum (divide by that for a unit-amplitude phasor).
 * @throws Error when the box is not strictly inside the grid or not ia < ib, ja < jb.
 */
export function flux2dMonitor(grid: Fdtd2D, box: { ia: number; ib: number; ja: number; jb: number }, freqs: readonly number[]): Flux2DMonitor {
  const { ia, ib, ja, jb } = box;
  const { nx, ny, dx, dy, dt, pol } = grid;
  if (!(ia >= 1 && ib <= nx - 2 && ja >= 1 && jb <= ny - 2 && ia < ib && ja < jb)) {
    throw new Error(`flux2dMonitor: box [${ia},${ib}]x[${ja},${jb}] must lie inside 1..${nx - 2} x 1..${ny - 2}`);
  }
  const pts: { k: number; nx: number; ny: number; w: number }[] = [];
  for (let j = ja; j <= jb; j++) {
    const w = j === ja || j === jb ? dy / 2 : dy;
    pts.push({ k: ib * ny + j, nx: 1, ny: 0, w }, { k: ia * ny + j, nx: -1, ny: 0, w });
  }
  for (let i = ia; i <= ib; i++) {
    const w = i === ia || i === ib ? dx / 2 : dx;
    pts.push({ k: i * ny + jb, nx: 0, ny: 1, w }, { k: i * ny + ja, nx: 0, ny: -1, w });
  }
  const P = pts.length;
  const uIdx = Int32Array.from(pts.map((p) => p.k));
  const vxIdx = Int32Array.from(pts.flatMap((p) => [p.k - 1, p.k]));
  const vyIdx = Int32Array.from(pts.flatMap((p) => [p.k - ny, p.k]));
  const ud = dftMonitor(freqs, P, dt, uIdx), vxd = dftMonitor(freqs, 2 * P, dt, vxIdx), vyd = dftMonitor(freqs, 2 * P, dt, vyIdx);
  const sgn = pol === 'TM' ? -1 : 1; // S_x = sgn Re(u vy*) , S_y = -sgn Re(u vx*)
  return {
    init: () => ({ u: ud.init(), vx: vxd.init(), vy: vyd.init() }),
    update(m, s) {
      ud.update(m.u, s.u, s.time);
      vxd.update(m.vx, s.vx, s.time - dt / 2);
      vyd.update(m.vy, s.vy, s.time - dt / 2);
      return m;
    },
    flux(m) {
      const out = new Float64Array(freqs.length);
      for (let q = 0; q < freqs.length; q++) {
        let sum = 0;
        for (let p = 0; p < P; p++) {
          const a = q * P + p, b = q * 2 * P + 2 * p;
          const ur = m.u.re[a]!, ui = m.u.im[a]!;
          const vxr = 0.5 * (m.vx.re[b]! + m.vx.re[b + 1]!), vxi = 0.5 * (m.vx.im[b]! + m.vx.im[b + 1]!);
          const vyr = 0.5 * (m.vy.re[b]! + m.vy.re[b + 1]!), vyi = 0.5 * (m.vy.im[b]! + m.vy.im[b + 1]!);
          const sx = sgn * (ur * vyr + ui * vyi);
          const sy = -sgn * (ur * vxr + ui * vxi);
          sum += pts[p]!.w * (pts[p]!.nx * sx + pts[p]!.ny * sy);
        }
        out[q] = 0.5 * sum;
      }
      return out;
    },
  };
}
