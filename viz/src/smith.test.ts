import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { impedanceFromReflection, reflectionFromImpedance, s11DbPlot, smithChart } from './smith.ts';

/** Tag balance and attribute quoting: enough to catch broken markup in generated SVG. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]!);
  }
  expect(stack).toEqual([]);
  const stripped = svg.replace(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g, '');
  expect(stripped, 'no stray < or unescaped &').not.toMatch(/<|&(?!amp;|lt;|gt;|quot;)/);
}

const num = (s: string, attr: string) => Number(new RegExp(`\\s${attr}="([^"]+)"`).exec(s)![1]);

describe('reflection coefficient', () => {
  it('is 0 for a matched load, -1 for a short, +1 for an open, on the rim for a reactance', () => {
    expect(reflectionFromImpedance(50, 0)).toEqual([0, 0]);
    expect(reflectionFromImpedance(0, 0)).toEqual([-1, 0]);
    const open = reflectionFromImpedance(1e12, 0);
    expect(open[0]).toBeCloseTo(1, 9);
    const [gr, gi] = reflectionFromImpedance(0, 50);
    expect([gr, gi].map((v) => +v.toFixed(12))).toEqual([0, 1]); // z = +j: top of the chart
    expect(reflectionFromImpedance(75, 0, 75)).toEqual([0, 0]);
  });
  it('round-trips Z -> Γ -> Z and keeps |Γ| <= 1 for passive loads (= 1 when lossless)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 1, max: 500, noNaN: true }),
      (r, x, z0) => {
        fc.pre(r + z0 > 1e-6);
        const [gr, gi] = reflectionFromImpedance(r, x, z0);
        expect(Math.hypot(gr, gi)).toBeLessThanOrEqual(1 + 1e-12);
        if (r === 0) expect(Math.hypot(gr, gi)).toBeCloseTo(1, 12);
        if (Math.hypot(gr - 1, gi) > 1e-6) {
          const [zr, zi] = impedanceFromReflection(gr, gi, z0);
          expect(Math.abs(zr - r)).toBeLessThan(1e-6 * (1 + Math.hypot(r, x)) ** 2 / z0 + 1e-9);
          expect(Math.abs(zi - x)).toBeLessThan(1e-6 * (1 + Math.hypot(r, x)) ** 2 / z0 + 1e-9);
        }
      }), { numRuns: 200 });
    expect(() => reflectionFromImpedance(50, 0, 0)).toThrow(/Z0 is 0 ohm/);
  });
});

describe('smithChart', () => {
  const loads = [[50, 0], [0, 0], [1e9, 0], [0, 50], [0, -50]].map(([r, x]) => reflectionFromImpedance(r!, x!, 50));
  const svg = smithChart([{ label: 'loads <test>', re: loads.map((g) => g[0]), im: loads.map((g) => g[1]) }], { title: 'S11 & friends', radius: 100 });
  const rim = svg.match(/<circle class="rim"[^>]*>/)![0];
  const cx = num(rim, 'cx'), cy = num(rim, 'cy'), R = num(rim, 'r');

  it('is well-formed SVG with escaped text', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expectWellFormed(svg);
    expect(svg).toContain('S11 &amp; friends');
    expect(svg).toContain('loads &lt;test&gt;');
  });
  it('plots matched at the centre, short/open at the left/right rim, ±j Z0 at the top/bottom', () => {
    expect(R).toBe(100);
    const d = /<path class="trace"[^>]* d="([^"]+)"/.exec(svg)![1]!;
    const pts = [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const want = [[cx, cy], [cx - R, cy], [cx + R, cy], [cx, cy - R], [cx, cy + R]];
    expect(pts.length).toBe(5);
    pts.forEach(([x, y], k) => {
      expect(Math.abs(x! - want[k]![0]!), `point ${k} x`).toBeLessThan(0.02);
      expect(Math.abs(y! - want[k]![1]!), `point ${k} y`).toBeLessThan(0.02);
    });
  });
  it('draws resistance circles tangent at the open point and r = 1 through the centre', () => {
    const circles = [...svg.matchAll(/<circle class="r-circle"[^>]*>/g)].map((m) => m[0]);
    expect(circles.length).toBe(5);
    for (const c of circles) expect(num(c, 'cx') + num(c, 'r')).toBeCloseTo(cx + R, 1);
    const unit = circles.find((c) => c.includes('data-r="1"'))!;
    expect(num(unit, 'cx') - num(unit, 'r')).toBeCloseTo(cx, 1);
  });
  it('draws reactance arcs through the open point and through z = jx on the rim', () => {
    const arcs = [...svg.matchAll(/<circle class="x-arc"[^>]*>/g)].map((m) => m[0]);
    expect(arcs.length).toBe(10);
    for (const a of arcs) {
      const x = num(a, 'data-x');
      const [gr, gi] = reflectionFromImpedance(0, x, 1);
      const dist = (px: number, py: number) => Math.hypot(px - num(a, 'cx'), py - num(a, 'cy'));
      expect(dist(cx + R, cy)).toBeCloseTo(num(a, 'r'), 1);
      expect(dist(cx + R * gr, cy - R * gi)).toBeCloseTo(num(a, 'r'), 1);
    }
  });
  it('names a trace whose parts differ in length', () => {
    expect(() => smithChart([{ label: 'bad', re: [0, 1], im: [0] }])).toThrow(/'bad' has 2 real and 1 imaginary/);
  });
});

describe('s11DbPlot', () => {
  it('plots 20 log10 |S11| against GHz', () => {
    const svg = s11DbPlot([{ label: 'S11', freqHz: [1e9, 2e9, 3e9], re: [0.1, 0, 1], im: [0, 0.01, 0] }], { yRange: [-60, 0] });
    expectWellFormed(svg);
    expect(svg).toContain('frequency (GHz)');
    // y of -20 dB is 1/3 of the way down from 0 dB to -60 dB in the plot area; -40 dB is 2/3.
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    const ys = [...d.matchAll(/[ML][-\d.]+,([-\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys.length).toBe(3);
    expect((ys[1]! - ys[2]!) / (ys[0]! - ys[2]!)).toBeCloseTo(2, 3);
    expect(() => s11DbPlot([{ label: 'x', freqHz: [1, 2], magnitude: [1] }])).toThrow(/'x' has 2 frequencies and 1 magnitudes/);
  });
});
