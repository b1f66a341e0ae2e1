/**
 * Voxelization of solids onto a regular grid of cell centres.
 *
 * Grid: the box [min, max] (mm) split into dims = (Nx, Ny, Nz) cells; sample point (i, j, k) is the cell
 * centre min + (i + ½)·h. Arrays are (Nx, Ny, Nz) in C order (z fastest), cell c = (i·Ny + j)·Nz + k.
 * `dims` are given, or derived from a total point budget split in proportion to the box extents
 * (at least 3 per axis), or from a spacing.
 *
 * Inside/outside: one vertical ray per (i, j) column (columns.ts), robust on faces, edges and vertices.
 * Overlaps: solids are painted in ascending `priority` (ties: later in the list wins), so where solids
 * overlap the cell takes the solid with the highest priority; `solidCells` also reports each solid's
 * own count before overlap resolution. Id 0 is the background; solid s (0-based) has id s + 1.
 *
 * Sub-cell averaging (`supersample` = s > 1): each cell is sampled at s³ sub-points; the id is the
 * majority material (background included) and `mixed` lists, for cells holding more than one material,
 * the volume fraction of each — the input for averaged permittivity (see tensor.ts).
 */
import { columnCrossings, forEachInsideSpan, type ColumnCrossings, type InsideRule } from './columns.ts';
import { meshBounds, type TriangleMesh } from './mesh.ts';

export interface GridSpec {
  /** Box corners in mm. */
  min: readonly [number, number, number];
  max: readonly [number, number, number];
  dims: readonly [number, number, number];
}

export interface VoxelSolid {
  mesh: TriangleMesh;
  /** Higher wins where solids overlap (default 0; ties: later solid wins). */
  priority?: number;
  /** Inside rule (default 'parity'). */
  rule?: InsideRule;
}

export interface MixedCells {
  /** Cell index of each entry. */
  cell: Int32Array;
  /** Material id (0 = background) of each entry. */
  id: Uint16Array;
  /** Volume fraction of that id in that cell. */
  fraction: Float32Array;
}

export interface VoxelResult {
  grid: GridSpec;
  /** Cell size (mm) per axis. */
  spacing: [number, number, number];
  /** (Nx, Ny, Nz) material ids: 0 background, s + 1 for solid s. */
  ids: Uint16Array;
  /** Per solid: cells inside it, before overlap resolution (fractional with supersampling). */
  solidCells: Float64Array;
  /** Per solid: cells assigned to it after overlap resolution (fractional with supersampling). */
  assignedCells: Float64Array;
  mixed?: MixedCells;
}

export interface VoxelizeOptions {
  /** Sub-samples per axis per cell (default 1). */
  supersample?: number;
  /** Called with the fraction done (0..1) now and then. */
  onProgress?: (fraction: number) => void;
}

function checkDims(dims: readonly number[], where: string): void {
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) throw new Error(`${where}: dims must be three positive integers, got [${dims.join(', ')}]`);
}

/** Cell-centre coordinates along one axis. */
export function axisCentres(min: number, max: number, n: number, sub = 1): Float64Array {
  const h = (max - min) / n, out = new Float64Array(n * sub);
  for (let i = 0; i < n; i++) for (let q = 0; q < sub; q++) out[i * sub + q] = min + (i + (q + 0.5) / sub) * h;
  return out;
}

