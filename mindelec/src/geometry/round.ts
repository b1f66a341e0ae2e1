/**
 * Round primitives: Disk (2-D), Sphere (3-D ball), Cylinder (3-D, axis along +z from `base`).
 *
 * Lengths in the caller's unit. Interior samples use measure-preserving maps of the unit square/cube
 * (r = R·u^(1/d)), so uniform/LHS/Halton/Sobol inputs give uniform density without rejection.
 * Boundary normals are radial (disk, sphere, cylinder side) or ±z (cylinder caps).
 */
import {
  type Box, type BoundarySamples, type Geometry, type SampleOptions,
  checkPoints, checkSampleCount, parameterSamples,
} from './geometry.ts';

const TAU = 2 * Math.PI;

function checkRadius(name: string, radius: number): void {
  if (!Number.isFinite(radius) || !(radius > 0)) throw new Error(`${name}: radius must be a positive finite number, got ${radius}`);
}
function checkCentre(name: string, centre: readonly number[], dim: number): void {
  if (centre.length !== dim || centre.some((c) => !Number.isFinite(c))) throw new Error(`${name}: centre must be ${dim} finite numbers, got [${centre.join(', ')}]`);
}

/**
 * 2-D disk with `centre` and `radius` (caller's length unit).
 * contains(points [n, dim]) -> Uint8Array [n] (closed), signedDistance -> [n] (negative inside),
 * sampleInterior(count, options) -> [count, dim], sampleBoundary(count, options) -> {points, normals} [count, dim]
 * (unit outward normals); options choose the sampler (uniform default, lhs, halton, sobol, grid) and seed.
 * Radial normals; interior samples by the area-preserving map r = R·sqrt(u).
 * @throws Error on a non-finite centre or a non-positive radius.
 */
export class Disk implements Geometry {
  readonly dim = 2;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  constructor(readonly name: string, readonly centre: readonly [number, number], readonly radius: number) {
    checkCentre(name, centre, 2);
    checkRadius(name, radius);
    this.bbox = { min: [centre[0] - radius, centre[1] - radius], max: [centre[0] + radius, centre[1] + radius] };
    this.boundaryMeasure = TAU * radius;
  }
  signedDistance(points: Float64Array): Float64Array {
    const n = checkPoints(`${this.name}.signedDistance`, points, 2);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.hypot(points[2 * i]! - this.centre[0], points[2 * i + 1]! - this.centre[1]) - this.radius;
    return out;
  }
  contains(points: Float64Array): Uint8Array {
    const n = checkPoints(`${this.name}.contains`, points, 2);
    const out = new Uint8Array(n), r2 = this.radius * this.radius;
    for (let i = 0; i < n; i++) {
      const dx = points[2 * i]! - this.centre[0], dy = points[2 * i + 1]! - this.centre[1];
      out[i] = dx * dx + dy * dy <= r2 ? 1 : 0;
    }
    return out;
  }
  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    checkSampleCount(`${this.name}.sampleInterior`, count);
    const u = parameterSamples(count, 2, options, [1, TAU]);
    for (let i = 0; i < u.length; i += 2) {
      const r = this.radius * Math.sqrt(u[i]!), t = TAU * u[i + 1]!;
      u[i] = this.centre[0] + r * Math.cos(t);
      u[i + 1] = this.centre[1] + r * Math.sin(t);
    }
    return u;
  }
  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    checkSampleCount(`${this.name}.sampleBoundary`, count);
    const u = parameterSamples(count, 1, options);
    const points = new Float64Array(2 * u.length), normals = new Float64Array(2 * u.length);
    for (let i = 0; i < u.length; i++) {
      const c = Math.cos(TAU * u[i]!), s = Math.sin(TAU * u[i]!);
      normals[2 * i] = c; normals[2 * i + 1] = s;
      points[2 * i] = this.centre[0] + this.radius * c;
      points[2 * i + 1] = this.centre[1] + this.radius * s;
    }
    return { points, normals };
  }
}

