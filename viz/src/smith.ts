/**
 * Smith charts and S11 plots as standalone SVG strings.
 *
 * smithChart: traces of the reflection coefficient Γ = (Z − Z0)/(Z + Z0) (complex, dimensionless) on
 * the Γ unit disc, over the normalised-impedance grid z = Z/Z0 = r + jx: constant-resistance circles
 * (centre (r/(1+r), 0), radius 1/(1+r)) and constant-reactance arcs (centre (1, 1/x), radius 1/|x|,
 * clipped to |Γ| ≤ 1). A matched load plots at the centre, a short at the left rim, an open at the
 * right rim, a lossless reactance on the rim; inductive (x > 0) is the upper half.
 * s11DbPlot: |S11| in dB (20 log10 |S11|) against frequency in GHz, via linePlot.
 */
import { linePlot, palette, type LinePlotOptions } from './line.ts';
import { escapeXml, formatTick } from './scale.ts';

/** Γ = (Z − Z0)/(Z + Z0) for Z = zRe + j zIm (ohms), Z0 real (ohms, default 50). Returns [Re Γ, Im Γ]. */
export function reflectionFromImpedance(zRe: number, zIm: number, z0 = 50): [number, number] {
  if (!(z0 > 0)) throw new Error(`reflectionFromImpedance: Z0 is ${z0} ohm (expected a positive real impedance)`);
  const ar = zRe - z0, br = zRe + z0;
  const den = br * br + zIm * zIm;
  if (den === 0) throw new Error('reflectionFromImpedance: Z = -Z0 has no reflection coefficient');
  return [(ar * br + zIm * zIm) / den, (zIm * br - ar * zIm) / den];
}

/** Z = Z0 (1 + Γ)/(1 − Γ) in ohms (Z0 default 50). Returns [Re Z, Im Z]; Γ = 1 (open) gives [Infinity, 0]. */
export function impedanceFromReflection(gRe: number, gIm: number, z0 = 50): [number, number] {
  const dr = 1 - gRe, di = -gIm;
  const den = dr * dr + di * di;
  if (den === 0) return [Infinity, 0];
  const nr = 1 + gRe, ni = gIm;
  return [(z0 * (nr * dr + ni * di)) / den, (z0 * (ni * dr - nr * di)) / den];
}

export interface SmithTrace {
  label: string;
  /** Re Γ and Im Γ per point (same length). */
  re: ArrayLike<number>;
  im: ArrayLike<number>;
  color?: string;
  /** Draw markers instead of a line. */
  markers?: boolean;
}

export interface SmithChartOptions {
  title?: string;
  /** Radius of the unit circle in px (default 200). */
  radius?: number;
  /** Reference impedance shown in the caption, ohms (default 50). */
  z0?: number;
  /** Normalised resistances of the grid circles (default 0.2, 0.5, 1, 2, 5). */
  resistances?: readonly number[];
  /** Normalised reactances of the grid arcs, positive values (drawn ±) (default 0.2, 0.5, 1, 2, 5). */
  reactances?: readonly number[];
}

/** Pixel position of Γ on a chart with the unit circle of radius R centred at (cx, cy) (y grows down). */
export function smithXY(gRe: number, gIm: number, cx: number, cy: number, R: number): [number, number] {
  return [cx + R * gRe, cy - R * gIm];
}

/**
 * SVG Smith chart: each trace is Γ (re, im; dimensionless) drawn on the unit disc over the normalised
 * impedance grid (see the header); the first point of each line is marked so the sweep direction shows.
 */
