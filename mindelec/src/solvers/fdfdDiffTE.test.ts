import { describe, expect, it } from 'vitest';
import { checkGrads, grad, mul, slice, square, sum, tensor, type Tensor } from '@mindscience/core';
import { fdfdSolveTE } from './fdfdDiffTE.ts';
import { fdfd2d } from './fdfd2d.ts';
import { C0 } from './constants.ts';

const nx = 19, ny = 17, f = 1e9, dx = C0 / f / 15;
const params = { nx, ny, dx, omega: 2 * Math.PI * f, pmlCells: 5 };
const epsData = Float64Array.from({ length: nx * ny }, (_, k) => 1 + ((k * 7919) % 13) / 10);
const src = new Float64Array(nx * ny);
src[9 * ny + 5] = 1;
const T = (d: Float64Array) => tensor(d, { shape: [nx, ny] });
const zeros = T(new Float64Array(nx * ny));
// J = |Hz|^2 over a small monitor region (scaled to O(1))
const J = (eps: Tensor, sr: Tensor = T(src)) => mul(sum(square(slice(fdfdSolveTE(eps, sr, zeros, params), [0, 12, 9], [2, 3, 3]))), 1e4);

describe('differentiable FDFD (TE) primitive', () => {
  it('forward value equals fdfd2d TE solve', () => {
    const u = fdfdSolveTE(T(epsData), T(src), zeros, params).data();
    const ref = fdfd2d({ ...params, pol: 'TE', epsR: epsData }).solve(Float64Array.from(src), new Float64Array(nx * ny));
    let err = 0, scale = 0;
    for (let k = 0; k < nx * ny; k++) {
      err = Math.max(err, Math.abs(u[k]! - ref.re[k]!), Math.abs(u[nx * ny + k]! - ref.im[k]!));
      scale = Math.max(scale, Math.abs(ref.re[k]!));
    }
    expect(err / scale).toBeLessThan(1e-12);
  });
  it('gradient w.r.t. eps (interior, next to the edge, in the PML) and the source matches central differences to 1e-6', () => {
    const g = grad(J)(T(epsData)).data();
    const gs = grad((sr: Tensor) => J(T(epsData), sr))(T(src)).data();
    // h = 1e-3: truncation ~1e-8 relative; smaller h is dominated by round-off at the weakly coupled cells
    const h = 1e-3;
    for (const k of [9 * ny + 8, 11 * ny + 9, 13 * ny + 10, 1 * ny + 3, 7 * ny + 2]) {
      const p = Float64Array.from(epsData), m = Float64Array.from(epsData);
      p[k]! += h;
      m[k]! -= h;
      const fd = (J(T(p)).item() - J(T(m)).item()) / (2 * h);
      expect(Math.abs(fd)).toBeGreaterThan(0);
      expect(Math.abs(fd - g[k]!) / Math.abs(fd)).toBeLessThan(1e-6);
    }
    for (const k of [9 * ny + 5, 10 * ny + 10]) {
      const p = Float64Array.from(src), m = Float64Array.from(src);
      p[k]! += h;
      m[k]! -= h;
      const fd = (J(T(epsData), T(p)).item() - J(T(epsData), T(m)).item()) / (2 * h);
      expect(Math.abs(fd - gs[k]!) / Math.abs(fd)).toBeLessThan(1e-6);
    }
  });
  it('checkGrads: forward (tangent solve) and reverse (adjoint solve) modes, eps and source', () => {
    const f2 = (eps: Tensor, sr: Tensor) => J(eps, sr);
    const report = checkGrads(f2, [T(epsData), T(src)], { order: 1, eps: 1e-5, rtol: 1e-6 });
    expect(report.checks).toBe(2);
  });
  it('second derivatives fail loudly', () => {
    expect(() => grad((e: Tensor) => sum(grad((x: Tensor) => J(x))(e)))(T(epsData))).toThrow(/second derivatives/);
  });
});
