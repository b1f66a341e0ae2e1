import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { atomsOfSpecies, radialDistribution, rdf, rdfFirstPeak, RdfError } from './rdf.ts';
import { makeBox, toFractional, type Box } from '../space.ts';
import { createRng } from '../rng.ts';
import { lattice } from '../system.ts';

/** n points uniform in the (possibly triclinic) box: uniform fractional coordinates. */
function idealGas(n: number, box: Box, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const s = [rng.uniform(), rng.uniform(), rng.uniform()] as const;
    x[3 * i] = box.lx * s[0] + box.xy * s[1] + box.xz * s[2];
    x[3 * i + 1] = box.ly * s[1] + box.yz * s[2];
    x[3 * i + 2] = box.lz * s[2];
  }
  return x;
}

/** Bins whose expected pair count is large enough for a 5-sigma Poisson check. */
function expectFlat(res: ReturnType<typeof rdf>, hist: Float64Array): void {
  let checked = 0;
  for (let k = 0; k < res.g.length; k++) {
    const expected = hist[k]! / res.g[k]!; // counts at g = 1
    if (!(expected > 400)) continue;
    checked++;
    expect(Math.abs(res.g[k]! - 1), `bin ${k} r=${res.r[k]}`).toBeLessThan(5 / Math.sqrt(expected));
  }
  expect(checked).toBeGreaterThan(10);
}

describe('radialDistribution: ideal gas', () => {
  for (const [name, box] of [
    ['orthorhombic', makeBox(9, 10, 11)],
    ['triclinic', makeBox(10, 9, 11, 3, -2.5, 4)],
  ] as const) {
    it(`g(r) = 1 within Poisson noise (${name} box)`, () => {
      const fns = radialDistribution({ rMax: 3.5, bins: 35 });
      let s = fns.init();
      for (let f = 0; f < 4; f++) s = fns.accumulate(s, idealGas(1500, box, 10 + f), box);
      const res = fns.result(s);
      expect(res.frames).toBe(4);
      expectFlat(res, s.histogram);
      // coordination of an ideal gas: rho (N-1)/N * 4/3 pi r^3 at the bin's upper edge
      const rho = 1499 / (9 * 10 * 11);
      const k = 34;
      expect(res.coordination[k]! / (rho * (4 / 3) * Math.PI * 3.5 ** 3)).toBeCloseTo(1, 1);
    });
  }

  it('species pairs: H_AA + 2 H_AB + H_BB = H_all exactly, and g_AB = 1 for a random mixture', () => {
    const box = makeBox(10, 10, 10);
    const x = idealGas(1200, box, 3);
    const rng = createRng(4);
    const species = Int32Array.from({ length: 1200 }, () => (rng.uniform() < 0.3 ? 1 : 0));
    const A = atomsOfSpecies(species, 0), B = atomsOfSpecies(species, 1);
    expect(A.length + B.length).toBe(1200);
    const hist = (groupA?: Int32Array, groupB?: Int32Array) => {
      const fns = radialDistribution({ rMax: 4, bins: 20, groupA, groupB });
      const s = fns.accumulate(fns.init(), x, box);
      return { s, res: fns.result(s) };
    };
    const all = hist(), aa = hist(A, A), ab = hist(A, B), ba = hist(B, A), bb = hist(B, B);
    for (let k = 0; k < 20; k++) {
      expect(aa.s.histogram[k]! + ab.s.histogram[k]! + ba.s.histogram[k]! + bb.s.histogram[k]!).toBe(all.s.histogram[k]!);
      expect(ab.s.histogram[k]!).toBe(ba.s.histogram[k]!);
    }
    expectFlat(ab.res, ab.s.histogram);
    // coordination counts B partners per A atom, so n_AB(r) / n_BA(r) = N_B / N_A
    expect(ab.res.coordination[19]! * A.length).toBeCloseTo(ba.res.coordination[19]! * B.length, 9);
  });
});

/** fcc sites of lattice constant a whose fractional coordinates in `box` lie in [0, 1). */
function fccInBox(a: number, box: Box): Float64Array {
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const out: number[] = [];
  const s = new Float64Array(3);
  const m = Math.ceil((box.lx + box.ly + box.lz) / a) + 1;
  for (let i = -m; i <= m; i++) for (let j = -m; j <= m; j++) for (let k = -m; k <= m; k++) {
    for (const b of basis) {
      const x = (i + b[0]!) * a, y = (j + b[1]!) * a, z = (k + b[2]!) * a;
      toFractional(box, x, y, z, s);
      if (s.every((v) => v >= -1e-9 && v < 1 - 1e-9)) out.push(x, y, z);
    }
  }
  return Float64Array.from(out);
}

