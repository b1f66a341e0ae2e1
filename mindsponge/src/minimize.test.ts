import { describe, expect, it } from 'vitest';
import { fire, minimize } from './minimize.ts';
import { lennardJones } from './energy/lennardJones.ts';
import { evaluate } from './energy/provider.ts';
import { lattice } from './system.ts';
import { createRng } from './rng.ts';
import { amberRunSetup } from './forcefield/runSetup.ts';

describe('minimize', () => {
  const lj = (): ReturnType<typeof lennardJones> => lennardJones({ epsilon: 1, sigma: 1, cutoff: 3 });
  for (const method of ['fire', 'steepest-descent'] as const) {
    it(`${method}: a dimer relaxes to r = 2^(1/6) σ, E = -ε`, () => {
      const s = minimize(lj(), new Float64Array([0, 0, 0, 1.5, 0.2, 0]), null, { method, forceTolerance: 1e-8, maxSteps: 20_000 });
      const r = Math.hypot(s.positions[3]! - s.positions[0]!, s.positions[4]! - s.positions[1]!, s.positions[5]! - s.positions[2]!);
      expect(r).toBeCloseTo(2 ** (1 / 6), 6);
      expect(s.energy).toBeCloseTo(-1, 10);
    });
  }

  it('FIRE relaxes a perturbed LJ crystal back to the lattice energy', () => {
    const sys = lattice({ kind: 'fcc', density: 1.0, cells: [4, 4, 4] });
    const lj = (): ReturnType<typeof lennardJones> => lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
    const e0 = evaluate(lj(), sys.positions, sys.box).energy;
    const r = createRng(5), x = sys.positions.map((v) => v + 0.08 * (r.uniform() - 0.5));
    const s = minimize(lj(), x, sys.box, { forceTolerance: 1e-6 });
    expect(s.maxForce).toBeLessThan(1e-6);
    expect(s.energy).toBeLessThan(evaluate(lj(), x, sys.box).energy);
    expect(s.energy / 256).toBeCloseTo(e0 / 256, 5); // the fcc lattice at this density is a local minimum
  });

  it('FIRE on its defaults minimises an Amber molecule in nm (alanine dipeptide) to the steepest-descent minimum', () => {
    // Regression: FIRE's reduced-unit defaults (dt 0.01, 0.1 per move) once drove ala_di to +8506 kJ/mol.
    const dir = new URL('../test-data/amber/', import.meta.url).pathname;
    const ff = amberRunSetup({ prmtop: `${dir}ala_di.parm7`, rst7: `${dir}ala_di.rst7`, nonbondedMethod: 'NoCutoff', constraints: 'none' });
    const f = minimize(ff.provider, ff.positions, null, { forceTolerance: 1, maxSteps: 10_000 });
    expect(f.maxForce).toBeLessThan(1);
    const sd = minimize(ff.provider, ff.positions, null, { method: 'steepest-descent', forceTolerance: 1, maxSteps: 30_000 });
    expect(sd.maxForce).toBeLessThan(1);
    expect(Math.abs(f.energy - sd.energy)).toBeLessThan(0.05);
    expect(f.energy).toBeLessThan(-86.9); // from -55.79 kJ/mol
    expect(f.step).toBeLessThan(sd.step);
  });

  it('FIRE rejects a non-positive maxMove or dt, naming the value and unit', () => {
    expect(() => fire(lj(), { maxMove: 0 })).toThrow(/fire: maxMove = 0, expected > 0 \(nm or σ\)/);
    expect(() => fire(lj(), { dt: -1 })).toThrow(/fire: dt = -1, expected > 0/);
  });
});
