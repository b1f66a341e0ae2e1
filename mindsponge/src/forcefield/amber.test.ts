/**
 * Alanine dipeptide (ff14SB, vacuum): energies per term and forces against OpenMM 7.7 (committed
 * JSON from mindsponge/reference/openmm/ala_di.py), and every term's forces against central
 * finite differences of its energy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../energy/provider.ts';
import { makeBox } from '../space.ts';
import { amberForceField } from './amberForceField.ts';
import type { ForceFieldParams } from './amberParams.ts';
import { harmonicAngleEnergy, harmonicBondEnergy, periodicTorsionEnergy } from './bonded.ts';
import { loadAmberSystem } from './load.ts';
import { parsePrmtop } from './prmtop.ts';
import { amberToParams } from './amberParams.ts';
import { createPairKernel, pair14Energy } from './nonbonded.ts';

const dir = join(import.meta.dirname, '../../test-data/amber');
const sys = loadAmberSystem(join(dir, 'ala_di.parm7'), join(dir, 'ala_di.rst7'));
const ref = JSON.parse(readFileSync(join(import.meta.dirname, '../../reference/openmm/ala_di.json'), 'utf8')) as {
  energies: Record<string, number>;
  forces: number[][];
};

describe('alanine dipeptide vs OpenMM', () => {
  const ff = amberForceField(sys.params, { nonbondedMethod: 'NoCutoff' });
  const res = evaluate(ff, sys.positions!, null);
  for (const key of ['bond', 'angle', 'dihedral', 'lj', 'lj14', 'coulomb', 'coulomb14']) {
    it(`${key} agrees to 1e-4 relative`, () => {
      const ours = res.terms[key]!;
      const theirs = ref.energies[key]!;
      expect(Math.abs(ours - theirs) / Math.abs(theirs)).toBeLessThan(1e-4);
    });
  }
  it('total and forces agree', () => {
    expect(Math.abs(res.energy - ref.energies.total!)).toBeLessThan(1e-4 * Math.abs(ref.energies.total!));
    let num = 0, den = 0;
    ref.forces.forEach((f, a) => {
      for (let d = 0; d < 3; d++) { num += (res.forces[3 * a + d]! - f[d]!) ** 2; den += f[d]! ** 2; }
    });
    expect(Math.sqrt(num / den)).toBeLessThan(1e-5);
  });
});

type TermFn = (R: Float64Array, F: Float64Array | null) => number;

function termFns(p: ForceFieldParams): Record<string, TermFn> {
  const out = new Float64Array(2);
  const vac = createPairKernel(p, { box: null, cutoff: null, coulomb: 'plain' });
  const rf = createPairKernel(p, { box: null, cutoff: 0.6, coulomb: 'reactionField' });
  return {
    bond: (R, F) => harmonicBondEnergy(R, p.bonds, F),
    angle: (R, F) => harmonicAngleEnergy(R, p.angles, F),
    proper: (R, F) => periodicTorsionEnergy(R, p.torsions, F, 0),
    improper: (R, F) => periodicTorsionEnergy(R, p.torsions, F, 1),
    pair14: (R, F) => { pair14Energy(R, p.pairs14, F, out); return out[0]! + out[1]!; },
    nonbonded: (R, F) => { vac.compute(R, null, F, out); return out[0]! + out[1]!; },
    reactionField: (R, F) => { rf.compute(R, null, F, out); return out[0]! + out[1]!; },
  };
}

describe('forces = -dE/dR for every term (central differences)', () => {
  const R0 = sys.positions!;
  // A distorted geometry, so no term sits at its minimum and every force is non-trivial.
  const R = R0.map((x, i) => x + 0.01 * Math.sin(7 * i + 1));
  for (const [name, fn] of Object.entries(termFns(sys.params))) {
    it(name, () => {
      const F = new Float64Array(R.length);
      fn(R, F);
      const h = 1e-6;
      let num = 0, den = 0;
      for (let c = 0; c < R.length; c++) {
        const Rp = R.slice(), Rm = R.slice();
        Rp[c] += h; Rm[c] -= h;
        const fd = -(fn(Rp, null) - fn(Rm, null)) / (2 * h);
        num += (fd - F[c]!) ** 2; den += fd * fd;
      }
      expect(den).toBeGreaterThan(0);
      expect(Math.sqrt(num / den)).toBeLessThan(1e-6);
    });
  }
  it('improper torsion energy is invariant under rigid rotation and translation', () => {
    const fn = termFns(sys.params).improper!;
    const c = Math.cos(0.7), s = Math.sin(0.7);
    const Rr = new Float64Array(R.length);
    for (let a = 0; a < R.length; a += 3) {
      Rr[a] = c * R[a]! - s * R[a + 1]! + 1.3; Rr[a + 1] = s * R[a]! + c * R[a + 1]! - 0.4; Rr[a + 2] = R[a + 2]! + 2;
    }
    expect(fn(Rr, null)).toBeCloseTo(fn(R, null), 10);
  });
});

describe('alanine dipeptide in a periodic box (PME)', () => {
  const L = 2.2;
  const box = makeBox(L, L, L);
  const ff = amberForceField(sys.params, { nonbondedMethod: 'PME', cutoff: 0.9, ewaldErrorTolerance: 1e-5 });
  // Shift so the molecule straddles the box corner, then wrap atom by atom (molecule split).
  const R = sys.positions!.map((x) => x - 0.15);
  const wrapped = R.map((x) => x - L * Math.floor(x / L));
  it('energy and forces do not change when atoms are wrapped individually', () => {
    const a = evaluate(ff, R, box);
    const e = a.energy;
    const f = a.forces.slice();
    const b = evaluate(ff, wrapped, box);
    expect(b.energy).toBeCloseTo(e, 8);
    for (let c = 0; c < f.length; c++) expect(b.forces[c]!).toBeCloseTo(f[c]!, 6);
  });
  it('virial trace equals -dE/dlnL under uniform atomic scaling (all terms)', () => {
    const res = evaluate(ff, wrapped, box);
    const W = res.virial[0]! + res.virial[1]! + res.virial[2]!;
    const s = 1e-6;
    const e = (f: number) => {
      const ffs = amberForceField(sys.params, { nonbondedMethod: 'PME', cutoff: 0.9, alpha: ff.alpha!, pmeGrid: ff.reciprocal!.grid });
      return evaluate(ffs, R.map((x) => x * f), makeBox(L * f, L * f, L * f)).energy;
    };
    expect(W).toBeCloseTo(-(e(1 + s) - e(1 - s)) / (2 * s), 3);
  });
});

describe('alanine dipeptide in a 2.5 nm box vs OpenMM (reaction field, Ewald, PME; tolerance 1e-6)', () => {
  const per = JSON.parse(readFileSync(join(import.meta.dirname, '../../reference/openmm/ala_di_periodic.json'), 'utf8')) as {
    methods: Record<string, { nonbonded: number; total: number; forces: number[][] }>;
  };
  for (const method of ['CutoffPeriodic', 'Ewald', 'PME'] as const) {
    for (const disp of [false, true]) {
      const key = method + (disp ? '+dispersion' : '');
      it(`${key}: nonbonded energy to 1e-6 relative, forces to 1e-5`, () => {
        const ff = amberForceField(sys.params, { nonbondedMethod: method, cutoff: 1.0, ewaldErrorTolerance: 1e-6, dispersionCorrection: disp });
        const res = evaluate(ff, sys.positions!, makeBox(2.5, 2.5, 2.5));
        const t = res.terms;
        const nb = t.lj! + t.lj14! + t.coulomb! + t.coulomb14! + t.dispersion!;
        const ref = per.methods[key]!;
        expect(Math.abs(nb - ref.nonbonded) / Math.abs(ref.nonbonded)).toBeLessThan(1e-6);
        expect(Math.abs(res.energy - ref.total) / Math.abs(ref.total)).toBeLessThan(1e-6);
        let num = 0, den = 0;
        ref.forces.forEach((f, a) => { for (let d = 0; d < 3; d++) { num += (res.forces[3 * a + d]! - f[d]!) ** 2; den += f[d]! ** 2; } });
        expect(Math.sqrt(num / den)).toBeLessThan(1e-5);
      });
    }
  }
});

describe('Urey-Bradley terms (CHARMM prmtop sections)', () => {
  // ala_di plus two synthetic 1-3 Urey-Bradley pairs in the chamber-prmtop layout.
  const text = readFileSync(join(dir, 'ala_di.parm7'), 'utf8') + [
    '%FLAG CHARMM_UREY_BRADLEY_COUNT', '%FORMAT(2I8)', '       2       1',
    '%FLAG CHARMM_UREY_BRADLEY', '%FORMAT(10I8)', '       1       3       1       5       7       1',
    '%FLAG CHARMM_UREY_BRADLEY_FORCE_CONSTANT', '%FORMAT(5E16.8)', '  5.00000000E+01',
    '%FLAG CHARMM_UREY_BRADLEY_EQUIL_VALUE', '%FORMAT(5E16.8)', '  2.10000000E+00', ''].join('\n');
  const top = parsePrmtop(text, 'ub.parm7');
  const p = amberToParams(top);
  it('parses pairs and converts units (1/2 k convention, kJ/mol/nm^2, nm)', () => {
    expect(Array.from(p.ureyBradley.i)).toEqual([0, 4]);
    expect(Array.from(p.ureyBradley.j)).toEqual([2, 6]);
    expect(p.ureyBradley.k[0]).toBeCloseTo(2 * 50 * 418.4, 9);
    expect(p.ureyBradley.r0[1]).toBeCloseTo(0.21, 12);
  });
  it('energy = sum k_A (r - r0)^2 in kcal/mol and forces = -dE/dR', () => {
    const R = sys.positions!;
    const res = evaluate(amberForceField(p), R, null);
    let expected = 0;
    for (const [a, b] of [[0, 2], [4, 6]] as const) {
      const r = Math.hypot(R[3 * a]! - R[3 * b]!, R[3 * a + 1]! - R[3 * b + 1]!, R[3 * a + 2]! - R[3 * b + 2]!) * 10;
      expected += 50 * (r - 2.1) ** 2 * 4.184;
    }
    expect(res.terms.ureyBradley).toBeCloseTo(expected, 9);
    const F = new Float64Array(R.length);
    const e = (X: Float64Array, G: Float64Array | null) => harmonicBondEnergy(X, p.ureyBradley, G);
    e(R, F);
    for (const c of [0, 1, 2, 6, 7, 8, 12, 20]) {
      const Rp = R.slice(), Rm = R.slice();
      Rp[c] += 1e-6; Rm[c] -= 1e-6;
      expect(F[c]!).toBeCloseTo(-(e(Rp, null) - e(Rm, null)) / 2e-6, 4);
    }
    expect(() => parsePrmtop(text.replace('       1       3       1       5       7       1', '       1      99       1       5       7       1'))).toThrow(/CHARMM_UREY_BRADLEY: entry 1 has atoms 1, 99/);
  });
});
