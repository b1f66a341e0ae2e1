import { describe, expect, it } from 'vitest';
import { ethanolXtb } from './index.ts';

describe('shipped GFN2-xTB ethanol set', () => {
  const frames = ethanolXtb();
  it('has a few thousand labelled 9-atom ethanol conformers', () => {
    expect(frames.length).toBeGreaterThanOrEqual(2000);
    for (const f of frames) {
      expect(f.symbols.join('')).toBe('CCOHHHHHH');
      expect(f.forces).not.toBeNull();
    }
  });
  it('labels are exact gradients of an isolated-molecule energy: net force and net torque vanish', () => {
    for (const f of frames.filter((_, k) => k % 50 === 0)) {
      const F = f.forces!, x = f.positions;
      const net = [0, 0, 0], torque = [0, 0, 0];
      let rms = 0;
      for (let i = 0; i < 9; i++) {
        for (let a = 0; a < 3; a++) { net[a]! += F[3 * i + a]!; rms += F[3 * i + a]! ** 2; }
        torque[0]! += x[3 * i + 1]! * F[3 * i + 2]! - x[3 * i + 2]! * F[3 * i + 1]!;
        torque[1]! += x[3 * i + 2]! * F[3 * i]! - x[3 * i]! * F[3 * i + 2]!;
        torque[2]! += x[3 * i]! * F[3 * i + 1]! - x[3 * i + 1]! * F[3 * i]!;
      }
      rms = Math.sqrt(rms / 27);
      for (let a = 0; a < 3; a++) {
        expect(Math.abs(net[a]!)).toBeLessThan(1e-4 * rms);
        expect(Math.abs(torque[a]!)).toBeLessThan(1e-4 * rms);
      }
    }
  });
  it('samples a 500 K ensemble: energy spread of tens of kJ/mol, bonds intact', () => {
    const e = frames.map((f) => f.energy!);
    const mean = e.reduce((a, b) => a + b, 0) / e.length;
    const std = Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / e.length);
    // Harmonic estimate: potential-energy std ~ kT sqrt(3N-6)/sqrt(2) = 4.16 * sqrt(21/2) ~ 13 kJ/mol at 500 K.
    expect(std).toBeGreaterThan(5);
    expect(std).toBeLessThan(30);
    for (const f of frames) {
      const x = f.positions;
      const cc = Math.hypot(x[0]! - x[3]!, x[1]! - x[4]!, x[2]! - x[5]!);
      expect(cc).toBeGreaterThan(0.13);
      expect(cc).toBeLessThan(0.18);
    }
  });
});
