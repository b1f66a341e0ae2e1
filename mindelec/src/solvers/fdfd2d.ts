/**
 * 2-D FDFD at one angular frequency omega (rad/s), e^{+j omega t} phasors, SI units, on the same Yee grid
 * as fdtd2d (u at nodes (i dx, j dy), index i * ny + j), with stretched-coordinate PML
 * (s = 1 - j sigma / (omega eps0), sigma graded (d/L)^3) and u = 0 on the outer edge:
 *   TM (u = Ez):  d/dx (1/s_x) d/dx(1/s_x) ... : (1/s_x) d_x ((1/s_x) d_x u) + (same in y) + k0^2 eps_r u = j omega mu0 Jz
 *   TE (u = Hz):  (1/s_x) d_x ((1/(eps_r s_x)) d_x u) + ... + k0^2 u = j omega eps0 Mz
 * (mu_r = 1). Sparse assembly (CSR) + banded LU (bandedLu.ts). Ceviche's fdfd.py is the model.
 * `omegaForFdtdDt(omega, dt)` gives the frequency at which FDFD reproduces FDTD's time discretisation.
 */
import { bandedSolve, csrFromTriplets, csrMatVec, type ComplexCsr } from './bandedLu.ts';
import { C0, EPS0, ETA0, MU0, FdtdConfigError, requirePositive, requirePositiveInt } from './constants.ts';

export interface Fdfd2DConfig {
  nx: number;
  ny: number;
  dx: number;
  dy?: number;
  pol: 'TM' | 'TE';
  /** rad/s */
  omega: number;
  epsR?: Float64Array;
  pmlCells?: number;
}

export interface Fdfd2DSolution {
  re: Float64Array;
  im: Float64Array;
  /** ||A x - b|| / ||b|| */
  residual: number;
}

export interface Fdfd2D {
  readonly A: ComplexCsr;
  /** Solve for a source (TM: Jz A/m^2, TE: Mz V/m^2) given per node as [re, im]. */
  solve(srcRe: Float64Array, srcIm: Float64Array): Fdfd2DSolution;
}

/**
 * The frequency at which FDFD reproduces FDTD's leapfrog time discretisation:
 * omega~ = (2 / dt) sin(omega dt / 2) (rad/s), the central-difference image of d/dt at omega.
 * Solve FDFD at omega~ to compare with an FDTD running DFT taken at omega.
 * @param omega Angular frequency of the FDTD DFT (rad/s); meaningful for omega dt < pi.
 * @param dt FDTD time step (s).
 * @returns omega~ (rad/s), slightly below omega. Throws nothing.
 */
export function omegaForFdtdDt(omega: number, dt: number): number {
  return (2 / dt) * Math.sin((omega * dt) / 2);
}

/**
 * Assembles the 2-D FDFD operator at one angular frequency (file header: TM or TE, SC-PML, u = 0 edges)
 * and returns a solver for it.
 * @param c Options ({@link Fdfd2DConfig}):
 *   - `nx`: Nodes along x (integer >= 3; likewise `ny` along y); unknowns u at nodes, index k = i * ny + j.
 *   - `dx`: Cell size along x (m); `dy` along y (m, default dx).
 *   - `pol`: 'TM' (u = Ez, V/m) or 'TE' (u = Hz, A/m; eps enters as 2 / (eps_k + eps_n) on each edge).
 *   - `omega`: Angular frequency (rad/s), e^{+j omega t}; use {@link omegaForFdtdDt} to match an FDTD run.
 *   - `epsR`: Relative permittivity per node, Float64Array [nx * ny] row-major (default 1 everywhere);
 *     mu_r = 1.
 *   - `pmlCells`: Stretched-coordinate PML thickness in cells at each of the four edges (default 12).
 * @returns `{A, solve}`: `A` the complex CSR matrix (n = nx * ny; boundary rows are identity rows);
 *   `solve(srcRe, srcIm)` takes the source per node (TM: Jz A/m^2, TE: Mz V/m^2) as two Float64Array
 *   [nx * ny] (real and imaginary parts, boundary entries ignored) and returns u as `re`, `im` Float64Array
 *   [nx * ny] plus the relative residual ||A x - b|| / ||b||. Each solve factors A anew (banded LU,
 *   O(nx ny^3) time with bandwidth ny).
 * @throws FdtdConfigError naming the field when nx/ny < 3, dx/dy/omega <= 0, pol is not 'TM'/'TE' or epsR is
 *   not nx * ny long; `solve` throws it when a source array is not nx * ny long.
 */
