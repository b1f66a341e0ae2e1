/**
 * Differentiable 2-D TE FDFD solve as a @mindscience/core primitive, the TE counterpart of fdfdDiff.ts:
 * fdfdSolveTE(epsR [nx, ny], srcRe [nx, ny], srcIm [nx, ny]) -> u [2, nx, ny] (re, im of Hz, A/m) with
 * A(eps) u = j omega eps0 (srcRe + j srcIm) (magnetic current Mz, V/m^2), A from fdfd2d (TE): every
 * off-diagonal entry a_{k,n} = c_{k,n} p_{k,n} carries p = 2 / (eps_k + eps_n), the diagonal
 * -sum_n a_{k,n} + k0^2 (outer ring u = 0).
 *   d a_{k,n} / d eps_k = d a_{k,n} / d eps_n = -a_{k,n} p_{k,n} / 2
 *   VJP: A^T lambda = conj(g);  dJ/deps_m = Re sum_{(k,n) with m in {k,n}} lambda_k a_{k,n} (p/2) (u_n - u_k),
 *        dJ/dsrcRe = -omega eps0 Im(lambda), dJ/dsrcIm = -omega eps0 Re(lambda)
 *   JVP: du = A^-1 (j omega eps0 ds - dA u)
 * First order: the rules run kernels (two banded solves), and differentiating them again throws.
 */
import { bind, definePrimitive, reshape, slice, tensor, type Primitive, type Tensor } from '@mindscience/core';
import { fdfd2d } from './fdfd2d.ts';
import { bandedSolve, csrTranspose, type ComplexCsr } from './bandedLu.ts';
import { EPS0 } from './constants.ts';
import type { FdfdSolveParams } from './fdfdDiff.ts';

type TeParams = Omit<FdfdSolveParams, 'transpose'>;

function isEdge(k: number, nx: number, ny: number): boolean {
  const i = Math.floor(k / ny), j = k % ny;
  return i === 0 || j === 0 || i === nx - 1 || j === ny - 1;
}

/** b = j omega eps0 (sr + j si) on interior nodes, plus an optional extra right-hand side. */
function rhs(sr: ArrayLike<number>, si: ArrayLike<number>, p: TeParams, extra?: { re: Float64Array; im: Float64Array }): { re: Float64Array; im: Float64Array } {
  const N = p.nx * p.ny, scale = p.omega * EPS0;
  const re = new Float64Array(N), im = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    if (isEdge(k, p.nx, p.ny)) continue;
    re[k] = -scale * si[k]! + (extra?.re[k] ?? 0);
    im[k] = scale * sr[k]! + (extra?.im[k] ?? 0);
  }
  return { re, im };
}

/** r = -(dA/deps . deps) u */
function minusDAu(A: ComplexCsr, eps: ArrayLike<number>, deps: ArrayLike<number>, u: { re: Float64Array; im: Float64Array }, nx: number, ny: number): { re: Float64Array; im: Float64Array } {
  const N = nx * ny;
  const re = new Float64Array(N), im = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    if (isEdge(k, nx, ny)) continue;
    for (let q = A.rowPtr[k]!; q < A.rowPtr[k + 1]!; q++) {
      const n = A.col[q]!;
      if (n === k) continue;
      const h = 1 / (eps[k]! + eps[n]!); // p / 2
      // d a = -a (p/2) (deps_k + deps_n); (dA u)_k = d a (u_n - u_k); r = -(dA u)_k
      const s = h * (deps[k]! + deps[n]!);
      const dr = u.re[n]! - u.re[k]!, di = u.im[n]! - u.im[k]!;
      re[k]! += s * (A.re[q]! * dr - A.im[q]! * di);
      im[k]! += s * (A.re[q]! * di + A.im[q]! * dr);
    }
  }
  return { re, im };
}

function solveU(eps: Float64Array, sr: ArrayLike<number>, si: ArrayLike<number>, p: TeParams) {
  const sim = fdfd2d({ nx: p.nx, ny: p.ny, dx: p.dx, pol: 'TE', omega: p.omega, epsR: eps, pmlCells: p.pmlCells });
  const b = rhs(sr, si, p);
  return { A: sim.A, u: bandedSolve(sim.A, b.re, b.im) };
}

const stack = (parts: { re: Float64Array; im: Float64Array }, nx: number, ny: number): Tensor => {
  const out = new Float64Array(2 * nx * ny);
  out.set(parts.re, 0);
  out.set(parts.im, nx * ny);
  return tensor(out, { shape: [2, nx, ny] });
};

