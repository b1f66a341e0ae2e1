/**
 * Pictures for notebooks and reports: voxel slices (material id grid) as RGBA/PNG/SVG, and a shaded
 * orthographic SVG of a triangle mesh.
 *
 * Grid order is ours: ids[(i*Ny + j)*Nz + k] for shape (Nx, Ny, Nz). A slice normal to `axis` at
 * `index` is drawn with the first remaining axis to the right and the second upwards (e.g. axis 'z' →
 * x right, y up). Id 0 is background (white); ids 1.. take a fixed qualitative palette.
 */
import type { RgbaImage } from './png.ts';

export const PALETTE: readonly (readonly [number, number, number])[] = [
  [255, 255, 255], [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

/**
 * RGB colour (0-255) of material id `id` in voxel pictures: white for 0 (background), then a fixed qualitative
 * palette, cycling.
 */
export function paletteColour(id: number): readonly [number, number, number] {
  return id === 0 ? PALETTE[0]! : PALETTE[1 + ((id - 1) % (PALETTE.length - 1))]!;
}

export type Axis = 'x' | 'y' | 'z';

export interface Slice {
  /** [height][width] ids, top row first. */
  width: number;
  height: number;
  ids: Int32Array;
}

/** The 2-D slice of a (Nx,Ny,Nz) id grid normal to `axis` at `index`. */
export function extractSlice(ids: ArrayLike<number>, dims: readonly [number, number, number], axis: Axis, index: number): Slice {
  const [nx, ny, nz] = dims, a = 'xyz'.indexOf(axis);
  if (a < 0) throw new Error(`slice: axis must be 'x', 'y' or 'z', got '${axis}'`);
  if (!Number.isInteger(index) || index < 0 || index >= dims[a]!) throw new Error(`slice: index ${index} outside 0..${dims[a]! - 1} on axis ${axis}`);
  const [u, v] = [0, 1, 2].filter((b) => b !== a) as [number, number];
  const width = dims[u]!, height = dims[v]!;
  const out = new Int32Array(width * height), at = [0, 0, 0];
  at[a] = index;
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) {
    at[u] = c; at[v] = height - 1 - r;
    out[r * width + c] = ids[(at[0]! * ny + at[1]!) * nz + at[2]!]!;
  }
  void nx;
  return { width, height, ids: out };
}

/** Slice as an RGBA image, each cell `scale` pixels square. */
export function sliceToImage(slice: Slice, scale = 4): RgbaImage {
  const width = slice.width * scale, height = slice.height * scale, rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const col = paletteColour(slice.ids[Math.floor(y / scale) * slice.width + Math.floor(x / scale)]!);
    rgba.set([col[0], col[1], col[2], 255], (y * width + x) * 4);
  }
  return { width, height, rgba };
}

/** Slice as SVG: one rect per run of equal ids in a row; `labels` names ids in a legend. */
export function sliceToSvg(slice: Slice, scale = 4, labels: Record<number, string> = {}): string {
  const w = slice.width * scale, h = slice.height * scale, rects: string[] = [];
  for (let r = 0; r < slice.height; r++) {
    let c = 0;
    while (c < slice.width) {
      const id = slice.ids[r * slice.width + c]!;
      let e = c + 1;
      while (e < slice.width && slice.ids[r * slice.width + e] === id) e++;
      if (id !== 0) rects.push(`<rect x="${c * scale}" y="${r * scale}" width="${(e - c) * scale}" height="${scale}" fill="rgb(${paletteColour(id).join(',')})"/>`);
      c = e;
    }
  }
  const legend = Object.entries(labels).map(([id, name], i) =>
    `<rect x="${w + 8}" y="${8 + 16 * i}" width="10" height="10" fill="rgb(${paletteColour(Number(id)).join(',')})"/><text x="${w + 22}" y="${17 + 16 * i}" font-size="11" font-family="sans-serif">${escapeXml(name)}</text>`);
  const totalW = w + (legend.length ? 160 : 0);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${totalW}" height="${h}" viewBox="0 0 ${totalW} ${h}" shape-rendering="crispEdges">\n<rect width="${w}" height="${h}" fill="white" stroke="#888"/>\n${rects.join('\n')}\n${legend.join('\n')}\n</svg>\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface MeshView {
  /** Flat [x,y,z,...] positions. */
  positions: ArrayLike<number>;
  /** Flat triangle vertex indices. */
  index: ArrayLike<number>;
  /** RGB in 0..1. */
  colour?: readonly [number, number, number];
}

/**
 * Orthographic SVG of meshes seen from direction (azimuth, elevation) in degrees, flat-shaded by
 * |n·view| and drawn back to front (painter's algorithm).
 */
export function meshesToSvg(meshes: readonly MeshView[], size = 400, azimuthDeg = 35, elevationDeg = 25): string {
  const az = (azimuthDeg * Math.PI) / 180, el = (elevationDeg * Math.PI) / 180;
  const right = [Math.cos(az), Math.sin(az), 0], up = [-Math.sin(el) * Math.sin(az), Math.sin(el) * Math.cos(az), Math.cos(el)];
  // toward = right × up points from the scene to the viewer
  const toward = [right[1]! * up[2]! - right[2]! * up[1]!, right[2]! * up[0]! - right[0]! * up[2]!, right[0]! * up[1]! - right[1]! * up[0]!];
  const tris: { depth: number; pts: number[]; fill: string }[] = [];
  let lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  const dot = (p: number[], q: number[]) => p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!;
  for (const m of meshes) {
    const [r, g, b] = m.colour ?? [0.6, 0.6, 0.7];
    for (let t = 0; t + 2 < m.index.length; t += 3) {
      const v = [0, 1, 2].map((k) => { const i = m.index[t + k]!; return [m.positions[3 * i]!, m.positions[3 * i + 1]!, m.positions[3 * i + 2]!]; }) as number[][];
      const e1 = v[1]!.map((x, a) => x - v[0]![a]!), e2 = v[2]!.map((x, a) => x - v[0]![a]!);
      const n = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!];
      const len = Math.hypot(n[0]!, n[1]!, n[2]!);
      if (len === 0) continue;
      const shade = 0.35 + 0.65 * Math.abs(dot(n, toward)) / len;
      const pts = v.flatMap((p) => [dot(p, right), dot(p, up)]);
      for (let k = 0; k < 3; k++) { lo = [Math.min(lo[0]!, pts[2 * k]!), Math.min(lo[1]!, pts[2 * k + 1]!)]; hi = [Math.max(hi[0]!, pts[2 * k]!), Math.max(hi[1]!, pts[2 * k + 1]!)]; }
      const c = (x: number) => Math.round(255 * Math.min(1, x * shade));
      tris.push({ depth: (dot(v[0]!, toward) + dot(v[1]!, toward) + dot(v[2]!, toward)) / 3, pts, fill: `rgb(${c(r)},${c(g)},${c(b)})` });
    }
  }
  tris.sort((p, q) => p.depth - q.depth); // far first
  const span = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, 1e-30), s = (0.9 * size) / span, pad = 0.05 * size;
  const poly = tris.map((t) => `<polygon points="${[0, 1, 2].map((k) => `${(pad + (t.pts[2 * k]! - lo[0]!) * s).toFixed(2)},${(size - pad - (t.pts[2 * k + 1]! - lo[1]!) * s).toFixed(2)}`).join(' ')}" fill="${t.fill}" stroke="${t.fill}" stroke-width="0.3"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">\n<rect width="${size}" height="${size}" fill="white"/>\n${poly.join('\n')}\n</svg>\n`;
}
