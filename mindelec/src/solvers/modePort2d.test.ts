import { describe, expect, it } from 'vitest';
import { C0 } from './constants.ts';
import { slabModesTM } from './modePort2d.ts';
import { modeGuideFdtd } from './validation/modeGuide.ts';

describe('slab mode solver (TM, Ez parallel to the interfaces)', () => {
  it('converges to the continuous symmetric-slab dispersion k_y tan(k_y w/2) = gamma', () => {
    // eps 4 core 6 mm wide in air at 10 GHz, dy = 0.05 mm (nodes on the interfaces get the mean eps),
    // walls at +-40 mm, dt = 0 (frequency domain), dx -> small
    const w = 6e-3, dy = 0.05e-3, ny = 1601, f = 10e9, k0 = (2 * Math.PI * f) / C0;
    const eps = Float64Array.from({ length: ny }, (_, j) => {
      const y = Math.abs(j - 800) * dy;
      return Math.abs(y - w / 2) < 1e-9 ? 2.5 : y < w / 2 ? 4 : 1;
    });
    const [m] = slabModesTM(eps, { dy, dx: 1e-7, omega: 2 * Math.PI * f });
    // analytic: bisection on beta in (k0, 2 k0)
    const F = (b: number) => { const ky = Math.sqrt(4 * k0 * k0 - b * b), g = Math.sqrt(b * b - k0 * k0); return ky * Math.tan((ky * w) / 2) - g; };
    let lo = k0 * 1.0001, hi = 2 * k0 * 0.9999;
    for (let it = 0; it < 100; it++) { const mid = 0.5 * (lo + hi); if (F(mid) > 0) lo = mid; else hi = mid; }
    expect(Math.abs(m!.beta - lo) / lo).toBeLessThan(1e-5);
    // normalised, even, positive peak
    let s = 0;
    for (const v of m!.profile) s += v * v * dy;
    expect(s).toBeCloseTo(1, 10);
    expect(m!.profile[800]!).toBeGreaterThan(0);
    expect(m!.profile[700]!).toBeCloseTo(m!.profile[900]!, 10);
  });
  it('counts guided modes: one below the TM1 cutoff, two above', () => {
    const dy = 1e-3, omega = 2 * Math.PI * 10e9;
    const slab = (w: number) => Float64Array.from({ length: 81 }, (_, j) => (Math.abs(j - 40) <= (w - 1) / 2 ? 4 : 1));
    expect(slabModesTM(slab(6), { dy, dx: dy, omega, count: 3 }).length).toBe(1);
    expect(slabModesTM(slab(12), { dy, dx: dy, omega, count: 3 }).length).toBe(2);
  });
});

const abs = (c: { re: number; im: number }) => Math.hypot(c.re, c.im);

describe('waveguide mode ports (2-D TM FDTD)', () => {
  it('straight guide at 9 and 11 GHz: |S11| < 1e-3, |S21| = 1 within 1e-3, S21 phase = -beta L within 1e-3 rad', () => {
    for (const { fdtd: fdtdS, pathPhase: phase } of modeGuideFdtd({ w1: 6, w2: 6 })) {
      expect(abs(fdtdS.S11)).toBeLessThan(1e-3);
      expect(Math.abs(abs(fdtdS.S21) - 1)).toBeLessThan(1e-3);
      const d = Math.atan2(fdtdS.S21.im, fdtdS.S21.re) - phase;
      expect(Math.abs(Math.atan2(Math.sin(d), Math.cos(d)))).toBeLessThan(1e-3);
    }
  });
  it('width step 6 -> 12 mm at 9 and 11 GHz: S11, S21 agree with FDFD to 1e-3 and conserve power (radiation loss < 1.5%)', () => {
    for (const { fdtd: fdtdS, fdfd: fdfdS } of modeGuideFdtd({ w1: 6, w2: 12 })) {
      expect(abs({ re: fdtdS.S11.re - fdfdS.S11.re, im: fdtdS.S11.im - fdfdS.S11.im })).toBeLessThan(1e-3);
      expect(abs({ re: fdtdS.S21.re - fdfdS.S21.re, im: fdtdS.S21.im - fdfdS.S21.im })).toBeLessThan(1e-3);
      expect(abs(fdtdS.S11)).toBeGreaterThan(0.05); // a real discontinuity
      const p = abs(fdtdS.S11) ** 2 + abs(fdtdS.S21) ** 2;
      expect(p).toBeLessThan(1.001);
      expect(p).toBeGreaterThan(0.985);
    }
  });
});
