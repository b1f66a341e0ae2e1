import { describe, expect, it } from 'vitest';
import { checkGrads, grad, slice, square, sum, tensor, mul, add, reshape } from '@mindscience/core';
import { fdfdSolveTM } from './fdfdDiff.ts';
import { fdfd2d } from './fdfd2d.ts';
import { C0 } from './constants.ts';

const nx = 19, ny = 17, f = 1e9, dx = C0 / f / 15;
const params = { nx, ny, dx, omega: 2 * Math.PI * f, pmlCells: 5 };
const epsData = Float64Array.from({ length: nx * ny }, (_, k) => 1 + ((k * 7919) % 13) / 10);
const src = new Float64Array(nx * ny);
src[9 * ny + 5] = 1;

describe('differentiable FDFD (TM) primitive', () => {
  it('forward value equals fdfd2d.solve', () => {
    const u = fdfdSolveTM(tensor(epsData, { shape: [nx, ny] }), tensor(src, { shape: [nx, ny] }), tensor(new Float64Array(nx * ny), { shape: [nx, ny] }), params).data();
    const ref = fdfd2d({ ...params, pol: 'TM', epsR: epsData }).solve(Float64Array.from(src), new Float64Array(nx * ny));
    for (let k = 0; k < nx * ny; k++) {
      expect(u[k]).toBeCloseTo(ref.re[k]!, 12);
      expect(u[nx * ny + k]).toBeCloseTo(ref.im[k]!, 12);
    }
  });
  it('gradient of a focusing objective w.r.t. eps matches central differences (ceviche tolerance 1e-4)', () => {
    // J(eps) = |Ez|^2 summed over a small monitor region
    const J = (eps: ReturnType<typeof tensor>) => {
      const u = fdfdSolveTM(eps, tensor(src, { shape: [nx, ny] }), tensor(new Float64Array(nx * ny), { shape: [nx, ny] }), params);
      const mon = slice(u, [0, 12, 9], [2, 3, 3]);
      return mul(sum(square(mon)), 1e-2);
    };
    const eps = tensor(epsData, { shape: [nx, ny] });
    const g = grad(J)(eps).data();
    // central differences along a few coordinates and one random direction
    const h = 1e-6;
    const Jv = (d: Float64Array) => J(tensor(d, { shape: [nx, ny] })).item();
    let num = 0, den = 0;
    for (const k of [9 * ny + 8, 11 * ny + 9, 13 * ny + 10, 7 * ny + 3]) {
      const p = Float64Array.from(epsData), m = Float64Array.from(epsData);
      p[k]! += h;
      m[k]! -= h;
      const fd = (Jv(p) - Jv(m)) / (2 * h);
      num += (fd - g[k]!) ** 2;
      den += fd * fd;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-4);
  });
  it('passes core checkGrads (forward and reverse, to second order) for eps and the source', () => {
    const f2 = (eps: ReturnType<typeof tensor>, sr: ReturnType<typeof tensor>) => {
      const u = fdfdSolveTM(eps, sr, tensor(new Float64Array(nx * ny), { shape: [nx, ny] }), params);
      return mul(sum(square(slice(u, [0, 10, 10], [2, 2, 2]))), 1e-2);
    };
    const report = checkGrads(f2, [tensor(epsData, { shape: [nx, ny] }), tensor(src, { shape: [nx, ny] })], { order: 2, eps: 1e-5, rtol: 1e-4 });
    expect(report.checks).toBeGreaterThan(0);
  });
});
void add;
void reshape;