export function smithChart(traces: readonly SmithTrace[], opts: SmithChartOptions = {}): string {
  for (const t of traces) if (t.re.length !== t.im.length) throw new Error(`smithChart: trace '${t.label}' has ${t.re.length} real and ${t.im.length} imaginary values`);
  const R = opts.radius ?? 200;
  const top = opts.title ? 36 : 14;
  const legendW = traces.length ? 170 : 0;
  const cx = 40 + R, cy = top + 14 + R;
  const W = 2 * R + 80 + legendW, H = 2 * R + top + 64;
  const rs = opts.resistances ?? [0.2, 0.5, 1, 2, 5];
  const xs = opts.reactances ?? [0.2, 0.5, 1, 2, 5];
  const f = (v: number) => v.toFixed(2);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  if (opts.title) out.push(`<text x="${cx}" y="22" text-anchor="middle" font-size="15">${escapeXml(opts.title)}</text>`);
  const clipId = `smith-disc-${cx}-${cy}-${R}`.replace(/\./g, '_'); // unique per geometry in a shared page
  out.push(`<clipPath id="${clipId}"><circle cx="${cx}" cy="${cy}" r="${R}"/></clipPath>`);
  out.push(`<g fill="none" stroke="#ccc" stroke-width="1" clip-path="url(#${clipId})">`);
  for (const r of rs) {
    if (!(r > 0)) throw new Error(`smithChart: resistance circle r = ${r} (expected > 0)`);
    const [px] = smithXY(r / (1 + r), 0, cx, cy, R);
    out.push(`<circle class="r-circle" data-r="${r}" cx="${f(px)}" cy="${f(cy)}" r="${f(R / (1 + r))}"/>`);
  }
  for (const x of xs) {
    if (!(x > 0)) throw new Error(`smithChart: reactance arc x = ${x} (expected > 0; arcs are drawn for ±x)`);
    for (const s of [1, -1]) {
      const [px, py] = smithXY(1, s / x, cx, cy, R);
      out.push(`<circle class="x-arc" data-x="${s * x}" cx="${f(px)}" cy="${f(py)}" r="${f(R / x)}"/>`);
    }
  }
  out.push('</g>');
  out.push(`<line x1="${cx - R}" x2="${cx + R}" y1="${cy}" y2="${cy}" stroke="#999"/>`);
  out.push(`<circle class="rim" cx="${cx}" cy="${cy}" r="${R}" fill="none" stroke="#333" stroke-width="1.5"/>`);
  for (const r of rs) {
    const [px] = smithXY((r - 1) / (r + 1), 0, cx, cy, R);
    out.push(`<text x="${f(px + 2)}" y="${f(cy - 3)}" fill="#777">${formatTick(r)}</text>`);
  }
  for (const x of xs) {
    for (const s of [1, -1]) {
      // z = j s x lies on the rim at Γ = (j s x − 1)/(j s x + 1).
      const [gr, gi] = reflectionFromImpedance(0, s * x, 1);
      const [px, py] = smithXY(1.07 * gr, 1.07 * gi, cx, cy, R);
      out.push(`<text x="${f(px)}" y="${f(py)}" fill="#777" text-anchor="middle" dominant-baseline="middle">${s > 0 ? '+' : '−'}j${formatTick(x)}</text>`);
    }
  }
  traces.forEach((t, k) => {
    const color = t.color ?? palette[k % palette.length]!;
    if (t.markers) {
      const dots: string[] = [];
      for (let i = 0; i < t.re.length; i++) {
        if (!Number.isFinite(t.re[i]!) || !Number.isFinite(t.im[i]!)) continue;
        const [px, py] = smithXY(t.re[i]!, t.im[i]!, cx, cy, R);
        dots.push(`<circle cx="${f(px)}" cy="${f(py)}" r="2.5" fill="${color}"/>`);
      }
      out.push(`<g class="trace" data-label="${escapeXml(t.label)}">${dots.join('')}</g>`);
    } else {
      let d = '';
      let pen = false;
      for (let i = 0; i < t.re.length; i++) {
        if (!Number.isFinite(t.re[i]!) || !Number.isFinite(t.im[i]!)) { pen = false; continue; }
        const [px, py] = smithXY(t.re[i]!, t.im[i]!, cx, cy, R);
        d += `${pen ? 'L' : 'M'}${f(px)},${f(py)}`;
        pen = true;
      }
      out.push(`<path class="trace" data-label="${escapeXml(t.label)}" d="${d}" fill="none" stroke="${color}" stroke-width="1.8"/>`);
      // The first point is marked, so the direction of the sweep can be read.
      for (let i = 0; i < t.re.length; i++) {
        if (Number.isFinite(t.re[i]!) && Number.isFinite(t.im[i]!)) {
          const [px, py] = smithXY(t.re[i]!, t.im[i]!, cx, cy, R);
          out.push(`<circle cx="${f(px)}" cy="${f(py)}" r="3.5" fill="white" stroke="${color}" stroke-width="1.5"/>`);
          break;
        }
      }
    }
    const ly = top + 20 + 16 * k;
    const lx = 2 * R + 90;
    out.push(t.markers ? `<circle cx="${lx + 11}" cy="${ly}" r="3" fill="${color}"/>` : `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${lx + 28}" y="${ly}" dominant-baseline="middle" font-size="12">${escapeXml(t.label)}</text>`);
  });
  out.push(`<text x="${cx}" y="${H - 10}" text-anchor="middle" fill="#555">normalised to Z0 = ${formatTick(opts.z0 ?? 50)} Ω; ○ marks the first point</text>`);
  out.push('</svg>');
  return out.join('\n');
}

export interface S11Series {
  label: string;
  /** Frequencies in Hz. */
  freqHz: ArrayLike<number>;
  /** Complex S11 (re, im), or its magnitude |S11| (linear, not dB). */
  re?: ArrayLike<number>;
  im?: ArrayLike<number>;
  magnitude?: ArrayLike<number>;
  dashed?: boolean;
  markers?: boolean;
  color?: string;
}

/** |S11| in dB (20 log10 |S11|, floored at −200 dB) against frequency in GHz. */
export function s11DbPlot(series: readonly S11Series[], opts: LinePlotOptions = {}): string {
  const lines = series.map((s) => {
    const n = s.freqHz.length;
    const mag = new Float64Array(n);
    if (s.magnitude) {
      if (s.magnitude.length !== n) throw new Error(`s11DbPlot: series '${s.label}' has ${n} frequencies and ${s.magnitude.length} magnitudes`);
      for (let i = 0; i < n; i++) mag[i] = Math.abs(s.magnitude[i]!);
    } else if (s.re && s.im) {
      if (s.re.length !== n || s.im.length !== n) throw new Error(`s11DbPlot: series '${s.label}' has ${n} frequencies, ${s.re.length} real and ${s.im.length} imaginary values`);
      for (let i = 0; i < n; i++) mag[i] = Math.hypot(s.re[i]!, s.im[i]!);
    } else {
      throw new Error(`s11DbPlot: series '${s.label}' needs magnitude, or re and im`);
    }
    return {
      label: s.label, x: Array.from(s.freqHz, (v) => v / 1e9), y: Array.from(mag, (m) => Math.max(-200, 20 * Math.log10(m))),
      dashed: s.dashed, markers: s.markers, color: s.color,
    };
  });
  return linePlot(lines, { xLabel: 'frequency (GHz)', yLabel: '|S11| (dB)', ...opts });
}
