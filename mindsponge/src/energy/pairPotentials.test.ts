import { describe, expect, it } from 'vitest';
import { morse, softSphere } from './pairPotentials.ts';
import { harmonicBonds } from './bonded.ts';
import { evaluate, sumProviders, type ForceProvider } from './provider.ts';
import { lattice } from '../system.ts';
import { makeBox, wrapPositions, type Box } from '../space.ts';
import { createRng } from '../rng.ts';

function checkForces(p: ForceProvider, x: Float64Array, box: Box | null, idx: number[]): void {
  const out = evaluate(p, x, box), h = 1e-6;
  for (const k of idx) {
    const xp = x.slice(); xp[k] = xp[k]! + h;
    const xm = x.slice(); xm[k] = xm[k]! - h;
    const fd = -(evaluate(p, xp, box).energy - evaluate(p, xm, box).energy) / (2 * h);
    expect(Math.abs(out.forces[k]! - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
  }
}
function checkVirial(p: ForceProvider, x: Float64Array, box: Box): void {
  const w = evaluate(p, x, box).virial, h = 1e-6;
  const e = (s: number): number => evaluate(p, x.map((v) => v * s), makeBox(box.lx * s, box.ly * s, box.lz * s, box.xy * s, box.xz * s, box.yz * s)).energy;
  const fd = -(e(1 + h) - e(1 - h)) / (2 * h);
  expect(Math.abs(w[0]! + w[1]! + w[2]! - fd)).toBeLessThan(1e-7 * (1 + Math.abs(fd)));
}

describe('Morse, soft sphere, harmonic bonds', () => {
  const sys = lattice({ kind: 'fcc', density: 1.0, cells: [4, 4, 4] });
  const r = createRng(2), x = sys.positions.map((v) => v + 0.15 * (r.uniform() - 0.5));
  const box = makeBox(sys.box!.lx, sys.box!.ly, sys.box!.lz, 0.5, 0.2, -0.3);
  wrapPositions(box, x);
  const species = new Int32Array(256).map((_, i) => i % 2);

  it('Morse: minimum -D at r0; forces = -dE/dr; virial = -dE/dlnV (2 species, triclinic)', () => {
    const one = morse({ depth: 2, alpha: 3, r0: 1.1, cutoff: 3 });
    const e = evaluate(one, new Float64Array([0, 0, 0, 1.1, 0, 0]), null);
    expect(e.energy).toBeCloseTo(-2, 12);
    expect(Math.abs(e.forces[0]!)).toBeLessThan(1e-12);
    const p = morse({ depth: [1, 2], alpha: [2, 3], r0: [1, 1.2], cutoff: 2.5, shift: true, species });
    checkForces(p, x, box, [0, 1, 5, 400]);
    checkVirial(p, x, box);
  });

  it('soft sphere: ε/α (1 - r/σ)^α inside σ, zero outside; forces and virial by finite differences', () => {
    const p = softSphere({ epsilon: 1, sigma: 1.5, alpha: 2.5 });
    expect(evaluate(p, new Float64Array([0, 0, 0, 1, 0, 0]), null).energy).toBeCloseTo((1 / 2.5) * (1 / 3) ** 2.5, 12);
    expect(evaluate(p, new Float64Array([0, 0, 0, 1.6, 0, 0]), null).energy).toBe(0);
    const q = softSphere({ epsilon: [1, 2], sigma: [1.2, 1.4], species });
    checkForces(q, x, box, [3, 4, 100, 767]);
    checkVirial(q, x, box);
  });

  it('harmonic bonds across the periodic boundary; composed with Morse via sumProviders', () => {
    const b = makeBox(5, 5, 5);
    const y = new Float64Array([0.2, 2.5, 2.5, 4.7, 2.5, 2.5, 2.5, 2.5, 2.5]);
    const bonds = harmonicBonds({ bonds: new Int32Array([0, 1, 1, 2]), k: 100, r0: 0.4 });
    expect(evaluate(bonds, y, b).energy).toBeCloseTo(0.5 * 100 * (0.5 - 0.4) ** 2 + 0.5 * 100 * (2.2 - 0.4) ** 2, 10);
    const both = sumProviders([bonds, morse({ depth: 1, alpha: 2, r0: 1, cutoff: 2 })]);
    checkForces(both, y, b, [0, 1, 3, 8]);
    checkVirial(both, y, b);
    expect(() => evaluate(harmonicBonds({ bonds: new Int32Array([0, 5]), k: 1, r0: 1 }), y, b)).toThrow(/bond 0 = \(0, 5\) refers to atoms outside \[0, 3\)/);
  });
});
