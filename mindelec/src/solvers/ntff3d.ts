/**
 * 3-D near-to-far-field transform (Balanis, Antenna Theory 4th ed. sec. 12.9; Taflove & Hagness ch. 8)
 * on the closed box of node planes [ia..ib] x [ja..jb] x [ka..kb] of an fdtd3d grid.
 * Running DFTs of E and H are interpolated (trilinear on each component's own Yee lattice) to the face
 * cell centres; J = n x H, M = -n x E; radiation vectors
 *   N = oint J e^{jk rhat.r'} dS,  L = oint M e^{jk rhat.r'} dS   (r' relative to `origin`, m)
 * and the radiation intensity (W/sr)
 *   U = k^2 / (32 pi^2 eta) ( |L_phi + eta N_theta|^2 + |L_theta - eta N_phi|^2 ).
 * `pattern` integrates U over the sphere for P_rad and the directivity D = 4 pi U / P_rad.
 */
import { dftMonitor, type DftState } from './dft.ts';
import { C0, ETA0 } from './constants.ts';
import type { Fdtd3D, Fdtd3DState } from './fdtd3d.ts';

type Comp = 'ex' | 'ey' | 'ez' | 'hx' | 'hy' | 'hz';
const COMPS: Comp[] = ['ex', 'ey', 'ez', 'hx', 'hy', 'hz'];
/** Yee offsets (cells) of each component. */
const OFFSET: Record<Comp, [number, number, number]> = {
  ex: [0.5, 0, 0], ey: [0, 0.5, 0], ez: [0, 0, 0.5], hx: [0, 0.5, 0.5], hy: [0.5, 0, 0.5], hz: [0.5, 0.5, 0],
};

export interface Ntff3DState {
  readonly dft: Record<Comp, DftState>;
}

export interface FarField3D {
  /** Radiation intensity U (W/sr) on the (theta, phi) grid, [theta][phi]. */
  U: Float64Array;
  thetas: number[];
  phis: number[];
  /** Radiated power (W) from integrating U. */
  power: number;
  /** Max directivity (linear). */
  directivityMax: number;
}

export interface Ntff3DMonitor {
  init(): Ntff3DState;
  update(m: Ntff3DState, s: Fdtd3DState): Ntff3DState;
  /** Radiation intensity U at one (theta, phi) (rad) for frequency index fi. */
  intensity(m: Ntff3DState, fi: number, theta: number, phi: number): number;
  /** U on a midpoint grid of nTheta x nPhi directions, P_rad and max directivity. */
  pattern(m: Ntff3DState, fi: number, nTheta?: number, nPhi?: number): FarField3D;
}

/**
 * 3-D near-to-far-field monitor for an fdtd3d grid (formulas in the file header), as
 * `{init, update, intensity, pattern}`.
 * @param sim The fdtd3d simulator (sizes, cell sizes and dt are used).
 * @param box Node-plane box [ia..ib] x [ja..jb] x [ka..kb] (inclusive node indices), strictly inside the
 *   grid (1 <= ia < ib <= nx-2, likewise for j, k) and enclosing all sources and scatterers, inside the PML;
 *   sampled at the centre of every face cell.
 * @param freqs Frequencies (Hz), nFreq of them.
 * @param origin Phase reference [x, y, z] in metres (node (i, j, k) sits at (i dx, j dy, k dz)).
 * @returns `update(m, s)` (once per step after `sim.step`) accumulates running DFTs of E at s.time and H at
 *   s.time - dt/2 on the box's trilinear stencils, in place; `intensity(m, fi, theta, phi)` gives U (W/sr)
 *   for frequency index fi at polar angle theta from +z and azimuth phi from +x (rad); `pattern(m, fi,
 *   nTheta = 36, nPhi = 72)` gives U on a midpoint grid as Float64Array [nTheta * nPhi] ([theta][phi]),
 *   the radiated power (W) and the maximum directivity (linear). U and power are of the DFT-weighted
 *   fields (times |W(f)|^2 of the source spectrum); the directivity is independent of it.
 * @throws Error when the box is not strictly inside the grid or not ia < ib, ja < jb, ka < kb.
 */
