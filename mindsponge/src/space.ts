/**
 * Space: boundary conditions as small functions (jax-md `space.py`).
 *
 * A `Box` is a LAMMPS-style (restricted triclinic) periodic cell: edge vectors
 *   a = (lx, 0, 0),  b = (xy, ly, 0),  c = (xz, yz, lz)      (length unit: nm, or σ in reduced units)
 * An orthorhombic box has xy = xz = yz = 0. `null` means free space (no periodicity).
 * Minimum image follows LAMMPS `Domain::minimum_image`: reduce along c, then b, then a. It is exact
 * when the tilts are at most half the matching edge (|xy| <= lx/2, ...), which `makeBox` enforces.
 *
 * Positions are flat `Float64Array` of shape [n*3] (x0,y0,z0,x1,...). Hot loops inline the same
 * arithmetic (see `minimumImageInPlace`); `DisplacementFn`/`ShiftFn` are the convenient per-pair forms.
 */

export interface Box {
  readonly lx: number;
  readonly ly: number;
  readonly lz: number;
  readonly xy: number;
  readonly xz: number;
  readonly yz: number;
}

/** Displacement r_i - r_j under the space's boundary conditions (writes `out[0..2]`, returns it). */
export type DisplacementFn = (ri: ArrayLike<number>, rj: ArrayLike<number>, out?: Float64Array) => Float64Array;
/** Moves all positions [n*3] by `dr` [n*3] in place and wraps them into the box. */
export type ShiftFn = (positions: Float64Array, dr: Float64Array) => void;

export interface Space {
  readonly box: Box | null;
  readonly displacement: DisplacementFn;
  readonly shift: ShiftFn;
  /** Wraps positions [n*3] into the primary cell in place (no-op in free space). */
  readonly wrap: (positions: Float64Array) => void;
}

/** An invalid periodic box (non-positive edge, excessive tilt) or a cutoff that does not fit in it. */
export class BoxError extends Error {
  override name = 'BoxError';
}

/** Validates and builds a box. Lengths must be finite and > 0; tilts at most half the edge they lean on. */
export function makeBox(lx: number, ly: number, lz: number, xy = 0, xz = 0, yz = 0): Box {
  for (const [k, v] of [['lx', lx], ['ly', ly], ['lz', lz]] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new BoxError(`box: ${k} = ${v}, expected a finite length > 0`);
  }
  for (const [k, v, l, ln] of [['xy', xy, lx, 'lx'], ['xz', xz, lx, 'lx'], ['yz', yz, ly, 'ly']] as const) {
    if (!Number.isFinite(v) || Math.abs(v) > l / 2 + 1e-12 * l) {
      throw new BoxError(`box: tilt ${k} = ${v}, expected |${k}| <= ${ln}/2 = ${l / 2}`);
    }
  }
  return { lx, ly, lz, xy, xz, yz };
}

/** True when the box has no tilt (xy = xz = yz = 0). */
export const isOrthorhombic = (box: Box): boolean => box.xy === 0 && box.xz === 0 && box.yz === 0;
/** Cell volume lx·ly·lz (nm³ or σ³; exact for triclinic boxes too). */
export const boxVolume = (box: Box): number => box.lx * box.ly * box.lz;

/** Perpendicular widths of the cell (distance between opposite faces), [wx, wy, wz]. */
export function boxWidths(box: Box): [number, number, number] {
  const { lx, ly, lz, xy, xz, yz } = box;
  const V = lx * ly * lz;
  // |b x c| and |c x a| for a=(lx,0,0), b=(xy,ly,0), c=(xz,yz,lz); |a x b| = lx*ly.
  const bxc = Math.hypot(ly * lz, -xy * lz, xy * yz - ly * xz);
  const cxa = Math.hypot(0, lz * lx, -yz * lx);
  return [V / bxc, V / cxa, lz];
}

