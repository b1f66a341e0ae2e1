/** Solvation: merged parameters reproduce the parts' energies; waters keep clear of the solute. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../energy/provider.ts';
import { makeBox } from '../space.ts';
import { amberForceField } from './amberForceField.ts';
import { createConstraints } from './constraints.ts';
import { loadAmberSystem } from './load.ts';
import { mergeParams, solvate } from './solvate.ts';
import { waterBox } from './water.ts';

const dir = join(import.meta.dirname, '../../test-data/amber');
const sys = loadAmberSystem(join(dir, 'ala_di.parm7'), join(dir, 'ala_di.rst7'));

describe('solvate', () => {
  it('merged parameters: energy of far-apart parts is the sum of the parts', () => {
    const wb = waterBox({ count: 8, seed: 1 });
    const merged = mergeParams(sys.params, wb.params);
    const far = new Float64Array(3 * merged.nAtoms);
    far.set(sys.positions!);
    for (let k = 0; k < wb.positions.length; k++) far[66 + k] = wb.positions[k]! + 40;
    const e = (p: typeof merged, R: Float64Array) => evaluate(amberForceField(p), R, null);
    const whole = e(merged, far), a = e(sys.params, sys.positions!), b = e(wb.params, wb.positions);
    for (const key of ['bond', 'angle', 'dihedral', 'lj14', 'coulomb14']) expect(whole.terms[key]).toBeCloseTo(a.terms[key]! + b.terms[key]!, 8);
    expect(whole.energy).toBeCloseTo(a.energy + b.energy, 2);
    // Cross LJ (Lorentz-Berthelot) equals the mean of sigmas / geometric mean of epsilons.
    const nt = merged.lj.nTypes, tC = sys.params.lj.atomType[1]!, tO = merged.lj.atomType[22]!;
    const sig = (t: number) => (merged.lj.A[t * nt + t]! / merged.lj.B[t * nt + t]!) ** (1 / 6);
    const eps = (t: number) => merged.lj.B[t * nt + t]! ** 2 / (4 * merged.lj.A[t * nt + t]!);
    const s = (sig(tC) + sig(tO)) / 2, ep = Math.sqrt(eps(tC) * eps(tO));
    expect(merged.lj.B[tC * nt + tO]! / (4 * ep * s ** 6)).toBeCloseTo(1, 12);
  });

  it('ala2 in TIP3P: no water within 0.23 nm, plausible count, finite PME energy, constraints found', () => {
    const sol = solvate(sys.params, sys.positions!, { padding: 0.8 });
    expect(sol.waters).toBeGreaterThan(0.9 * ((sol.edge ** 3 * 33.4) - 40));
    expect(sol.waters).toBeLessThan(sol.edge ** 3 * 33.4);
    const n = 22;
    let minD = Infinity;
    for (let a = 0; a < n; a++) for (let w = n; w < sol.params.nAtoms; w++) {
      const d = [0, 1, 2].map((k) => { const v = sol.positions[3 * a + k]! - sol.positions[3 * w + k]!; return v - sol.edge * Math.round(v / sol.edge); });
      minD = Math.min(minD, Math.hypot(d[0]!, d[1]!, d[2]!));
    }
    expect(minD).toBeGreaterThanOrEqual(0.23);
    const ff = amberForceField(sol.params, { nonbondedMethod: 'PME', cutoff: 0.9 });
    const res = evaluate(ff, sol.positions, makeBox(sol.edge, sol.edge, sol.edge));
    expect(Number.isFinite(res.energy)).toBe(true);
    expect(res.energy).toBeLessThan(0);
    const c = createConstraints(sol.params);
    expect(c.count).toBe(12 + 3 * sol.waters);
  });
});