export function ntff3dMonitor(sim: Fdtd3D, box: { ia: number; ib: number; ja: number; jb: number; ka: number; kb: number }, freqs: readonly number[], origin: [number, number, number]): Ntff3DMonitor {
  const { nx, ny, nz, dx, dy, dz, dt } = sim;
  const { ia, ib, ja, jb, ka, kb } = box;
  if (!(ia >= 1 && ja >= 1 && ka >= 1 && ib <= nx - 2 && jb <= ny - 2 && kb <= nz - 2 && ia < ib && ja < jb && ka < kb)) {
    throw new Error(`ntff3dMonitor: box [${ia},${ib}]x[${ja},${jb}]x[${ka},${kb}] must lie inside 1..n-2 on every axis`);
  }
  const d = [dx, dy, dz];
  // face sample points: cell centres of each face, with outward normal and area
  const pts: { p: [number, number, number]; n: [number, number, number]; area: number }[] = [];
  const lo = [ia, ja, ka], hi = [ib, jb, kb];
  for (let a = 0; a < 3; a++) {
    const b = (a + 1) % 3, c = (a + 2) % 3;
    for (const [plane, sign] of [[hi[a]!, 1], [lo[a]!, -1]] as const) {
      for (let u = lo[b]!; u < hi[b]!; u++) {
        for (let v = lo[c]!; v < hi[c]!; v++) {
          const p: [number, number, number] = [0, 0, 0];
          p[a] = plane;
          p[b] = u + 0.5;
          p[c] = v + 0.5;
          const n: [number, number, number] = [0, 0, 0];
          n[a] = sign;
          pts.push({ p, n, area: d[b]! * d[c]! });
        }
      }
    }
  }
  // trilinear stencils per component: flat (index, weight) lists per sample point
  const stencil: Record<Comp, { idx: Int32Array; w: Float64Array; start: Int32Array }> = {} as never;
  const used: Record<Comp, Int32Array> = {} as never;
  for (const comp of COMPS) {
    const idx: number[] = [], w: number[] = [], start: number[] = [0];
    const o = OFFSET[comp];
    for (const { p } of pts) {
      const x = p[0] - o[0], y = p[1] - o[1], z = p[2] - o[2];
      const i0 = Math.floor(x), j0 = Math.floor(y), k0 = Math.floor(z);
      const fx = x - i0, fy = y - j0, fz = z - k0;
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let c = 0; c < 2; c++) {
        const wt = (a ? fx : 1 - fx) * (b ? fy : 1 - fy) * (c ? fz : 1 - fz);
        if (wt === 0) continue;
        idx.push(((i0 + a) * ny + (j0 + b)) * nz + (k0 + c));
        w.push(wt);
      }
      start.push(idx.length);
    }
    // DFT each distinct index once
    const distinct = Int32Array.from(new Set(idx));
    const pos = new Map<number, number>();
    distinct.forEach((q, r) => pos.set(q, r));
    stencil[comp] = { idx: Int32Array.from(idx.map((q) => pos.get(q)!)), w: Float64Array.from(w), start: Int32Array.from(start) };
    used[comp] = distinct;
  }
  const mons = Object.fromEntries(COMPS.map((c) => [c, dftMonitor(freqs, used[c].length, dt, used[c])])) as Record<Comp, ReturnType<typeof dftMonitor>>;
  const P = pts.length;
  // phasors at the sample points: [comp][point] re/im for one frequency
  const sample = (m: Ntff3DState, fi: number, comp: Comp): [Float64Array, Float64Array] => {
    const st = stencil[comp];
    const D = m.dft[comp];
    const base = fi * used[comp].length;
    const re = new Float64Array(P), im = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      let sr = 0, si = 0;
      for (let t = st.start[p]!; t < st.start[p + 1]!; t++) {
        sr += st.w[t]! * D.re[base + st.idx[t]!]!;
        si += st.w[t]! * D.im[base + st.idx[t]!]!;
      }
      re[p] = sr;
      im[p] = si;
    }
    return [re, im];
  };
  // surface currents cached per frequency: J = n x H, M = -n x E, each [3][P] re/im
  const currents = (m: Ntff3DState, fi: number) => {
    const E = (['ex', 'ey', 'ez'] as const).map((c) => sample(m, fi, c));
    const H = (['hx', 'hy', 'hz'] as const).map((c) => sample(m, fi, c));
    const J = [0, 1, 2].map(() => [new Float64Array(P), new Float64Array(P)] as [Float64Array, Float64Array]);
    const M = [0, 1, 2].map(() => [new Float64Array(P), new Float64Array(P)] as [Float64Array, Float64Array]);
    for (let p = 0; p < P; p++) {
      const n = pts[p]!.n;
      for (let part = 0; part < 2; part++) {
        const h = [H[0]![part]![p]!, H[1]![part]![p]!, H[2]![part]![p]!];
        const e = [E[0]![part]![p]!, E[1]![part]![p]!, E[2]![part]![p]!];
        J[0]![part]![p] = n[1] * h[2]! - n[2] * h[1]!;
        J[1]![part]![p] = n[2] * h[0]! - n[0] * h[2]!;
        J[2]![part]![p] = n[0] * h[1]! - n[1] * h[0]!;
        M[0]![part]![p] = -(n[1] * e[2]! - n[2] * e[1]!);
        M[1]![part]![p] = -(n[2] * e[0]! - n[0] * e[2]!);
        M[2]![part]![p] = -(n[0] * e[1]! - n[1] * e[0]!);
      }
    }
    return { J, M };
  };
  const cache = new Map<number, ReturnType<typeof currents>>();
  const intensity = (m: Ntff3DState, fi: number, theta: number, phi: number): number => {
    let cur = cache.get(fi);
    if (!cur) {
      cur = currents(m, fi);
      cache.set(fi, cur);
    }
    const k = (2 * Math.PI * freqs[fi]!) / C0;
    const st = Math.sin(theta), ct = Math.cos(theta), sp = Math.sin(phi), cp = Math.cos(phi);
    const r = [st * cp, st * sp, ct];
    const N = [0, 0, 0, 0, 0, 0], L = [0, 0, 0, 0, 0, 0]; // re x3, im x3
    for (let p = 0; p < P; p++) {
      const { p: q, area } = pts[p]!;
      const ph = k * ((q[0] * dx - origin[0]) * r[0]! + (q[1] * dy - origin[1]) * r[1]! + (q[2] * dz - origin[2]) * r[2]!);
      const c = Math.cos(ph) * area, s = Math.sin(ph) * area;
      for (let a = 0; a < 3; a++) {
        const jr = cur.J[a]![0]![p]!, ji = cur.J[a]![1]![p]!, mr = cur.M[a]![0]![p]!, mi = cur.M[a]![1]![p]!;
        N[a]! += jr * c - ji * s;
        N[a + 3]! += jr * s + ji * c;
        L[a]! += mr * c - mi * s;
        L[a + 3]! += mr * s + mi * c;
      }
    }
    const th = [ct * cp, ct * sp, -st], phv = [-sp, cp, 0];
    const dot = (V: number[], u: number[], off: number) => V[off]! * u[0]! + V[off + 1]! * u[1]! + V[off + 2]! * u[2]!;
    const Nt = [dot(N, th, 0), dot(N, th, 3)], Np = [dot(N, phv, 0), dot(N, phv, 3)];
    const Lt = [dot(L, th, 0), dot(L, th, 3)], Lp = [dot(L, phv, 0), dot(L, phv, 3)];
    const a1 = [Lp[0]! + ETA0 * Nt[0]!, Lp[1]! + ETA0 * Nt[1]!];
    const a2 = [Lt[0]! - ETA0 * Np[0]!, Lt[1]! - ETA0 * Np[1]!];
    return ((k * k) / (32 * Math.PI * Math.PI * ETA0)) * (a1[0]! ** 2 + a1[1]! ** 2 + a2[0]! ** 2 + a2[1]! ** 2);
  };
  return {
    init: () => ({ dft: Object.fromEntries(COMPS.map((c) => [c, mons[c].init()])) as Record<Comp, DftState> }),
    update(m, s) {
      cache.clear();
      for (const c of COMPS) mons[c].update(m.dft[c], s[c], c[0] === 'e' ? s.time : s.time - dt / 2);
      return m;
    },
    intensity,
    pattern(m, fi, nTheta = 36, nPhi = 72) {
      const thetas = Array.from({ length: nTheta }, (_, t) => ((t + 0.5) * Math.PI) / nTheta);
      const phis = Array.from({ length: nPhi }, (_, q) => ((q + 0.5) * 2 * Math.PI) / nPhi);
      const U = new Float64Array(nTheta * nPhi);
      let power = 0, uMax = 0;
      thetas.forEach((t, a) => phis.forEach((p, b) => {
        const u = intensity(m, fi, t, p);
        U[a * nPhi + b] = u;
        uMax = Math.max(uMax, u);
        power += u * Math.sin(t) * (Math.PI / nTheta) * ((2 * Math.PI) / nPhi);
      }));
      return { U, thetas, phis, power, directivityMax: (4 * Math.PI * uMax) / power };
    },
  };
}