/**
 * 3-D ball with `centre` and `radius` (caller's length unit).
 * contains(points [n, dim]) -> Uint8Array [n] (closed), signedDistance -> [n] (negative inside),
 * sampleInterior(count, options) -> [count, dim], sampleBoundary(count, options) -> {points, normals} [count, dim]
 * (unit outward normals); options choose the sampler (uniform default, lhs, halton, sobol, grid) and seed.
 * Radial normals; interior samples by the volume-preserving map r = R·u^(1/3).
 * @throws Error on a non-finite centre or a non-positive radius.
 */
export class Sphere implements Geometry {
  readonly dim = 3;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  constructor(readonly name: string, readonly centre: readonly [number, number, number], readonly radius: number) {
    checkCentre(name, centre, 3);
    checkRadius(name, radius);
    this.bbox = { min: centre.map((c) => c - radius), max: centre.map((c) => c + radius) };
    this.boundaryMeasure = 2 * TAU * radius * radius;
  }
  signedDistance(points: Float64Array): Float64Array {
    const n = checkPoints(`${this.name}.signedDistance`, points, 3);
    const out = new Float64Array(n), [cx, cy, cz] = this.centre;
    for (let i = 0; i < n; i++) out[i] = Math.hypot(points[3 * i]! - cx, points[3 * i + 1]! - cy, points[3 * i + 2]! - cz) - this.radius;
    return out;
  }
  contains(points: Float64Array): Uint8Array {
    const n = checkPoints(`${this.name}.contains`, points, 3);
    const out = new Uint8Array(n), r2 = this.radius * this.radius, [cx, cy, cz] = this.centre;
    for (let i = 0; i < n; i++) {
      const dx = points[3 * i]! - cx, dy = points[3 * i + 1]! - cy, dz = points[3 * i + 2]! - cz;
      out[i] = dx * dx + dy * dy + dz * dz <= r2 ? 1 : 0;
    }
    return out;
  }
  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    checkSampleCount(`${this.name}.sampleInterior`, count);
    const u = parameterSamples(count, 3, options, [1, 2, TAU]);
    for (let i = 0; i < u.length; i += 3) {
      const r = this.radius * Math.cbrt(u[i]!), z = 1 - 2 * u[i + 1]!, s = Math.sqrt(Math.max(0, 1 - z * z)), t = TAU * u[i + 2]!;
      u[i] = this.centre[0] + r * s * Math.cos(t);
      u[i + 1] = this.centre[1] + r * s * Math.sin(t);
      u[i + 2] = this.centre[2] + r * z;
    }
    return u;
  }
  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    checkSampleCount(`${this.name}.sampleBoundary`, count);
    const u = parameterSamples(count, 2, options, [2, TAU]);
    const n = u.length / 2, points = new Float64Array(3 * n), normals = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const z = 1 - 2 * u[2 * i]!, s = Math.sqrt(Math.max(0, 1 - z * z)), t = TAU * u[2 * i + 1]!;
      normals[3 * i] = s * Math.cos(t); normals[3 * i + 1] = s * Math.sin(t); normals[3 * i + 2] = z;
      for (let a = 0; a < 3; a++) points[3 * i + a] = this.centre[a]! + this.radius * normals[3 * i + a]!;
    }
    return { points, normals };
  }
}

/**
 * 3-D circular cylinder with axis along +z from `base` (the bottom cap's centre), `radius` and `height` (caller's
 * length unit).
 * contains(points [n, dim]) -> Uint8Array [n] (closed), signedDistance -> [n] (negative inside),
 * sampleInterior(count, options) -> [count, dim], sampleBoundary(count, options) -> {points, normals} [count, dim]
 * (unit outward normals); options choose the sampler (uniform default, lhs, halton, sobol, grid) and seed.
 * Radial normals on the side, ±z on the caps.
 * @throws Error on a non-finite base or a non-positive radius or height.
 */
