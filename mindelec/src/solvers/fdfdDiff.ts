/**
 * Differentiable 2-D TM FDFD solve as a @mindscience/core primitive (ceviche's `solve` + adjoint, in the
 * core's definePrimitive form): fdfdSolveTM(epsR [nx, ny], srcRe [nx, ny], srcIm [nx, ny]) -> u [2, nx, ny]
 * (re, im of Ez, V/m) with A(eps) u = j omega mu0 (srcRe + j srcIm), A = L_pml + k0^2 diag(epsR)
 * (fdfd2d.ts; the outer ring of nodes is u = 0 and does not depend on eps or the source).
 * Rules, written with core ops and the primitive itself (so every order works):
 *   JVP: du = A^-1 (db - dA u)  ->  solve(eps, ds + j (k0^2 / (omega mu0)) deps u)
 *   VJP: A^T lambda = conj(g), g = ct_re + j ct_im;  dJ/deps = -Re(k0^2 lambda u),
 *        dJ/dsrcRe = -omega mu0 Im(lambda), dJ/dsrcIm = -omega mu0 Re(lambda)
 *   with lambda itself a transposed solve (params.transpose), expressed as a source.
 */
import { add, bind, definePrimitive, mul, neg, reshape, slice, sub, tensor, type Primitive, type Tensor } from '@mindscience/core';
import { fdfd2d } from './fdfd2d.ts';
import { bandedSolve, csrTranspose } from './bandedLu.ts';
import { C0, MU0 } from './constants.ts';

export interface FdfdSolveParams {
  nx: number;
  ny: number;
  /** Cell size (m). */
  dx: number;
  /** rad/s */
  omega: number;
  pmlCells: number;
  /** Solve with A^T instead of A (used by the VJP rule). */
  transpose?: boolean;
}

const interiorMasks = new Map<string, Tensor>();
function interior(nx: number, ny: number): Tensor {
  const key = `${nx}x${ny}`;
  let m = interiorMasks.get(key);
  if (!m) {
    const d = new Float64Array(nx * ny);
    for (let i = 1; i < nx - 1; i++) for (let j = 1; j < ny - 1; j++) d[i * ny + j] = 1;
    m = tensor(d, { shape: [nx, ny] });
    interiorMasks.set(key, m);
  }
  return m;
}

const part = (u: Tensor, which: 0 | 1, nx: number, ny: number): Tensor => reshape(slice(u, [which, 0, 0], [1, nx, ny]), [nx, ny]);

export const fdfdSolveTMPrimitive: Primitive<FdfdSolveParams> = definePrimitive<FdfdSolveParams>({
  name: 'mindelec.fdfdSolveTM',
  impl([eps, sr, si], p) {
    const sim = fdfd2d({ nx: p.nx, ny: p.ny, dx: p.dx, pol: 'TM', omega: p.omega, epsR: eps!.data() as Float64Array, pmlCells: p.pmlCells });
    const N = p.nx * p.ny;
    const srd = sr!.data(), sid = si!.data();
    let re: Float64Array, im: Float64Array;
    if (!p.transpose) {
      ({ re, im } = sim.solve(Float64Array.from(srd), Float64Array.from(sid)));
    } else {
      // same right-hand side convention as solve(): b = j omega mu0 s on interior nodes
      const scale = p.omega * MU0;
      const br = new Float64Array(N), bi = new Float64Array(N);
      for (let i = 1; i < p.nx - 1; i++) for (let j = 1; j < p.ny - 1; j++) {
        const k = i * p.ny + j;
        br[k] = -scale * sid[k]!;
        bi[k] = scale * srd[k]!;
      }
      ({ re, im } = bandedSolve(csrTranspose(sim.A), br, bi));
    }
    const out = new Float64Array(2 * N);
    out.set(re, 0);
    out.set(im, N);
    return tensor(out, { shape: [2, p.nx, p.ny] });
  },
  jvp([eps, sr, si], [deps, dsr, dsi], p, out) {
    const { nx, ny } = p;
    const c = ((p.omega / C0) ** 2) / (p.omega * MU0); // k0^2 / (omega mu0)
    const mask = interior(nx, ny);
    let tr: Tensor = dsr ?? mul(sr!, 0);
    let ti: Tensor = dsi ?? mul(si!, 0);
    if (deps) {
      const ur = part(out, 0, nx, ny), ui = part(out, 1, nx, ny);
      const de = mul(mul(deps, mask), c);
      tr = sub(tr, mul(de, ui));
      ti = add(ti, mul(de, ur));
    }
    if (!deps && !dsr && !dsi) return null;
    return bind(fdfdSolveTMPrimitive, [eps!, tr, ti], p);
  },
  vjp(ct, [eps], p, out, which) {
    const { nx, ny } = p;
    const scale = p.omega * MU0;
    const k02 = (p.omega / C0) ** 2;
    const mask = interior(nx, ny);
    const gr = part(ct, 0, nx, ny), gi = part(ct, 1, nx, ny);
    // A^T lambda = conj(g) = gr - j gi; as a source s with j scale s = conj(g): s = (-gi - j gr) / scale
    const lam = bind(fdfdSolveTMPrimitive, [eps!, mul(neg(gi), 1 / scale), mul(neg(gr), 1 / scale)], { ...p, transpose: !p.transpose });
    const lr = part(lam, 0, nx, ny), li = part(lam, 1, nx, ny);
    const ur = part(out, 0, nx, ny), ui = part(out, 1, nx, ny);
    const dEps = which[0] ? mul(mul(sub(mul(lr, ur), mul(li, ui)), -k02), mask) : null;
    const dSr = which[1] ? mul(mul(li, -scale), mask) : null;
    const dSi = which[2] ? mul(mul(lr, -scale), mask) : null;
    return [dEps, dSr, dSi];
  },
});

/** u [2, nx, ny] = (Re, Im) of Ez for relative permittivity eps [nx, ny] and current density (srcRe + j srcIm) A/m^2. */
export function fdfdSolveTM(epsR: Tensor, srcRe: Tensor, srcIm: Tensor, params: Omit<FdfdSolveParams, 'transpose'>): Tensor {
  return bind(fdfdSolveTMPrimitive, [epsR, srcRe, srcIm], { ...params, transpose: false });
}

