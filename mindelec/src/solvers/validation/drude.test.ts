import { describe, expect, it } from 'vitest';
import { fdtd1d } from '../fdtd1d.ts';
import { dftMonitor } from '../dft.ts';
import { modulatedGaussian } from '../waveforms.ts';
import { slabAnalytic, slabAnalyticComplex } from './slab.ts';

describe('Drude dispersion (1-D ADE)', () => {
  it('complex-slab formula reduces to the real one for a lossless dielectric', () => {
    for (const f of [1e9, 2.7e9, 5e9]) {
      const a = slabAnalytic(4, 0.05, f), b = slabAnalyticComplex(4, 0, 0.05, f);
      expect(b.R).toBeCloseTo(a.R, 12);
      expect(b.T).toBeCloseTo(a.T, 12);
    }
  });
  it('plasma slab (omega_p = 2 pi 6 GHz, gamma = 2 pi 0.6 GHz, 1 cm): |R|^2 and |T|^2 within 0.005 over 2-12 GHz, lossy (R + T < 1)', () => {
    const wp = 2 * Math.PI * 6e9, g = 2 * Math.PI * 0.6e9, d = 0.01;
    const dx = d / 40, n = 1200, s0 = 560, cells = 40;
    const wpArr = new Float64Array(n), gArr = new Float64Array(n);
    for (let i = s0; i < s0 + cells; i++) {
      wpArr[i] = wp;
      gArr[i] = g;
    }
    const freqs = Array.from({ length: 11 }, (_, q) => 2e9 + q * 1e9);
    const w = modulatedGaussian({ f0: 7e9, halfBandwidth: 10e9 });
    const run = (withSlab: boolean) => {
      const sim = fdtd1d({ n, dx, medium: withSlab ? { drudeOmegaP: wpArr, drudeGamma: gArr } : undefined, pml: { cells: 30 }, sources: [{ index: 60, waveform: w }] });
      const mon = dftMonitor(freqs, 2, sim.dt, Int32Array.of(100, 1100));
      let s = sim.init(), m = mon.init();
      for (let t = 0; t < 12000; t++) {
        s = sim.step(s);
        m = mon.update(m, s.ez, s.time);
      }
      return m;
    };
    const e = run(false), p = run(true);
    freqs.forEach((f, q) => {
      const inc = e.re[2 * q]! ** 2 + e.im[2 * q]! ** 2;
      const R = ((p.re[2 * q]! - e.re[2 * q]!) ** 2 + (p.im[2 * q]! - e.im[2 * q]!) ** 2) / inc;
      const T = (p.re[2 * q + 1]! ** 2 + p.im[2 * q + 1]! ** 2) / (e.re[2 * q + 1]! ** 2 + e.im[2 * q + 1]! ** 2);
      const om = 2 * Math.PI * f;
      // eps = 1 - wp^2 / (om^2 - j om g) = 1 - wp^2 (om^2 + j om g) / (om^4 + om^2 g^2)
      const den = om ** 4 + om ** 2 * g ** 2;
      const a = slabAnalyticComplex(1 - (wp ** 2 * om ** 2) / den, -(wp ** 2 * om * g) / den, cells * dx, f);
      expect(Math.abs(R - a.R)).toBeLessThan(0.005);
      expect(Math.abs(T - a.T)).toBeLessThan(0.005);
      expect(R + T).toBeLessThan(1);
    });
  });
});

describe('Lorentz dispersion (1-D ADE)', () => {
  it('Lorentz slab (eps_inf 2, delta 3, f0 5 GHz, gamma/2pi 0.5 GHz, 1 cm): |R|^2 and |T|^2 within 0.005 over 2-12 GHz, absorbing near f0', () => {
    const w0 = 2 * Math.PI * 5e9, g = 2 * Math.PI * 0.5e9, d = 0.01, einf = 2, de = 3;
    const dx = d / 40, n = 1200, s0 = 560, cells = 40;
    const eps = new Float64Array(n).fill(1), dArr = new Float64Array(n), wArr = new Float64Array(n), gArr = new Float64Array(n);
    for (let i = s0; i < s0 + cells; i++) {
      eps[i] = einf;
      dArr[i] = de;
      wArr[i] = w0;
      gArr[i] = g;
    }
    const freqs = Array.from({ length: 11 }, (_, q) => 2e9 + q * 1e9);
    const w = modulatedGaussian({ f0: 7e9, halfBandwidth: 10e9 });
    const run = (withSlab: boolean) => {
      const sim = fdtd1d({ n, dx, medium: withSlab ? { epsR: eps, lorentzDeltaEps: dArr, lorentzOmega0: wArr, lorentzGamma: gArr } : undefined, pml: { cells: 30 }, sources: [{ index: 60, waveform: w }] });
      const mon = dftMonitor(freqs, 2, sim.dt, Int32Array.of(100, 1100));
      let s = sim.init(), m = mon.init();
      for (let t = 0; t < 16000; t++) {
        s = sim.step(s);
        m = mon.update(m, s.ez, s.time);
      }
      return m;
    };
    const e = run(false), p = run(true);
    let worst = 0, minRT = 1;
    freqs.forEach((f, q) => {
      const inc = e.re[2 * q]! ** 2 + e.im[2 * q]! ** 2;
      const R = ((p.re[2 * q]! - e.re[2 * q]!) ** 2 + (p.im[2 * q]! - e.im[2 * q]!) ** 2) / inc;
      const T = (p.re[2 * q + 1]! ** 2 + p.im[2 * q + 1]! ** 2) / (e.re[2 * q + 1]! ** 2 + e.im[2 * q + 1]! ** 2);
      const om = 2 * Math.PI * f;
      // eps = einf + de w0^2 / (w0^2 - om^2 + j om g)
      const dr = w0 * w0 - om * om, di = om * g, dd = dr * dr + di * di;
      const a = slabAnalyticComplex(einf + (de * w0 * w0 * dr) / dd, (-de * w0 * w0 * di) / dd, cells * dx, f);
      worst = Math.max(worst, Math.abs(R - a.R), Math.abs(T - a.T));
      minRT = Math.min(minRT, R + T);
    });
    expect(worst).toBeLessThan(0.005);
    expect(minRT).toBeLessThan(0.7); // strong absorption at resonance
  });
});
