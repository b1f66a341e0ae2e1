import { describe, expect, it } from 'vitest';
import { heatmap, linePlot, niceTicks } from './index.ts';
import { colorAt } from './heatmap.ts';

describe('niceTicks', () => {
  it('covers the range with 1/2/5 steps', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3.2, 7.9, 5)).toEqual([-2, 0, 2, 4, 6]);
    const t = niceTicks(1e-6, 3.7e-6, 4);
    expect(t[0]).toBeGreaterThanOrEqual(1e-6);
    expect(t.length).toBeGreaterThanOrEqual(3);
  });
  it('rejects non-finite ranges', () => {
    expect(() => niceTicks(0, Infinity)).toThrow(/not finite/);
  });
});

describe('linePlot', () => {
  it('draws one path per series, breaking at non-finite points', () => {
    const svg = linePlot([
      { label: 'f', x: [0, 1, 2, 3], y: [0, 1, NaN, 9] },
      { label: 'g <b>', x: [0, 3], y: [1, 2], dashed: true },
    ], { title: 't', xLabel: 'x', yLabel: 'y' });
    expect(svg.startsWith('<svg')).toBe(true);
    const paths = svg.match(/<path d="([^"]*)"/g)!;
    expect(paths).toHaveLength(2);
    expect((paths[0]!.match(/M/g) ?? []).length).toBe(2); // the NaN splits the first line
    expect(svg).toContain('g &lt;b&gt;');
  });
  it('names the series whose lengths differ', () => {
    expect(() => linePlot([{ label: 'bad', x: [1, 2], y: [1] }])).toThrow(/'bad' has 2 x values and 1 y values/);
  });
});

describe('linePlot clip ids', () => {
  it('plots of different sizes on one page clip to their own areas', () => {
    const ids = (svg: string): string[] => [...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]!);
    const small = linePlot([{ label: 'a', x: [0, 1], y: [0, 1] }], { width: 300, height: 200 });
    const big = linePlot([{ label: 'a', x: [0, 1], y: [0, 1] }], { width: 800, height: 500 });
    const [a] = ids(small), [b] = ids(big);
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
    expect(small).toContain(`url(#${a})`);
    expect(ids(linePlot([{ label: 'b', x: [0, 2], y: [1, 3] }], { width: 300, height: 200 }))[0]).toBe(a); // deterministic
  });
});

describe('heatmap', () => {
  it('draws nx*ny cells and checks the size', () => {
    const svg = heatmap([0, 1, 2, 3, 4, 5], 3, 2, { title: 'field' });
    expect(svg.match(/<rect x="\d+" y="\d+" width="\d+" height="\d+" fill="rgb/g)!.length).toBe(6);
    expect(() => heatmap([1, 2, 3], 2, 2)).toThrow(/3 values for a 2x2 grid/);
  });
  it('maps the ends of the range to the ends of the colour map', () => {
    expect(colorAt(0)).toBe('rgb(68,1,84)');
    expect(colorAt(1)).toBe('rgb(253,231,37)');
    expect(colorAt(0.5, true)).toBe('rgb(247,247,247)');
  });
});
