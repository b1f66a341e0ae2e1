/**
 * The tour's complex-S11 picture: one design of MindElec's two-layer dielectric window (the S11
 * surrogate's family: layer A eps_r 4, 10 mm; lossy layer B 6 mm; 2-10 GHz), S11 from 1-D FDTD and from
 * the exact transfer matrix, drawn as a Smith chart (normalised to the free-space impedance, 376.73 Ω)
 * and as |S11| in dB. Writes both SVGs atomically and returns the largest |S11_FDTD − S11_exact|.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { layerS11Exact, layerS11Fdtd, snapLayers } from '@mindscience/mindelec';
import { s11DbPlot, smithChart } from '@mindscience/viz';

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Writes `<dir>/smith.svg` and `<dir>/s11-window.svg`; returns the design, frequencies and the max complex error. */
export function layerWindowPictures(dir: string): { design: string; nFreq: number; maxError: number; fdtdSeconds: number } {
  const design = snapLayers({ epsA: 4, dA: 10, dB: 6 });
  const fdtd = layerS11Fdtd(design);
  const exact = layerS11Exact(design, fdtd.freqs);
  const trace = (s: { re: number; im: number }[]) => ({ re: s.map((c) => c.re), im: s.map((c) => c.im) });
  const label = `eps_A = ${design.epsA}, d_A = ${design.dA} mm, d_B = ${design.dB} mm`;
  writeAtomic(join(dir, 'smith.svg'), smithChart([
    { label: 'S11 FDTD', ...trace(fdtd.s11), markers: true },
    { label: 'S11 exact', ...trace(exact) },
  ], { title: `two-layer window, ${fdtd.freqs[0]! / 1e9}-${fdtd.freqs[fdtd.freqs.length - 1]! / 1e9} GHz`, z0: 376.73 }));
  writeAtomic(join(dir, 's11-window.svg'), s11DbPlot([
    { label: 'FDTD', freqHz: fdtd.freqs, ...trace(fdtd.s11), markers: true },
    { label: 'exact (transfer matrix)', freqHz: fdtd.freqs, ...trace(exact) },
  ], { title: `|S11| of the two-layer window (${label})` }));
  let maxError = 0;
  fdtd.s11.forEach((c, i) => { maxError = Math.max(maxError, Math.hypot(c.re - exact[i]!.re, c.im - exact[i]!.im)); });
  return { design: label, nFreq: fdtd.freqs.length, maxError, fdtdSeconds: fdtd.wallSeconds };
}
