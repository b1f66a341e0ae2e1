/**
 * Constraints: SETTLE agrees with iterative SHAKE on the same three distances; velocity constraints
 * remove bond-stretching velocities exactly; HMR conserves mass; NVE (velocity Verlet, 2 fs) conserves
 * energy with SETTLE water (PME) and with RATTLE H-bonds (alanine dipeptide).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { makeBox } from '../space.ts';
import { maxwellBoltzmann } from '../system.ts';
import { kineticEnergy } from '../quantities.ts';
import { nve, nvtLangevin } from '../simulate/integrators.ts';
import { amberForceField } from './amberForceField.ts';
import { createConstraints, repartitionHydrogenMass } from './constraints.ts';
import { loadAmberSystem } from './load.ts';
import { WATER_MODELS, waterBox } from './water.ts';

const KB = 0.00831446261815324;

function distances(x: Float64Array, a: number, b: number, L = 0): number {
  const d = [0, 1, 2].map((k) => { const v = x[3 * a + k]! - x[3 * b + k]!; return L > 0 ? v - L * Math.round(v / L) : v; });
  return Math.hypot(d[0]!, d[1]!, d[2]!);
}

describe('SETTLE and SHAKE/RATTLE', () => {
  const wb = waterBox({ model: 'TIP3P', count: 8, seed: 3 });
  const p = wb.params;
  const settle = createConstraints(p, { rigidWater: true });
  const shake = createConstraints(p, { rigidWater: false, hBonds: true, tolerance: 1e-13 });
  const dHH = p.bonds.r0[2]!;

  it('finds 8 rigid waters (24 constraints) or 24 SHAKE pairs', () => {
    expect(settle.waters.length).toBe(24);
    expect(settle.pairs.i.length).toBe(0);
    expect(shake.pairs.i.length).toBe(24);
    expect(settle.count).toBe(24);
  });

  it('SETTLE positions agree with converged SHAKE and satisfy the constraints', () => {
    const rng = createRng(5);
    const ref = wb.positions.slice();
    const x1 = ref.map((x) => x + 0.004 * rng.normal());
    const xs = x1.slice(), xk = x1.slice();
    const vs = new Float64Array(x1.length), vk = new Float64Array(x1.length);
    settle.constrainPositions(ref, xs, vs, p.masses, 0.002, null);
    shake.constrainPositions(ref, xk, vk, p.masses, 0.002, null);
    for (let w = 0; w < 8; w++) {
      expect(distances(xs, 3 * w, 3 * w + 1)).toBeCloseTo(WATER_MODELS.TIP3P.dOH, 11);
      expect(distances(xs, 3 * w, 3 * w + 2)).toBeCloseTo(WATER_MODELS.TIP3P.dOH, 11);
      expect(distances(xs, 3 * w + 1, 3 * w + 2)).toBeCloseTo(dHH, 11);
    }
    for (let c = 0; c < xs.length; c++) {
      expect(xs[c]!).toBeCloseTo(xk[c]!, 9);
      expect(vs[c]!).toBeCloseTo(vk[c]!, 6);
    }
    // Constraint forces are internal: centre of mass of each molecule is unchanged.
    for (let d = 0; d < 3; d++) {
      let before = 0, after = 0;
      for (let a = 0; a < 3; a++) { before += p.masses[a]! * x1[3 * a + d]!; after += p.masses[a]! * xs[3 * a + d]!; }
      expect(after).toBeCloseTo(before, 12);
    }
  });

  it('SETTLE handles molecules split by the periodic boundary', () => {
    const L = 1.0;
    const box = makeBox(L, L, L);
    const ref = wb.positions.map((x) => x + 0.02);
    const rng = createRng(9);
    const x1 = ref.map((x) => x + 0.003 * rng.normal());
    const wrap = (x: Float64Array) => x.map((y) => y - L * Math.floor(y / L));
    const xa = x1.slice(), va = new Float64Array(x1.length);
    settle.constrainPositions(ref, xa, va, p.masses, 0.002, null);
    const xb = wrap(x1), vb = new Float64Array(x1.length);
    settle.constrainPositions(wrap(ref), xb, vb, p.masses, 0.002, box);
    const wa = wrap(xa);
    for (let c = 0; c < xa.length; c++) {
      const d = wa[c]! - xb[c]!;
      expect(Math.abs(d - L * Math.round(d / L))).toBeLessThan(1e-10);
      expect(vb[c]!).toBeCloseTo(va[c]!, 8);
    }
  });

  it('velocity constraints: r.v = 0 on every constraint, momentum unchanged', () => {
    const v = maxwellBoltzmann(p.masses, 300, KB, 4);
    const mom = (vv: Float64Array) => [0, 1, 2].map((d) => { let s = 0; for (let a = 0; a < p.nAtoms; a++) s += p.masses[a]! * vv[3 * a + d]!; return s; });
    const m0 = mom(v);
    for (const c of [settle, shake]) {
      const vv = v.slice();
      c.constrainVelocities(wb.positions, vv, p.masses, null);
      for (let b = 0; b < p.bonds.i.length; b++) {
        const i = p.bonds.i[b]!, j = p.bonds.j[b]!;
        let rv = 0;
        for (let d = 0; d < 3; d++) rv += (wb.positions[3 * i + d]! - wb.positions[3 * j + d]!) * (vv[3 * i + d]! - vv[3 * j + d]!);
        expect(Math.abs(rv)).toBeLessThan(1e-9);
      }
      const m1 = mom(vv);
      for (let d = 0; d < 3; d++) expect(m1[d]!).toBeCloseTo(m0[d]!, 10);
    }
  });
});

const std = (a: number[]) => { const m = a.reduce((x, y) => x + y) / a.length; return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / a.length); };
/** Least-squares slope of a series sampled every dt. */
const slope = (a: number[], dt: number) => {
  const n = a.length, tm = (n - 1) / 2, m = a.reduce((x, y) => x + y) / n;
  let num = 0, den = 0;
  a.forEach((y, k) => { num += (k - tm) * (y - m); den += (k - tm) ** 2; });
  return num / den / dt;
};

