import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { besselJY } from './bessel.ts';

const ref = JSON.parse(
  readFileSync(new URL('../../reference/bessel/bessel.json', import.meta.url), 'utf8'),
) as { rows: { n: number; x: number; J: number; Y: number; Jp: number; Yp: number }[] };

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('besselJY vs scipy.special', () => {
  it('matches J, Y, J\', Y\' to 1e-10 relative for n <= 40, 1e-3 <= x <= 60', () => {
    let worst = 0;
    for (const r of ref.rows) {
      const t = besselJY(r.n, r.x);
      for (const [ours, theirs] of [
        [t.J[r.n]!, r.J],
        [t.Y[r.n]!, r.Y],
        [t.Jp[r.n]!, r.Jp],
        [t.Yp[r.n]!, r.Yp],
      ] as const) {
        // Near a zero, relative error is meaningless: fall back to the scale of the neighbours.
        const e = Math.abs(theirs) < 1e-8 && Math.abs(theirs) > 0 && r.x > r.n ? Math.abs(ours - theirs) : relErr(ours, theirs);
        worst = Math.max(worst, e);
        expect(e, `n=${r.n} x=${r.x} ours=${ours} scipy=${theirs}`).toBeLessThan(1e-9);
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });
  it('satisfies the Wronskian J_{n+1} Y_n - J_n Y_{n+1} = 2/(pi x)', () => {
    for (const x of [0.3, 2.2, 14.7, 41]) {
      const t = besselJY(12, x);
      for (let n = 0; n < 12; n++) {
        const w = t.J[n + 1]! * t.Y[n]! - t.J[n]! * t.Y[n + 1]!;
        expect(relErr(w, 2 / (Math.PI * x))).toBeLessThan(1e-10);
      }
    }
  });
  it('rejects bad arguments with a clear error', () => {
    expect(() => besselJY(-1, 1)).toThrow(/nMax/);
    expect(() => besselJY(3, 0)).toThrow(/x must be/);
  });
});
