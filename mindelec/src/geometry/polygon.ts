/**
 * Simple polygons in 2-D (Polygon, Triangle).
 *
 * Vertices [[x, y], ...] in either orientation (stored counter-clockwise); the polygon must be simple
 * (not self-intersecting) with non-zero area. `contains` is closed: points within 1e-12·diameter of an
 * edge count as inside. Boundary samples are spread by arc length with each edge's outward normal.
 * Triangle interiors use the sqrt map (Osada et al. 2002); general polygons sample by rejection.
 */
import {
  type Box, type BoundarySamples, type Geometry, type SampleOptions,
  checkPoints, checkSampleCount, parameterSamples, rejectionInterior, samplerOf,
} from './geometry.ts';

/**
 * Simple 2-D polygon from vertices [[x, y], ...] in either orientation (stored counter-clockwise).
 * contains(points [n, dim]) -> Uint8Array [n] (closed), signedDistance -> [n] (negative inside),
 * sampleInterior(count, options) -> [count, dim], sampleBoundary(count, options) -> {points, normals} [count, dim]
 * (unit outward normals); options choose the sampler (uniform default, lhs, halton, sobol, grid) and seed.
 * contains is closed within 1e-12 of the diameter; boundary samples by arc length with each edge's outward normal;
 * interior samples by rejection.
 * @throws Error with fewer than 3 vertices, a non-finite vertex, or zero area.
 */
export class Polygon implements Geometry {
  readonly dim = 2;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  readonly area: number;
  /** Counter-clockwise vertices, flat [x0, y0, x1, y1, ...]. */
  readonly vertices: Float64Array;
  private readonly edgeLength: Float64Array;
  private readonly tol: number;

  constructor(readonly name: string, vertices: ReadonlyArray<readonly [number, number]>) {
    if (vertices.length < 3) throw new Error(`${name}: a polygon needs at least 3 vertices, got ${vertices.length}`);
    vertices.forEach((v, i) => {
      if (v.length !== 2 || !Number.isFinite(v[0]) || !Number.isFinite(v[1])) throw new Error(`${name}: vertex ${i} must be two finite numbers, got [${v.join(', ')}]`);
    });
    let area2 = 0;
    for (let i = 0; i < vertices.length; i++) {
      const a = vertices[i]!, b = vertices[(i + 1) % vertices.length]!;
      area2 += a[0] * b[1] - b[0] * a[1];
    }
    if (area2 === 0) throw new Error(`${name}: polygon has zero area`);
    const ordered = area2 > 0 ? vertices : [...vertices].reverse();
    this.area = Math.abs(area2) / 2;
    this.vertices = Float64Array.from(ordered.flatMap((v) => [v[0], v[1]]));
    const n = ordered.length;
    this.edgeLength = new Float64Array(n);
    let per = 0;
    const xs = ordered.map((v) => v[0]), ys = ordered.map((v) => v[1]);
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      this.edgeLength[i] = Math.hypot(xs[j]! - xs[i]!, ys[j]! - ys[i]!);
      per += this.edgeLength[i]!;
    }
    this.boundaryMeasure = per;
    this.bbox = { min: [Math.min(...xs), Math.min(...ys)], max: [Math.max(...xs), Math.max(...ys)] };
    this.tol = 1e-12 * Math.hypot(this.bbox.max[0]! - this.bbox.min[0]!, this.bbox.max[1]! - this.bbox.min[1]!);
  }

  /** Signed distance to the boundary (negative inside, by crossing parity). */
  private signedDistanceAt(x: number, y: number): number {
    const v = this.vertices, n = v.length / 2;
    let d2 = Infinity, inside = false;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = v[2 * i]!, yi = v[2 * i + 1]!, xj = v[2 * j]!, yj = v[2 * j + 1]!;
      const ex = xi - xj, ey = yi - yj, wx = x - xj, wy = y - yj;
      const t = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
      const dx = wx - t * ex, dy = wy - t * ey;
      d2 = Math.min(d2, dx * dx + dy * dy);
      if (yi > y !== yj > y && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside ? -Math.sqrt(d2) : Math.sqrt(d2);
  }

  signedDistance(points: Float64Array): Float64Array {
    const n = checkPoints(`${this.name}.signedDistance`, points, 2);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.signedDistanceAt(points[2 * i]!, points[2 * i + 1]!);
    return out;
  }

  contains(points: Float64Array): Uint8Array {
    const n = checkPoints(`${this.name}.contains`, points, 2);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.signedDistanceAt(points[2 * i]!, points[2 * i + 1]!) <= this.tol ? 1 : 0;
    return out;
  }

  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    return rejectionInterior(this, count, options);
  }

  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    checkSampleCount(`${this.name}.sampleBoundary`, count);
    const u = parameterSamples(count, 1, options);
    const v = this.vertices, nv = v.length / 2, m = u.length;
    const points = new Float64Array(2 * m), normals = new Float64Array(2 * m);
    for (let i = 0; i < m; i++) {
      let t = u[i]! * this.boundaryMeasure, e = 0;
      while (e < nv - 1 && t >= this.edgeLength[e]!) t -= this.edgeLength[e++]!;
      const f = Math.min(1, t / this.edgeLength[e]!), k = (e + 1) % nv;
      const ex = v[2 * k]! - v[2 * e]!, ey = v[2 * k + 1]! - v[2 * e + 1]!, len = this.edgeLength[e]!;
      points[2 * i] = v[2 * e]! + f * ex;
      points[2 * i + 1] = v[2 * e + 1]! + f * ey;
      normals[2 * i] = ey / len; // counter-clockwise polygon: outward normal is the edge turned clockwise
      normals[2 * i + 1] = -ex / len;
    }
    return { points, normals };
  }
}

/**
 * A triangle with corners a, b, c as a Polygon. Interior samples use the area-preserving square-root map
 * (Osada et al. 2002), without rejection; the 'grid' sampler falls back to Polygon's.
 */
export class Triangle extends Polygon {
  constructor(name: string, a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]) {
    super(name, [a, b, c]);
  }

  override sampleInterior(count: number, options?: SampleOptions): Float64Array {
    if (samplerOf(options) === 'grid') return super.sampleInterior(count, options);
    checkSampleCount(`${this.name}.sampleInterior`, count);
    const u = parameterSamples(count, 2, options), v = this.vertices;
    for (let i = 0; i < u.length; i += 2) {
      const r = Math.sqrt(u[i]!), s = u[i + 1]!;
      const wa = 1 - r, wb = r * (1 - s), wc = r * s;
      const x = wa * v[0]! + wb * v[2]! + wc * v[4]!, y = wa * v[1]! + wb * v[3]! + wc * v[5]!;
      u[i] = x; u[i + 1] = y;
    }
    return u;
  }
}
