/**
 * Parametric two-layer dielectric window, the S11 family our shipped surrogate dataset is generated
 * from (1-D FDTD, normal incidence, vacuum on both sides). Layer A: lossless, eps_r = epsA, thickness
 * dA (mm); layer B behind it: eps_r 4, conductivity 0.05 S/m, thickness dB (mm). S11 is the complex
 * reflection coefficient referred to the front face of layer A, e^{+j w t} phasors, over 2-10 GHz.
 *   fdtd: two solvers/fdtd1d runs (empty and loaded grid, soft modulated-Gaussian source, CPML), running
 *         DFT at a probe before the stack, r_probe = (E_loaded - E_empty) / E_empty, then moved to the
 *         front face with the vacuum phase e^{+2 j k0 L} (k0 from the grid's own dispersion relation).
 *   exact: the transfer-matrix (impedance recursion) result, eps_c = eps_r - j sigma / (w eps0).
 * The layers are snapped to whole cells (thickness / cell rounded), so draw designs with `snapLayers`.
 */
import { evenFrequencies, checkParameterRanges } from './familyCommon.ts';
import { C0, EPS0, fdtd1d, dftMonitor, modulatedGaussian, type Complex } from '../../solvers/index.ts';

export interface LayerDesign {
  /** Layer A relative permittivity (1). */
  epsA: number;
  /** Layer A thickness (mm). */
  dA: number;
  /** Layer B thickness (mm). */
  dB: number;
}

export const LAYER_PARAMETERS = [
  { name: 'epsA', unit: '1', min: 2, max: 10 },
  { name: 'dA', unit: 'mm', min: 4, max: 20 },
  { name: 'dB', unit: 'mm', min: 2, max: 12 },
] as const;

export const LAYER_B = { epsR: 4, sigma: 0.05 } as const;

export interface LayerGridOptions {
  /** Cell size (mm); default 0.25 (>= 37 cells per wavelength in eps 10 at 10 GHz). */
  cell?: number;
  fMinGHz?: number;
  fMaxGHz?: number;
  nFreq?: number;
  /** Simulated time per run (ns); default 6 (the lossy stack rings down well within it). */
  durationNs?: number;
}

export interface LayerS11 {
  freqs: number[];
  s11: Complex[];
  steps: number;
  wallSeconds: number;
}

/**
 * The frequency grid of the layer family: nFreq points evenly spaced from fMinGHz to fMaxGHz inclusive.
 * @param o `fMinGHz` (default 2), `fMaxGHz` (default 10), `nFreq` (default 101); other fields ignored.
 * @returns frequencies in Hz, length nFreq.
 * @throws RangeError unless 0 < fMin < fMax and nFreq is an integer >= 2.
 */
export function layerFrequencies(o: LayerGridOptions = {}): number[] {
  return evenFrequencies('layer', o.fMinGHz ?? 2, o.fMaxGHz ?? 10, o.nFreq ?? 101);
}

/**
 * Validates a layer design against {@link LAYER_PARAMETERS}: epsA in 2..10 (relative), dA in 4..20 mm,
 * dB in 2..12 mm (1e-9 tolerance).
 * @throws RangeError naming the parameter, its value and unit, and the allowed range.
 */
export function checkLayerDesign(d: LayerDesign): void {
  checkParameterRanges('layer', LAYER_PARAMETERS, d as unknown as Record<string, unknown>);
}

/** Snap thicknesses to whole cells (the geometry the FDTD actually simulates). */
export function snapLayers(d: LayerDesign, cell = 0.25): LayerDesign {
  checkLayerDesign(d);
  return { epsA: d.epsA, dA: Math.round(d.dA / cell) * cell, dB: Math.round(d.dB / cell) * cell };
}

const mul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
const div = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
};
const csqrt = (a: Complex): Complex => {
  const r = Math.hypot(a.re, a.im);
  const re = Math.sqrt((r + a.re) / 2), im = Math.sign(a.im || 1) * Math.sqrt((r - a.re) / 2);
  return { re, im };
};
const cexp = (a: Complex): Complex => ({ re: Math.exp(a.re) * Math.cos(a.im), im: Math.exp(a.re) * Math.sin(a.im) });
const tanhC = (a: Complex): Complex => {
  const e = cexp({ re: -2 * a.re, im: -2 * a.im });
  return div({ re: 1 - e.re, im: -e.im }, { re: 1 + e.re, im: e.im });
};