describe('radialDistribution: fcc crystal', () => {
  const a = 1.5;
  const cubic = makeBox(4 * a, 4 * a, 4 * a);
  // The same crystal in a tilted cell: the cell vectors (4a,0,0), (a,4a,0), (a/2,a/2,4a) are fcc lattice vectors.
  const tilted = makeBox(4 * a, 4 * a, 4 * a, a, a / 2, a / 2);
  for (const [name, box] of [['cubic', cubic], ['tilted', tilted]] as const) {
    it(`shells at a/sqrt2, a, a sqrt(3/2) hold 12, 6, 24 neighbours (${name} cell)`, () => {
      const x = fccInBox(a, box);
      expect(x.length / 3).toBe(256);
      const bins = 240, rMax = 2.4; // bins of 0.01
      const res = rdf([{ positions: x, box }], { rMax, bins });
      const at = (r: number) => res.coordination[Math.floor(r / (rMax / bins))]!;
      expect(at(a / Math.SQRT2 - 0.02)).toBe(0);
      expect(at(a / Math.SQRT2 + 0.02)).toBe(12);
      expect(at(a - 0.02)).toBe(12);
      expect(at(a + 0.02)).toBe(18);
      expect(at(a * Math.sqrt(1.5) + 0.02)).toBe(42);
      const peak = rdfFirstPeak(res);
      expect(Math.abs(peak.r - a / Math.SQRT2)).toBeLessThan(0.01);
      expect(peak.coordination).toBe(12);
    });
  }

  it('agrees with the engine lattice builder', () => {
    const sys = lattice({ kind: 'fcc', density: 0.8442, cells: [5, 5, 5] });
    const res = rdf([{ positions: sys.positions, box: sys.box }], { rMax: 2, bins: 200 });
    const aLat = Math.cbrt(4 / 0.8442);
    expect(res.coordination[Math.floor((aLat / Math.SQRT2 + 0.03) / 0.01)]).toBe(12);
  });
});

describe('radialDistribution: free space and accumulation', () => {
  it('matches a brute-force pair count in free space (groups, volume normalisation)', () => {
    const rng = createRng(8);
    const n = 300;
    const x = Float64Array.from({ length: 3 * n }, () => 4 * rng.uniform());
    const A = Int32Array.from({ length: 100 }, (_, k) => 3 * k);
    const B = Int32Array.from({ length: 150 }, (_, k) => 2 * k); // overlaps A on multiples of 6
    const rMax = 2.5, bins = 25;
    const fns = radialDistribution({ rMax, bins, groupA: A, groupB: B, volume: 64 });
    const s = fns.accumulate(fns.init(), x, null);
    const brute = new Float64Array(bins);
    for (const i of A) for (const j of B) {
      if (i === j) continue;
      const r = Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
      if (r < rMax) brute[Math.floor(r / (rMax / bins))]!++;
    }
    expect(Array.from(s.histogram)).toEqual(Array.from(brute));
    const overlap = A.filter((i) => i % 2 === 0 && i < 300).length;
    expect(s.pairDensity).toBeCloseTo((100 * 150 - overlap) / 64, 12);
  });

  it('per-frame normalisation: two frames at different volumes average their g(r)', () => {
    const b1 = makeBox(10, 10, 10), b2 = makeBox(12, 12, 12);
    const x1 = idealGas(800, b1, 1), x2 = idealGas(800, b2, 2);
    const fns = radialDistribution({ rMax: 4, bins: 8 });
    const both = fns.result(fns.accumulate(fns.accumulate(fns.init(), x1, b1), x2, b2));
    const one = (x: Float64Array, b: Box) => fns.accumulate(fns.init(), x, b);
    const s1 = one(x1, b1), s2 = one(x2, b2);
    const g1 = fns.result(s1).g, g2 = fns.result(s2).g;
    for (let k = 0; k < 8; k++) {
      const w1 = s1.pairDensity, w2 = s2.pairDensity;
      expect(both.g[k]).toBeCloseTo((w1 * g1[k]! + w2 * g2[k]!) / (w1 + w2), 12);
    }
  });
  it('barostat-like affine box scaling between frames: the reused cell list gives the fresh-list histogram', () => {
    const base = makeBox(8, 8, 8);
    const x0 = idealGas(600, base, 9);
    const reused = radialDistribution({ rMax: 3, bins: 30 });
    let s = reused.init();
    for (const scale of [1, 1.02, 1.05, 0.97, 0.9, 1.1]) {
      const box = makeBox(8 * scale, 8 * scale, 8 * scale);
      const x = x0.map((v) => v * scale);
      const before = s.histogram.slice();
      s = reused.accumulate(s, x, box);
      const fresh = radialDistribution({ rMax: 3, bins: 30 });
      const f = fresh.accumulate(fresh.init(), x, box);
      for (let k = 0; k < 30; k++) expect(s.histogram[k]! - before[k]!, `scale ${scale} bin ${k}`).toBe(f.histogram[k]!);
    }
  });
});

