import { describe, expect, it } from 'vitest';
import { openEmsGaussian } from './waveforms.ts';

describe('openEmsGaussian', () => {
  it('peaks at t0 = 3 tau and its spectrum is 20 dB down at f0 +- fc', () => {
    const f0 = 2e9, fc = 1e9;
    const w = openEmsGaussian(f0, fc);
    const tau = Math.sqrt(Math.log(10)) / (Math.PI * fc);
    expect(w(3 * tau)).toBe(1);
    expect(Math.abs(w(0))).toBeLessThan(2e-4); // starts from ~0: exp(-9)
    // |DFT| by direct summation over the pulse (it is negligible outside [0, 6 tau])
    const dt = tau / 400, n = Math.ceil((6 * tau) / dt);
    const mag = (f: number): number => {
      let re = 0, im = 0;
      for (let k = 0; k < n; k++) { const t = k * dt, v = w(t); re += v * Math.cos(2 * Math.PI * f * t); im -= v * Math.sin(2 * Math.PI * f * t); }
      return Math.hypot(re, im) * dt;
    };
    const peak = mag(f0);
    expect(20 * Math.log10(mag(f0 + fc) / peak)).toBeCloseTo(-20, 1);
    expect(20 * Math.log10(mag(f0 - fc) / peak)).toBeCloseTo(-20, 1);
  });
});
