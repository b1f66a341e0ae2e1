import { describe, expect, it } from 'vitest';
import { md17EthanolSnippet } from '@mindscience/datasets';
import { evaluate, maxwellBoltzmann, molecularUnits, nve, type ForceProvider } from '../engine.ts';
import { DissociationError, fragmentGuard, withFragmentGuard } from './guard.ts';
import { distanceCombination, reactionCoordinateRestraint } from './reaction.ts';

const frame = md17EthanolSnippet()[0]!; // C C O H H H H H H (nm)
const masses = Float64Array.from(frame.symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
const dist = (x: Float64Array, i: number, j: number): number => Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);

describe('reaction-coordinate restraint', () => {
  const terms = [{ i: 0, j: 1, c: 1 }, { i: 0, j: 2, c: -1 }, { i: 3, j: 8, c: 0.5 }];

  it('xi is the weighted sum of the distances', () => {
    const x = frame.positions;
    expect(distanceCombination(terms, x)).toBeCloseTo(dist(x, 0, 1) - dist(x, 0, 2) + 0.5 * dist(x, 3, 8), 14);
  });

  it('forces are -dE/dR (central differences) and the virial is sum r (outer) F', () => {
    const r = reactionCoordinateRestraint(terms, { forceConstant: 5e4, target: 0.02 });
    const x = frame.positions.slice();
    const out = evaluate(r, x, null);
    expect(out.energy).toBeCloseTo(0.5 * 5e4 * (distanceCombination(terms, x) - 0.02) ** 2, 10);
    expect(out.terms['restraint']).toBeCloseTo(out.energy, 12);
    const h = 1e-6;
    for (let k = 0; k < x.length; k++) {
      const xp = x.slice(), xm = x.slice();
      xp[k] += h; xm[k] -= h;
      const fd = -(evaluate(r, xp, null).energy - evaluate(r, xm, null).energy) / (2 * h);
      expect(out.forces[k]).toBeCloseTo(fd, 4);
    }
    const W = new Float64Array(6);
    for (let a = 0; a < x.length / 3; a++) {
      const [rx, ry, rz] = [x[3 * a]!, x[3 * a + 1]!, x[3 * a + 2]!], [fx, fy, fz] = [out.forces[3 * a]!, out.forces[3 * a + 1]!, out.forces[3 * a + 2]!];
      W[0] += rx * fx; W[1] += ry * fy; W[2] += rz * fz; W[3] += rx * fy; W[4] += rx * fz; W[5] += ry * fz;
    }
    for (let k = 0; k < 6; k++) expect(out.virial[k]).toBeCloseTo(W[k]!, 8);
  });

  it('a sweep of the target drags xi along (steered NVE)', () => {
    const r = reactionCoordinateRestraint([{ i: 0, j: 2, c: 1 }], { forceConstant: 2e4, target: dist(frame.positions, 0, 2) });
    // Bonds held by stiff springs to the start geometry except the restrained C-O distance itself.
    const springs: ForceProvider = {
      name: 'springs',
      compute(x, _b, out) {
        for (let a = 0; a < 9; a++) for (let b = a + 1; b < 9; b++) {
          if (a === 0 && b === 2) continue;
          const d0 = dist(frame.positions, a, b), d = dist(x, a, b);
          if (d0 > 0.2) continue;
          const s = (1e5 * (d - d0)) / d;
          out.energy += 0.5 * 1e5 * (d - d0) ** 2;
          for (let q = 0; q < 3; q++) { const g = s * (x[3 * b + q]! - x[3 * a + q]!); out.forces[3 * b + q] -= g; out.forces[3 * a + q] += g; }
        }
      },
    };
    const sim = nve({ name: 'both', compute(x, b, o) { springs.compute(x, b, o); r.compute(x, b, o); } }, { dt: 0.0002 });
    let s = sim.init({ positions: frame.positions.slice(), masses, box: null });
    const start = r.target;
    for (let i = 0; i < 500; i++) { r.target = start + (0.03 * (i + 1)) / 500; s = sim.step(s); }
    expect(dist(s.positions, 0, 2) - start).toBeGreaterThan(0.015);
  });

  it('rejects bad terms and force constants with the field named', () => {
    expect(() => reactionCoordinateRestraint([], { forceConstant: 1, target: 0 })).toThrow(/no distance terms/);
    expect(() => reactionCoordinateRestraint([{ i: 1, j: 1, c: 1 }], { forceConstant: 1, target: 0 })).toThrow(/term 0 has atoms \(1, 1\)/);
    expect(() => reactionCoordinateRestraint([{ i: 0, j: 1, c: 1 }], { forceConstant: -1, target: 0 })).toThrow(/forceConstant = -1/);
    const r = reactionCoordinateRestraint([{ i: 0, j: 20, c: 1 }], { forceConstant: 1, target: 0 });
    expect(() => evaluate(r, frame.positions, null)).toThrow(/atom 20 is outside the 9-atom system/);
  });
});

describe('fragment guard', () => {
  it('sees one fragment in ethanol and two when a hydrogen is pulled 0.3 nm away', () => {
    const g = fragmentGuard(frame.symbols, frame.positions);
    expect(g.fragments).toBe(1);
    const x = frame.positions.slice();
    x[3 * 8] += 0.3;
    expect(g.count(x)).toBe(2);
    expect(() => g.check(x, 120)).toThrow(DissociationError);
    expect(() => g.check(x, 120)).toThrow(/dissociation at step 120: 2 fragments \(start: 1\); atom 8/);
    g.check(frame.positions, 121); // intact: no error
  });

  it('reports a collapse (two atoms on top of each other) and non-finite positions', () => {
    const g = fragmentGuard(frame.symbols, frame.positions);
    const x = frame.positions.slice();
    for (let q = 0; q < 3; q++) x[3 * 3 + q] = x[q]! + 0.001;
    expect(() => g.check(x, 7)).toThrow(/collapse at step 7: atoms 0 and 3/);
    const y = frame.positions.slice();
    y[5] = NaN;
    expect(() => g.check(y, 8)).toThrow(/collapse at step 8/);
  });

  it('stops a simulation that pulls a hydrogen off, at the check step after the bond breaks', () => {
    const pull: ForceProvider = {
      name: 'pull',
      compute(x, _b, out) {
        // Stiff springs hold every bond of the start geometry, except H8 which feels a constant pull.
        for (let a = 0; a < 9; a++) for (let b = a + 1; b < 9; b++) {
          const d0 = dist(frame.positions, a, b);
          if (d0 > 0.2 || b === 8) continue;
          const d = dist(x, a, b), s = (1e5 * (d - d0)) / d;
          for (let q = 0; q < 3; q++) { const gq = s * (x[3 * b + q]! - x[3 * a + q]!); out.forces[3 * b + q] -= gq; out.forces[3 * a + q] += gq; }
        }
        out.forces[3 * 8] += 5000;
      },
    };
    const sim = withFragmentGuard(nve(pull, { dt: 0.0005 }), frame.symbols, { every: 5 });
    let s = sim.init({ positions: frame.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, 10, molecularUnits.kB, 1) });
    let err: unknown = null;
    try { for (let i = 0; i < 2000; i++) s = sim.step(s); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DissociationError);
    const step = (err as DissociationError).step;
    expect(step % 5).toBe(0);
    expect((err as DissociationError).atom).toBe(8);
    expect(step).toBeGreaterThan(0);
    expect(sim.name).toMatch(/fragment-guard/);
  });
});