export class Cylinder implements Geometry {
  readonly dim = 3;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  /** Circular cylinder with its axis along +z: base centre `base`, `radius`, `height`. */
  constructor(readonly name: string, readonly base: readonly [number, number, number], readonly radius: number, readonly height: number) {
    checkCentre(name, base, 3);
    checkRadius(name, radius);
    if (!Number.isFinite(height) || !(height > 0)) throw new Error(`${name}: height must be a positive finite number, got ${height}`);
    this.bbox = { min: [base[0] - radius, base[1] - radius, base[2]], max: [base[0] + radius, base[1] + radius, base[2] + height] };
    this.boundaryMeasure = TAU * radius * height + TAU * radius * radius;
  }
  signedDistance(points: Float64Array): Float64Array {
    const n = checkPoints(`${this.name}.signedDistance`, points, 3);
    const out = new Float64Array(n), [bx, by, bz] = this.base, hh = this.height / 2;
    for (let i = 0; i < n; i++) {
      const dr = Math.hypot(points[3 * i]! - bx, points[3 * i + 1]! - by) - this.radius;
      const dz = Math.abs(points[3 * i + 2]! - bz - hh) - hh;
      out[i] = Math.min(Math.max(dr, dz), 0) + Math.hypot(Math.max(dr, 0), Math.max(dz, 0));
    }
    return out;
  }
  contains(points: Float64Array): Uint8Array {
    const n = checkPoints(`${this.name}.contains`, points, 3);
    const out = new Uint8Array(n), r2 = this.radius * this.radius, [bx, by, bz] = this.base;
    for (let i = 0; i < n; i++) {
      const dx = points[3 * i]! - bx, dy = points[3 * i + 1]! - by, z = points[3 * i + 2]! - bz;
      out[i] = dx * dx + dy * dy <= r2 && z >= 0 && z <= this.height ? 1 : 0;
    }
    return out;
  }
  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    checkSampleCount(`${this.name}.sampleInterior`, count);
    const u = parameterSamples(count, 3, options, [this.radius, TAU * this.radius, this.height]);
    for (let i = 0; i < u.length; i += 3) {
      const r = this.radius * Math.sqrt(u[i]!), t = TAU * u[i + 1]!;
      u[i + 2] = this.base[2] + this.height * u[i + 2]!;
      u[i] = this.base[0] + r * Math.cos(t);
      u[i + 1] = this.base[1] + r * Math.sin(t);
    }
    return u;
  }
  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    checkSampleCount(`${this.name}.sampleBoundary`, count);
    const side = TAU * this.radius * this.height, cap = Math.PI * this.radius * this.radius, total = side + 2 * cap;
    const u = parameterSamples(count, 2, options, [TAU * this.radius, this.height + this.radius]);
    const n = u.length / 2, points = new Float64Array(3 * n), normals = new Float64Array(3 * n);
    const [bx, by, bz] = this.base;
    for (let i = 0; i < n; i++) {
      const t = u[2 * i]! * total, v = u[2 * i + 1]!;
      if (t < side) {
        const th = TAU * (t / side);
        normals[3 * i] = Math.cos(th); normals[3 * i + 1] = Math.sin(th);
        points[3 * i] = bx + this.radius * normals[3 * i]!;
        points[3 * i + 1] = by + this.radius * normals[3 * i + 1]!;
        points[3 * i + 2] = bz + this.height * v;
      } else {
        const top = t >= side + cap;
        const w = Math.min(1, (t - side - (top ? cap : 0)) / cap);
        const r = this.radius * Math.sqrt(w), th = TAU * v;
        points[3 * i] = bx + r * Math.cos(th);
        points[3 * i + 1] = by + r * Math.sin(th);
        points[3 * i + 2] = bz + (top ? this.height : 0);
        normals[3 * i + 2] = top ? 1 : -1;
      }
    }
    return { points, normals };
  }
}
