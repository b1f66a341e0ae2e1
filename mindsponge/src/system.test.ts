import { describe, expect, it } from 'vitest';
import { lattice, latticeConstant, maxwellBoltzmann, randomPacking } from './system.ts';
import { boxVolume, makeBox, minimumImageInPlace, periodic, periodicGeneral, free, wrapPositions } from './space.ts';
import { kineticEnergy, degreesOfFreedom, temperature } from './quantities.ts';
import { BAR_PER_KJ_MOL_NM3, KB_KJ_PER_MOL_K, molecularUnits } from './units.ts';
import { createRng } from './rng.ts';

describe('systems, space, units', () => {
  it('lattices have the requested density and atom count', () => {
    for (const [kind, basis] of [['sc', 1], ['bcc', 2], ['fcc', 4]] as const) {
      const s = lattice({ kind, density: 0.9, cells: [3, 4, 5] });
      expect(s.masses.length).toBe(basis * 60);
      expect(s.masses.length / boxVolume(s.box!)).toBeCloseTo(0.9, 12);
    }
    expect(latticeConstant('fcc', 0.8442)).toBeCloseTo(1.6796, 4); // LAMMPS "lattice fcc 0.8442"
    expect(() => lattice({ kind: 'fcc', density: 1, cells: [2, 0, 2] })).toThrow(/cells\[1\] = 0, expected a positive integer/);
  });

  it('random packing respects the minimum distance (minimum image) and fails clearly when impossible', () => {
    const box = makeBox(6, 6, 6);
    const s = randomPacking({ n: 150, box, minDistance: 0.9, seed: 3 });
    const d = new Float64Array(3);
    let min = Infinity;
    for (let i = 0; i < 150; i++) for (let j = i + 1; j < 150; j++) {
      for (let k = 0; k < 3; k++) d[k] = s.positions[3 * i + k]! - s.positions[3 * j + k]!;
      minimumImageInPlace(box, d);
      min = Math.min(min, Math.hypot(d[0]!, d[1]!, d[2]!));
    }
    expect(min).toBeGreaterThanOrEqual(0.9);
    expect(() => randomPacking({ n: 1000, box, minDistance: 1.5, seed: 1, maxTries: 50 })).toThrow(/could not place atom \d+ of 1000/);
  });

  it('Maxwell-Boltzmann velocities: zero momentum, exactly T with 3N-3 dof', () => {
    const m = new Float64Array(500).map((_, i) => 1 + (i % 3));
    const v = maxwellBoltzmann(m, 300, KB_KJ_PER_MOL_K, 7);
    let p = [0, 0, 0];
    for (let i = 0; i < 500; i++) p = p.map((q, k) => q + m[i]! * v[3 * i + k]!);
    expect(Math.max(...p.map(Math.abs))).toBeLessThan(1e-10);
    expect(temperature(kineticEnergy(v, m), degreesOfFreedom(500), KB_KJ_PER_MOL_K)).toBeCloseTo(300, 9);
  });

  it('unit constants (CODATA 2018) and 1 kJ/mol/nm^3 = 16.6054 bar', () => {
    expect(KB_KJ_PER_MOL_K).toBeCloseTo(0.008314462618, 12);
    expect(BAR_PER_KJ_MOL_NM3).toBeCloseTo(16.6053906717, 8);
    expect(molecularUnits.massDensityFactor / 1.66053906717e-3).toBeCloseTo(1, 10); // 1 amu/nm^3 in g/cm^3
    expect(33.43 * 18.015 * molecularUnits.massDensityFactor).toBeCloseTo(1.0, 2); // liquid water
  });

  it('spaces: minimum image, wrapping into the triclinic cell, free space', () => {
    const b = makeBox(4, 5, 6, 1, -1.5, 2);
    const sp = periodicGeneral(b);
    const r = createRng(2);
    for (let t = 0; t < 200; t++) {
      const x = new Float64Array([r.uniform() * 30 - 15, r.uniform() * 30 - 15, r.uniform() * 30 - 15]);
      const y = x.slice();
      wrapPositions(b, y);
      // wrapped point is an image: x - y is a lattice vector
      const d = sp.displacement(x, y);
      expect(Math.hypot(d[0]!, d[1]!, d[2]!)).toBeLessThan(1e-9);
      const sz = y[2]! / b.lz, sy = (y[1]! - b.yz * sz) / b.ly, sx = (y[0]! - b.xy * sy - b.xz * sz) / b.lx;
      for (const s of [sx, sy, sz]) { expect(s).toBeGreaterThanOrEqual(-1e-12); expect(s).toBeLessThan(1 + 1e-12); }
    }
    expect(Array.from(periodic(10).displacement([9.5, 0, 0], [0.5, 0, 0]))).toEqual([-1, 0, 0]);
    expect(Array.from(free().displacement([9.5, 0, 0], [0.5, 0, 0]))).toEqual([9, 0, 0]);
    expect(() => makeBox(4, 5, 6, 2.5)).toThrow(/tilt xy = 2.5, expected \|xy\| <= lx\/2 = 2/);
  });
});
