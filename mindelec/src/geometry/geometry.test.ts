import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  createRng, sobol, halton, latinHypercube, Interval, Rectangle, Cuboid, Disk, Sphere, Cylinder, Polygon, Triangle,
  union, intersection, difference, xor, SpaceTime, TimeDomain, sampleGeometry, parseSamplingConfig, HyperCube,
  type Geometry, type SamplerName,
} from './index.ts';

describe('low-discrepancy sequences', () => {
  it('Sobol matches the Joe–Kuo (new-joe-kuo-6.21201) first points, as printed by scipy.stats.qmc.Sobol(d=6, scramble=False)', () => {
    const expected = [
      [0, 0, 0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [0.75, 0.25, 0.25, 0.25, 0.75, 0.75],
      [0.25, 0.75, 0.75, 0.75, 0.25, 0.25], [0.375, 0.375, 0.625, 0.875, 0.375, 0.125],
      [0.875, 0.875, 0.125, 0.375, 0.875, 0.625], [0.625, 0.125, 0.875, 0.625, 0.625, 0.875],
      [0.125, 0.625, 0.375, 0.125, 0.125, 0.375], [0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125],
      [0.6875, 0.8125, 0.4375, 0.9375, 0.0625, 0.8125], [0.9375, 0.0625, 0.6875, 0.1875, 0.3125, 0.5625],
      [0.4375, 0.5625, 0.1875, 0.6875, 0.8125, 0.0625],
    ];
    expect(Array.from(sobol(12, 6))).toEqual(expected.flat());
    // skipping continues the same stream
    expect(Array.from(sobol(4, 6, 8))).toEqual(expected.slice(8).flat());
  });

  it('Sobol in 2-D is a (0,m,2)-net: every elementary 4x4 box of the first 16 points holds one point', () => {
    const s = sobol(16, 2), cells = new Set<number>();
    for (let i = 0; i < 16; i++) cells.add(Math.floor(s[2 * i]! * 4) * 4 + Math.floor(s[2 * i + 1]! * 4));
    expect(cells.size).toBe(16);
  });

  it('Halton matches the radical inverses in bases 2, 3, 5, 7', () => {
    const h = halton(6, 4);
    const expected = [[0, 0, 0, 0], [1 / 2, 1 / 3, 1 / 5, 1 / 7], [1 / 4, 2 / 3, 2 / 5, 2 / 7], [3 / 4, 1 / 9, 3 / 5, 3 / 7], [1 / 8, 4 / 9, 4 / 5, 4 / 7], [5 / 8, 7 / 9, 1 / 25, 5 / 7]];
    expected.flat().forEach((v, i) => expect(h[i]).toBeCloseTo(v, 15));
  });

  it('LHS hits each stratum of each axis exactly once', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, d, seed) => {
      const x = latinHypercube(n, d, createRng(seed));
      for (let a = 0; a < d; a++) {
        const hit = new Uint8Array(n);
        for (let i = 0; i < n; i++) hit[Math.floor(x[i * d + a]! * n)]!++;
        if (!hit.every((h) => h === 1)) return false;
      }
      return true;
    }), { numRuns: 50 });
  });

  it('the seeded generator is reproducible, uniform and seed-sensitive', () => {
    const a = createRng(42).fill(new Float64Array(20000)), b = createRng(42).fill(new Float64Array(20000)), c = createRng(43).fill(new Float64Array(5));
    expect(a).toEqual(b);
    expect(Array.from(c)).not.toEqual(Array.from(a.subarray(0, 5)));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / a.length));
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

/** Central-difference gradient of the signed distance at point i. */
function sdfGradient(g: Geometry, p: Float64Array, i: number, h = 1e-6): number[] {
  const d = g.dim, out: number[] = [];
  for (let a = 0; a < d; a++) {
    const q = new Float64Array(2 * d);
    for (let b = 0; b < d; b++) { q[b] = p[i * d + b]!; q[d + b] = p[i * d + b]!; }
    q[a] += h; q[d + a] -= h;
    const s = g.signedDistance!(q);
    out.push((s[0]! - s[1]!) / (2 * h));
  }
  return out;
}

const shapes: [Geometry, number][] = [
  [new Interval('interval', -1, 2), 3],
  [new Rectangle('rect', [0, 0], [2, 1]), 2],
  [new Cuboid('cuboid', [0, 0, 0], [1, 2, 3]), 6],
  [new Disk('disk', [1, -1], 0.5), Math.PI * 0.25],
  [new Sphere('sphere', [0, 0, 0], 1), (4 / 3) * Math.PI],
  [new Cylinder('cyl', [0, 0, -1], 0.5, 2), Math.PI * 0.25 * 2],
  [new Polygon('L', [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]]), 3],
  [new Triangle('tri', [0, 0], [1, 0], [0, 1]), 0.5],
];

