/**
 * amberRunSetup + the engine's Langevin integrator: with H-bond constraints the temperature computed
 * with 3N - 12 degrees of freedom averages to the bath temperature (it would read ~18% low if the
 * constraints were not removed from the count).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nvtLangevin } from '../simulate/integrators.ts';
import { maxwellBoltzmann } from '../system.ts';
import { kineticEnergy } from '../quantities.ts';
import { KB_KJ_PER_MOL_K } from '../units.ts';
import { amberRunSetup } from './runSetup.ts';

const dir = join(import.meta.dirname, '../../test-data/amber');

describe('amberRunSetup', () => {
  it('Langevin 300 K with H-bond constraints: <T> = 300 K using constrained DOF', () => {
    const setup = amberRunSetup({ prmtop: join(dir, 'ala_di.parm7'), rst7: join(dir, 'ala_di.rst7'), hydrogenMass: 1.5 });
    expect(setup.box).toBeNull();
    expect(setup.constraints!.count).toBe(12);
    const sim = nvtLangevin(setup.provider, { dt: 0.002, temperature: 300, gamma: 5, scheme: 'middle', constraints: setup.constraints });
    const v0 = maxwellBoltzmann(setup.masses, 300, KB_KJ_PER_MOL_K, 2);
    setup.constraints!.constrainVelocities(setup.positions, v0, setup.masses, null);
    let s = sim.init({ positions: setup.positions, masses: setup.masses, box: null, velocities: v0, seed: 9 });
    const dof = sim.dof(s);
    expect(dof).toBe(3 * 22 - 12);
    let sumT = 0, count = 0;
    for (let k = 0; k < 12000; k++) {
      s = sim.step(s);
      if (k >= 2000 && k % 10 === 0) { sumT += (2 * kineticEnergy(s.velocities, s.masses)) / (dof * KB_KJ_PER_MOL_K); count++; }
    }
    const T = sumT / count;
    console.log(`ala2 Langevin middle 2 fs, H-bond constraints: <T> = ${T.toFixed(1)} K over 20 ps`);
    expect(Math.abs(T - 300)).toBeLessThan(20);
  });
});
