/**
 * Linear scales and "nice" tick values (1, 2, 5 x 10^k steps), as in d3-scale.
 * `niceTicks(lo, hi, count)` returns about `count` round values covering [lo, hi].
 */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f >= 7 ? 10 : f >= 3 ? 5 : f >= 1.5 ? 2 : 1) * mag;
}

/** About `count` round tick values (1, 2, 5 × 10^k steps) inside [lo, hi]; throws on a non-finite range. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`niceTicks: range [${lo}, ${hi}] is not finite`);
  if (hi === lo) { hi = lo + 1; lo = lo - 1; }
  if (hi < lo) [lo, hi] = [hi, lo];
  const step = niceStep(hi - lo, count);
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    if (v >= lo - step * 1e-9) ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

export interface LinearScale {
  (v: number): number;
  domain: [number, number];
}

/** Maps [d0, d1] onto [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): LinearScale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const s = ((v: number) => r0 + (v - d0) * k) as LinearScale;
  s.domain = [d0, d1];
  return s;
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
