/**
 * Partition: cell list + Verlet neighbour list with a skin (jax-md `partition.py`, LAMMPS `neighbor`).
 *
 * `neighborList({cutoff, skin})` returns `{allocate, update}`. The list is a *half* list in CSR form:
 * the partners of atom i are `pairs[start[i] .. start[i+1])`, each unordered pair {i, j} appears exactly
 * once, and it holds every pair whose minimum-image distance was < cutoff + skin when it was built.
 * Building is O(N) with a cell list (cells >= cutoff + skin wide, half stencil of 13 cells + own cell);
 * boxes narrower than 3 cells fall back to the O(N^2) all-pairs search.
 *
 * `update` rebuilds only when needed: when some atom moved more than skin/2 since the build (measured
 * after mapping the build positions through the box deformation, so barostat rescaling is accounted
 * for), when the box changed shape other than by per-axis scaling, or when the cell got too small.
 * Capacity grows on overflow (the build never drops a pair); `builds` counts rebuilds.
 *
 * Optional exclusions (e.g. bonded 1-2/1-3 pairs for force fields) are CSR `{start, list}` of partners
 * per atom; an excluded pair is never listed. Units: lengths in nm (or σ).
 */
import { type Box, BoxError, boxWidths, toFractional } from './space.ts';

export interface Exclusions {
  /** [n+1] offsets into `list`. */
  readonly start: Int32Array;
  /** Excluded partner indices (both directions may be listed; either suffices). */
  readonly list: Int32Array;
}

export interface NeighborList {
  readonly cutoff: number;
  readonly skin: number;
  /** [n+1] CSR offsets. */
  readonly start: Int32Array;
  /** Partner indices; only the first `start[n]` entries are meaningful. */
  readonly pairs: Int32Array;
  /** Positions [n*3] and box at the last build. */
  readonly refPositions: Float64Array;
  readonly refBox: Box | null;
  /** Number of builds so far (allocate counts as one). */
  readonly builds: number;
}

export interface NeighborListFns {
  allocate(positions: Float64Array, box: Box | null): NeighborList;
  /** Returns `nl` itself when still valid, else a rebuilt list that reuses nl's buffers (so the old `nl` must not be used afterwards). */
  update(nl: NeighborList, positions: Float64Array, box: Box | null): NeighborList;
  needsRebuild(nl: NeighborList, positions: Float64Array, box: Box | null): boolean;
}

export interface NeighborListOptions {
  /** Interaction cutoff (nm or σ), > 0. */
  cutoff: number;
  /** Verlet skin (same unit), >= 0. Default 0.3 (LAMMPS LJ default in σ). */
  skin?: number;
  exclusions?: Exclusions;
}

/**
 * Verlet neighbour list with a skin (jax-md partition.neighbor_list, LAMMPS neighbor): returns {allocate, update}.
 * The list is a half list in CSR form (partners of i in pairs[start[i]..start[i+1])) of every pair closer than
 * cutoff + skin at build time, built in O(N) with a cell list. `update` rebuilds only when an atom moved more than
 * skin/2 or the box changed shape.
 * @param options cutoff (> 0) and skin (≥ 0, default 0.3) in nm or σ; exclusions as CSR partner lists.
 * @throws RangeError on an invalid cutoff/skin or positions not a multiple of 3; BoxError when cutoff + skin exceeds half
 *   the smallest box width.
 */
