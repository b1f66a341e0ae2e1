/**
 * 2-D near-to-far-field transform (Taflove & Hagness ch. 8, 2-D form) on a rectangular contour of
 * nodes [ia..ib] x [ja..jb] that lies in the scattered-field (or radiating) region, for an fdtd2d grid.
 *
 * ntff2dMonitor accumulates running DFTs of u on the contour nodes and of vx, vy on the half nodes on
 * either side; farField2D then gives the far-zone integral
 *   I(phi) = sum_contour w [ g (nx vy - ny vx) + u (n . rhat) ] exp(j k rhat . r'),
 *   g = -eta (TM: u = Ez), +1/eta (TE: u = Hz),
 * from which u_far = sqrt(j k / (8 pi rho)) e^{-jk rho} I and the echo width
 *   sigma_2D(phi) = k |I|^2 / (4 |u_inc|^2)   (m).
 * Positions r' are relative to `origin` (node coordinates, cells).
 */
import { dftMonitor, type DftFns, type DftState } from './dft.ts';
import { C0 } from './constants.ts';
import type { Fdtd2D, Fdtd2DState } from './fdtd2d.ts';

export interface Ntff2DMonitor {
  readonly freqs: Float64Array;
  init(): Ntff2DState;
  update(m: Ntff2DState, s: Fdtd2DState): Ntff2DState;
  /** Complex far-field integral I(phi) [re, im] per frequency index and angle (rad, from +x). */
  farIntegral(m: Ntff2DState, freqIndex: number, phis: readonly number[]): { re: Float64Array; im: Float64Array };
}

export interface Ntff2DState {
  readonly u: DftState;
  readonly vx: DftState;
  readonly vy: DftState;
}

interface ContourPoint {
  i: number;
  j: number;
  nx: number;
  ny: number;
  w: number;
}

/**
 * 2-D near-to-far-field monitor for an fdtd2d grid (formula in the file header), as `{init, update, farIntegral}`.
 * @param grid The fdtd2d simulator (nx, ny, dx, dy, dt, pol are used).
 * @param contour Node-index rectangle [ia..ib] x [ja..jb] (inclusive), strictly inside the grid
 *   (1 <= ia < ib <= nx-2, 1 <= ja < jb <= ny-2) and in the scattered-field / radiating region,
 *   i.e. outside a TF/SF box and inside the PML.
 * @param freqs Frequencies (Hz), nFreq of them.
 * @param origin Phase reference in node indices (i, j), usually the scatterer's centre.
 * @returns `freqs` (Float64Array [nFreq]); `update(m, s)` (once per step after `grid.step`) accumulates
 *   the running DFTs in place; `farIntegral(m, freqIndex, phis)` gives I(phi) for angles `phis` (rad,
 *   from +x towards +y) as `re`, `im` Float64Array [phis.length], in u's DFT unit times m (TM: V s,
 *   TE: A s); feed it to {@link echoWidth} with the incident phasor's DFT magnitude.
 * @throws Error when the contour is not strictly inside the grid or not ia < ib, ja < jb.
 */
