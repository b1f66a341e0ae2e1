/**
 * Exact sign of the 2-D orientation determinant
 *   orient(u, v, p) = (vx − ux)(py − uy) − (vy − uy)(px − ux)
 * for double inputs: a floating-point filter with Shewchuk's error bound (J. R. Shewchuk, "Adaptive
 * precision floating-point arithmetic and fast robust geometric predicates", DCG 18 (1997) 305), and an
 * exact BigInt evaluation when the filter cannot decide. Exact signs are what make the voxelizer's
 * ray/triangle tests consistent between differently triangulated faces (a query within 1e-14 of a
 * vertex is still classified by the true geometry, not by rounding).
 */

const EPS = 2 ** -53;
const CCW_ERRBOUND = (3 + 16 * EPS) * EPS;

/**
 * Exact sign (+1, 0, -1) of the 2-D orientation determinant (v - u) × (p - u) for double inputs: a Shewchuk error-bound
 * filter, falling back to exactOrientSign when the filter cannot decide. +1 means p is left of u→v.
 */
export function orientSign(ux: number, uy: number, vx: number, vy: number, px: number, py: number): number {
  const l = (vx - ux) * (py - uy), r = (vy - uy) * (px - ux), det = l - r;
  const sum = Math.abs(l) + Math.abs(r), bound = CCW_ERRBOUND * sum;
  if (sum > 1e-280) { // the relative bound does not hold once products underflow
    if (det > bound) return 1;
    if (-det > bound) return -1;
  }
  // both products exactly zero: a difference of doubles is zero only for equal doubles
  if ((vx === ux || py === uy) && (vy === uy || px === ux)) return 0;
  return exactOrientSign(ux, uy, vx, vy, px, py);
}

const view = new DataView(new ArrayBuffer(8));

/** x = mantissa · 2^exponent with an integer mantissa. */
function split(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mant |= 1n << 52n;
  const exp = (biased === 0 ? 1 : biased) - 1075;
  return [hi >>> 31 ? -mant : mant, exp];
}

/** Exact sign of the 2-D orientation determinant evaluated in BigInt arithmetic (slow path of orientSign). */
export function exactOrientSign(ux: number, uy: number, vx: number, vy: number, px: number, py: number): number {
  const parts = [split(ux), split(uy), split(vx), split(vy), split(px), split(py)];
  let minExp = Infinity;
  for (const [m, e] of parts) if (m !== 0n && e < minExp) minExp = e;
  if (minExp === Infinity) return 0;
  const [U, UY, V, VY, P, PY] = parts.map(([m, e]) => m << BigInt(e - minExp)) as [bigint, bigint, bigint, bigint, bigint, bigint];
  const det = (V - U) * (PY - UY) - (VY - UY) * (P - U);
  return det > 0n ? 1 : det < 0n ? -1 : 0;
}