/** Reduces one displacement vector to its minimum image in place (`d` has 3 entries at `o`). */
export function minimumImageInPlace(box: Box, d: Float64Array, o = 0): void {
  const { lx, ly, lz, xy, xz, yz } = box;
  let dx = d[o]!, dy = d[o + 1]!, dz = d[o + 2]!;
  while (dz > 0.5 * lz) { dz -= lz; dy -= yz; dx -= xz; }
  while (dz < -0.5 * lz) { dz += lz; dy += yz; dx += xz; }
  while (dy > 0.5 * ly) { dy -= ly; dx -= xy; }
  while (dy < -0.5 * ly) { dy += ly; dx += xy; }
  while (dx > 0.5 * lx) dx -= lx;
  while (dx < -0.5 * lx) dx += lx;
  d[o] = dx; d[o + 1] = dy; d[o + 2] = dz;
}

/** Wraps positions [n*3] into the cell [0,lx)x[0,ly)x[0,lz) (in fractional coordinates) in place. */
export function wrapPositions(box: Box, positions: Float64Array): void {
  const { lx, ly, lz, xy, xz, yz } = box;
  for (let i = 0; i < positions.length; i += 3) {
    let x = positions[i]!, y = positions[i + 1]!, z = positions[i + 2]!;
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue; // caught by blow-up checks
    const kz = Math.floor(z / lz);
    if (kz !== 0) { z -= kz * lz; y -= kz * yz; x -= kz * xz; }
    const ky = Math.floor((y - (yz * z) / lz) / ly);
    if (ky !== 0) { y -= ky * ly; x -= ky * xy; }
    const sy = (y - (yz * z) / lz) / ly;
    const kx = Math.floor((x - xy * sy - (xz * z) / lz) / lx);
    if (kx !== 0) x -= kx * lx;
    positions[i] = x; positions[i + 1] = y; positions[i + 2] = z;
  }
}

/** Fractional coordinates s (r = h s) of one position, written to out[0..2]. */
export function toFractional(box: Box, x: number, y: number, z: number, out: Float64Array): void {
  const sz = z / box.lz;
  const sy = (y - box.yz * sz) / box.ly;
  out[0] = (x - box.xy * sy - box.xz * sz) / box.lx;
  out[1] = sy;
  out[2] = sz;
}

/** Free space: displacement is plain r_i - r_j, shift is plain addition. */
export function free(): Space {
  const displacement: DisplacementFn = (ri, rj, out = new Float64Array(3)) => {
    out[0] = ri[0]! - rj[0]!; out[1] = ri[1]! - rj[1]!; out[2] = ri[2]! - rj[2]!;
    return out;
  };
  const shift: ShiftFn = (positions, dr) => {
    for (let k = 0; k < positions.length; k++) positions[k] = positions[k]! + dr[k]!;
  };
  return { box: null, displacement, shift, wrap: () => {} };
}

/** Periodic orthorhombic box with edge lengths [lx, ly, lz] (nm or σ). */
export function periodic(lengths: readonly [number, number, number] | number): Space {
  const [lx, ly, lz] = typeof lengths === 'number' ? [lengths, lengths, lengths] : lengths;
  return periodicGeneral(makeBox(lx, ly, lz));
}

/** Periodic restricted-triclinic box (see `Box`). */
export function periodicGeneral(box: Box): Space {
  const b = makeBox(box.lx, box.ly, box.lz, box.xy, box.xz, box.yz);
  const displacement: DisplacementFn = (ri, rj, out = new Float64Array(3)) => {
    out[0] = ri[0]! - rj[0]!; out[1] = ri[1]! - rj[1]!; out[2] = ri[2]! - rj[2]!;
    minimumImageInPlace(b, out);
    return out;
  };
  const shift: ShiftFn = (positions, dr) => {
    for (let k = 0; k < positions.length; k++) positions[k] = positions[k]! + dr[k]!;
    wrapPositions(b, positions);
  };
  return { box: b, displacement, shift, wrap: (p) => wrapPositions(b, p) };
}

/** Space for a box or free space (null). */
export const spaceFor = (box: Box | null): Space => (box ? periodicGeneral(box) : free());