export function neighborList(options: NeighborListOptions): NeighborListFns {
  const cutoff = options.cutoff;
  const skin = options.skin ?? 0.3;
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new RangeError(`neighborList: cutoff = ${cutoff}, expected a finite number > 0`);
  if (!(skin >= 0) || !Number.isFinite(skin)) throw new RangeError(`neighborList: skin = ${skin}, expected a finite number >= 0`);
  const exclusions = options.exclusions;
  const listCutoff = cutoff + skin;

  // Scratch reused across builds (the functions are not re-entrant across threads, which JS is not).
  let cellOf = new Int32Array(0);
  let cellStart = new Int32Array(0);
  let cellAtoms = new Int32Array(0);
  let stamp = new Int32Array(0);
  const frac = new Float64Array(3);
  let symmetricExclusions: Exclusions | null = null;
  let wrapped = new Float64Array(0);
  let sorted = new Float64Array(0);
  let posOf = new Int32Array(0);
  let cellNb = new Int32Array(0);
  let cellShift = new Float64Array(0);

  function build(positions: Float64Array, box: Box | null, prev: NeighborList | null): NeighborList {
    const n = positions.length / 3;
    if (!Number.isInteger(n)) throw new RangeError(`neighborList: positions length ${positions.length} is not a multiple of 3`);
    if (box) {
      const w = boxWidths(box);
      const minW = Math.min(w[0], w[1], w[2]);
      if (listCutoff > 0.5 * minW) {
        throw new BoxError(`neighborList: cutoff + skin = ${listCutoff} exceeds half the smallest box width ${(0.5 * minW).toPrecision(6)}; use a bigger box or a smaller cutoff`);
      }
    }
    const start = prev && prev.start.length === n + 1 ? prev.start : new Int32Array(n + 1);
    let pairs = prev ? prev.pairs : new Int32Array(Math.max(64, n * 64));
    const refPositions = prev && prev.refPositions.length === positions.length ? prev.refPositions : new Float64Array(positions.length);
    refPositions.set(positions);
    if (stamp.length < n) stamp = new Int32Array(n);
    stamp.fill(-1);
    const rc2 = listCutoff * listCutoff;
    let count = 0;
    const grow = (): void => {
      const bigger = new Int32Array(Math.ceil(pairs.length * 1.5) + 64);
      bigger.set(pairs.subarray(0, count));
      pairs = bigger;
    };
    // Exclusions listed in only one direction still exclude the pair: symmetrize once.
    if (exclusions && !symmetricExclusions) symmetricExclusions = symmetrize(exclusions, n);

    // Cell grid: periodic cells in fractional coordinates; free space uses the bounding box.
    let nc: [number, number, number] = [1, 1, 1];
    let lo = [0, 0, 0], span = [1, 1, 1];
    if (box) {
      const w = boxWidths(box);
      nc = [Math.floor(w[0] / listCutoff), Math.floor(w[1] / listCutoff), Math.floor(w[2] / listCutoff)];
    } else if (n > 0) {
      const mn = [Infinity, Infinity, Infinity], mx = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) {
        const v = positions[3 * i + d]!;
        if (!Number.isFinite(v)) throw new RangeError(`neighborList: atom ${i} has non-finite coordinate ${v}`);
        if (v < mn[d]!) mn[d] = v;
        if (v > mx[d]!) mx[d] = v;
      }
      lo = mn;
      span = [0, 1, 2].map((d) => Math.max(mx[d]! - mn[d]!, 1e-12));
      nc = [0, 1, 2].map((d) => Math.max(1, Math.min(Math.floor(span[d]! / listCutoff), 1024))) as [number, number, number];
    }
    const useCells = box ? nc[0] >= 3 && nc[1] >= 3 && nc[2] >= 3 : true;
    const { lx = 0, ly = 0, lz = 0, xy = 0, xz = 0, yz = 0 } = box ?? {};
    const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
    const periodicBox = box !== null;

    if (!useCells) {
      for (let i = 0; i < n; i++) {
        start[i] = count;
        const xi = positions[3 * i]!, yi = positions[3 * i + 1]!, zi = positions[3 * i + 2]!;
        if (symmetricExclusions) markFrom(symmetricExclusions, i);
        for (let j = i + 1; j < n; j++) {
          let dx = xi - positions[3 * j]!, dy = yi - positions[3 * j + 1]!, dz = zi - positions[3 * j + 2]!;
          if (periodicBox) {
            while (dz > hz) { dz -= lz; dy -= yz; dx -= xz; }
            while (dz < -hz) { dz += lz; dy += yz; dx += xz; }
            while (dy > hy) { dy -= ly; dx -= xy; }
            while (dy < -hy) { dy += ly; dx += xy; }
            while (dx > hx) dx -= lx;
            while (dx < -hx) dx += lx;
          }
          if (dx * dx + dy * dy + dz * dz < rc2 && stamp[j] !== i) {
            if (count >= pairs.length) grow();
            pairs[count++] = j;
          }
        }
      }
      start[n] = count;
      return { cutoff, skin, start, pairs, refPositions, refBox: box, builds: (prev?.builds ?? 0) + 1 };
    }

    const [ncx, ncy, ncz] = nc;
    const ncell = ncx * ncy * ncz;
    if (cellOf.length < n) cellOf = new Int32Array(n);
    if (cellStart.length < ncell + 1) cellStart = new Int32Array(ncell + 1);
    if (cellAtoms.length < n) cellAtoms = new Int32Array(n);
    if (wrapped.length < 3 * n) wrapped = new Float64Array(3 * n);
    cellStart.fill(0, 0, ncell + 1);
    for (let i = 0; i < n; i++) {
      let sx: number, sy: number, sz: number;
      if (box) {
        toFractional(box, positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!, frac);
        sx = frac[0]! - Math.floor(frac[0]!); sy = frac[1]! - Math.floor(frac[1]!); sz = frac[2]! - Math.floor(frac[2]!);
      } else {
        sx = (positions[3 * i]! - lo[0]!) / span[0]!; sy = (positions[3 * i + 1]! - lo[1]!) / span[1]!; sz = (positions[3 * i + 2]! - lo[2]!) / span[2]!;
      }
      if (!(Number.isFinite(sx) && Number.isFinite(sy) && Number.isFinite(sz))) {
        throw new RangeError(`neighborList: atom ${i} has a non-finite position (${positions[3 * i]}, ${positions[3 * i + 1]}, ${positions[3 * i + 2]})`);
      }
      if (box) {
        wrapped[3 * i] = box.lx * sx + box.xy * sy + box.xz * sz; wrapped[3 * i + 1] = box.ly * sy + box.yz * sz; wrapped[3 * i + 2] = box.lz * sz;
      } else {
        wrapped[3 * i] = positions[3 * i]!; wrapped[3 * i + 1] = positions[3 * i + 1]!; wrapped[3 * i + 2] = positions[3 * i + 2]!;
      }
      const cx = Math.max(0, Math.min(ncx - 1, Math.floor(sx * ncx))), cy = Math.max(0, Math.min(ncy - 1, Math.floor(sy * ncy))), cz = Math.max(0, Math.min(ncz - 1, Math.floor(sz * ncz)));
      const c = (cz * ncy + cy) * ncx + cx;
      cellOf[i] = c;
      cellStart[c + 1]!++;
    }
    for (let c = 0; c < ncell; c++) cellStart[c + 1]! += cellStart[c]!;
    const fill = cellStart.slice(0, ncell);
    for (let i = 0; i < n; i++) cellAtoms[fill[cellOf[i]!]!++] = i;

    // Half stencil: own cell (later atoms only) + 13 forward neighbour cells.
    const stencil: number[] = [];
    for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      if (dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)))) stencil.push(dx, dy, dz);
    }
    const ns = stencil.length / 3;
    // Coordinates in cell order (wrapped into the cell for periodic boxes) so the inner loop streams
    // through memory; the image of a neighbour cell across the boundary is a fixed shift vector.
    if (sorted.length < 3 * n) sorted = new Float64Array(3 * n);
    if (posOf.length < n) posOf = new Int32Array(n);
    for (let b = 0; b < n; b++) {
      const i = cellAtoms[b]!;
      posOf[i] = b;
      sorted[3 * b] = wrapped[3 * i]!; sorted[3 * b + 1] = wrapped[3 * i + 1]!; sorted[3 * b + 2] = wrapped[3 * i + 2]!;
    }
    // Per cell: its 13 forward neighbour cells (-1 when outside a free-space grid) and image shifts.
    if (cellNb.length < ncell * ns) { cellNb = new Int32Array(ncell * ns); cellShift = new Float64Array(3 * ncell * ns); }
    for (let cz = 0; cz < ncz; cz++) for (let cy = 0; cy < ncy; cy++) for (let cx = 0; cx < ncx; cx++) {
      const c = (cz * ncy + cy) * ncx + cx;
      for (let t = 0; t < ns; t++) {
        let nx = cx + stencil[3 * t]!, ny = cy + stencil[3 * t + 1]!, nz = cz + stencil[3 * t + 2]!;
        let ix = 0, iy = 0, iz = 0;
        const k = c * ns + t;
        if (periodicBox) {
          if (nx < 0) { nx += ncx; ix = -1; } else if (nx >= ncx) { nx -= ncx; ix = 1; }
          if (ny < 0) { ny += ncy; iy = -1; } else if (ny >= ncy) { ny -= ncy; iy = 1; }
          if (nz < 0) { nz += ncz; iz = -1; } else if (nz >= ncz) { nz -= ncz; iz = 1; }
        } else if (nx < 0 || ny < 0 || nz < 0 || nx >= ncx || ny >= ncy || nz >= ncz) { cellNb[k] = -1; continue; }
        cellNb[k] = (nz * ncy + ny) * ncx + nx;
        // image of the neighbour cell seen from c: r_j + ix a + iy b + iz c
        cellShift[3 * k] = ix * lx + iy * xy + iz * xz; cellShift[3 * k + 1] = iy * ly + iz * yz; cellShift[3 * k + 2] = iz * lz;
      }
    }
    // Rows are written directly in atom order (CSR), no second pass.
    count = 0;
    for (let i = 0; i < n; i++) {
      start[i] = count;
      if (symmetricExclusions) markFrom(symmetricExclusions, i);
      const a = posOf[i]!, c = cellOf[i]!;
      const xi = sorted[3 * a]!, yi = sorted[3 * a + 1]!, zi = sorted[3 * a + 2]!;
      if (count + 4096 > pairs.length) { const bigger = new Int32Array(Math.ceil(pairs.length * 1.5) + 8192); bigger.set(pairs.subarray(0, count)); pairs = bigger; }
      for (let t = -1; t < ns; t++) {
        let b0: number, b1: number, sx = xi, sy = yi, sz = zi;
        if (t < 0) { b0 = a + 1; b1 = cellStart[c + 1]!; } else {
          const k = c * ns + t, c2 = cellNb[k]!;
          if (c2 < 0) continue;
          b0 = cellStart[c2]!; b1 = cellStart[c2 + 1]!;
          sx -= cellShift[3 * k]!; sy -= cellShift[3 * k + 1]!; sz -= cellShift[3 * k + 2]!;
        }
        for (let b = b0; b < b1; b++) {
          const dx = sx - sorted[3 * b]!, dy = sy - sorted[3 * b + 1]!, dz = sz - sorted[3 * b + 2]!;
          if (dx * dx + dy * dy + dz * dz < rc2) {
            const j = cellAtoms[b]!;
            if (stamp[j] === i) continue;
            if (count >= pairs.length) { const bigger = new Int32Array(Math.ceil(pairs.length * 1.5) + 8192); bigger.set(pairs.subarray(0, count)); pairs = bigger; }
            pairs[count++] = j;
          }
        }
      }
    }
    start[n] = count;
    return { cutoff, skin, start, pairs, refPositions, refBox: box, builds: (prev?.builds ?? 0) + 1 };

  }

  function markFrom(ex: Exclusions, i: number): void {
    for (let k = ex.start[i]!; k < ex.start[i + 1]!; k++) stamp[ex.list[k]!] = i;
  }

  function needsRebuild(nl: NeighborList, positions: Float64Array, box: Box | null): boolean {
    if (positions.length !== nl.refPositions.length) return true;
    const ref = nl.refBox;
    if ((box === null) !== (ref === null)) return true;
    let fx = 1, fy = 1, fz = 1;
    if (box && ref) {
      fx = box.lx / ref.lx; fy = box.ly / ref.ly; fz = box.lz / ref.lz;
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * (Math.abs(a) + Math.abs(b) + 1);
      if (!close(box.xy, fx * ref.xy) || !close(box.xz, fx * ref.xz) || !close(box.yz, fy * ref.yz)) return true;
      const w = boxWidths(box);
      if (listCutoff > 0.5 * Math.min(w[0], w[1], w[2])) return true; // let build() raise the error
    }
    const lambda = Math.min(fx, fy, fz);
    // A pair outside the list was >= rc+skin apart; now it is >= lambda*(rc+skin) - 2*maxDisp.
    const allowed = 0.5 * (lambda * listCutoff - cutoff);
    if (allowed <= 0) return true;
    const allowed2 = allowed * allowed;
    const r0 = nl.refPositions;
    const { lx = 0, ly = 0, lz = 0, xy = 0, xz = 0, yz = 0 } = box ?? {};
    const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
    for (let k = 0; k < positions.length; k += 3) {
      let dx = positions[k]! - fx * r0[k]!, dy = positions[k + 1]! - fy * r0[k + 1]!, dz = positions[k + 2]! - fz * r0[k + 2]!;
      if (box) {
        while (dz > hz) { dz -= lz; dy -= yz; dx -= xz; }
        while (dz < -hz) { dz += lz; dy += yz; dx += xz; }
        while (dy > hy) { dy -= ly; dx -= xy; }
        while (dy < -hy) { dy += ly; dx += xy; }
        while (dx > hx) dx -= lx;
        while (dx < -hx) dx += lx;
      }
      const d2 = dx * dx + dy * dy + dz * dz;
      if (!(d2 <= allowed2)) return true; // also catches NaN
    }
    return false;
  }

  return {
    allocate: (positions, box) => build(positions, box, null),
    update: (nl, positions, box) => (needsRebuild(nl, positions, box) ? build(positions, box, nl) : nl),
    needsRebuild,
  };
}

/** Makes an exclusion CSR symmetric (j in list(i) <=> i in list(j)). */
function symmetrize(ex: Exclusions, n: number): Exclusions {
  if (ex.start.length !== n + 1) throw new RangeError(`neighborList: exclusions.start has length ${ex.start.length}, expected n+1 = ${n + 1}`);
  const counts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) for (let k = ex.start[i]!; k < ex.start[i + 1]!; k++) {
    const j = ex.list[k]!;
    if (!(j >= 0 && j < n)) throw new RangeError(`neighborList: exclusion partner ${j} of atom ${i} is out of range [0, ${n})`);
    counts[i + 1]!++; counts[j + 1]!++;
  }
  for (let i = 0; i < n; i++) counts[i + 1]! += counts[i]!;
  const list = new Int32Array(counts[n]!);
  const cur = counts.slice(0, n);
  for (let i = 0; i < n; i++) for (let k = ex.start[i]!; k < ex.start[i + 1]!; k++) {
    const j = ex.list[k]!;
    list[cur[i]!++] = j; list[cur[j]!++] = i;
  }
  return { start: counts, list };
}
