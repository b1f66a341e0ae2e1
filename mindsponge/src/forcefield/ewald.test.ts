/**
 * Electrostatics checks: the NaCl Madelung constant (published: 1.747565), Ewald vs PME vs a direct
 * lattice sum, independence of the Ewald splitting, PME error falling with grid refinement, forces
 * against finite differences, and the reaction-field and dispersion-correction formulas.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../energy/provider.ts';
import { makeBox } from '../space.ts';
import { amberForceField, type AmberForceFieldOptions } from './amberForceField.ts';
import { COULOMB_CONSTANT, type ForceFieldParams } from './amberParams.ts';
import { erfc } from './erfc.ts';
import { dispersionCoefficient } from './nonbonded.ts';
import { simpleParams } from './testSystems.ts';

function energyOf(p: ForceFieldParams, R: Float64Array, L: number, opts: AmberForceFieldOptions) {
  const ff = amberForceField(p, opts);
  return evaluate(ff, R, makeBox(L, L, L));
}

/** 8-ion conventional NaCl cell, nearest-neighbour distance L/2. */
function nacl(L: number) {
  const p = simpleParams([1, 1, 1, 1, -1, -1, -1, -1].map((charge) => ({ charge })));
  const fcc = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]];
  const R = new Float64Array(24);
  fcc.forEach((f, i) => {
    for (let d = 0; d < 3; d++) { R[3 * i + d] = f[d]! * L; R[3 * (i + 4) + d] = (f[d]! + (d === 0 ? 0.5 : 0)) * L; }
  });
  return { p, R };
}

/** Neutral random charges in a cubic box. */
function randomIons(n: number, L: number, seed: number) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const charges = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (0.5 + rnd()));
  const mean = charges.reduce((a, b) => a + b, 0) / n;
  const p = simpleParams(charges.map((c) => ({ charge: c - mean })));
  const R = Float64Array.from({ length: 3 * n }, () => rnd() * L);
  return { p, R };
}

/** Direct sum over whole image cells with |n| <= shells, minus the tin-foil dipole term. */
function latticeSum(p: ForceFieldParams, R: Float64Array, L: number, shells: number): number {
  const n = p.nAtoms;
  let E = 0;
  for (let a = -shells; a <= shells; a++) for (let b = -shells; b <= shells; b++) for (let c = -shells; c <= shells; c++) {
    if (a * a + b * b + c * c > shells * shells) continue;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (a === 0 && b === 0 && c === 0 && i === j) continue;
      const dx = R[3 * i]! - R[3 * j]! + a * L, dy = R[3 * i + 1]! - R[3 * j + 1]! + b * L, dz = R[3 * i + 2]! - R[3 * j + 2]! + c * L;
      E += (0.5 * COULOMB_CONSTANT * p.charges[i]! * p.charges[j]!) / Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  const M = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) M[d] += p.charges[i]! * R[3 * i + d]!;
  return E - ((2 * Math.PI * COULOMB_CONSTANT) / (3 * L ** 3)) * (M[0]! ** 2 + M[1]! ** 2 + M[2]! ** 2);
}

