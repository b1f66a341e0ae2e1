import { describe, expect, it } from 'vitest';
import { C0, FdtdConfigError } from './constants.ts';
import { courantLimit, checkedTimeStep } from './courant.ts';
import { fdtd1d } from './fdtd1d.ts';
import { fdtd2d } from './fdtd2d.ts';
import { fdtd3d } from './fdtd3d.ts';
import { modulatedGaussian, gaussianPulse } from './waveforms.ts';

describe('Courant limit', () => {
  it('is dx / (c sqrt(D)) for cubic cells and rejects a larger dt with the numbers in the message', () => {
    expect(courantLimit([1e-3, 1e-3, 1e-3])).toBeCloseTo(1e-3 / (C0 * Math.sqrt(3)), 20);
    expect(() => checkedTimeStep([1e-3, 1e-3], 1e-3 / C0)).toThrow(FdtdConfigError);
    expect(() => fdtd2d({ nx: 10, ny: 10, dx: 1e-3, dt: 1e-3 / C0, pol: 'TM' })).toThrow(/dt: .*exceeds the Courant limit .*Courant number 1\.41/);
  });
  it('names the field and value of bad configuration', () => {
    expect(() => fdtd1d({ n: 2, dx: 1 })).toThrow(/^n: expected an integer >= 3, got 2/);
    expect(() => fdtd3d({ nx: 5, ny: 5, nz: 5, dx: -1 })).toThrow(/dx: expected a finite number > 0, got -1/);
    expect(() => fdtd2d({ nx: 5, ny: 5, dx: 1, pol: 'TM', medium: { epsR: new Float64Array(3) } })).toThrow(/medium.epsR: length 3, expected nx\*ny = 25/);
  });
});

describe('free-space propagation', () => {
  it('1-D: a pulse moves at c (peak travels c * t) and Hy = -Ez / eta0 for a +x wave', () => {
    const dx = 1e-3;
    const sim = fdtd1d({ n: 800, dx, dt: dx / C0 / 2, sources: [{ index: 100, waveform: gaussianPulse({ tau: 30e-12 }), kind: 'current' }] });
    let s = sim.init();
    for (let t = 0; t < 1000; t++) s = sim.step(s);
    let iMax = 0;
    for (let i = 110; i < 780; i++) if (Math.abs(s.ez[i]!) > Math.abs(s.ez[iMax]!)) iMax = i;
    const expected = 100 + (C0 * (s.time - 120e-12)) / dx;
    expect(Math.abs(iMax - expected)).toBeLessThan(2);
    const eta = (s.ez[iMax]! / -(0.5 * (s.hy[iMax]! + s.hy[iMax - 1]!)));
    expect(eta).toBeCloseTo(376.73, -1);
  });
});

describe('CPML', () => {
  it('2-D TM: reflection from a 12-cell CPML is below 1e-3 of the direct field', () => {
    const dx = 1e-3;
    const w = modulatedGaussian({ f0: 15e9, halfBandwidth: 10e9 });
    const run = (n: number, cells: number) => {
      const c = n >> 1;
      const sim = fdtd2d({ nx: n, ny: n, dx, pol: 'TM', pml: { cells }, sources: [{ i: c, j: c, waveform: w }] });
      let s = sim.init();
      const trace: number[] = [];
      for (let t = 0; t < 500; t++) {
        s = sim.step(s);
        trace.push(s.u[(c + 15) * n + c]!);
      }
      return trace;
    };
    const small = run(61, 12);
    const big = run(401, 12); // walls too far for reflections to return within 500 steps
    let err = 0, peak = 0;
    small.forEach((v, t) => {
      err = Math.max(err, Math.abs(v - big[t]!));
      peak = Math.max(peak, Math.abs(big[t]!));
    });
    expect(err / peak).toBeLessThan(1e-3);
  });
});

describe('3-D closed PEC cavity', () => {
  it('is lossless: electromagnetic energy stays constant after the source stops (no drift beyond the E/H stagger ripple)', () => {
    const n = 12;
    const dx = 0.01;
    const sim = fdtd3d({ nx: n, ny: n, nz: n, dx, pml: { cells: 0 }, sources: [{ component: 'ez', indices: Int32Array.of((5 * n + 4) * n + 6), waveform: gaussianPulse({ tau: 30e-12 }) }] });
    let s = sim.init();
    const energy = () => {
      let e = 0, h = 0;
      for (let q = 0; q < n * n * n; q++) {
        e += s.ex[q]! ** 2 + s.ey[q]! ** 2 + s.ez[q]! ** 2;
        h += s.hx[q]! ** 2 + s.hy[q]! ** 2 + s.hz[q]! ** 2;
      }
      return 0.5 * 8.8541878128e-12 * e + 0.5 * 1.25663706212e-6 * h;
    };
    for (let t = 0; t < 600; t++) s = sim.step(s);
    const samples: number[] = [];
    for (let t = 0; t < 400; t++) {
      s = sim.step(s);
      samples.push(energy());
    }
    const mean = samples.reduce((a, b) => a + b) / samples.length;
    // E and H are staggered in time, so the sum oscillates slightly around the conserved discrete energy
    for (const v of samples) expect(Math.abs(v - mean) / mean).toBeLessThan(0.05);
    expect(Math.abs(samples[0]! - samples[samples.length - 1]!) / mean).toBeLessThan(0.05);
  });
});

describe('3-D on two threads', () => {
  it('gives bit-identical fields to one thread (shared-memory split of the H/E sweeps)', () => {
    const n = 20;
    const eps = new Float64Array(n * n * n).fill(1);
    for (let q = 0; q < eps.length; q += 7) eps[q] = 2.5;
    const run = (threads: 1 | 2) => {
      const sim = fdtd3d({ nx: n, ny: n, nz: n, dx: 1e-3, threads, medium: { epsR: eps }, pml: { cells: 4 }, sources: [{ component: 'ez', indices: Int32Array.of((10 * n + 10) * n + 10), waveform: gaussianPulse({ tau: 10e-12 }) }] });
      let s = sim.init();
      for (let t = 0; t < 60; t++) s = sim.step(s);
      sim.dispose();
      return s;
    };
    const a = run(1), b = run(2);
    let peak = 0;
    for (const c of ['ex', 'ey', 'ez', 'hx', 'hy', 'hz'] as const) {
      for (let q = 0; q < a[c].length; q++) {
        expect(b[c][q]).toBe(a[c][q]);
        peak = Math.max(peak, Math.abs(a[c][q]!));
      }
    }
    expect(peak).toBeGreaterThan(0);
    expect(a.ez.buffer).toBeInstanceOf(ArrayBuffer);
    expect(b.ez.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
