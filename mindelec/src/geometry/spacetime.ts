/**
 * Space-time product Ω × [t0, t1] of a spatial geometry and a TimeDomain (seconds).
 *
 * Points are [n, dim + 1] rows (x.., t). `sampleInterior` draws n spatial points and n times with the
 * same sampler and pairs them through a seeded shuffle, so Halton/Sobol times are not correlated with
 * the spatial coordinates built from the same sequence. `sampleBoundary` samples ∂Ω × [t0, t1] with the
 * spatial normal and a zero time component (the boundary condition set); `sampleInitial` samples Ω × {t0}
 * (the initial condition set). With the 'grid' sampler the result is the Cartesian product of a spatial
 * grid and a time grid, with about count^(d/(d+1)) and count^(1/(d+1)) points.
 */
import {
  type Box, type BoundarySamples, type Geometry, type SampleOptions,
  checkPoints, rngOf,
} from './geometry.ts';
import type { TimeDomain } from './box.ts';
import type { Rng } from './random.ts';

/**
 * Space-time product Ω × [t0, t1] of a spatial geometry and a TimeDomain (seconds); points are rows (x.., t) of shape
 * [n, dim + 1]. sampleInterior pairs spatial samples with times through a seeded shuffle; sampleBoundary samples
 * ∂Ω × [t0, t1] with the spatial normal and time component 0; sampleInitial samples Ω × {t0}.
 * @throws Error when the time domain is not 1-D.
 */
export class SpaceTime implements Geometry {
  readonly dim: number;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  readonly name: string;

  constructor(readonly space: Geometry, readonly time: TimeDomain) {
    if (time.dim !== 1) throw new Error(`SpaceTime: time domain '${time.name}' must be 1-D, got dim ${time.dim}`);
    this.name = `${space.name}×${time.name}`;
    this.dim = space.dim + 1;
    this.bbox = { min: [...space.bbox.min, time.bbox.min[0]!], max: [...space.bbox.max, time.bbox.max[0]!] };
    this.boundaryMeasure = space.boundaryMeasure * (time.bbox.max[0]! - time.bbox.min[0]!);
  }

  contains(points: Float64Array): Uint8Array {
    const n = checkPoints(`${this.name}.contains`, points, this.dim);
    const [xs, ts] = this.split(points, n);
    const inSpace = this.space.contains(xs), inTime = this.time.contains(ts);
    for (let i = 0; i < n; i++) inSpace[i] = inSpace[i]! & inTime[i]!;
    return inSpace;
  }

  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    if (options?.sampler === 'grid') {
      const [ns, nt] = this.gridSplit(count, this.space.dim);
      return this.product(this.space.sampleInterior(ns, options), this.time.sampleInterior(nt, options));
    }
    const rng = rngOf(options);
    const xs = this.space.sampleInterior(count, { ...options, rng });
    const n = xs.length / this.space.dim;
    const ts = this.time.sampleInterior(n, { ...options, rng });
    return this.join(xs, ts, n, rng);
  }

  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    const d = this.space.dim;
    let s: BoundarySamples, points: Float64Array;
    if (options?.sampler === 'grid') {
      const [ns, nt] = this.gridSplit(count, d - 1 || 1);
      s = this.space.sampleBoundary(ns, options);
      points = this.product(s.points, this.time.sampleInterior(nt, options));
      const m = s.points.length / d, reps = points.length / this.dim / m;
      const normals = new Float64Array(points.length);
      for (let i = 0; i < m; i++) for (let r = 0; r < reps; r++) for (let a = 0; a < d; a++) normals[(i * reps + r) * this.dim + a] = s.normals[i * d + a]!;
      return { points, normals };
    }
    const rng = rngOf(options);
    s = this.space.sampleBoundary(count, { ...options, rng });
    const n = s.points.length / d;
    const ts = this.time.sampleInterior(n, { ...options, rng });
    const normals = new Float64Array(n * this.dim);
    for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) normals[i * this.dim + a] = s.normals[i * d + a]!;
    return { points: this.join(s.points, ts, n, rng), normals };
  }

  /** Point counts for a space grid of dimension `d` times a time grid, about `count` in total. */
  private gridSplit(count: number, d: number): [number, number] {
    const nt = Math.max(1, Math.round(count ** (1 / (d + 1))));
    return [Math.max(1, Math.round(count / nt)), nt];
  }

  /** Every spatial point paired with every time, space-major. */
  private product(xs: Float64Array, ts: Float64Array): Float64Array {
    const d = this.space.dim, m = xs.length / d, out = new Float64Array(m * ts.length * this.dim);
    let o = 0;
    for (let i = 0; i < m; i++) for (let k = 0; k < ts.length; k++) {
      for (let a = 0; a < d; a++) out[o++] = xs[i * d + a]!;
      out[o++] = ts[k]!;
    }
    return out;
  }

  /** Ω × {t0}: the initial-condition points. */
  sampleInitial(count: number, options?: SampleOptions): Float64Array {
    const xs = this.space.sampleInterior(count, options);
    const n = xs.length / this.space.dim;
    return this.join(xs, new Float64Array(n).fill(this.time.bbox.min[0]!), n);
  }

  private split(points: Float64Array, n: number): [Float64Array, Float64Array] {
    const d = this.space.dim, xs = new Float64Array(n * d), ts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) xs[i * d + a] = points[i * this.dim + a]!;
      ts[i] = points[i * this.dim + d]!;
    }
    return [xs, ts];
  }

  private join(xs: Float64Array, ts: Float64Array, n: number, rng?: Rng): Float64Array {
    const d = this.space.dim, out = new Float64Array(n * this.dim);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (rng) for (let i = n - 1; i > 0; i--) { const r = rng.nextInt(i + 1); const t = order[i]!; order[i] = order[r]!; order[r] = t; }
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) out[i * this.dim + a] = xs[i * d + a]!;
      out[i * this.dim + d] = ts[order[i]!]!;
    }
    return out;
  }
}
