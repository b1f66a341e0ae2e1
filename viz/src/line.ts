/**
 * Line charts as standalone SVG strings: several series sharing axes, ticks, axis labels, legend.
 * Used for thermo traces, spectra (S11 in dB), training curves and function plots.
 * Non-finite points break the line (no silent interpolation).
 */
import { escapeXml, formatTick, linearScale, niceTicks } from './scale.ts';

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** CSS colour; defaults to the palette. */
  color?: string;
  dashed?: boolean;
  /** Draw markers instead of a line. */
  markers?: boolean;
}

export interface LinePlotOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  yLog?: boolean;
  xRange?: [number, number];
  yRange?: [number, number];
}

export const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === Infinity) throw new Error('linePlot: no finite data points to plot');
  return [lo, hi];
}

function* allOf(series: Series[], key: 'x' | 'y', log: boolean): Iterable<number> {
  for (const s of series) for (let i = 0; i < s[key].length; i++) {
    const v = s[key][i]!;
    yield log ? (v > 0 ? Math.log10(v) : NaN) : v;
  }
}

/**
 * SVG line chart of `series` (x and y of equal length, any units; label the axes with them) with shared
 * nice-tick axes, optional log y, and a legend. Throws when a series' lengths differ or nothing is finite.
 */
export function linePlot(series: Series[], opts: LinePlotOptions = {}): string {
  if (series.length === 0) throw new Error('linePlot: expected at least one series');
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new Error(`linePlot: series '${s.label}' has ${s.x.length} x values and ${s.y.length} y values`);
  }
  const W = opts.width ?? 640;
  const H = opts.height ?? 400;
  const m = { left: 70, right: 20, top: opts.title ? 36 : 16, bottom: 50 };
  const ylog = opts.yLog ?? false;
  const [x0, x1] = opts.xRange ?? extent(allOf(series, 'x', false));
  const [y0, y1] = opts.yRange ?? extent(allOf(series, 'y', ylog));
  const xt = niceTicks(x0, x1, 6);
  const yt = niceTicks(y0, y1, 5);
  const xs = linearScale(Math.min(x0, xt[0]!), Math.max(x1, xt[xt.length - 1]!), m.left, W - m.right);
  const ys = linearScale(Math.min(y0, yt[0]!), Math.max(y1, yt[yt.length - 1]!), H - m.bottom, m.top);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  if (opts.title) out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(opts.title)}</text>`);
  for (const t of xt) {
    const px = xs(t).toFixed(1);
    out.push(`<line x1="${px}" x2="${px}" y1="${m.top}" y2="${H - m.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px}" y="${H - m.bottom + 16}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  for (const t of yt) {
    const py = ys(t).toFixed(1);
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${py}" y2="${py}" stroke="#eee"/>`);
    out.push(`<text x="${m.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${ylog ? formatTick(10 ** t) : formatTick(t)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#333"/>`);
  if (opts.xLabel) out.push(`<text x="${(m.left + W - m.right) / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`);
  if (opts.yLabel) out.push(`<text transform="translate(16 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(opts.yLabel)}</text>`);
  // The clip id names its rectangle: SVGs inlined in one HTML page share one id space, and plots of
  // different sizes must not clip to each other's area (same-size plots may share: same rectangle).
  const clipId = `plot-area-${m.left}-${m.top}-${W - m.left - m.right}-${H - m.top - m.bottom}`.replace(/\./g, '_');
  out.push(`<clipPath id="${clipId}"><rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}"/></clipPath>`);
  series.forEach((s, k) => {
    const color = s.color ?? palette[k % palette.length]!;
    if (s.markers) {
      const dots: string[] = [];
      for (let i = 0; i < s.x.length; i++) {
        const yv = ylog ? Math.log10(s.y[i]!) : s.y[i]!;
        if (Number.isFinite(s.x[i]!) && Number.isFinite(yv)) dots.push(`<circle cx="${xs(s.x[i]!).toFixed(1)}" cy="${ys(yv).toFixed(1)}" r="2.5" fill="${color}"/>`);
      }
      out.push(`<g clip-path="url(#${clipId})">${dots.join('')}</g>`);
    } else {
      let d = '';
      let pen = false;
      for (let i = 0; i < s.x.length; i++) {
        const yv = ylog ? Math.log10(s.y[i]!) : s.y[i]!;
        if (!Number.isFinite(s.x[i]!) || !Number.isFinite(yv)) { pen = false; continue; }
        d += `${pen ? 'L' : 'M'}${xs(s.x[i]!).toFixed(2)},${ys(yv).toFixed(2)}`;
        pen = true;
      }
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ''} clip-path="url(#${clipId})"/>`);
    }
    const ly = m.top + 14 + 16 * k;
    out.push(`<line x1="${W - m.right - 150}" x2="${W - m.right - 126}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${W - m.right - 120}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
