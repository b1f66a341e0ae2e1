/**
 * Axis-aligned boxes in any dimension: Interval (1-D), Rectangle (2-D), Cuboid (3-D), HyperCube (n-D),
 * and TimeDomain (an interval over t in seconds, named 'time').
 *
 * Shapes: corners `min`, `max` of length dim, in the caller's length unit. Boundary normals are the
 * face normals ±e_a; a point on an edge or corner gets the normal of the face it was sampled on.
 */
import {
  type Box, type BoundarySamples, type Geometry, type SampleOptions,
  checkPoints, checkSampleCount, parameterSamples, samplerOf,
} from './geometry.ts';
import { gridCounts, unitGrid } from './sequences.ts';

/**
 * Axis-aligned box in n dimensions with corners min, max (caller's length unit).
 * contains(points [n, dim]) -> Uint8Array [n] (closed), signedDistance -> [n] (negative inside),
 * sampleInterior(count, options) -> [count, dim], sampleBoundary(count, options) -> {points, normals} [count, dim]
 * (unit outward normals); options choose the sampler (uniform default, lhs, halton, sobol, grid) and seed.
 * Boundary normals are face normals ±e_a.
 * @throws Error when min and max differ in length or an axis is not finite with min < max.
 */
export class HyperCube implements Geometry {
  readonly dim: number;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  private readonly ext: number[];
  private readonly faceMeasure: number[];

  constructor(readonly name: string, min: readonly number[], max: readonly number[]) {
    if (min.length !== max.length || min.length === 0) throw new Error(`${name}: min (${min.length}) and max (${max.length}) must have the same non-zero length`);
    for (let a = 0; a < min.length; a++) {
      if (!Number.isFinite(min[a]!) || !Number.isFinite(max[a]!) || !(max[a]! > min[a]!)) {
        throw new Error(`${name}: axis ${a} needs finite min < max, got [${min[a]}, ${max[a]}]`);
      }
    }
    this.dim = min.length;
    this.bbox = { min: [...min], max: [...max] };
    this.ext = min.map((m, a) => max[a]! - m);
    // face 2a is the min face of axis a (normal -e_a), face 2a+1 the max face.
    this.faceMeasure = [];
    for (let a = 0; a < this.dim; a++) {
      let m = 1;
      for (let b = 0; b < this.dim; b++) if (b !== a) m *= this.ext[b]!;
      this.faceMeasure.push(m, m);
    }
    this.boundaryMeasure = this.faceMeasure.reduce((s, m) => s + m, 0);
  }

  contains(points: Float64Array): Uint8Array {
    const n = checkPoints(`${this.name}.contains`, points, this.dim);
    const out = new Uint8Array(n);
    const { min, max } = this.bbox;
    for (let i = 0; i < n; i++) {
      let inside = 1;
      for (let a = 0; a < this.dim; a++) {
        const x = points[i * this.dim + a]!;
        if (!(x >= min[a]! && x <= max[a]!)) { inside = 0; break; }
      }
      out[i] = inside;
    }
    return out;
  }

  signedDistance(points: Float64Array): Float64Array {
    const n = checkPoints(`${this.name}.signedDistance`, points, this.dim);
    const out = new Float64Array(n);
    const { min, max } = this.bbox;
    for (let i = 0; i < n; i++) {
      let outside = 0, inner = -Infinity;
      for (let a = 0; a < this.dim; a++) {
        const x = points[i * this.dim + a]!;
        const q = Math.max(min[a]! - x, x - max[a]!);
        if (q > 0) outside += q * q;
        inner = Math.max(inner, q);
      }
      out[i] = outside > 0 ? Math.sqrt(outside) : inner;
    }
    return out;
  }

  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    checkSampleCount(`${this.name}.sampleInterior`, count);
    const u = parameterSamples(count, this.dim, options, this.ext);
    for (let i = 0; i < u.length; i++) u[i] = this.bbox.min[i % this.dim]! + this.ext[i % this.dim]! * u[i]!;
    return u;
  }

  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    checkSampleCount(`${this.name}.sampleBoundary`, count);
    const d = this.dim;
    if (samplerOf(options) === 'grid' && d > 1) return this.gridBoundary(count);
    const pd = Math.max(1, d - 1);
    const u = parameterSamples(count, pd, options);
    const n = u.length / pd;
    const points = new Float64Array(n * d), normals = new Float64Array(n * d);
    const total = this.boundaryMeasure;
    for (let i = 0; i < n; i++) {
      // The first parameter picks the face by measure and is then rescaled to a face coordinate.
      let t = u[i * pd]! * total, f = 0;
      while (f < 2 * d - 1 && t >= this.faceMeasure[f]!) t -= this.faceMeasure[f++]!;
      const first = Math.min(1, Math.max(0, t / this.faceMeasure[f]!));
      this.facePoint(f, first, u, i * pd + 1, points, normals, i);
    }
    return { points, normals };
  }

  private facePoint(f: number, first: number, u: Float64Array, off: number, points: Float64Array, normals: Float64Array, i: number): void {
    const d = this.dim, axis = f >> 1, { min, max } = this.bbox;
    let k = 0;
    for (let b = 0; b < d; b++) {
      if (b === axis) {
        points[i * d + b] = f & 1 ? max[b]! : min[b]!;
        normals[i * d + b] = f & 1 ? 1 : -1;
      } else {
        const s = k === 0 ? first : u[off + k - 1]!;
        points[i * d + b] = min[b]! + this.ext[b]! * s;
        k++;
      }
    }
  }

  private gridBoundary(count: number): BoundarySamples {
    const d = this.dim, pts: number[] = [], nrm: number[] = [];
    for (let f = 0; f < 2 * d; f++) {
      const axis = f >> 1;
      const faceExt = this.ext.filter((_, b) => b !== axis);
      const g = unitGrid(gridCounts(Math.max(1, Math.round((count * this.faceMeasure[f]!) / this.boundaryMeasure)), faceExt));
      const m = g.length / (d - 1);
      const p = new Float64Array(m * d), nn = new Float64Array(m * d);
      for (let i = 0; i < m; i++) this.facePoint(f, g[i * (d - 1)]!, g, i * (d - 1) + 1, p, nn, i);
      for (let i = 0; i < p.length; i++) { pts.push(p[i]!); nrm.push(nn[i]!); }
    }
    return { points: Float64Array.from(pts), normals: Float64Array.from(nrm) };
  }
}

/** 1-D interval [lo, hi] as a HyperCube (boundary: the two end points with normals ∓1). */
export class Interval extends HyperCube {
  constructor(name: string, lo: number, hi: number) { super(name, [lo], [hi]); }
}

/** 2-D axis-aligned rectangle with corners min, max as a HyperCube. */
export class Rectangle extends HyperCube {
  constructor(name: string, min: readonly [number, number], max: readonly [number, number]) { super(name, min, max); }
}

/** 3-D axis-aligned box with corners min, max as a HyperCube. */
export class Cuboid extends HyperCube {
  constructor(name: string, min: readonly [number, number, number], max: readonly [number, number, number]) { super(name, min, max); }
}

/** Time interval [t0, t1] in seconds; its boundary normal at t0 is -1 (the initial condition side). */
export class TimeDomain extends Interval {
  constructor(t0: number, t1: number, name = 'time') { super(name, t0, t1); }
}
