import { describe, expect, it } from 'vitest';
import { blockStatistics } from './blocks.ts';
import { createRng } from '../rng.ts';

describe('blockStatistics', () => {
  it('hand-worked example: block means 2, 4, 9 (first sample dropped as the remainder)', () => {
    const r = blockStatistics([100, 1, 3, 4, 4, 8, 10], 3);
    expect(r.samples).toBe(6);
    expect(r.mean).toBeCloseTo(5, 14);
    // sd of (2, 4, 9) = sqrt(13), stderr = sqrt(13 / 3)
    expect(r.stderr).toBeCloseTo(Math.sqrt(13 / 3), 14);
  });

  it('AR(1) series: the block error covers the true mean and exceeds the naive iid error', () => {
    const rng = createRng(5);
    const phi = 0.95, n = 200_000;
    const x = new Float64Array(n);
    let y = 0;
    for (let k = 0; k < n; k++) { y = phi * y + rng.normal(); x[k] = 3 + y; }
    const r = blockStatistics(x, 20);
    // exact standard error of the mean of AR(1): sigma_x sqrt((1+phi)/(1-phi) / n), sigma_x^2 = 1/(1-phi^2)
    const exact = Math.sqrt(1 / (1 - phi * phi) * (1 + phi) / (1 - phi) / n);
    expect(Math.abs(r.mean - 3)).toBeLessThan(4 * exact);
    expect(r.stderr / exact).toBeGreaterThan(0.5);
    expect(r.stderr / exact).toBeLessThan(1.6);
    const naive = Math.sqrt(1 / (1 - phi * phi) / n);
    expect(r.stderr).toBeGreaterThan(3 * naive);
  });

  it('rejects too few samples, bad block counts and non-finite samples', () => {
    expect(() => blockStatistics([1, 2], 3)).toThrow(/2 samples, need at least blocks = 3/);
    expect(() => blockStatistics([1, 2, 3], 1)).toThrow(/blocks = 1/);
    expect(() => blockStatistics([1, NaN, 3, 4], 2)).toThrow(/sample 1 is NaN/);
  });
});
