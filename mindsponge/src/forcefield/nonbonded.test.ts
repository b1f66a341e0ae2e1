/**
 * Pair kernel: the neighbour-list path equals the all-pairs path; the molecular Monte Carlo barostat
 * keeps rigid molecules rigid and samples volume moves.
 */
import { describe, expect, it } from 'vitest';
import { makeBox } from '../space.ts';
import { simulator } from '../simulate/integrators.ts';
import { langevinThermostat } from '../simulate/thermostats.ts';
import { KB_KJ_PER_MOL_K } from '../units.ts';
import { amberForceField } from './amberForceField.ts';
import { createConstraints } from './constraints.ts';
import { molecularMonteCarloBarostat, moleculesFromBonds } from './molecularBarostat.ts';
import { createPairKernel } from './nonbonded.ts';
import { waterBox } from './water.ts';

describe('pair kernel', () => {
  it('neighbour-list and all-pairs paths agree (Ewald real space, 343 waters)', () => {
    const wb = waterBox({ model: 'SPCE', count: 343, seed: 4 });
    const L: [number, number, number] = [wb.edge, wb.edge, wb.edge];
    const R = wb.positions.map((x) => x - wb.edge * Math.floor(x / wb.edge));
    const spec = { box: null, cutoff: 0.8, coulomb: 'ewald' as const, alpha: 3.5 };
    const viaList = createPairKernel(wb.params, spec, { skin: 0.1 });
    const viaAll = createPairKernel(wb.params, spec, { skin: 10 }); // too big for the box: all-pairs list
    const F1 = new Float64Array(R.length), F2 = new Float64Array(R.length), o1 = new Float64Array(2), o2 = new Float64Array(2);
    const W1 = new Float64Array(6), W2 = new Float64Array(6);
    viaList.compute(R, L, F1, o1, W1);
    viaAll.compute(R, L, F2, o2, W2);
    expect(o1[0]).toBeCloseTo(o2[0]!, 8);
    expect(o1[1]).toBeCloseTo(o2[1]!, 8);
    for (let c = 0; c < R.length; c++) expect(F1[c]).toBeCloseTo(F2[c]!, 8);
    for (let c = 0; c < 6; c++) expect(W1[c]).toBeCloseTo(W2[c]!, 7);
  });
});

describe('molecular Monte Carlo barostat', () => {
  it('moves the box, keeps waters rigid and whole', () => {
    const wb = waterBox({ model: 'SPCE', count: 64, density: 0.9, seed: 2 });
    const ff = amberForceField(wb.params, { nonbondedMethod: 'PME', cutoff: Math.min(0.6, wb.edge / 2 - 1e-6) });
    const constraints = createConstraints(wb.params);
    const mol = moleculesFromBonds(wb.params);
    expect(mol[5]).toBe(1);
    expect(Math.max(...mol)).toBe(63);
    const T = 300;
    const sim = simulator(ff, { dt: 0.002, scheme: 'baoab', thermostat: langevinThermostat(KB_KJ_PER_MOL_K * T, 5), barostat: molecularMonteCarloBarostat(1, T, mol, 2), constraints });
    // Shifted by 0.15 nm so that, once wrapped, many molecules straddle the boundary.
    let s = sim.init({ positions: wb.positions.map((x) => x + 0.15), masses: wb.params.masses, box: makeBox(wb.edge, wb.edge, wb.edge), seed: 3 });
    let split = 0;
    const V0 = wb.edge ** 3;
    // Every second step ends with a volume move; molecules split by the boundary must stay rigid.
    for (let k = 0; k < 60; k++) {
      s = sim.step(s);
      const L = s.box!.lx;
      for (let w = 0; w < 64; w++) {
        for (const b of [1, 2]) {
          const raw = [0, 1, 2].map((c) => s.positions[9 * w + c]! - s.positions[9 * w + 3 * b + c]!);
          if (raw.some((v) => Math.abs(v) > L / 2)) split++;
          const d = raw.map((v) => v - L * Math.round(v / L));
          expect(Math.abs(Math.hypot(d[0]!, d[1]!, d[2]!) - 0.1)).toBeLessThan(1e-9);
        }
      }
    }
    expect(split).toBeGreaterThan(100);
    const ext = s.extended;
    const o = ext.length - 5;
    expect(ext[o]).toBe(30); // attempts
    expect(ext[o + 1]).toBeGreaterThan(0); // some accepted
    expect(s.box!.lx ** 3).not.toBeCloseTo(V0, 6);
  });
});
