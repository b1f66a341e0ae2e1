/**
 * Heat maps of 2-D scalar fields as SVG (field maps, voxel slices). `values` is row-major [ny, nx]
 * with row 0 at the bottom (physics convention: y up). Diverging colour map when `symmetric`.
 */
import { escapeXml, formatTick } from './scale.ts';

export interface HeatmapOptions {
  title?: string;
  /** Cell size in pixels (default fits 480 px). */
  cell?: number;
  symmetric?: boolean;
  range?: [number, number];
}

/** Viridis-like sequential map (5-stop linear interpolation) and a blue-white-red diverging map. */
const sequential = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const diverging = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]];

/** Colour of t in [0, 1] (clamped; NaN -> 0) as `rgb(r,g,b)`: viridis-like, or blue-white-red when `symmetric`. */
export function colorAt(t: number, symmetric = false): string {
  const stops = symmetric ? diverging : sequential;
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const c = stops[i]!.map((a, k) => Math.round(a + (stops[i + 1]![k]! - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/**
 * SVG heat map of `values` ([ny, nx] row-major, row 0 at the bottom) with a colour bar; the range is the
 * finite min/max unless `opts.range` is given (symmetric about 0 when `opts.symmetric`). Units are the caller's.
 */
export function heatmap(values: ArrayLike<number>, nx: number, ny: number, opts: HeatmapOptions = {}): string {
  if (values.length !== nx * ny) throw new Error(`heatmap: ${values.length} values for a ${nx}x${ny} grid (expected ${nx * ny})`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) { const v = values[i]!; if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
  if (lo === Infinity) { lo = 0; hi = 1; }
  if (opts.symmetric) { const a = Math.max(Math.abs(lo), Math.abs(hi)) || 1; lo = -a; hi = a; }
  if (opts.range) [lo, hi] = opts.range;
  const span = hi - lo || 1;
  const c = opts.cell ?? Math.max(1, Math.floor(480 / Math.max(nx, ny)));
  const top = opts.title ? 28 : 4;
  const W = nx * c + 90;
  const H = ny * c + top + 8;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12" shape-rendering="crispEdges">`];
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  if (opts.title) out.push(`<text x="${(nx * c) / 2 + 4}" y="18" text-anchor="middle" font-size="14">${escapeXml(opts.title)}</text>`);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = values[j * nx + i]!;
      out.push(`<rect x="${4 + i * c}" y="${top + (ny - 1 - j) * c}" width="${c}" height="${c}" fill="${colorAt((v - lo) / span, opts.symmetric)}"/>`);
    }
  }
  const bx = nx * c + 14;
  for (let k = 0; k < 50; k++) {
    out.push(`<rect x="${bx}" y="${top + ((49 - k) * ny * c) / 50}" width="14" height="${(ny * c) / 50 + 0.5}" fill="${colorAt(k / 49, opts.symmetric)}"/>`);
  }
  out.push(`<text x="${bx + 18}" y="${top + 10}">${formatTick(hi)}</text>`);
  out.push(`<text x="${bx + 18}" y="${top + ny * c}">${formatTick(lo)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}
