/**
 * Constructive solid geometry: union, intersection, difference (a − b) and symmetric difference (xor)
 * of two geometries of the same dimension.
 *
 * Contract: `contains` combines the operands' closed `contains`; `signedDistance` (when both operands
 * define it) is the min/max composition — exact sign, magnitude a bound. Interior samples are drawn by
 * rejection from the bounding box. Boundary samples are drawn from the operands' boundaries in
 * proportion to their measure and kept where they lie on the result's boundary: for union, ∂a outside b;
 * intersection, ∂a inside b; difference, ∂a outside b plus ∂b inside a with the normal flipped (it now
 * faces into b's hole); xor, all of ∂a and ∂b, flipped where inside the other operand.
 */
import {
  type Box, type BoundarySamples, type Geometry, type SampleOptions,
  checkSampleCount, rejectionInterior, rngOf, samplerOf,
} from './geometry.ts';

export type CsgOperation = 'union' | 'intersection' | 'difference' | 'xor';

/**
 * Constructive solid geometry of two geometries of equal dimension: union, intersection, difference (a − b) or xor.
 * contains combines the operands' closed contains; signedDistance (when both define it) is the min/max composition,
 * exact in sign and a bound in magnitude; interior samples by rejection from the bounding box; boundary samples from
 * the operands' boundaries kept where they lie on the result's boundary (normals flipped where needed).
 * @throws Error when the dimensions differ.
 */
export class CsgGeometry implements Geometry {
  readonly dim: number;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  readonly signedDistance?: (points: Float64Array) => Float64Array;

  constructor(readonly name: string, readonly operation: CsgOperation, readonly a: Geometry, readonly b: Geometry) {
    if (a.dim !== b.dim) throw new Error(`${name}: ${operation} of '${a.name}' (dim ${a.dim}) and '${b.name}' (dim ${b.dim}) needs equal dimensions`);
    this.dim = a.dim;
    const lo = (i: number) => Math.min(a.bbox.min[i]!, b.bbox.min[i]!), hi = (i: number) => Math.max(a.bbox.max[i]!, b.bbox.max[i]!);
    const idx = [...Array(this.dim).keys()];
    if (operation === 'intersection') {
      this.bbox = { min: idx.map((i) => Math.max(a.bbox.min[i]!, b.bbox.min[i]!)), max: idx.map((i) => Math.min(a.bbox.max[i]!, b.bbox.max[i]!)) };
    } else if (operation === 'difference') {
      this.bbox = a.bbox;
    } else {
      this.bbox = { min: idx.map(lo), max: idx.map(hi) };
    }
    this.boundaryMeasure = a.boundaryMeasure + b.boundaryMeasure;
    if (a.signedDistance && b.signedDistance) {
      const sa = a.signedDistance.bind(a), sb = b.signedDistance.bind(b);
      this.signedDistance = (points) => {
        const da = sa(points), db = sb(points);
        for (let i = 0; i < da.length; i++) da[i] = combineDistance(operation, da[i]!, db[i]!);
        return da;
      };
    }
  }

  contains(points: Float64Array): Uint8Array {
    const ia = this.a.contains(points), ib = this.b.contains(points);
    for (let i = 0; i < ia.length; i++) ia[i] = combineInside(this.operation, ia[i]!, ib[i]!);
    return ia;
  }

  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    return rejectionInterior(this, count, options);
  }

  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    checkSampleCount(`${this.name}.sampleBoundary`, count);
    const d = this.dim, grid = samplerOf(options) === 'grid';
    const rng = rngOf(options);
    const pts: number[] = [], nrm: number[] = [];
    const fa = this.a.boundaryMeasure / (this.a.boundaryMeasure + this.b.boundaryMeasure);
    let skip = options?.skip ?? 0, guard = 0;
    while (pts.length < count * d) {
      const batch = grid ? count : Math.max(64, 2 * (count - pts.length / d));
      const na = Math.round(batch * fa), nb = batch - na;
      const sub = { ...options, rng, skip };
      this.keep(this.a.sampleBoundary(na, sub), this.b, false, pts, nrm);
      this.keep(this.b.sampleBoundary(nb, sub), this.a, true, pts, nrm);
      skip += batch;
      if (grid) break;
      if (++guard > 10000) throw new Error(`${this.name}.sampleBoundary: found no boundary (empty ${this.operation}?)`);
    }
    const have = pts.length / d;
    if (grid || have === count) return { points: Float64Array.from(pts), normals: Float64Array.from(nrm) };
    // More candidates than asked: keep a seeded random subset (in candidate order), so neither operand's
    // points are favoured by their position in the batch.
    const pick = new Int32Array(have);
    for (let i = 0; i < have; i++) pick[i] = i;
    for (let i = 0; i < count; i++) { const r = i + rng.nextInt(have - i); const t = pick[i]!; pick[i] = pick[r]!; pick[r] = t; }
    const chosen = pick.subarray(0, count).sort();
    const points = new Float64Array(count * d), normals = new Float64Array(count * d);
    chosen.forEach((src, i) => { for (let a = 0; a < d; a++) { points[i * d + a] = pts[src * d + a]!; normals[i * d + a] = nrm[src * d + a]!; } });
    return { points, normals };
  }

  /** Appends the samples of one operand's boundary that lie on the result's boundary. */
  private keep(s: BoundarySamples, other: Geometry, isB: boolean, pts: number[], nrm: number[]): void {
    const d = this.dim, inOther = other.contains(s.points), op = this.operation;
    for (let i = 0; i < inOther.length; i++) {
      const inside = inOther[i] === 1;
      let keep: boolean, flip = false;
      if (op === 'union') keep = !inside;
      else if (op === 'intersection') keep = inside;
      else if (op === 'difference') { keep = isB ? inside : !inside; flip = isB; }
      else { keep = true; flip = inside; }
      if (!keep) continue;
      for (let a = 0; a < d; a++) {
        pts.push(s.points[i * d + a]!);
        nrm.push(flip ? -s.normals[i * d + a]! : s.normals[i * d + a]!);
      }
    }
  }
}

function combineInside(op: CsgOperation, a: number, b: number): number {
  switch (op) {
    case 'union': return a | b;
    case 'intersection': return a & b;
    case 'difference': return a & (b ^ 1);
    case 'xor': return a ^ b;
  }
}

function combineDistance(op: CsgOperation, a: number, b: number): number {
  switch (op) {
    case 'union': return Math.min(a, b);
    case 'intersection': return Math.max(a, b);
    case 'difference': return Math.max(a, -b);
    case 'xor': return Math.max(Math.min(a, b), -Math.max(a, b));
  }
}

/** a ∪ b as a CsgGeometry (default name "a|b"). */
export const union = (a: Geometry, b: Geometry, name = `${a.name}|${b.name}`): CsgGeometry => new CsgGeometry(name, 'union', a, b);
/** a ∩ b as a CsgGeometry (default name "a&b"). */
export const intersection = (a: Geometry, b: Geometry, name = `${a.name}&${b.name}`): CsgGeometry => new CsgGeometry(name, 'intersection', a, b);
/** a − b as a CsgGeometry (default name "a-b"). */
export const difference = (a: Geometry, b: Geometry, name = `${a.name}-${b.name}`): CsgGeometry => new CsgGeometry(name, 'difference', a, b);
/** Symmetric difference (a − b) ∪ (b − a) as a CsgGeometry (default name "a^b"). */
export const xor = (a: Geometry, b: Geometry, name = `${a.name}^${b.name}`): CsgGeometry => new CsgGeometry(name, 'xor', a, b);