/** Points per axis for a total budget split by extent, at least `minPerAxis` (3) on each. */
export function dimsFromBudget(extent: readonly [number, number, number], total: number, minPerAxis = 3): [number, number, number] {
  if (!Number.isFinite(total) || total < minPerAxis ** 3) throw new Error(`grid: point budget must be at least ${minPerAxis ** 3} (${minPerAxis} per axis), got ${total}`);
  if (extent.some((e) => !(e > 0) || !Number.isFinite(e))) throw new Error(`grid: box extents must be positive, got [${extent.join(', ')}]`);
  // Axes that would get fewer than minPerAxis are pinned there; the rest share what is left of the budget.
  const pinned = [false, false, false];
  let h = 0;
  for (let round = 0; round < 3; round++) {
    let free = 1, nFree = 0, rest = total;
    for (let a = 0; a < 3; a++) if (pinned[a]) rest /= minPerAxis; else { free *= extent[a]!; nFree++; }
    if (nFree === 0) break;
    h = (free / rest) ** (1 / nFree);
    let changed = false;
    for (let a = 0; a < 3; a++) if (!pinned[a] && extent[a]! / h < minPerAxis) { pinned[a] = true; changed = true; }
    if (!changed) break;
  }
  const dimsAt = (s: number) => extent.map((e, a) => (pinned[a] || s === 0 ? minPerAxis : Math.max(minPerAxis, Math.round(e / s)))) as [number, number, number];
  const d = dimsAt(h);
  // Rounding may overshoot the budget: take a point off the most finely resolved axis until it fits.
  while (d[0] * d[1] * d[2] > total) {
    let a = -1;
    for (let b = 0; b < 3; b++) if (d[b]! > minPerAxis && (a < 0 || extent[b]! / d[b]! < extent[a]! / d[a]!)) a = b;
    if (a < 0) break;
    d[a]!--;
  }
  return d;
}

/**
 * Grid dims per axis for a box extent (mm) and a cell spacing (mm): round(extent / spacing), at least minPerAxis (3).
 * @throws Error when spacing is not a positive finite number.
 */
export function dimsFromSpacing(extent: readonly [number, number, number], spacing: number, minPerAxis = 3): [number, number, number] {
  if (!(spacing > 0) || !Number.isFinite(spacing)) throw new Error(`grid: spacing must be a positive number (mm), got ${spacing}`);
  return extent.map((e) => Math.max(minPerAxis, Math.round(e / spacing))) as [number, number, number];
}

/** A box around the meshes: static, or their bounds grown by `margin` (mm, per axis or scalar). */
export function boxAround(meshes: readonly TriangleMesh[], margin: number | readonly [number, number, number] = 0): { min: [number, number, number]; max: [number, number, number] } {
  const { min, max } = meshBounds(meshes);
  const m = typeof margin === 'number' ? [margin, margin, margin] : margin;
  return { min: min.map((v, a) => v - m[a]!) as [number, number, number], max: max.map((v, a) => v + m[a]!) as [number, number, number] };
}

/**
 * Voxelize solids onto the cell centres of grid (box min/max mm, dims (Nx, Ny, Nz)) with one robust vertical ray per
 * column. Overlaps go to the highest priority (ties: later solid). With options.supersample s > 1 each cell is sampled
 * at s³ points: the id is the majority material and `mixed` lists volume fractions.
 * @returns ids (Nx, Ny, Nz) Uint16 in C order (z fastest; 0 background, s + 1 for solid s), spacing (mm), per-solid cell
 *   counts before and after overlap resolution.
 * @throws Error on bad dims, an empty box axis, more than 65534 solids or supersample outside 1..8.
 */