describe('NVE with constraints at 2 fs', () => {
  it('TIP3P water box (PME, SETTLE): total-energy fluctuation << kinetic, small drift', () => {
    const N = 125;
    const wb = waterBox({ model: 'TIP3P', count: N, seed: 2 });
    const box = makeBox(wb.edge, wb.edge, wb.edge);
    const ff = amberForceField(wb.params, { nonbondedMethod: 'PME', cutoff: 0.7, ewaldErrorTolerance: 5e-4 });
    const constraints = createConstraints(wb.params);
    const v0 = maxwellBoltzmann(wb.params.masses, 300, KB, 7);
    constraints.constrainVelocities(wb.positions, v0, wb.params.masses, box);
    // 0.2 ps of Langevin dynamics takes the edge off the lattice start.
    const lang = nvtLangevin(ff, { dt: 0.002, constraints, temperature: 300, gamma: 10 });
    let s = lang.init({ positions: wb.positions, masses: wb.params.masses, box, velocities: v0 });
    for (let k = 0; k < 100; k++) s = lang.step(s);
    const sim = nve(ff, { dt: 0.002, constraints });
    s = sim.init({ positions: s.positions, masses: s.masses, box, velocities: s.velocities });
    const e: number[] = [], ke: number[] = [];
    for (let k = 0; k < 150; k++) { s = sim.step(s); ke.push(kineticEnergy(s.velocities, s.masses)); e.push(ke[k]! + s.potentialEnergy); }
    const ratio = std(e) / std(ke), drift = slope(e, 0.002) / N;
    console.log(`water NVE 2 fs: std(E)/std(KE) = ${ratio.toExponential(2)}, drift ${drift.toExponential(2)} kJ/mol/ps/molecule`);
    expect(ratio).toBeLessThan(0.05);
    expect(Math.abs(drift)).toBeLessThan(0.05);
    for (let w = 0; w < N; w++) expect(distances(s.positions, 3 * w, 3 * w + 1, wb.edge)).toBeCloseTo(WATER_MODELS.TIP3P.dOH, 8);
  });

  it('alanine dipeptide (vacuum, RATTLE on H-bonds, HMR off and on)', () => {
    const dir = join(import.meta.dirname, '../../test-data/amber');
    const sys = loadAmberSystem(join(dir, 'ala_di.parm7'), join(dir, 'ala_di.rst7'));
    const ff = amberForceField(sys.params);
    const constraints = createConstraints(sys.params);
    expect(constraints.count).toBe(12); // 12 bonds to hydrogen
    for (const masses of [sys.params.masses, repartitionHydrogenMass(sys.params)]) {
      const v0 = maxwellBoltzmann(masses, 300, KB, 11);
      constraints.constrainVelocities(sys.positions!, v0, masses, null);
      const sim = nve(ff, { dt: 0.002, constraints });
      let s = sim.init({ positions: sys.positions!, masses, box: null, velocities: v0 });
      const e: number[] = [], ke: number[] = [];
      for (let k = 0; k < 2000; k++) { s = sim.step(s); ke.push(kineticEnergy(s.velocities, s.masses)); e.push(ke[k]! + s.potentialEnergy); }
      const ratio = std(e) / std(ke), drift = slope(e, 0.002);
      console.log(`ala2 NVE 2 fs (${masses === sys.params.masses ? 'no HMR' : 'HMR'}): std(E)/std(KE) = ${ratio.toExponential(2)}, drift ${drift.toExponential(2)} kJ/mol/ps`);
      expect(ratio).toBeLessThan(0.1);
      expect(Math.abs(drift)).toBeLessThan(0.1);
      for (let c = 0; c < constraints.pairs.i.length; c++) {
        expect(distances(s.positions, constraints.pairs.i[c]!, constraints.pairs.j[c]!)).toBeCloseTo(constraints.pairs.d[c]!, 8);
      }
    }
    const hmr = repartitionHydrogenMass(sys.params);
    expect(hmr.reduce((a, b) => a + b)).toBeCloseTo(sys.params.masses.reduce((a, b) => a + b), 9);
    expect(hmr[0]).toBeCloseTo(3.024, 12);
  });
});
