/**
 * Lennard-Jones force kernels over a half CSR neighbour list, for atoms i in [i0, i1): add forces into
 * `f` [n*3] and the virial into `v` [6]; return the pair energy. Self-contained (no imports, no
 * closures) because ljThreads.ts also runs them inside worker threads from their source text.
 */
import type { Box } from '../space.ts';

/**
 * Fast path: one species, orthorhombic or free box. Adds forces and virial; returns the pair energy.
 * Positions are wrapped by the integrators, so one image correction per axis suffices (|d| < 1.5 L).
 */
export function ljKernelOrthoSingle(
  i0: number, i1: number, x: Float64Array, f: Float64Array, v: Float64Array, start: Int32Array, pairs: Int32Array, box: Box | null,
  c1: number, c2: number, c3: number, c4: number, off: number, rc2: number,
): number {
  const periodicBox = box !== null ? 1 : 0;
  const lx = box?.lx ?? 0, ly = box?.ly ?? 0, lz = box?.lz ?? 0;
  const hx = periodicBox ? 0.5 * lx : Infinity, hy = periodicBox ? 0.5 * ly : Infinity, hz = periodicBox ? 0.5 * lz : Infinity;
  let energy = 0, wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
  for (let i = i0; i < i1; i++) {
    const i3 = 3 * i;
    const xi = x[i3]!, yi = x[i3 + 1]!, zi = x[i3 + 2]!;
    let fxi = 0, fyi = 0, fzi = 0;
    const p1 = start[i + 1]!;
    for (let p = start[i]!; p < p1; p++) {
      const j3 = 3 * pairs[p]!;
      let dx = xi - x[j3]!, dy = yi - x[j3 + 1]!, dz = zi - x[j3 + 2]!;
      if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
      if (dy > hy) dy -= ly; else if (dy < -hy) dy += ly;
      if (dz > hz) dz -= lz; else if (dz < -hz) dz += lz;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const r2i = 1 / r2;
      const r6i = r2i * r2i * r2i;
      const fpair = r6i * (c1 * r6i - c2) * r2i;
      energy += r6i * (c3 * r6i - c4) - off;
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
      wxx += dx * fx; wyy += dy * fy; wzz += dz * fz; wxy += dx * fy; wxz += dx * fz; wyz += dy * fz;
    }
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
  v[0] += wxx; v[1] += wyy; v[2] += wzz; v[3] += wxy; v[4] += wxz; v[5] += wyz;
  return energy;
}

/** General path: several species (type-pair tables), triclinic or free box. */
export function ljKernelGeneral(
  i0: number, i1: number, x: Float64Array, f: Float64Array, v: Float64Array, start: Int32Array, pairs: Int32Array, box: Box | null,
  species: Int32Array, nt: number, lj1: Float64Array, lj2: Float64Array, lj3: Float64Array, lj4: Float64Array, offset: Float64Array, rc2: number,
): number {
  const periodicBox = box !== null;
  const lx = box?.lx ?? 0, ly = box?.ly ?? 0, lz = box?.lz ?? 0, xy = box?.xy ?? 0, xz = box?.xz ?? 0, yz = box?.yz ?? 0;
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  let energy = 0, wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
  for (let i = i0; i < i1; i++) {
    const xi = x[3 * i]!, yi = x[3 * i + 1]!, zi = x[3 * i + 2]!;
    let fxi = 0, fyi = 0, fzi = 0;
    const ti = species[i]! * nt;
    const p1 = start[i + 1]!;
    for (let p = start[i]!; p < p1; p++) {
      const j = pairs[p]!;
      const j3 = 3 * j;
      let dx = xi - x[j3]!, dy = yi - x[j3 + 1]!, dz = zi - x[j3 + 2]!;
      if (periodicBox) {
        while (dz > hz) { dz -= lz; dy -= yz; dx -= xz; }
        while (dz < -hz) { dz += lz; dy += yz; dx += xz; }
        while (dy > hy) { dy -= ly; dx -= xy; }
        while (dy < -hy) { dy += ly; dx += xy; }
        while (dx > hx) dx -= lx;
        while (dx < -hx) dx += lx;
      }
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const k = ti + species[j]!;
      const r2i = 1 / r2;
      const r6i = r2i * r2i * r2i;
      const fpair = r6i * (lj1[k]! * r6i - lj2[k]!) * r2i;
      energy += r6i * (lj3[k]! * r6i - lj4[k]!) - offset[k]!;
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
      wxx += dx * fx; wyy += dy * fy; wzz += dz * fz; wxy += dx * fy; wxz += dx * fz; wyz += dy * fz;
    }
    f[3 * i] += fxi; f[3 * i + 1] += fyi; f[3 * i + 2] += fzi;
  }
  v[0] += wxx; v[1] += wyy; v[2] += wzz; v[3] += wxy; v[4] += wxz; v[5] += wyz;
  return energy;
}