const noSecondOrder = (name: string) => (): never => {
  throw new Error(`${name}: second derivatives of the TE FDFD solve are not implemented (first order only)`);
};

/** (eps, sr, si, deps, dsr, dsi) -> du [2, nx, ny] */
const teTangent: Primitive<TeParams> = definePrimitive<TeParams>({
  name: 'mindelec.fdfdSolveTETangent',
  impl([eps, sr, si, deps, dsr, dsi], p) {
    const e = eps!.data() as Float64Array;
    const { A, u } = solveU(e, sr!.data(), si!.data(), p);
    const b = rhs(dsr!.data(), dsi!.data(), p, minusDAu(A, e, deps!.data(), u, p.nx, p.ny));
    return stack(bandedSolve(A, b.re, b.im), p.nx, p.ny);
  },
  jvp: noSecondOrder('mindelec.fdfdSolveTETangent'),
  vjp: noSecondOrder('mindelec.fdfdSolveTETangent'),
});

/** (eps, sr, si, ct [2, nx, ny]) -> [dJ/deps, dJ/dsrcRe, dJ/dsrcIm] stacked as [3, nx, ny] */
const teCotangent: Primitive<TeParams> = definePrimitive<TeParams>({
  name: 'mindelec.fdfdSolveTECotangent',
  impl([eps, sr, si, ct], p) {
    const { nx, ny } = p;
    const N = nx * ny, e = eps!.data() as Float64Array;
    const { A, u } = solveU(e, sr!.data(), si!.data(), p);
    const g = ct!.data();
    // A^T lambda = conj(g)
    const br = new Float64Array(N), bi = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      br[k] = g[k]!;
      bi[k] = -g[N + k]!;
    }
    const lam = bandedSolve(csrTranspose(A), br, bi);
    const out = new Float64Array(3 * N);
    for (let k = 0; k < N; k++) {
      if (isEdge(k, nx, ny)) continue;
      for (let q = A.rowPtr[k]!; q < A.rowPtr[k + 1]!; q++) {
        const n = A.col[q]!;
        if (n === k) continue;
        const h = 1 / (e[k]! + e[n]!);
        const dr = u.re[n]! - u.re[k]!, di = u.im[n]! - u.im[k]!;
        // Re(lambda_k a (u_n - u_k)) p/2
        const ar = A.re[q]! * dr - A.im[q]! * di, ai = A.re[q]! * di + A.im[q]! * dr;
        const v = h * (lam.re[k]! * ar - lam.im[k]! * ai);
        out[k]! += v;
        out[n]! += v;
      }
      const scale = p.omega * EPS0;
      out[N + k] = -scale * lam.im[k]!;
      out[2 * N + k] = -scale * lam.re[k]!;
    }
    return tensor(out, { shape: [3, nx, ny] });
  },
  jvp: noSecondOrder('mindelec.fdfdSolveTECotangent'),
  vjp: noSecondOrder('mindelec.fdfdSolveTECotangent'),
});

export const fdfdSolveTEPrimitive: Primitive<TeParams> = definePrimitive<TeParams>({
  name: 'mindelec.fdfdSolveTE',
  impl([eps, sr, si], p) {
    return stack(solveU(eps!.data() as Float64Array, sr!.data(), si!.data(), p).u, p.nx, p.ny);
  },
  jvp([eps, sr, si], [deps, dsr, dsi], p) {
    if (!deps && !dsr && !dsi) return null;
    const zero = tensor(new Float64Array(p.nx * p.ny), { shape: [p.nx, p.ny] });
    return bind(teTangent, [eps!, sr!, si!, deps ?? zero, dsr ?? zero, dsi ?? zero], p);
  },
  vjp(ct, [eps, sr, si], p, _out, which) {
    const g = bind(teCotangent, [eps!, sr!, si!, ct], p);
    const part = (q: number) => reshape(slice(g, [q, 0, 0], [1, p.nx, p.ny]), [p.nx, p.ny]);
    return [which[0] ? part(0) : null, which[1] ? part(1) : null, which[2] ? part(2) : null];
  },
});

/** u [2, nx, ny] = (Re, Im) of Hz (A/m) for relative permittivity eps [nx, ny] and magnetic current (srcRe + j srcIm) V/m^2. */
export function fdfdSolveTE(epsR: Tensor, srcRe: Tensor, srcIm: Tensor, params: TeParams): Tensor {
  return bind(fdfdSolveTEPrimitive, [epsR, srcRe, srcIm], params);
}
