import { describe, expect, it } from 'vitest';
import { rectStepFdtd } from './validation/rectStep.ts';
import { rectTE10 } from './modePort3d.ts';
import { C0 } from './constants.ts';
import { hPlaneStepModeMatching } from './validation/hPlaneStep.ts';

const abs = (c: { re: number; im: number }) => Math.hypot(c.re, c.im);

describe('3-D TE10 mode ports (rectangular PEC waveguide)', () => {
  it('discrete TE10: beta -> the continuous sqrt(k^2 - (pi/a)^2) as the grid is refined, cutoff returns null', () => {
    const a = 22.86e-3, f = 1.5 * (C0 / (2 * a)), omega = 2 * Math.PI * f;
    const exact = Math.sqrt((omega / C0) ** 2 - (Math.PI / a) ** 2);
    const err = (cells: number) => {
      const d = a / cells, dt = 0.5 * d / C0;
      return Math.abs(rectTE10({ ny: cells + 1, nz: 4, dy: d, dz: d, j0: 0, j1: cells, omega, dt, dx: d })!.beta - exact) / exact;
    };
    expect(err(80)).toBeLessThan(err(40) / 3.5); // second order
    expect(err(80)).toBeLessThan(1e-3);
    expect(rectTE10({ ny: 21, nz: 4, dy: a / 20, dz: a / 20, j0: 0, j1: 20, omega: 0.9 * Math.PI * C0 / a, dt: 1e-13, dx: a / 20 })).toBeNull();
  });
  it('straight WR-90: |S11| < 1e-4, |S21| = 1 and its phase = -beta L to 1e-4', () => {
    for (const r of rectStepFdtd({ narrow: 20, steps: 4000 })) {
      expect(abs(r.S11)).toBeLessThan(1e-4);
      expect(Math.abs(abs(r.S21) - 1)).toBeLessThan(1e-4);
      const d = Math.atan2(r.S21.im, r.S21.re) - r.pathPhase;
      expect(Math.abs(Math.atan2(Math.sin(d), Math.cos(d)))).toBeLessThan(1e-4);
    }
  });
  it('mode matching: converged in the number of modes, lossless', () => {
    const a = 22.86e-3, f = 1.6 * (C0 / (2 * a));
    const s40 = hPlaneStepModeMatching(0.8 * a, a, f, 40), s80 = hPlaneStepModeMatching(0.8 * a, a, f, 80);
    expect(Math.abs(abs(s40.S11) - abs(s80.S11))).toBeLessThan(1e-4);
    expect(Math.abs(abs(s80.S11) ** 2 + abs(s80.S21) ** 2 - 1)).toBeLessThan(1e-10);
    // no step, no reflection
    expect(abs(hPlaneStepModeMatching(a, a, f, 10).S11)).toBeLessThan(1e-12);
  });
  it('H-plane step 16 -> 20 cells: |S11| within 2e-3 of mode matching, lossless (|S11|^2 + |S21|^2 = 1 to 1e-4), equal to its 2-D TM reduction', () => {
    const a = 22.86e-3;
    for (const r of rectStepFdtd({ narrow: 16, twoD: true })) {
      // measured 0.17628 / 0.11155 / 0.07986 vs 0.17587 / 0.11061 / 0.07871 (20 cells across a)
      const mm = hPlaneStepModeMatching(0.8 * a, a, r.freq, 60);
      expect(Math.abs(abs(r.S11) - abs(mm.S11))).toBeLessThan(2e-3);
      expect(Math.abs(abs(r.S21) - abs(mm.S21))).toBeLessThan(3e-4);
      expect(abs(r.S11)).toBeGreaterThan(0.05);
      expect(Math.abs(abs(r.S11) ** 2 + abs(r.S21) ** 2 - 1)).toBeLessThan(1e-4);
      expect(abs({ re: r.S11.re - r.twoD!.S11.re, im: r.S11.im - r.twoD!.S11.im })).toBeLessThan(1e-10);
      expect(abs({ re: r.S21.re - r.twoD!.S21.re, im: r.S21.im - r.twoD!.S21.im })).toBeLessThan(1e-10);
    }
  });
});