export function voxelize(solids: readonly VoxelSolid[], grid: GridSpec, options: VoxelizeOptions = {}): VoxelResult {
  checkDims(grid.dims, 'voxelize');
  for (let a = 0; a < 3; a++) if (!(grid.max[a]! > grid.min[a]!)) throw new Error(`voxelize: box axis ${'xyz'[a]} needs min < max, got [${grid.min[a]}, ${grid.max[a]}]`);
  if (solids.length > 65534) throw new Error(`voxelize: at most 65534 solids, got ${solids.length}`);
  const s = options.supersample ?? 1;
  if (!Number.isInteger(s) || s < 1 || s > 8) throw new Error(`voxelize: supersample must be an integer 1..8, got ${s}`);
  const [nx, ny, nz] = grid.dims;
  const xs = axisCentres(grid.min[0], grid.max[0], nx, s), ys = axisCentres(grid.min[1], grid.max[1], ny, s), zs = axisCentres(grid.min[2], grid.max[2], nz, s);
  const order = solids.map((_, i) => i).sort((a, b) => (solids[a]!.priority ?? 0) - (solids[b]!.priority ?? 0) || a - b);
  const crossings: ColumnCrossings[] = [];
  solids.forEach((sol, i) => {
    crossings.push(columnCrossings(sol.mesh, xs, ys));
    options.onProgress?.((0.5 * (i + 1)) / solids.length);
  });
  const ids = new Uint16Array(nx * ny * nz);
  const solidCells = new Float64Array(solids.length), assignedCells = new Float64Array(solids.length);
  const spacing: [number, number, number] = [(grid.max[0] - grid.min[0]) / nx, (grid.max[1] - grid.min[1]) / ny, (grid.max[2] - grid.min[2]) / nz];
  if (s === 1) {
    let base = 0, id = 0, own = 0;
    const paint = (k0: number, k1: number) => { ids.fill(id, base + k0, base + k1); own += k1 - k0; };
    for (const si of order) {
      const cr = crossings[si]!, rule = solids[si]!.rule ?? 'parity';
      id = si + 1; own = 0;
      for (let c = 0; c < nx * ny; c++) { base = c * nz; forEachInsideSpan(cr, c, zs, rule, paint); }
      solidCells[si] = own;
    }
    for (let c = 0; c < ids.length; c++) if (ids[c]) assignedCells[ids[c]! - 1]!++;
    options.onProgress?.(1);
    return { grid, spacing, ids, solidCells, assignedCells };
  }
  // Supersampled: resolve winners on the fine columns of each coarse column, then take fractions.
  const nzf = nz * s, fine = new Uint16Array(s * s * nzf), sub = s * s * s;
  const mixedCell: number[] = [], mixedId: number[] = [], mixedFrac: number[] = [];
  const hist = new Uint16Array(sub), histCount = new Uint16Array(sub);
  let base = 0, id = 0, own = 0;
  const paint = (k0: number, k1: number) => { fine.fill(id, base + k0, base + k1); own += k1 - k0; };
  const owned = new Float64Array(solids.length);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      fine.fill(0);
      for (const si of order) {
        const cr = crossings[si]!, rule = solids[si]!.rule ?? 'parity';
        id = si + 1; own = 0;
        for (let qi = 0; qi < s; qi++) for (let qj = 0; qj < s; qj++) {
          base = (qi * s + qj) * nzf;
          forEachInsideSpan(cr, (i * s + qi) * (ny * s) + j * s + qj, zs, rule, paint);
        }
        owned[si]! += own;
      }
      for (let k = 0; k < nz; k++) {
        let distinct = 0;
        for (let q = 0; q < s * s; q++) for (let r = 0; r < s; r++) {
          const v = fine[q * nzf + k * s + r]!;
          let d = 0;
          while (d < distinct && hist[d] !== v) d++;
          if (d === distinct) { hist[d] = v; histCount[d] = 0; distinct++; }
          histCount[d]!++;
        }
        let best = 0;
        for (let d = 1; d < distinct; d++) if (histCount[d]! > histCount[best]!) best = d;
        const cell = (i * ny + j) * nz + k;
        ids[cell] = hist[best]!;
        for (let d = 0; d < distinct; d++) if (hist[d]) assignedCells[hist[d]! - 1]! += histCount[d]! / sub;
        if (distinct > 1) for (let d = 0; d < distinct; d++) { mixedCell.push(cell); mixedId.push(hist[d]!); mixedFrac.push(histCount[d]! / sub); }
      }
    }
    if ((i & 15) === 15) options.onProgress?.(0.5 + (0.5 * (i + 1)) / nx);
  }
  for (let si = 0; si < solids.length; si++) solidCells[si] = owned[si]! / sub;
  options.onProgress?.(1);
  return {
    grid, spacing, ids, solidCells, assignedCells,
    mixed: { cell: Int32Array.from(mixedCell), id: Uint16Array.from(mixedId), fraction: Float32Array.from(mixedFrac) },
  };
}
