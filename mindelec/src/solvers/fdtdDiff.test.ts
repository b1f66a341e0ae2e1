import { describe, expect, it } from 'vitest';
import { checkGrads, grad, mul, slice, square, sum, tensor, type Tensor } from '@mindscience/core';
import { fdtdTM2D, type FdtdTM2DParams } from './fdtdDiff.ts';
import { fdtd2d } from './fdtd2d.ts';
import { dftMonitor } from './dft.ts';
import { courantLimit } from './courant.ts';
import { modulatedGaussian } from './waveforms.ts';

// 30 x 30 nodes, 3 mm cells (10 GHz: 10 cells per wavelength), a 6-cell graded lossy layer as absorber
const nx = 30, ny = 30, dx = 3e-3, f0 = 10e9;
const sigma = new Float64Array(nx * ny);
for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
  const d = Math.min(i, j, nx - 1 - i, ny - 1 - j);
  if (d < 6) sigma[i * ny + j] = 2.5 * ((6 - d) / 6) ** 2;
}
const params: FdtdTM2DParams = {
  nx, ny, dx, steps: 300, freqs: [f0, 12e9], sigma,
  sources: [{ i: 10, j: 15, waveform: modulatedGaussian({ f0, halfBandwidth: 5e9 }), amplitude: 1e3 }],
};
const eps0 = Float64Array.from({ length: nx * ny }, (_, k) => 1 + 0.5 * Math.sin(k * 0.37) ** 2);
// FOM: |Ez(f0)|^2 at a probe 10 cells from the source (scaled by 1e16 to O(1))
const fom = (eps: Tensor) => mul(sum(square(slice(fdtdTM2D(eps, params), [0, 0, 20, 15], [1, 2, 1, 1]))), 1e16);

const cpmlParams: FdtdTM2DParams = { ...params, sigma: undefined, pmlCells: 6 };
const fomCpml = (eps: Tensor) => mul(sum(square(slice(fdtdTM2D(eps, cpmlParams), [0, 0, 20, 15], [1, 2, 1, 1]))), 1e16);

describe('differentiable 2-D TM FDTD primitive', () => {
  it.each([
    ['lossy layer, no CPML', params, 0],
    ['6-cell CPML', cpmlParams, 6],
  ] as const)('forward equals fdtd2d (%s) with a running DFT', (_name, prm, cells) => {
    const F = fdtdTM2D(tensor(eps0, { shape: [nx, ny] }), prm).data();
    const sim = fdtd2d({ nx, ny, dx, pol: 'TM', dt: 0.99 * courantLimit([dx, dx]), medium: { epsR: eps0, sigma: prm.sigma }, pml: { cells }, sources: [{ ...params.sources[0]!, kind: 'current' }] });
    const mon = dftMonitor(params.freqs, nx * ny, sim.dt);
    let s = sim.init(), m = mon.init();
    for (let n = 0; n < params.steps; n++) {
      s = sim.step(s);
      m = mon.update(m, s.u, s.time);
    }
    let err = 0, scale = 0;
    for (let q = 0; q < 2; q++) for (let k = 0; k < nx * ny; k++) {
      err = Math.max(err, Math.abs(F[2 * q * nx * ny + k]! - m.re[q * nx * ny + k]!), Math.abs(F[(2 * q + 1) * nx * ny + k]! - m.im[q * nx * ny + k]!));
      scale = Math.max(scale, Math.abs(m.re[q * nx * ny + k]!));
    }
    expect(scale).toBeGreaterThan(0);
    expect(err / scale).toBeLessThan(1e-12);
  });

  it.each([
    ['lossy layer', fom],
    ['CPML', fomCpml],
  ] as const)('gradient w.r.t. eps (adjoint time loop, %s) matches central differences to 1e-6', (_name, fomFn) => {
    const g = grad(fomFn)(tensor(eps0, { shape: [nx, ny] })).data();
    const J = (d: Float64Array) => fomFn(tensor(d, { shape: [nx, ny] })).item();
    const h = 1e-4;
    // single coordinates near the source, probe, in the lossy layer, and one random direction
    const dirs: Float64Array[] = [15 * ny + 15, 20 * ny + 14, 11 * ny + 15, 3 * ny + 20].map((k) => {
      const d = new Float64Array(nx * ny);
      d[k] = 1;
      return d;
    });
    dirs.push(Float64Array.from({ length: nx * ny }, (_, k) => Math.cos(k * 1.7)));
    for (const d of dirs) {
      const p = eps0.map((v, k) => v + h * d[k]!), m = eps0.map((v, k) => v - h * d[k]!);
      const fd = (J(p) - J(m)) / (2 * h);
      let ad = 0;
      for (let k = 0; k < nx * ny; k++) ad += g[k]! * d[k]!;
      expect(Math.abs(fd)).toBeGreaterThan(0);
      expect(Math.abs(ad - fd) / Math.abs(fd)).toBeLessThan(1e-6);
    }
  });

  it('checkpointing does not change the gradient; forward (tangent) and reverse (adjoint) modes agree with checkGrads', () => {
    const eps = tensor(eps0, { shape: [nx, ny] });
    const g1 = grad(fom)(eps).data();
    const fomK = (e: Tensor) => mul(sum(square(slice(fdtdTM2D(e, { ...params, checkpointEvery: 7 }), [0, 0, 20, 15], [1, 2, 1, 1]))), 1e16);
    const g2 = grad(fomK)(eps).data();
    for (let k = 0; k < nx * ny; k++) expect(Math.abs(g1[k]! - g2[k]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(g1[k]!)));
    const report = checkGrads(fom, [eps], { order: 1, eps: 1e-4, rtol: 1e-6 });
    expect(report.checks).toBe(2);
    expect(checkGrads(fomCpml, [eps], { order: 1, eps: 1e-4, rtol: 1e-6 }).checks).toBe(2);
  });

  it('second derivatives fail loudly instead of returning garbage', () => {
    expect(() => grad((e: Tensor) => sum(grad(fom)(e)))(tensor(eps0, { shape: [nx, ny] }))).toThrow(/second derivatives/);
  });

  it('inverse design: five normalised gradient steps on a 6x6 design region raise the probe |Ez|^2 monotonically', () => {
    const region: number[] = [];
    for (let i = 13; i < 19; i++) for (let j = 12; j < 18; j++) region.push(i * ny + j);
    let eps = new Float64Array(nx * ny).fill(1);
    const history: number[] = [];
    for (let it = 0; it < 6; it++) {
      const t = tensor(eps, { shape: [nx, ny] });
      history.push(fom(t).item());
      if (it === 5) break;
      const g = grad(fom)(t).data();
      let norm = 0;
      for (const k of region) norm = Math.max(norm, Math.abs(g[k]!));
      const next = Float64Array.from(eps);
      for (const k of region) next[k] = Math.min(4, Math.max(1, eps[k]! + (0.4 * g[k]!) / norm));
      eps = next;
    }
    for (let q = 1; q < history.length; q++) expect(history[q]!).toBeGreaterThan(history[q - 1]!);
    expect(history[5]! / history[0]!).toBeGreaterThan(1.8); // measured 0.694 -> 1.516
  });
});
