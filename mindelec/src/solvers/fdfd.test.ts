import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bandedSolve, csrFromTriplets, csrMatVec } from './bandedLu.ts';
import { fdfd2d, omegaForFdtdDt } from './fdfd2d.ts';
import { fdtd2d } from './fdtd2d.ts';
import { dftMonitor } from './dft.ts';
import { modulatedGaussian } from './waveforms.ts';
import { besselJY } from './bessel.ts';
import { C0, MU0 } from './constants.ts';

describe('banded LU', () => {
  it('solves random complex banded systems to 1e-10 (with pivoting)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1e6 }), (n, bw, seed) => {
        let s = seed + 1;
        const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
        const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
        for (let r = 0; r < n; r++) for (let c = Math.max(0, r - bw); c <= Math.min(n - 1, r + bw); c++) {
          rows.push(r); cols.push(c);
          // small diagonal so pivoting matters
          re.push(r === c ? 0.01 * rnd() : rnd()); im.push(rnd());
        }
        const A = csrFromTriplets(n, rows, cols, re, im);
        const xr = Float64Array.from({ length: n }, rnd), xi = Float64Array.from({ length: n }, rnd);
        const b = csrMatVec(A, xr, xi);
        const x = bandedSolve(A, b.re, b.im);
        const Ax = csrMatVec(A, x.re, x.im);
        let err = 0, nb = 0;
        for (let k = 0; k < n; k++) {
          err += (Ax.re[k]! - b.re[k]!) ** 2 + (Ax.im[k]! - b.im[k]!) ** 2;
          nb += b.re[k]! ** 2 + b.im[k]! ** 2;
        }
        expect(Math.sqrt(err / nb)).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });
});

describe('2-D FDFD', () => {
  it('line source in free space: Ez = -(omega mu0 I / 4) H0(2)(k rho) within 2% at 30 cells per wavelength', () => {
    const n = 81, f = 1e9, dx = C0 / f / 30, c = 40;
    const omega = 2 * Math.PI * f;
    const sim = fdfd2d({ nx: n, ny: n, dx, pol: 'TM', omega, pmlCells: 12 });
    const sr = new Float64Array(n * n), si = new Float64Array(n * n);
    sr[c * n + c] = 1; // J = 1 A/m^2 in one cell: I = dx^2
    const sol = sim.solve(sr, si);
    expect(sol.residual).toBeLessThan(1e-10);
    const k = omega / C0;
    for (const [di, dj] of [[8, 0], [0, 15], [10, 10], [-20, 5]] as const) {
      const rho = Math.hypot(di, dj) * dx;
      const t = besselJY(0, k * rho);
      const mag = ((omega * MU0 * dx * dx) / 4) * Math.hypot(t.J[0]!, t.Y[0]!);
      const q = (c + di) * n + c + dj;
      expect(Math.abs(Math.hypot(sol.re[q]!, sol.im[q]!) - mag) / mag).toBeLessThan(0.02);
    }
  });
  it.each(['TM', 'TE'] as const)('%s matches the FDTD running DFT with a dielectric block to 1e-3', (pol) => {
    const n = 61, f = 1e9, dx = C0 / f / 20, c = 30;
    const eps = new Float64Array(n * n).fill(1);
    for (let i = 38; i < 46; i++) for (let j = 25; j < 37; j++) eps[i * n + j] = 3;
    const w = modulatedGaussian({ f0: f, halfBandwidth: 0.5 * f });
    const sim = fdtd2d({ nx: n, ny: n, dx, pol, medium: { epsR: eps }, pml: { cells: 12 }, sources: [{ i: c, j: c, waveform: w }] });
    const probes = Int32Array.from([c * n + c + 5, (c + 10) * n + c, 41 * n + 30, (c - 8) * n + c + 9]);
    const mon = dftMonitor([f], probes.length, sim.dt, probes);
    let s = sim.init(), m = mon.init();
    let jr = 0, ji = 0;
    for (let t = 0; t < 4000; t++) {
      const th = (s.step + 0.5) * sim.dt;
      jr += w(th) * Math.cos(2 * Math.PI * f * th) * sim.dt;
      ji -= w(th) * Math.sin(2 * Math.PI * f * th) * sim.dt;
      s = sim.step(s);
      m = mon.update(m, s.u, s.time);
    }
    // FDFD at the frequency where it reproduces FDTD's leapfrog time discretisation
    const fd = fdfd2d({ nx: n, ny: n, dx, pol, omega: omegaForFdtdDt(2 * Math.PI * f, sim.dt), epsR: eps, pmlCells: 12 });
    const sr = new Float64Array(n * n), si = new Float64Array(n * n);
    sr[c * n + c] = 1;
    const sol = fd.solve(sr, si);
    const j2 = jr * jr + ji * ji;
    probes.forEach((q, p) => {
      const er = m.re[p]!, ei = m.im[p]!;
      const rr = (er * jr + ei * ji) / j2, ri = (ei * jr - er * ji) / j2;
      const ref = Math.hypot(sol.re[q]!, sol.im[q]!);
      expect(Math.hypot(rr - sol.re[q]!, ri - sol.im[q]!) / ref).toBeLessThan(1e-3);
    });
  });
});
