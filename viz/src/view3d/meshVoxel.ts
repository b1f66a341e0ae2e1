/**
 * meshVoxelViewHtml: a self-contained HTML page (three.js, no network) showing CAD triangle meshes with
 * a voxel grid overlaid as translucent instanced boxes (or points when there are too many), coloured by
 * material id, with check boxes to show/hide each layer and orbit controls.
 *
 * Units: one length unit for everything (the CAD unit: mm from our STEP importer, or metres); it is only
 * a label. Voxel grid: `ids` is [nx, ny, nz] in C order (z fastest, as numpy and mindelec's voxelizer
 * write it), id 0 = empty; cell (i, j, k) is centred at origin + (i + 1/2, j + 1/2, k + 1/2) * spacing.
 * By default only surface cells (an occupied cell with a face neighbour of another id, or on the grid
 * boundary) are drawn: interior cells are hidden behind them and would cost draw time.
 */
import { palette } from '../line.ts';
import { base64Of, hexColor, viewerPage } from './page.ts';

type Vec3 = readonly [number, number, number];

export interface MeshInput {
  name?: string;
  /** Vertex positions [nVertices, 3] flattened (length unit of the view). */
  positions: ArrayLike<number>;
  /** Triangle vertex indices [nTriangles, 3] flattened. */
  triangles: ArrayLike<number>;
  /** Colour 0xRRGGBB or [r, g, b] in 0..1 (CAD files carry the latter); default from the palette. */
  color?: number | readonly [number, number, number];
}

export interface VoxelInput {
  /** Grid corner (minimum x, y, z), length unit. */
  origin: Vec3;
  /** Cell size per axis, length unit. */
  spacing: Vec3;
  /** Cells per axis [nx, ny, nz]. */
  dims: Vec3;
  /** Material id per cell, [nx, ny, nz] C order (z fastest); 0 = empty. */
  ids: ArrayLike<number>;
  /** Colour per id (0xRRGGBB); default: id k gets mesh k-1's colour (mindelec: id = solid index + 1). */
  colors?: Readonly<Record<number, number>>;
  /** Name per id for the legend. */
  names?: Readonly<Record<number, string>>;
  /** Draw every occupied cell, not just the surface (default false). */
  allCells?: boolean;
}

export interface MeshVoxelViewOptions {
  meshes: readonly MeshInput[];
  voxels?: VoxelInput;
  title?: string;
  /** Length unit label (default 'mm'). */
  lengthUnit?: string;
  /** Mesh opacity 0..1 (default 0.55 with voxels, 1 without). */
  meshOpacity?: number;
  /** Voxel box opacity 0..1 (default 0.35). */
  voxelOpacity?: number;
  /** Above this many drawn cells, points replace boxes (default 200000). */
  maxBoxes?: number;
  background?: number;
}

export interface MeshVoxelViewData {
  meshes: { name: string; positions: string; triangles: string; color: number }[];
  meshOpacity: number;
  voxels: null | {
    centers: string;
    ids: string;
    size: [number, number, number];
    colors: Record<number, number>;
    opacity: number;
    mode: 'boxes' | 'points';
    occupied: number;
    drawn: number;
  };
  background: number;
}

/**
 * Indices (C order) of the occupied cells to draw: all of them, or only those with a face neighbour
 * of a different id or on the grid boundary.
 */
export function voxelSurfaceCells(ids: ArrayLike<number>, dims: Vec3, allCells = false): Uint32Array {
  const [nx, ny, nz] = dims;
  for (const [a, v] of dims.entries()) if (!Number.isInteger(v) || v < 1) throw new Error(`voxel grid: dims[${a}] is ${v} (expected a positive integer)`);
  if (ids.length !== nx * ny * nz) throw new Error(`voxel grid: ${ids.length} ids for dims ${nx}x${ny}x${nz} (expected ${nx * ny * nz})`);
  const out: number[] = [];
  const sx = ny * nz;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      for (let k = 0; k < nz; k++) {
        const c = i * sx + j * nz + k;
        const id = ids[c]!;
        if (id === 0) continue;
        if (allCells || i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1 ||
          ids[c - sx] !== id || ids[c + sx] !== id || ids[c - nz] !== id || ids[c + nz] !== id || ids[c - 1] !== id || ids[c + 1] !== id) {
          out.push(c);
        }
      }
    }
  }
  return Uint32Array.from(out);
}

function colorOf(c: MeshInput['color'], k: number): number {
  if (c === undefined) return parseInt(palette[k % palette.length]!.slice(1), 16);
  if (typeof c === 'number') return c & 0xffffff;
  const [r, g, b] = c.map((v) => Math.round(255 * Math.min(1, Math.max(0, v))));
  return (r! << 16) | (g! << 8) | b!;
}