describe.each(shapes)('primitive %s', (g, measure) => {
  const samplers: SamplerName[] = ['uniform', 'lhs', 'halton', 'sobol', 'grid'];
  it.each(samplers)('interior samples (%s) lie inside', (sampler) => {
    const p = g.sampleInterior(500, { sampler, seed: 3 });
    const n = p.length / g.dim;
    if (sampler !== 'grid') expect(n).toBe(500); else expect(n).toBeGreaterThan(250);
    expect(g.contains(p).every((v) => v === 1)).toBe(true);
    expect(g.signedDistance!(p).every((v) => v <= 1e-12)).toBe(true);
  });

  it.each(samplers)('boundary samples (%s) are on the boundary with normal = ∇sdf', (sampler) => {
    const { points, normals } = g.sampleBoundary(300, { sampler, seed: 5 });
    const sd = g.signedDistance!(points);
    for (let i = 0; i < sd.length; i++) {
      expect(Math.abs(sd[i]!)).toBeLessThan(1e-12);
      // skip points within 1e-5 of an edge/corner where ∇sdf is undefined
      const grad = sdfGradient(g, points, i);
      if (Math.abs(Math.hypot(...grad) - 1) > 1e-6) continue;
      for (let a = 0; a < g.dim; a++) expect(normals[i * g.dim + a]).toBeCloseTo(grad[a]!, 5);
    }
  });

  it('Sobol Monte Carlo measure converges to the exact area/volume', () => {
    const { min, max } = g.bbox;
    const n = 1 << 14, u = sobol(n, g.dim, 1);
    let box = 1;
    for (let a = 0; a < g.dim; a++) box *= max[a]! - min[a]!;
    for (let i = 0; i < u.length; i++) u[i] = min[i % g.dim]! + (max[i % g.dim]! - min[i % g.dim]!) * u[i]!;
    const inside = g.contains(u).reduce((s, v) => s + v, 0);
    expect(Math.abs((inside / n) * box - measure) / measure).toBeLessThan(0.01);
  });
});