export function ntff2dMonitor(
  grid: Fdtd2D,
  contour: { ia: number; ib: number; ja: number; jb: number },
  freqs: readonly number[],
  origin: { i: number; j: number },
): Ntff2DMonitor {
  const { ia, ib, ja, jb } = contour;
  const { nx, ny, dx, dy, dt } = grid;
  if (!(ia >= 1 && ib <= nx - 2 && ja >= 1 && jb <= ny - 2 && ia < ib && ja < jb)) {
    throw new Error(`ntff2dMonitor: contour [${ia},${ib}]x[${ja},${jb}] must lie inside 1..${nx - 2} x 1..${ny - 2}`);
  }
  const pts: ContourPoint[] = [];
  for (let j = ja; j <= jb; j++) {
    const w = j === ja || j === jb ? dy / 2 : dy;
    pts.push({ i: ib, j, nx: 1, ny: 0, w }, { i: ia, j, nx: -1, ny: 0, w });
  }
  for (let i = ia; i <= ib; i++) {
    const w = i === ia || i === ib ? dx / 2 : dx;
    pts.push({ i, j: jb, nx: 0, ny: 1, w }, { i, j: ja, nx: 0, ny: -1, w });
  }
  const P = pts.length;
  const uIdx = new Int32Array(P);
  const vxIdx = new Int32Array(2 * P); // (i, j-1/2), (i, j+1/2)
  const vyIdx = new Int32Array(2 * P); // (i-1/2, j), (i+1/2, j)
  pts.forEach((p, q) => {
    const k = p.i * ny + p.j;
    uIdx[q] = k;
    vxIdx[2 * q] = k - 1;
    vxIdx[2 * q + 1] = k;
    vyIdx[2 * q] = k - ny;
    vyIdx[2 * q + 1] = k;
  });
  const uDft: DftFns = dftMonitor(freqs, P, dt, uIdx);
  const vxDft: DftFns = dftMonitor(freqs, 2 * P, dt, vxIdx);
  const vyDft: DftFns = dftMonitor(freqs, 2 * P, dt, vyIdx);
  const f = Float64Array.from(freqs);
  const eta = Math.sqrt(1.25663706212e-6 / (1 / (1.25663706212e-6 * C0 * C0)));
  const g = grid.pol === 'TM' ? -eta : 1 / eta;
  return {
    freqs: f,
    init: () => ({ u: uDft.init(), vx: vxDft.init(), vy: vyDft.init() }),
    update(m, s) {
      uDft.update(m.u, s.u, s.time);
      vxDft.update(m.vx, s.vx, s.time - dt / 2);
      vyDft.update(m.vy, s.vy, s.time - dt / 2);
      return m;
    },
    farIntegral(m, fi, phis) {
      const k = (2 * Math.PI * f[fi]!) / C0;
      const re = new Float64Array(phis.length);
      const im = new Float64Array(phis.length);
      const bu = fi * P;
      const bv = fi * 2 * P;
      for (let a = 0; a < phis.length; a++) {
        const cx = Math.cos(phis[a]!);
        const cy = Math.sin(phis[a]!);
        let sr = 0;
        let si = 0;
        for (let q = 0; q < P; q++) {
          const p = pts[q]!;
          const ur = m.u.re[bu + q]!, ui = m.u.im[bu + q]!;
          const vxr = 0.5 * (m.vx.re[bv + 2 * q]! + m.vx.re[bv + 2 * q + 1]!);
          const vxi = 0.5 * (m.vx.im[bv + 2 * q]! + m.vx.im[bv + 2 * q + 1]!);
          const vyr = 0.5 * (m.vy.re[bv + 2 * q]! + m.vy.re[bv + 2 * q + 1]!);
          const vyi = 0.5 * (m.vy.im[bv + 2 * q]! + m.vy.im[bv + 2 * q + 1]!);
          const nDotR = p.nx * cx + p.ny * cy;
          const tr = g * (p.nx * vyr - p.ny * vxr) + ur * nDotR;
          const ti = g * (p.nx * vyi - p.ny * vxi) + ui * nDotR;
          const phase = k * ((p.i - origin.i) * dx * cx + (p.j - origin.j) * dy * cy);
          const c = Math.cos(phase), sn = Math.sin(phase);
          sr += p.w * (tr * c - ti * sn);
          si += p.w * (tr * sn + ti * c);
        }
        re[a] = sr;
        im[a] = si;
      }
      return { re, im };
    },
  };
}

/**
 * Echo width sigma_2D = k |I|^2 / (4 |u_inc|^2) (m) per angle, from {@link Ntff2DMonitor.farIntegral}'s I
 * (re/im Float64Array [nAngles]), the free-space wavenumber k = 2 pi f / c0 (rad/m) and the magnitude of the
 * incident u's DFT at the same frequency (same DFT weighting as I, so the source spectrum cancels).
 * @returns Float64Array [nAngles] (m). Throws nothing.
 */
export function echoWidth(I: { re: Float64Array; im: Float64Array }, k: number, incMag: number): Float64Array {
  const out = new Float64Array(I.re.length);
  for (let a = 0; a < out.length; a++) out[a] = (k * (I.re[a]! ** 2 + I.im[a]! ** 2)) / (4 * incMag * incMag);
  return out;
}