describe('radialDistribution: errors', () => {
  const box = makeBox(6, 6, 6);
  const x = idealGas(50, box, 1);
  it('names the bad option or input', () => {
    expect(() => radialDistribution({ rMax: -1, bins: 10 })).toThrow(/rMax = -1/);
    expect(() => radialDistribution({ rMax: 1, bins: 2.5 })).toThrow(/bins = 2.5/);
    const fns = radialDistribution({ rMax: 3.5, bins: 10 });
    expect(() => fns.accumulate(fns.init(), x, box)).toThrow(/rMax = 3.5 exceeds half the smallest box width 3/);
    const ok = radialDistribution({ rMax: 2, bins: 10 });
    expect(() => ok.accumulate(ok.init(), x, null)).toThrow(/needs the `volume` option/);
    expect(() => ok.result(ok.init())).toThrow(RdfError);
    const bad = x.slice(); bad[7] = NaN;
    expect(() => ok.accumulate(ok.init(), bad, box)).toThrow(/atom 2 has a non-finite coordinate NaN/);
    const g = radialDistribution({ rMax: 2, bins: 10, groupA: [0, 50] });
    expect(() => g.accumulate(g.init(), x, box)).toThrow(/groupA\[1\] = 50, expected an atom index in \[0, 50\)/);
    const s = ok.accumulate(ok.init(), x, box);
    expect(() => ok.accumulate(s, x.subarray(0, 30), box)).toThrow(/frame 1 has 10 atoms, earlier frames had 50/);
  });

  it('any positions and tilts within the limits give finite g and monotone coordination (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 60 }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      fc.integer({ min: 0, max: 1 << 30 }),
      (n, t1, t2, seed) => {
        const b = makeBox(5, 6, 7, 5 * t1, 5 * t2, 6 * t1 * t2);
        const rng = createRng(seed);
        // positions also far outside the cell: minimum image must still apply
        const pos = Float64Array.from({ length: 3 * n }, () => 40 * (rng.uniform() - 0.5));
        const res = rdf([{ positions: pos, box: b }], { rMax: 1.2, bins: 12 });
        let prev = 0;
        for (let k = 0; k < 12; k++) {
          if (!(Number.isFinite(res.g[k]!) && res.g[k]! >= 0 && res.coordination[k]! >= prev)) return false;
          prev = res.coordination[k]!;
        }
        return prev <= n - 1;
      },
    ), { numRuns: 100 });
  });
});

interface LammpsRdf {
  rMax: number; bins: number;
  average: { r: number[]; g: number[]; gStderr: number[]; coordination: number[]; firstPeak: { r: number; g: number; gStderr: number; rMin: number; coordination: number } };
  frames: { step: number; box: number[]; positions: number[]; g: number[]; coordination: number[] }[];
}

describe('radialDistribution vs LAMMPS compute rdf (reference/lammps/rdf.json)', () => {
  const ref = JSON.parse(readFileSync(new URL('../../reference/lammps/rdf.json', import.meta.url), 'utf8')) as LammpsRdf;
  const frames = ref.frames.map((f) => ({ positions: Float64Array.from(f.positions), box: makeBox(f.box[0]!, f.box[1]!, f.box[2]!) }));

  it('reproduces LAMMPS g(r) and coordination bin for bin on the same configurations', () => {
    expect(frames.length).toBe(2);
    for (const [k, f] of frames.entries()) {
      const res = rdf([f], { rMax: ref.rMax, bins: ref.bins });
      for (let b = 0; b < ref.bins; b++) {
        expect(res.r[b]).toBeCloseTo(ref.average.r[b]!, 12);
        // LAMMPS prints 12 significant digits
        expect(Math.abs(res.g[b]! - ref.frames[k]!.g[b]!), `frame ${k} bin ${b}`).toBeLessThanOrEqual(1e-10 * Math.max(1, ref.frames[k]!.g[b]!));
        expect(Math.abs(res.coordination[b]! - ref.frames[k]!.coordination[b]!), `frame ${k} bin ${b}`).toBeLessThanOrEqual(1e-10 * Math.max(1, ref.frames[k]!.coordination[b]!));
      }
    }
  });

  it('two liquid frames: first peak at the LAMMPS position, height within noise of the 50000-step average', () => {
    const ours = rdfFirstPeak(rdf(frames, { rMax: ref.rMax, bins: ref.bins }));
    const lmp = ref.average.firstPeak;
    expect(lmp.r).toBeCloseTo(1.09, 6);
    expect(lmp.g).toBeGreaterThan(2.9); // LJ near the triple point: g_max ~ 3 (Verlet 1968)
    expect(Math.abs(ours.r - lmp.r)).toBeLessThanOrEqual(0.041); // within two bins
    // ~700 pairs in the peak bin per frame: 2 frames give ~3% Poisson noise; allow 4 sigma
    expect(Math.abs(ours.g - lmp.g) / lmp.g).toBeLessThan(0.12);
    expect(Math.abs(ours.rMin - lmp.rMin)).toBeLessThan(0.1);
    expect(Math.abs(ours.coordination - lmp.coordination)).toBeLessThan(0.6);
    // our peak finder on LAMMPS's own averaged curve gives LAMMPS's first shell
    const fromRef = rdfFirstPeak({ r: Float64Array.from(ref.average.r), g: Float64Array.from(ref.average.g), coordination: Float64Array.from(ref.average.coordination), frames: 1 });
    expect(fromRef.r).toBe(lmp.r);
    expect(fromRef.rMin).toBe(lmp.rMin);
  });
});