/** Exact S11 at the front face (transfer-matrix / input-impedance recursion from the vacuum behind). */
export function layerS11Exact(design: LayerDesign, freqs: readonly number[]): Complex[] {
  return freqs.map((f) => {
    const w = 2 * Math.PI * f, k0 = w / C0;
    let z: Complex = { re: 1, im: 0 }; // normalised impedance looking into the half-space behind
    for (const [eps, sigma, d] of [[LAYER_B.epsR, LAYER_B.sigma, design.dB * 1e-3], [design.epsA, 0, design.dA * 1e-3]] as const) {
      const ec: Complex = { re: eps, im: -sigma / (w * EPS0) };
      const n = csqrt(ec);
      const eta = div({ re: 1, im: 0 }, n);
      // Z_in = eta (z + eta tanh(j k0 n d)) / (eta + z tanh(j k0 n d))
      const t = tanhC(mul({ re: 0, im: k0 * d }, n));
      z = mul(eta, div({ re: z.re + mul(eta, t).re, im: z.im + mul(eta, t).im }, { re: eta.re + mul(z, t).re, im: eta.im + mul(z, t).im }));
    }
    return div({ re: z.re - 1, im: z.im }, { re: z.re + 1, im: z.im });
  });
}

/** FDTD S11 of one design (see the header for the method). */
export function layerS11Fdtd(design: LayerDesign, o: LayerGridOptions = {}): LayerS11 {
  const cellMm = o.cell ?? 0.25;
  const d = snapLayers(design, cellMm);
  const freqs = layerFrequencies(o);
  const dx = cellMm * 1e-3;
  const nA = Math.round(d.dA / cellMm), nB = Math.round(d.dB / cellMm);
  const pml = 20, gap = 40;
  const src = pml + 5, probe = src + 10, front = probe + gap;
  const n = front + nA + nB + gap + pml;
  const epsR = new Float64Array(n).fill(1), sigma = new Float64Array(n);
  // Node i is the cell [i - 1/2, i + 1/2]; the front face sits half a cell before node `front`.
  for (let i = front; i < front + nA; i++) epsR[i] = d.epsA;
  for (let i = front + nA; i < front + nA + nB; i++) {
    epsR[i] = LAYER_B.epsR;
    sigma[i] = LAYER_B.sigma;
  }
  const fMin = freqs[0]!, fMax = freqs[freqs.length - 1]!;
  const waveform = modulatedGaussian({ f0: 0.5 * (fMin + fMax), halfBandwidth: 0.5 * (fMax - fMin) + 1e9 });
  const t0 = performance.now();
  let steps = 0;
  const run = (loaded: boolean) => {
    const sim = fdtd1d({ n, dx, medium: loaded ? { epsR, sigma } : undefined, pml: { cells: pml }, sources: [{ index: src, waveform }] });
    const mon = dftMonitor(freqs, 1, sim.dt, Int32Array.of(probe));
    let s = sim.init(), m = mon.init();
    const tEnd = (o.durationNs ?? 6) * 1e-9;
    while (s.time < tEnd) {
      s = sim.step(s);
      m = mon.update(m, s.ez, s.time);
      if (s.step % 500 === 0) {
        for (let i = 0; i < n; i += 7) {
          if (!Number.isFinite(s.ez[i]!)) throw new Error(`layerS11Fdtd: field blew up at step ${s.step} (design ${JSON.stringify(design)})`);
        }
      }
    }
    steps += s.step;
    return { m, dt: sim.dt };
  };
  const empty = run(false), full = run(true);
  // Vacuum path probe -> front face, L = (front - 1/2 - probe) dx; numerical k0 of the 1-D Yee grid.
  const L = (front - 0.5 - probe) * dx;
  const s11 = freqs.map((f, q) => {
    const inc: Complex = { re: empty.m.re[q]!, im: empty.m.im[q]! };
    const ref: Complex = { re: full.m.re[q]! - inc.re, im: full.m.im[q]! - inc.im };
    const S = (C0 * empty.dt) / dx;
    const kNum = (2 / dx) * Math.asin(Math.sin((Math.PI * f * empty.dt)) / S);
    return mul(div(ref, inc), cexp({ re: 0, im: 2 * kNum * L }));
  });
  return { freqs, s11, steps, wallSeconds: (performance.now() - t0) / 1000 };
}