export function fdfd2d(c: Fdfd2DConfig): Fdfd2D {
  const nx = requirePositiveInt('nx', c.nx, 3), ny = requirePositiveInt('ny', c.ny, 3);
  const dx = requirePositive('dx', c.dx), dy = c.dy === undefined ? dx : requirePositive('dy', c.dy);
  const omega = requirePositive('omega', c.omega);
  if (c.pol !== 'TM' && c.pol !== 'TE') throw new FdtdConfigError(`pol: expected 'TM' or 'TE', got ${JSON.stringify(c.pol)}`);
  const N = nx * ny;
  if (c.epsR && c.epsR.length !== N) throw new FdtdConfigError(`epsR: length ${c.epsR.length}, expected nx*ny = ${N}`);
  const L = c.pmlCells ?? 12;
  const k0 = omega / C0;
  // 1/s at node / half-node positions along an axis with n nodes
  const invS = (n: number, d: number, half: boolean): [Float64Array, Float64Array] => {
    const re = new Float64Array(n), im = new Float64Array(n);
    const sigmaMax = (0.8 * 4) / (ETA0 * d);
    for (let i = 0; i < n; i++) {
      const p = i + (half ? 0.5 : 0);
      let depth = 0;
      if (p < L) depth = (L - p) / L;
      if (p > n - 1 - L) depth = Math.max(depth, (p - (n - 1 - L)) / L);
      const sig = sigmaMax * Math.min(depth, 1) ** 3;
      // s = 1 - j a, 1/s = (1 + j a) / (1 + a^2)
      const a = sig / (omega * EPS0);
      re[i] = 1 / (1 + a * a);
      im[i] = a / (1 + a * a);
    }
    return [re, im];
  };
  const [sxNr, sxNi] = invS(nx, dx, false), [sxHr, sxHi] = invS(nx, dx, true);
  const [syNr, syNi] = invS(ny, dy, false), [syHr, syHi] = invS(ny, dy, true);
  const eps = (k: number) => c.epsR?.[k] ?? 1;
  const rows: number[] = [], cols: number[] = [], vre: number[] = [], vim: number[] = [];
  const add = (r: number, col: number, a: number, b: number) => {
    rows.push(r);
    cols.push(col);
    vre.push(a);
    vim.push(b);
  };
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const k = i * ny + j;
      if (i === 0 || j === 0 || i === nx - 1 || j === ny - 1) {
        add(k, k, 1, 0); // u = 0 on the outer edge
        continue;
      }
      let dr = 0, di = 0;
      // x: (1/s_x,i) [ p_{i+1/2}/s_{x,i+1/2} (u_{i+1} - u_i) - p_{i-1/2}/s_{x,i-1/2} (u_i - u_{i-1}) ] / dx^2
      for (const [nb, half, pCoef] of [
        [k + ny, i, c.pol === 'TE' ? 2 / (eps(k) + eps(k + ny)) : 1],
        [k - ny, i - 1, c.pol === 'TE' ? 2 / (eps(k) + eps(k - ny)) : 1],
      ] as const) {
        // (1/s_i)(1/s_half) p / dx^2
        const ar = sxNr[i]! * sxHr[half]! - sxNi[i]! * sxHi[half]!;
        const ai = sxNr[i]! * sxHi[half]! + sxNi[i]! * sxHr[half]!;
        const f = pCoef / (dx * dx);
        add(k, nb, ar * f, ai * f);
        dr -= ar * f;
        di -= ai * f;
      }
      for (const [nb, half, pCoef] of [
        [k + 1, j, c.pol === 'TE' ? 2 / (eps(k) + eps(k + 1)) : 1],
        [k - 1, j - 1, c.pol === 'TE' ? 2 / (eps(k) + eps(k - 1)) : 1],
      ] as const) {
        const ar = syNr[j]! * syHr[half]! - syNi[j]! * syHi[half]!;
        const ai = syNr[j]! * syHi[half]! + syNi[j]! * syHr[half]!;
        const f = pCoef / (dy * dy);
        add(k, nb, ar * f, ai * f);
        dr -= ar * f;
        di -= ai * f;
      }
      dr += k0 * k0 * (c.pol === 'TM' ? eps(k) : 1);
      add(k, k, dr, di);
    }
  }
  const A = csrFromTriplets(N, rows, cols, vre, vim);
  // right-hand side scale: TM j omega mu0 J, TE j omega eps0 M
  const scale = omega * (c.pol === 'TM' ? MU0 : EPS0);
  return {
    A,
    solve(srcRe, srcIm) {
      if (srcRe.length !== N || srcIm.length !== N) throw new FdtdConfigError(`fdfd2d.solve: source arrays need nx*ny = ${N} entries`);
      const br = new Float64Array(N), bi = new Float64Array(N);
      for (let k = 0; k < N; k++) {
        // j * scale * (sr + j si) = -scale si + j scale sr
        br[k] = -scale * srcIm[k]!;
        bi[k] = scale * srcRe[k]!;
        const i = Math.floor(k / ny), j = k % ny;
        if (i === 0 || j === 0 || i === nx - 1 || j === ny - 1) br[k] = bi[k] = 0;
      }
      const x = bandedSolve(A, br, bi);
      const Ax = csrMatVec(A, x.re, x.im);
      let num = 0, den = 0;
      for (let k = 0; k < N; k++) {
        num += (Ax.re[k]! - br[k]!) ** 2 + (Ax.im[k]! - bi[k]!) ** 2;
        den += br[k]! ** 2 + bi[k]! ** 2;
      }
      return { re: x.re, im: x.im, residual: Math.sqrt(num / Math.max(den, 1e-300)) };
    },
  };
}
