/**
 * Validation case `slab`: normal-incidence reflection/transmission of a lossless dielectric slab
 * (relative permittivity epsR, thickness d in m) in vacuum, 1-D FDTD vs the exact transfer-matrix result
 *   r = r12 (1 - e^{-2j delta}) / (1 - r12^2 e^{-2j delta}),  r12 = (1 - n)/(1 + n),  delta = k0 n d,
 *   |t|^2 = 1 - |r|^2.
 * FDTD: two runs (empty, slab) with a soft modulated-Gaussian source; R from (E_slab - E_empty) / E_empty at a probe
 * before the slab, T from E_slab / E_empty at a probe after it (running DFTs). The cell size makes the
 * slab an integer number of cells with >= cellsPerWavelength cells per wavelength inside at fMax.
 */
import { C0 } from '../constants.ts';
import { fdtd1d } from '../fdtd1d.ts';
import { dftMonitor } from '../dft.ts';
import { modulatedGaussian } from '../waveforms.ts';

export interface SlabOptions {
  epsR: number;
  /** Slab thickness (m). */
  thickness: number;
  fMin: number;
  fMax: number;
  nFreq?: number;
  cellsPerWavelength?: number;
  boundary?: 'cpml' | 'mur';
}

export interface SlabResult {
  freqs: number[];
  R: number[];
  T: number[];
  Ranalytic: number[];
  Tanalytic: number[];
  maxErrorR: number;
  maxErrorT: number;
  dx: number;
  steps: number;
}

/**
 * Exact normal-incidence power reflectance and transmittance of a lossless dielectric slab in vacuum
 * (transfer matrix, file header).
 * @param epsR Relative permittivity of the slab.
 * @param d Thickness (m).
 * @param f Frequency (Hz).
 * @returns `{R, T}` = |r|^2 and |t|^2 = 1 - R (dimensionless). Throws nothing.
 */
export function slabAnalytic(epsR: number, d: number, f: number): { R: number; T: number } {
  const n = Math.sqrt(epsR);
  const r12 = (1 - n) / (1 + n);
  const delta = ((2 * Math.PI * f) / C0) * n * d;
  // e^{-2j delta}
  const er = Math.cos(2 * delta), ei = -Math.sin(2 * delta);
  const numR = r12 * (1 - er), numI = -r12 * ei;
  const denR = 1 - r12 * r12 * er, denI = -r12 * r12 * ei;
  const R = (numR * numR + numI * numI) / (denR * denR + denI * denI);
  return { R, T: 1 - R };
}

/**
 * Runs the `slab` validation case (file header) with fdtd1d: an empty run and a slab run, each fed by a soft
 * modulated Gaussian covering [fMin, fMax] and stopped once the field has decayed below 1e-6 of its peak.
 * @param o Options ({@link SlabOptions}):
 *   - `epsR`: Slab relative permittivity (>= 1).
 *   - `thickness`: Slab thickness (m).
 *   - `fMin`: Lowest frequency (Hz).
 *   - `fMax`: Highest frequency (Hz); `nFreq` frequencies (default 21) are spaced linearly from fMin to fMax.
 *   - `cellsPerWavelength`: Minimum cells per wavelength in the slab at fMax (default 30); dx makes the
 *     slab a whole number of cells (>= 2).
 *   - `boundary`: 'cpml' (default, 20 cells) or 'mur'.
 * @returns {@link SlabResult}: freqs (Hz), FDTD R and T (|r|^2, |t|^2), the analytic values, the largest
 *   absolute errors, dx (m) and the steps of the slab run.
 * @throws Error when epsR < 1, thickness <= 0 or not 0 < fMin < fMax.
 */