describe('Ewald and PME', () => {
  it('erfc matches tabulated values', () => {
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(1.5)).toBeCloseTo(0.033894853524689274, 15);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 11);
    expect(erfc(5) / 1.5374597944280348e-12).toBeCloseTo(1, 11);
  });

  it('NaCl: Madelung constant 1.747565 from Ewald and PME', () => {
    const L = 1.2;
    const { p, R } = nacl(L);
    const r0 = L / 2;
    const madelung = (E: number) => -E / (4 * COULOMB_CONSTANT / r0);
    const ew = energyOf(p, R, L, { nonbondedMethod: 'Ewald', cutoff: 0.55, ewaldErrorTolerance: 1e-7 });
    const pme = energyOf(p, R, L, { nonbondedMethod: 'PME', cutoff: 0.55, ewaldErrorTolerance: 1e-7, pmeGrid: [32, 32, 32] });
    expect(madelung(ew.terms.coulomb!)).toBeCloseTo(1.747565, 6);
    expect(madelung(pme.terms.coulomb!)).toBeCloseTo(1.747565, 5);
  });

  const L = 2.0;
  const { p, R } = randomIons(12, L, 7);
  const ref = energyOf(p, R, L, { nonbondedMethod: 'Ewald', cutoff: 0.9, ewaldErrorTolerance: 1e-8 });

  it('Ewald agrees with a direct lattice sum (tin-foil boundary)', () => {
    const direct = latticeSum(p, R, L, 24);
    expect(Math.abs(ref.terms.coulomb! - direct)).toBeLessThan(2e-4 * Math.abs(ref.terms.coulomb!) + 0.05);
  });

  it('Ewald energy and forces do not depend on the splitting alpha', () => {
    const other = energyOf(p, R, L, { nonbondedMethod: 'Ewald', cutoff: 0.9, alpha: 4.5, ewaldKmax: [21, 21, 21] });
    expect(Math.abs(other.terms.coulomb! / ref.terms.coulomb! - 1)).toBeLessThan(1e-8);
    for (let c = 0; c < R.length; c++) expect(other.forces[c]!).toBeCloseTo(ref.forces[c]!, 4);
  });

  it('PME converges to Ewald as the grid is refined; default tolerance gives < 5e-4 force error', () => {
    const errs: number[] = [];
    for (const K of [8, 16, 32, 64]) {
      const pme = energyOf(p, R, L, { nonbondedMethod: 'PME', cutoff: 0.9, ewaldErrorTolerance: 1e-8, pmeGrid: [K, K, K] });
      let num = 0, den = 0;
      for (let c = 0; c < R.length; c++) { num += (pme.forces[c]! - ref.forces[c]!) ** 2; den += ref.forces[c]! ** 2; }
      errs.push(Math.sqrt(num / den));
    }
    console.log("pme force errors vs grid 8,16,32,64:", errs.map((e) => e.toExponential(2)).join(" "));
    for (let k = 1; k < errs.length; k++) expect(errs[k]!).toBeLessThan(errs[k - 1]! / 8);
    expect(errs[3]!).toBeLessThan(1e-5);
    const auto = energyOf(p, R, L, { nonbondedMethod: 'PME', cutoff: 0.9 });
    const auto2 = energyOf(p, R, L, { nonbondedMethod: 'Ewald', cutoff: 0.9 });
    for (const res of [auto, auto2]) {
      let num = 0, den = 0;
      for (let c = 0; c < R.length; c++) { num += (res.forces[c]! - ref.forces[c]!) ** 2; den += ref.forces[c]! ** 2; }
      expect(Math.sqrt(num / den)).toBeLessThan(5e-4);
    }
  });

  for (const method of ['Ewald', 'PME', 'CutoffPeriodic'] as const) {
    it(`${method}: forces = -dE/dR (with exclusions and LJ)`, () => {
      // Three rigid-ish "waters" with intramolecular exclusions plus LJ on the oxygens.
      const atoms = [];
      const excl: [number, number][] = [];
      for (let m = 0; m < 3; m++) {
        atoms.push({ charge: -0.834, sigma: 0.315, epsilon: 0.636 }, { charge: 0.417 }, { charge: 0.417 });
        excl.push([3 * m, 3 * m + 1], [3 * m, 3 * m + 2], [3 * m + 1, 3 * m + 2]);
      }
      const pw = simpleParams(atoms, excl);
      const Rw = Float64Array.from([0.1, 0.1, 0.1, 0.19, 0.1, 0.12, 0.08, 0.19, 0.1, 0.5, 0.45, 0.4, 0.55, 0.53, 0.42, 0.45, 0.4, 0.47, 1.3, 0.2, 0.9, 1.37, 0.25, 0.95, 1.24, 0.27, 0.87]);
      const Lw = 1.9;
      const ff = amberForceField(pw, { nonbondedMethod: method, cutoff: 0.8, ewaldErrorTolerance: 1e-4 });
      const box = makeBox(Lw, Lw, Lw);
      const F = evaluate(ff, Rw, box).forces.slice();
      const h = 1e-6;
      let num = 0, den = 0;
      for (let c = 0; c < Rw.length; c++) {
        const Rp = Rw.slice(), Rm = Rw.slice();
        Rp[c] += h; Rm[c] -= h;
        const fd = -(evaluate(ff, Rp, box).energy - evaluate(ff, Rm, box).energy) / (2 * h);
        num += (fd - F[c]!) ** 2; den += fd * fd;
      }
      expect(Math.sqrt(num / den)).toBeLessThan(1e-6);
    });
  }

  it('virial trace matches -3V dE/dV under uniform scaling (PME, with exclusions)', () => {
    const atoms = [];
    const excl: [number, number][] = [];
    for (let m = 0; m < 4; m++) {
      atoms.push({ charge: -0.8, sigma: 0.3, epsilon: 0.6 }, { charge: 0.8 });
    }
    const pw = simpleParams(atoms, excl);
    const Rw = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9, 1.2, 0.7, 1.5, 0.3, 1.1, 0.2, 1.6, 1.4, 1.0, 1.0, 0.3, 1.6, 0.9, 0.5, 0.6, 1.4, 1.7]);
    const L0 = 1.9;
    const ff = amberForceField(pw, { nonbondedMethod: 'PME', cutoff: 0.8, ewaldErrorTolerance: 1e-6, pmeGrid: [32, 32, 32] });
    const res = evaluate(ff, Rw, makeBox(L0, L0, L0));
    const W = res.virial[0]! + res.virial[1]! + res.virial[2]!;
    const s = 1e-5;
    const e = (f: number) => {
      const ffs = amberForceField(pw, { nonbondedMethod: 'PME', cutoff: 0.8, alpha: ff.alpha!, pmeGrid: [32, 32, 32] });
      return evaluate(ffs, Rw.map((x) => x * f), makeBox(L0 * f, L0 * f, L0 * f)).energy;
    };
    const dEdlnL = (e(1 + s) - e(1 - s)) / (2 * s);
    expect(W).toBeCloseTo(-dEdlnL, 2);
  });

  it('dispersion correction equals the integral of the LJ tail for one type', () => {
    const n = 10, sigma = 0.3, eps = 0.5, rc = 0.9;
    const pw = simpleParams(Array.from({ length: n }, () => ({ charge: 0, sigma, epsilon: eps })));
    const c = dispersionCoefficient(pw, rc);
    // 2 pi N^2 int_rc^inf r^2 4 eps ((s/r)^12 - (s/r)^6) dr
    const tail = 2 * Math.PI * n * n * 4 * eps * (sigma ** 12 / (9 * rc ** 9) - sigma ** 6 / (3 * rc ** 3));
    expect(c).toBeCloseTo(tail, 12);
  });
});
