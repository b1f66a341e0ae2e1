/**
 * Fitted warp anchors: the input-resistance peak finder locates a parallel-RLC resonance, the robust
 * polynomial fit recovers a known surface through injected outliers, and on the shipped patch set the
 * anchors fitted on the training split place every held-out design's TM10 peak far closer than the
 * cavity model does.
 */
import { describe, expect, it } from 'vitest';
import { evalRatio, fitRatio, monomialExponents, resistancePeak } from './resonanceFit.ts';
import { readS11Dataset } from './dataset.ts';
import { fitWarpAnchors, normaliseDesign, splitIndices } from './s11Surrogate.ts';
import { patchCavityResonance } from './patchFamily.ts';

const SHIPPED = new URL('../../../../datasets/data/s11/patch-275.json', import.meta.url).pathname;

/** S11 (Z0 50) of R || L || C plus a series reactance X (ohm) at frequencies f (Hz). */
const rlc = (freqs: number[], f0: number, R: number, Q: number, X = 0) => {
  const re: number[] = [], im: number[] = [];
  for (const f of freqs) {
    const x = Q * (f / f0 - f0 / f);
    const zr = R / (1 + x * x), zi = (-R * x) / (1 + x * x) + X;
    const nr = zr - 50, dr = zr + 50, den = dr * dr + zi * zi;
    re.push((nr * dr + zi * zi) / den);
    im.push((zi * dr - nr * zi) / den);
  }
  return { re, im };
};

describe('resonance fit', () => {
  it('monomials of total degree <= d: C(n + d, d) of them, constant first', () => {
    expect(monomialExponents(3, 3).length).toBe(20);
    expect(monomialExponents(2, 1)).toEqual([[0, 0], [0, 1], [1, 0]]);
    expect(monomialExponents(3, 0)).toEqual([[0, 0, 0]]);
    expect(evalRatio({ degree: 1, coef: [1, 2, 3] }, [0.5, -1])).toBeCloseTo(1 + 2 * -1 + 3 * 0.5, 14);
    expect(() => evalRatio({ degree: 2, coef: [1, 2, 3] }, [0.5, -1])).toThrow(/3 coefficients for degree 2 in 2 variables; expected 6/);
  });

  it('the input-resistance peak is the parallel resonance, whatever the series reactance and match', () => {
    const freqs = Array.from({ length: 1001 }, (_, q) => 1.5e9 + q * 2.5e6);
    for (const [f0, R, Q, X] of [[2.4137e9, 120, 30, 25], [3.1e9, 20, 50, -10], [1.9e9, 300, 15, 60]] as const) {
      const s = rlc(freqs, f0, R, Q, X);
      expect(Math.abs(resistancePeak(freqs, s.re, s.im, 0.8 * f0, 1.1 * f0) / f0 - 1)).toBeLessThan(2e-5);
    }
    const s = rlc(freqs, 2.4e9, 100, 30);
    // no peak inside the window: the maximum sits on its edge
    expect(resistancePeak(freqs, s.re, s.im, 2.5e9, 3e9)).toBeNaN();
    expect(resistancePeak(freqs, s.re, s.im, 2.4e9, 2.4e9)).toBeNaN();
  });

  it('robust fit: a cubic surface through 10% outliers, exactly; too few points lower the degree', () => {
    const truth = monomialExponents(3, 3).map((_, k) => (k === 0 ? 0.93 : 0.01 * Math.sin(k)));
    const u: number[][] = [], y: number[] = [];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (let i = 0; i < 200; i++) {
      const p = [rnd(), rnd(), rnd()];
      u.push(p);
      y.push(evalRatio({ degree: 3, coef: truth }, p) + (i % 10 === 0 ? 0.1 : 0));
    }
    const fit = fitRatio(u, y, 3, 1);
    expect(fit.rejected).toBe(20);
    fit.coef.forEach((c, k) => expect(Math.abs(c - truth[k]!)).toBeLessThan(1e-9));
    expect(fit.rms).toBeLessThan(1e-9);
    // 12 points cannot carry 20 coefficients twice over: degree 1 (4 coefficients)
    expect(fitRatio(u.slice(0, 12), y.slice(0, 12), 3, 1).degree).toBe(1);
    // degree 0 is the median, outliers rejected; no points: the fallback
    const m = fitRatio([[0], [0], [0], [0]], [0.93, 0.931, 0.929, 1.2], 0, 1);
    expect(m.coef[0]).toBeCloseTo(0.93, 12);
    expect(m.rejected).toBe(1);
    expect(fitRatio([], [], 3, 0.95)).toMatchObject({ degree: 0, coef: [0.95], used: 0 });
  });

  it('shipped patch set: anchors fitted on the training split place held-out TM10 peaks to 3e-4 (the cavity model: 5-9%)', () => {
    const ds = readS11Dataset(SHIPPED);
    const { train, test } = splitIndices(ds.designs.length, 0.15, 0);
    const fit = fitWarpAnchors(ds, train, {});
    expect(fit.tm10.degree).toBe(3);
    expect(fit.tm02.degree).toBe(0);
    expect(fit.tm02.coef[0]).toBeGreaterThan(0.9);
    expect(fit.tm02.coef[0]).toBeLessThan(0.96);
    // TM20 over the fitted TM10: 1.971-1.988 where it is in the band (L >= 38 mm), linear in the parameters
    expect(fit.tm20!.degree).toBe(1);
    for (const d of [[38, 28, 6], [44, 44, 6], [44, 28, 2]]) {
      const k = evalRatio(fit.tm20!, normaliseDesign(ds.parameters, d));
      expect(k).toBeGreaterThan(1.965);
      expect(k).toBeLessThan(1.992);
    }
    let worstFit = 0, bestModel = Infinity, checked = 0;
    for (const i of test) {
      const d = ds.designs[i]!, m10 = patchCavityResonance(d[0]!, d[1]!);
      const a = m10 * evalRatio(fit.tm10, normaliseDesign(ds.parameters, d));
      // the held-out design's own peak, searched near the fitted anchor
      const p = resistancePeak(ds.freqs, ds.s11.re[i]!, ds.s11.im[i]!, 0.97 * a, 1.03 * a);
      if (!Number.isFinite(p)) continue;
      checked++;
      worstFit = Math.max(worstFit, Math.abs(a / p - 1));
      bestModel = Math.min(bestModel, Math.abs(m10 / p - 1));
    }
    expect(checked).toBeGreaterThan(35);
    expect(worstFit).toBeLessThan(3e-4);
    expect(bestModel).toBeGreaterThan(0.05);
  });
});
