import { describe, expect, it } from 'vitest';
import { lennardJones } from './lennardJones.ts';
import { evaluate, forceResult } from './provider.ts';
import { lattice } from '../system.ts';
import { boxVolume, makeBox, wrapPositions, type Box } from '../space.ts';
import { createRng } from '../rng.ts';

function jitteredFcc(cells: number, density: number, amp: number, seed: number): { x: Float64Array; box: Box } {
  const s = lattice({ kind: 'fcc', density, cells: [cells, cells, cells] });
  const r = createRng(seed), x = s.positions.slice();
  for (let k = 0; k < x.length; k++) x[k] = x[k]! + amp * (r.uniform() - 0.5);
  wrapPositions(s.box!, x);
  return { x, box: s.box! };
}

describe('lennardJones', () => {
  it('forces are -dE/dr by central differences (2 species, triclinic box, shifted)', () => {
    const { x } = jitteredFcc(4, 0.8, 0.15, 1);
    const box = makeBox(Math.cbrt(256 / 0.8), Math.cbrt(256 / 0.8), Math.cbrt(256 / 0.8), 0.7, -0.4, 0.3);
    wrapPositions(box, x);
    const species = new Int32Array(256).map((_, i) => i % 2);
    const lj = lennardJones({ epsilon: [1, 0.7], sigma: [1, 1.2], cutoff: 2.2, shift: true, species });
    const out = evaluate(lj, x, box);
    const h = 1e-6;
    for (const k of [0, 1, 2, 300, 511, 767]) {
      const xp = x.slice(); xp[k] = xp[k]! + h;
      const xm = x.slice(); xm[k] = xm[k]! - h;
      const fd = -(evaluate(lj, xp, box).energy - evaluate(lj, xm, box).energy) / (2 * h);
      expect(Math.abs(out.forces[k]! - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
    }
  });

  // (The tail virial is the g(r)=1 integral of r u'(r), not d/dV of E_tail at fixed r_c; tested below.)
  it('pair virial equals -V dE/dV under uniform scaling', () => {
    const { x, box } = jitteredFcc(5, 0.8442, 0.2, 2);
    const lj = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
    const w = evaluate(lj, x, box).virial;
    const e = (s: number): number => evaluate(lj, x.map((v) => v * s), makeBox(box.lx * s, box.ly * s, box.lz * s)).energy;
    const h = 1e-6;
    const dEdlnV = (e(1 + h) - e(1 - h)) / (2 * h) / 3; // dV/V = 3 ds/s
    expect((w[0]! + w[1]! + w[2]!) / 3).toBeCloseTo(-dEdlnV, 4);
  });

  it('has its minimum at 2^(1/6) σ and matches the closed form for one pair in free space', () => {
    const lj = lennardJones({ epsilon: 2, sigma: 1.5, cutoff: 5 });
    const r0 = 2 ** (1 / 6) * 1.5;
    const out = evaluate(lj, new Float64Array([0, 0, 0, r0, 0, 0]), null);
    expect(out.energy).toBeCloseTo(-2, 12);
    expect(Math.abs(out.forces[0]!)).toBeLessThan(1e-12);
    const r = 1.3, q = (1.5 / r) ** 6;
    expect(evaluate(lj, new Float64Array([0, 0, 0, 0, r, 0]), null).energy).toBeCloseTo(8 * (q * q - q), 12);
  });

  it('tail correction matches the single-species closed form (Allen & Tildesley eq. 2.144)', () => {
    const lj = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, tailCorrection: true });
    const n = 1000, V = n / 0.8442, rho = n / V, x3 = 1 / 2.5 ** 3, x9 = x3 ** 3;
    const t = lj.tail(V, n);
    expect(t.energy / n).toBeCloseTo((8 / 3) * Math.PI * rho * (x9 / 3 - x3), 12);
    expect(t.pressure).toBeCloseTo((16 / 3) * Math.PI * rho * rho * ((2 / 3) * x9 - x3), 12);
  });

  // LAMMPS bench/in.lj: fcc 0.8442, 20^3 cells (32000 atoms), rc 2.5, T 1.44; see mindsponge/reference/lammps.
  it('reproduces LAMMPS in.lj step 0: PE/atom -6.7733681, pressure -5.0197073', () => {
    const s = lattice({ kind: 'fcc', density: 0.8442, cells: [20, 20, 20] });
    const n = s.masses.length;
    const out = evaluate(lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 }), s.positions, s.box);
    const V = boxVolume(s.box!);
    // LAMMPS rescales velocities to exactly T = 1.44 with dof 3N-3: kinetic part (3N-3) kT / 3V.
    const p = ((3 * n - 3) * 1.44 + out.virial[0]! + out.virial[1]! + out.virial[2]!) / (3 * V);
    expect(out.energy / n).toBeCloseTo(-6.7733681, 7);
    expect(p).toBeCloseTo(-5.0197073, 7);
  });
});

describe('lennardJones with worker threads', () => {
  it('matches the serial kernel (one species orthorhombic; two species triclinic) and runs MD', async () => {
    const { x, box } = jitteredFcc(6, 0.8442, 0.2, 4);
    const species = new Int32Array(864).map((_, i) => i % 3 === 0 ? 1 : 0);
    const tri = makeBox(box.lx, box.ly, box.lz, 1, 0.5, -0.5);
    for (const [opts, b] of [[{}, box], [{ species, epsilon: [1, 0.8], sigma: [1, 1.1] }, tri]] as const) {
      const serial = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, ...opts });
      const threaded = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, ...opts, threads: 3 });
      const y = x.slice(); wrapPositions(b, y);
      const a = evaluate(serial, y, b), c = evaluate(threaded, y, b);
      const rel = (p: number, q: number): number => Math.abs(p - q) / (1 + Math.abs(q));
      expect(rel(c.energy, a.energy)).toBeLessThan(1e-12);
      for (let k = 0; k < 6; k++) expect(rel(c.virial[k]!, a.virial[k]!)).toBeLessThan(1e-12);
      let md = 0;
      for (let k = 0; k < y.length; k++) md = Math.max(md, rel(c.forces[k]!, a.forces[k]!));
      expect(md).toBeLessThan(1e-12);
      threaded.close();
    }
    const { nve } = await import('../simulate/integrators.ts');
    const { reducedUnits } = await import('../units.ts');
    const threaded = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, threads: 2 });
    const sim = nve(threaded, { dt: 0.005, units: reducedUnits });
    let s = sim.init({ positions: x, masses: new Float64Array(864).fill(1), box });
    const e0 = sim.conserved(s);
    for (let k = 0; k < 50; k++) s = sim.step(s);
    expect(Math.abs(sim.conserved(s) - e0) / 864).toBeLessThan(1e-2);
    threaded.close();
  });
});