/** Checks the inputs and packs them for the page; throws an Error naming the bad field and value. */
export function meshVoxelViewData(o: MeshVoxelViewOptions): MeshVoxelViewData {
  if (o.meshes.length === 0 && !o.voxels) throw new Error('meshVoxelViewHtml: nothing to show (expected at least one mesh or a voxel grid)');
  const meshes = o.meshes.map((m, k) => {
    const name = m.name ?? `solid ${k + 1}`;
    if (m.positions.length % 3 !== 0) throw new Error(`meshVoxelViewHtml: mesh '${name}' has ${m.positions.length} position values (expected a multiple of 3)`);
    if (m.triangles.length % 3 !== 0) throw new Error(`meshVoxelViewHtml: mesh '${name}' has ${m.triangles.length} triangle indices (expected a multiple of 3)`);
    const nv = m.positions.length / 3;
    const pos = Float32Array.from(m.positions);
    for (let i = 0; i < pos.length; i++) if (!Number.isFinite(pos[i]!)) throw new Error(`meshVoxelViewHtml: mesh '${name}' vertex ${Math.floor(i / 3)} has coordinate ${m.positions[i]} (expected finite)`);
    const tri = Uint32Array.from(m.triangles);
    for (let i = 0; i < tri.length; i++) if (!(m.triangles[i]! >= 0 && m.triangles[i]! < nv && Number.isInteger(m.triangles[i]!))) throw new Error(`meshVoxelViewHtml: mesh '${name}' triangle ${Math.floor(i / 3)} names vertex ${m.triangles[i]} (expected 0..${nv - 1})`);
    return { name, positions: base64Of(pos), triangles: base64Of(tri), color: colorOf(m.color, k) };
  });
  let voxels: MeshVoxelViewData['voxels'] = null;
  if (o.voxels) {
    const v = o.voxels;
    for (let a = 0; a < 3; a++) {
      if (!Number.isFinite(v.origin[a]!)) throw new Error(`meshVoxelViewHtml: voxels.origin[${a}] is ${v.origin[a]} (expected finite)`);
      if (!(v.spacing[a]! > 0) || !Number.isFinite(v.spacing[a]!)) throw new Error(`meshVoxelViewHtml: voxels.spacing[${a}] is ${v.spacing[a]} (expected a positive length)`);
    }
    const cells = voxelSurfaceCells(v.ids, v.dims, v.allCells ?? false);
    const [, ny, nz] = v.dims;
    const centers = new Float32Array(3 * cells.length);
    const ids = new Uint16Array(cells.length);
    const colors: Record<number, number> = {};
    let occupied = 0;
    for (let c = 0; c < v.ids.length; c++) if (v.ids[c] !== 0) occupied++;
    cells.forEach((c, m) => {
      const i = Math.floor(c / (ny * nz)), j = Math.floor(c / nz) % ny, k = c % nz;
      centers[3 * m] = v.origin[0] + (i + 0.5) * v.spacing[0];
      centers[3 * m + 1] = v.origin[1] + (j + 0.5) * v.spacing[1];
      centers[3 * m + 2] = v.origin[2] + (k + 0.5) * v.spacing[2];
      const id = v.ids[c]!;
      if (!Number.isInteger(id) || id < 0 || id > 65535) throw new Error(`meshVoxelViewHtml: voxel ${c} has id ${id} (expected an integer 0..65535)`);
      ids[m] = id;
      colors[id] ??= v.colors?.[id] ?? (meshes[id - 1]?.color ?? parseInt(palette[(id - 1) % palette.length]!.slice(1), 16));
    });
    voxels = {
      centers: base64Of(centers), ids: base64Of(ids), size: [v.spacing[0], v.spacing[1], v.spacing[2]], colors,
      opacity: o.voxelOpacity ?? 0.35, mode: cells.length > (o.maxBoxes ?? 200_000) ? 'points' : 'boxes',
      occupied, drawn: cells.length,
    };
  }
  return { meshes, meshOpacity: o.meshOpacity ?? (voxels ? 0.55 : 1), voxels, background: o.background ?? 0xffffff };
}

/** The page as one HTML string (write it with a tmp file + rename). */
export function meshVoxelViewHtml(o: MeshVoxelViewOptions): string {
  const data = meshVoxelViewData(o);
  const unit = o.lengthUnit ?? 'mm';
  const legend = data.meshes.slice(0, 8).map((m) => `<span><i class="viz-swatch" style="background:${hexColor(m.color)}"></i>${m.name.replace(/[<>&"]/g, '')}</span>`).join(' ');
  const toolbar = [
    data.meshes.length ? '<label><input type="checkbox" id="viz-layer-mesh" checked> mesh</label>' : '',
    data.voxels ? '<label><input type="checkbox" id="viz-layer-voxels" checked> voxels</label>' : '',
    legend,
  ].join(' ');
  const vox = data.voxels ? `; ${data.voxels.occupied} occupied cells of ${o.voxels!.dims.join('×')}, ${data.voxels.drawn} drawn as ${data.voxels.mode}` : '';
  return viewerPage({
    title: o.title ?? 'CAD mesh and voxels', viewer: 'meshVoxel', data, toolbar,
    caption: `${data.meshes.length} mesh(es)${vox}; lengths in ${unit}; drag to rotate, wheel to zoom`,
  });
}