describe('CSG', () => {
  const a = new Rectangle('a', [0, 0], [2, 2]), b = new Disk('b', [2, 1], 1);
  it('contains follows the truth tables', () => {
    const p = Float64Array.from([0.5, 1, 2, 1, 2.5, 1, 5, 5]); // a only, both, b only, neither
    expect(Array.from(union(a, b).contains(p))).toEqual([1, 1, 1, 0]);
    expect(Array.from(intersection(a, b).contains(p))).toEqual([0, 1, 0, 0]);
    expect(Array.from(difference(a, b).contains(p))).toEqual([1, 0, 0, 0]);
    expect(Array.from(xor(a, b).contains(p))).toEqual([1, 0, 1, 0]);
  });

  it.each(['union', 'intersection', 'difference', 'xor'] as const)('%s boundary samples lie on the boundary with outward normals', (op) => {
    const g = { union, intersection, difference, xor }[op](a, b);
    const { points, normals } = g.sampleBoundary(400, { sampler: 'halton' });
    expect(points.length).toBe(800);
    const sd = g.signedDistance!(points);
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      expect(Math.abs(sd[i]!)).toBeLessThan(1e-9);
      // outward: stepping along the normal leaves the set, stepping against it enters
      const h = 1e-6, x = points[2 * i]!, y = points[2 * i + 1]!, nx = normals[2 * i]!, ny = normals[2 * i + 1]!;
      const probe = g.contains(Float64Array.from([x + h * nx, y + h * ny, x - h * nx, y - h * ny]));
      const near = g.signedDistance!(Float64Array.from([x + 1e-3 * nx, y + 1e-3 * ny, x - 1e-3 * nx, y - 1e-3 * ny]));
      if (Math.abs(near[0]! - 1e-3) > 1e-9 || Math.abs(near[1]! + 1e-3) > 1e-9) continue; // near a corner of the composite
      expect(Array.from(probe)).toEqual([0, 1]);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('voxel-free volume of a CSG solid converges: cube minus ball', () => {
    const g = difference(new Cuboid('c', [-1, -1, -1], [1, 1, 1]), new Sphere('s', [0, 0, 0], 1));
    const p = g.sampleInterior(2000, { sampler: 'sobol' });
    expect(g.contains(p).every((v) => v === 1)).toBe(true);
    const n = 1 << 15, u = sobol(n, 3, 1).map((v) => 2 * v - 1);
    const vol = (g.contains(u).reduce((s, v) => s + v, 0) / n) * 8;
    expect(Math.abs(vol - (8 - (4 / 3) * Math.PI))).toBeLessThan(0.01 * (8 - (4 / 3) * Math.PI));
  });

  it('boundary samples are spread over the operands in proportion to boundary length', () => {
    const g = union(new Disk('big', [0, 0], 2), new Disk('small', [5, 0], 1));
    for (const sampler of ['uniform', 'sobol'] as const) {
      const { points } = g.sampleBoundary(3000, { sampler, seed: 4 });
      let small = 0;
      for (let i = 0; i < 3000; i++) if (points[2 * i]! > 3.5) small++;
      expect(Math.abs(small / 3000 - 1 / 3)).toBeLessThan(0.03);
    }
  });

  it('rejects operands of different dimension', () => {
    expect(() => union(a, new Sphere('s', [0, 0, 0], 1))).toThrow(/dim 2.*dim 3/);
  });
});

describe('space-time and sampling configs', () => {
  const st = new SpaceTime(new Disk('disk', [0, 0], 1), new TimeDomain(0, 2e-9));
  const config = parseSamplingConfig({
    domain: { size: 1000, sampler: 'sobol' }, BC: { size: 200, sampler: 'lhs', withNormal: true, seed: 7 },
    IC: { size: 100, sampler: 'halton' }, time: { size: 50, randomSampling: false },
  });
  it('samples each part with its own config', () => {
    const dom = sampleGeometry(st, config, 'domain');
    expect([dom.count, dom.dim]).toEqual([1000, 3]);
    expect(st.contains(dom.points).every((v) => v === 1)).toBe(true);
    const bc = sampleGeometry(st, config, 'BC');
    expect(bc.count).toBe(200);
    for (let i = 0; i < 200; i++) {
      expect(Math.hypot(bc.points[3 * i]!, bc.points[3 * i + 1]!)).toBeCloseTo(1, 12);
      expect(bc.normals![3 * i + 2]).toBe(0);
    }
    const ic = sampleGeometry(st, config, 'IC');
    for (let i = 0; i < ic.count; i++) expect(ic.points[3 * i + 2]).toBe(0);
    const t = sampleGeometry(st, config, 'time');
    expect(t.count).toBe(50);
    expect(t.points[0]).toBeCloseTo(1e-9 / 50, 20);
  });

  it('grid sampling of a space-time domain is a product of a space grid and a time grid', () => {
    const g = new SpaceTime(new Rectangle('r', [0, 0], [1, 1]), new TimeDomain(0, 1));
    const p = g.sampleInterior(1000, { sampler: 'grid' });
    const n = p.length / 3, times = new Set<number>(), xy = new Set<string>();
    for (let i = 0; i < n; i++) { times.add(p[3 * i + 2]!); xy.add(`${p[3 * i]},${p[3 * i + 1]}`); }
    expect(n).toBe(times.size * xy.size);
    expect(times.size).toBe(10);
    const b = g.sampleBoundary(400, { sampler: 'grid' });
    expect(g.contains(b.points).every((v) => v === 1)).toBe(true);
    for (let i = 0; i < b.points.length / 3; i++) expect(Math.hypot(b.normals[3 * i]!, b.normals[3 * i + 1]!)).toBe(1);
  });

  it('Sobol times are decorrelated from Sobol space coordinates', () => {
    const p = st.sampleInterior(2048, { sampler: 'sobol' });
    let sxt = 0, sx = 0, st2 = 0;
    for (let i = 0; i < 2048; i++) { sx += p[3 * i]!; st2 += p[3 * i + 2]!; sxt += p[3 * i]! * p[3 * i + 2]!; }
    const cov = sxt / 2048 - (sx / 2048) * (st2 / 2048);
    expect(Math.abs(cov) / (0.5 * 2e-9 * 0.3)).toBeLessThan(0.1);
  });

  it('config errors name the field', () => {
    expect(() => parseSamplingConfig({ domain: { size: -1 } })).toThrow(/sampling\.domain\.size: expected a non-negative integer, got -1/);
    expect(() => parseSamplingConfig({ BC: { size: 3, sampler: 'magic' } })).toThrow(/sampling\.BC\.sampler: expected one of/);
    expect(() => parseSamplingConfig({ walls: { size: 3 } })).toThrow(/sampling\.walls: unknown part/);
    expect(() => sampleGeometry(new HyperCube('h', [0], [1]), config, 'IC')).toThrow(/space-time/);
  });

  it('fuzz: arbitrary JSON either parses to a valid config or throws a named error', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      try {
        const c = parseSamplingConfig(v);
        return Object.values(c).every((p) => Number.isInteger(p!.size));
      } catch (e) {
        return e instanceof Error && e.message.startsWith('sampling');
      }
    }), { numRuns: 300 });
  });
});

describe('input errors', () => {
  it('rejects bad primitives with the offending value', () => {
    expect(() => new Disk('d', [0, 0], -1)).toThrow(/d: radius must be a positive finite number, got -1/);
    expect(() => new Cuboid('c', [0, 0, 0], [1, 0, 1])).toThrow(/c: axis 1 needs finite min < max, got \[0, 0\]/);
    expect(() => new Polygon('p', [[0, 0], [1, 1], [2, 2]])).toThrow(/zero area/);
    expect(() => new Disk('d', [0, 0], 1).contains(new Float64Array(3))).toThrow(/not a multiple of dim 2/);
    expect(() => new Disk('d', [0, 0], 1).sampleInterior(10, { sampler: 'bogus' as SamplerName })).toThrow(/unknown sampler 'bogus'/);
  });
});
