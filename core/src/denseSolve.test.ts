import { describe, expect, it } from 'vitest';
import { solveDense } from './denseSolve.ts';

describe('solveDense', () => {
  it('solves a system that needs pivoting (zero leading entry), leaving its inputs unchanged', () => {
    const M = Float64Array.from([0, 2, 1, 1, 1, 1, 2, 1, 3]), x = [1, -2, 3];
    const b = Float64Array.from([0, 1, 2].map((r) => M[r * 3]! * x[0]! + M[r * 3 + 1]! * x[1]! + M[r * 3 + 2]! * x[2]!));
    const got = solveDense(M, b, 3);
    got.forEach((v, k) => expect(v).toBeCloseTo(x[k]!, 13));
    expect(Array.from(M)).toEqual([0, 2, 1, 1, 1, 1, 2, 1, 3]);
  });
  it('names the sizes and the singular column', () => {
    expect(() => solveDense([1, 2, 3], [1, 2], 2)).toThrow(/M has 3 and b 2 entries; expected 4 and 2/);
    expect(() => solveDense([1, 2, 2, 4], [1, 2], 2)).toThrow(/singular matrix \(no pivot in column 1 of 2\)/);
  });
});