export function slabFdtd(o: SlabOptions): SlabResult {
  if (!(o.epsR >= 1)) throw new Error(`slab: epsR must be >= 1, got ${o.epsR}`);
  if (!(o.thickness > 0)) throw new Error(`slab: thickness must be > 0 m, got ${o.thickness}`);
  if (!(o.fMax > o.fMin && o.fMin > 0)) throw new Error(`slab: need 0 < fMin < fMax, got fMin=${o.fMin} fMax=${o.fMax}`);
  const nFreq = o.nFreq ?? 21;
  const ppw = o.cellsPerWavelength ?? 30;
  const lambdaMin = C0 / o.fMax / Math.sqrt(o.epsR);
  const cellsInSlab = Math.max(2, Math.ceil((o.thickness / lambdaMin) * ppw));
  const dx = o.thickness / cellsInSlab;
  const pml = 20;
  const gap = Math.ceil(C0 / o.fMin / dx / 4) + 10;
  const n = 2 * pml + 2 * gap + cellsInSlab + 10;
  const srcIdx = pml + 5;
  const refl = srcIdx + 5;
  const s0 = pml + gap + 5;
  const trans = s0 + cellsInSlab + gap - 5;
  const epsR = new Float64Array(n).fill(1);
  for (let i = s0; i < s0 + cellsInSlab; i++) epsR[i] = o.epsR;
  // node i stands for the cell [i - 1/2, i + 1/2]; the slab faces sit half a cell from the end nodes
  const freqs = Array.from({ length: nFreq }, (_, q) => o.fMin + ((o.fMax - o.fMin) * q) / Math.max(nFreq - 1, 1));
  // zero-mean pulse (a baseband current pulse would leave a static charge behind)
  const halfBandwidth = o.fMax - o.fMin;
  const tau = Math.sqrt(Math.log(100)) / (Math.PI * halfBandwidth);
  const waveform = modulatedGaussian({ f0: 0.5 * (o.fMin + o.fMax), halfBandwidth });
  const run = (withSlab: boolean) => {
    const sim = fdtd1d({
      n,
      dx,
      medium: withSlab ? { epsR } : undefined,
      boundary: o.boundary ?? 'cpml',
      pml: { cells: pml },
      sources: [{ index: srcIdx, waveform }],
    });
    const mon = dftMonitor(freqs, 2, sim.dt, Int32Array.of(refl, trans));
    let s = sim.init();
    let m = mon.init();
    const tEnd = 9 * tau + (4 * n * dx * Math.sqrt(o.epsR)) / C0;
    let peak = 0;
    while (s.time < tEnd * 10) {
      s = sim.step(s);
      m = mon.update(m, s.ez, s.time);
      if (s.step % 100 === 0) {
        let mx = 0;
        for (let i = 0; i < n; i++) mx = Math.max(mx, Math.abs(s.ez[i]!));
        peak = Math.max(peak, mx);
        if (s.time > tEnd && mx < 1e-6 * peak) break;
      }
    }
    return { m, steps: s.step };
  };
  const empty = run(false);
  const full = run(true);
  const R: number[] = [], T: number[] = [], Ra: number[] = [], Ta: number[] = [];
  let maxErrorR = 0, maxErrorT = 0;
  freqs.forEach((f, q) => {
    const e = empty.m, s = full.m;
    const incR = e.re[2 * q]!, incI = e.im[2 * q]!;
    const inc2 = incR * incR + incI * incI;
    const rr = s.re[2 * q]! - incR, ri = s.im[2 * q]! - incI;
    const tr = s.re[2 * q + 1]!, ti = s.im[2 * q + 1]!;
    const ti2 = e.re[2 * q + 1]! ** 2 + e.im[2 * q + 1]! ** 2;
    R.push((rr * rr + ri * ri) / inc2);
    T.push((tr * tr + ti * ti) / ti2);
    const a = slabAnalytic(o.epsR, o.thickness, f);
    Ra.push(a.R);
    Ta.push(a.T);
    maxErrorR = Math.max(maxErrorR, Math.abs(R[q]! - a.R));
    maxErrorT = Math.max(maxErrorT, Math.abs(T[q]! - a.T));
  });
  return { freqs, R, T, Ranalytic: Ra, Tanalytic: Ta, maxErrorR, maxErrorT, dx, steps: full.steps };
}

/**
 * |R|^2 and |T|^2 of a slab with complex relative permittivity eps = epsRe + j epsIm (e^{+j omega t};
 * a lossy medium has epsIm < 0), thickness d (m), in vacuum, normal incidence:
 *   r = r12 (1 - e^{-2j delta}) / (1 - r12^2 e^{-2j delta}),  t = (1 - r12^2) e^{-j delta} / (1 - r12^2 e^{-2j delta})
 *   with n = sqrt(eps) (Im n <= 0), r12 = (1 - n)/(1 + n), delta = k0 n d.
 */
export function slabAnalyticComplex(epsRe: number, epsIm: number, d: number, f: number): { R: number; T: number } {
  type C = [number, number];
  const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
  const div = (a: C, b: C): C => {
    const q = b[0] * b[0] + b[1] * b[1];
    return [(a[0] * b[0] + a[1] * b[1]) / q, (a[1] * b[0] - a[0] * b[1]) / q];
  };
  const cexp = (a: C): C => [Math.exp(a[0]) * Math.cos(a[1]), Math.exp(a[0]) * Math.sin(a[1])];
  // principal sqrt, then choose the root with Im <= 0
  const mod = Math.hypot(epsRe, epsIm);
  let nn: C = [Math.sqrt((mod + epsRe) / 2), Math.sign(epsIm || 1) * Math.sqrt(Math.max((mod - epsRe) / 2, 0))];
  if (nn[1] > 0) nn = [-nn[0], -nn[1]];
  if (nn[0] < 0) nn = [-nn[0], -nn[1]];
  const k0 = (2 * Math.PI * f) / C0;
  const r12 = div([1 - nn[0], -nn[1]], [1 + nn[0], nn[1]]);
  const delta: C = [k0 * nn[0] * d, k0 * nn[1] * d];
  const e2 = cexp([2 * delta[1], -2 * delta[0]]); // e^{-2j delta}
  const e1 = cexp([delta[1], -delta[0]]); // e^{-j delta}
  const r122 = mul(r12, r12);
  const den: C = [1 - (r122[0] * e2[0] - r122[1] * e2[1]), -(r122[0] * e2[1] + r122[1] * e2[0])];
  const r = div(mul(r12, [1 - e2[0], -e2[1]]), den);
  const t = div(mul([1 - r122[0], -r122[1]], e1), den);
  return { R: r[0] ** 2 + r[1] ** 2, T: t[0] ** 2 + t[1] ** 2 };
}
