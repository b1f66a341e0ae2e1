import { describe, expect, it } from 'vitest';
import { jzgLennardJones } from './jzgEos.ts';

describe('JZG 1993 LJ equation of state', () => {
  it('is thermodynamically consistent: P = ρT + ρ² ∂A/∂ρ and U = ∂(A/T)/∂(1/T)', () => {
    for (const [rho, T] of [[0.8442, 0.72], [0.7, 1.5], [0.5, 2.0], [0.9, 1.2]] as const) {
      const h = 1e-5;
      const dAdr = (jzgLennardJones(rho + h, T).helmholtzExcess - jzgLennardJones(rho - h, T).helmholtzExcess) / (2 * h);
      expect(jzgLennardJones(rho, T).pressure).toBeCloseTo(rho * T + rho * rho * dAdr, 6);
      const b = 1 / T, f = (beta: number): number => beta * jzgLennardJones(rho, 1 / beta).helmholtzExcess;
      expect(jzgLennardJones(rho, T).internalEnergyExcess).toBeCloseTo((f(b + h) - f(b - h)) / (2 * h), 5);
    }
  });

  it('reduces to the ideal gas at vanishing density', () => {
    const p = jzgLennardJones(1e-8, 2);
    expect(p.pressure / (1e-8 * 2)).toBeCloseTo(1, 6);
    expect(Math.abs(p.internalEnergyExcess)).toBeLessThan(1e-6);
  });
});
