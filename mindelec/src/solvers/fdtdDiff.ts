/**
 * Differentiable 2-D TM FDTD as a @mindscience/core primitive (MindElec 0.2's differentiable FDTD, in
 * the core's definePrimitive form): fdtdTM2D(epsR [nx, ny]) -> F [nFreq, 2, nx, ny], the running DFT
 *   F_f = sum_{n=1..steps} Ez(n dt) exp(-j 2 pi f n dt) dt      (V s/m; [f, 0] = Re, [f, 1] = Im)
 * of Ez at every node, after `steps` Yee steps from rest driven by soft point currents (A/m^2, as
 * fdtd2d's 'current' sources). Same update as fdtd2d TM: Ez at nodes, outer ring Ez = 0, optional CPML
 * (`pmlCells`, fdtd2d's profile, transposed exactly in the adjoint), per-node conductivity `sigma` (S/m,
 * fixed), mu = mu0. Figures of merit (|F|^2 at a probe, energy in a region) are then built with core ops.
 * Derivatives w.r.t. eps_r, exact for the discrete time loop:
 *   JVP: the tangent-linear time loop (dE, dH carried beside E, H), one extra forward cost.
 *   VJP: the adjoint (transposed) time loop run backward from the last step, with checkpoints every
 *        ~sqrt(steps) steps and each segment recomputed forward (memory O((steps/K + K) nx ny)).
 * Per step n -> n+1 (interior nodes k; ch = dt / mu0; ca, cb from eps0 eps_r, sigma, dt):
 *   Hx -= ch (dEz/dy + psi), Hy += ch (dEz/dx + psi),  Ez' = ca Ez + cb T,
 *   T = curl H + psi_x - psi_y - J(t + dt/2),  F += Ez' w_n   (psi: CPML recursive convolutions)
 *   dca/deps_r = eps0 sigma cb^2 / dt,  dcb/deps_r = -eps0 cb^2 / dt.
 * Second derivatives are not implemented (the tangent and adjoint primitives throw if differentiated).
 */
import { bind, definePrimitive, type Primitive, type Tensor, tensor } from '@mindscience/core';
import { EPS0, FdtdConfigError, MU0, requirePositive, requirePositiveInt } from './constants.ts';
import { checkedTimeStep } from './courant.ts';
import { pmlProfile, type PmlProfile } from './cpml.ts';
import type { WaveformFn } from './waveforms.ts';

export interface FdtdTM2DSource {
  /** Node indices, 1 <= i <= nx - 2, 1 <= j <= ny - 2. */
  i: number;
  j: number;
  waveform: WaveformFn;
  /** Current density scale (A/m^2), default 1. */
  amplitude?: number;
}

export interface FdtdTM2DParams {
  nx: number;
  ny: number;
  /** Square cell size (m). */
  dx: number;
  /** Time step (s); default 0.99 of the Courant limit. */
  dt?: number;
  steps: number;
  /** DFT frequencies (Hz). */
  freqs: readonly number[];
  /** Per-node conductivity (S/m), [nx * ny], not differentiated; default 0. */
  sigma?: Float64Array;
  sources: readonly FdtdTM2DSource[];
  /** Checkpoint interval of the adjoint (steps); default ceil(sqrt(steps)). */
  checkpointEvery?: number;
  /** CPML cells on all four sides (fdtd2d's profile, cpml.ts); default 0 (PEC box, use `sigma` to absorb). */
  pmlCells?: number;
}

interface Setup {
  nx: number;
  ny: number;
  N: number;
  dt: number;
  ch: number;
  inv: number;
  steps: number;
  ca: Float64Array;
  cb: Float64Array;
  dca: Float64Array;
  dcb: Float64Array;
  /** source node index, amplitude per source; waveform values per step [steps][nSrc] */
  srcIdx: Int32Array;
  srcVal: Float64Array;
  /** DFT weights per step and frequency: cos, -sin times dt at t = (n + 1) dt, [steps][nf] */
  wRe: Float64Array;
  wIm: Float64Array;
  nf: number;
  px: PmlProfile;
  py: PmlProfile;
  /** psi sizes: [vx d/dy, vy d/dx, u d/dx, u d/dy] as in fdtd2d */
  psiSizes: [number, number, number, number];
}

function setup(epsR: Float64Array, p: FdtdTM2DParams): Setup {
  const nx = requirePositiveInt('nx', p.nx, 3), ny = requirePositiveInt('ny', p.ny, 3);
  const dx = requirePositive('dx', p.dx);
  const dt = checkedTimeStep([dx, dx], p.dt);
  const steps = requirePositiveInt('steps', p.steps, 1);
  const N = nx * ny;
  if (epsR.length !== N) throw new FdtdConfigError(`fdtdTM2D: epsR has ${epsR.length} values, expected nx*ny = ${N}`);
  if (p.sigma && p.sigma.length !== N) throw new FdtdConfigError(`fdtdTM2D: sigma has ${p.sigma.length} values, expected nx*ny = ${N}`);
  const ca = new Float64Array(N), cb = new Float64Array(N), dca = new Float64Array(N), dcb = new Float64Array(N);
  for (let i = 1; i < nx - 1; i++) {
    for (let j = 1; j < ny - 1; j++) {
      const k = i * ny + j;
      const e = EPS0 * epsR[k]!, s = p.sigma?.[k] ?? 0;
      if (!(epsR[k]! > 0)) throw new FdtdConfigError(`fdtdTM2D: epsR[${k}] = ${epsR[k]}, expected > 0`);
      const loss = (s * dt) / (2 * e);
      ca[k] = (1 - loss) / (1 + loss);
      cb[k] = dt / e / (1 + loss);
      dca[k] = (EPS0 * s * cb[k]! * cb[k]!) / dt;
      dcb[k] = (-EPS0 * cb[k]! * cb[k]!) / dt;
    }
  }
  const nSrc = p.sources.length;
  const srcIdx = new Int32Array(nSrc);
  p.sources.forEach((s, q) => {
    if (!(Number.isInteger(s.i) && s.i >= 1 && s.i <= nx - 2 && Number.isInteger(s.j) && s.j >= 1 && s.j <= ny - 2)) {
      throw new FdtdConfigError(`fdtdTM2D: sources[${q}] at (${s.i}, ${s.j}), expected 1..${nx - 2} x 1..${ny - 2}`);
    }
    srcIdx[q] = s.i * ny + s.j;
  });
  const srcVal = new Float64Array(steps * nSrc);
  for (let n = 0; n < steps; n++) p.sources.forEach((s, q) => (srcVal[n * nSrc + q] = (s.amplitude ?? 1) * s.waveform((n + 0.5) * dt)));
  const nf = p.freqs.length;
  const wRe = new Float64Array(steps * nf), wIm = new Float64Array(steps * nf);
  for (let n = 0; n < steps; n++) {
    for (let f = 0; f < nf; f++) {
      const ph = 2 * Math.PI * p.freqs[f]! * (n + 1) * dt;
      wRe[n * nf + f] = Math.cos(ph) * dt;
      wIm[n * nf + f] = -Math.sin(ph) * dt;
    }
  }
  const cells = p.pmlCells ?? 0;
  if (!(Number.isInteger(cells) && cells >= 0 && 2 * cells + 3 <= Math.min(nx, ny))) throw new FdtdConfigError(`fdtdTM2D: pmlCells = ${cells}, expected an integer 0..${Math.floor((Math.min(nx, ny) - 3) / 2)}`);
  const px = pmlProfile(nx, dx, dt, { cells }), py = pmlProfile(ny, dx, dt, { cells });
  const psiSizes: [number, number, number, number] = [nx * py.h.index.length, px.h.index.length * ny, px.e.index.length * ny, nx * py.e.index.length];
  return { nx, ny, N, dt, ch: dt / MU0, inv: 1 / dx, steps, ca, cb, dca, dcb, srcIdx, srcVal, wRe, wIm, nf, px, py, psiSizes };
}

/** H half step: Hx -= ch dEz/dy, Hy += ch dEz/dx (c = ch / dx). */
function stepH(e: Float64Array, hx: Float64Array, hy: Float64Array, c: number, nx: number, ny: number): void {
  for (let i = 0; i < nx; i++) {
    const row = i * ny;
    for (let k = row; k < row + ny - 1; k++) hx[k] = hx[k]! - c * (e[k + 1]! - e[k]!);
    if (i < nx - 1) for (let k = row; k < row + ny; k++) hy[k] = hy[k]! + c * (e[k + ny]! - e[k]!);
  }
}

/** CPML H corrections (fdtd2d order): psiVxY, psiVyX from e; Hx -= ch psi, Hy += ch psi. */
function pmlH(e: Float64Array, hx: Float64Array, hy: Float64Array, psi: Float64Array[], S: Setup): void {
  const { nx, ny, ch, inv } = S;
  const [pvx, pvy] = psi as [Float64Array, Float64Array];
  {
    const { index, b, c } = S.py.h, np = index.length;
    for (let i = 0; i < nx; i++) for (let p = 0; p < np; p++) {
      const k = i * ny + index[p]!, q = i * np + p;
      pvx[q] = b[p]! * pvx[q]! + c[p]! * (e[k + 1]! - e[k]!) * inv;
      hx[k]! -= ch * pvx[q]!;
    }
  }
  {
    const { index, b, c } = S.px.h;
    for (let p = 0; p < index.length; p++) for (let j = 0; j < ny; j++) {
      const k = index[p]! * ny + j, q = p * ny + j;
      pvy[q] = b[p]! * pvy[q]! + c[p]! * (e[k + ny]! - e[k]!) * inv;
      hy[k]! += ch * pvy[q]!;
    }
  }
}

/** CPML E terms: psiUX, psiUY from H; T += psiUX - psiUY (T multiplies cb in the E update). */
function pmlE(hx: Float64Array, hy: Float64Array, T: Float64Array, psi: Float64Array[], S: Setup): void {
  const { nx, ny, inv } = S;
  const pux = psi[2]!, puy = psi[3]!;
  {
    const { index, b, c } = S.px.e;
    for (let p = 0; p < index.length; p++) {
      const i = index[p]!;
      if (i === 0 || i === nx - 1) continue;
      for (let j = 1; j < ny - 1; j++) {
        const k = i * ny + j, q = p * ny + j;
        pux[q] = b[p]! * pux[q]! + c[p]! * (hy[k]! - hy[k - ny]!) * inv;
        T[k]! += pux[q]!;
      }
    }
  }
  {
    const { index, b, c } = S.py.e, np = index.length;
    for (let i = 1; i < nx - 1; i++) for (let p = 0; p < np; p++) {
      const j = index[p]!;
      if (j === 0 || j === ny - 1) continue;
      const k = i * ny + j, q = i * np + p;
      puy[q] = b[p]! * puy[q]! + c[p]! * (hx[k]! - hx[k - 1]!) * inv;
      T[k]! -= puy[q]!;
    }
  }
}

/** One forward step of (e, hx, hy, psi); leaves T = curl H + psi terms - J in `T`. */
function stepAll(e: Float64Array, hx: Float64Array, hy: Float64Array, psi: Float64Array[], T: Float64Array, S: Setup, n: number): void {
  stepH(e, hx, hy, S.ch * S.inv, S.nx, S.ny);
  pmlH(e, hx, hy, psi, S);
  curlMinusSource(hx, hy, T, S, n);
  pmlE(hx, hy, T, psi, S);
  const { ca, cb, N } = S;
  for (let k = 0; k < N; k++) e[k] = ca[k]! * e[k]! + cb[k]! * T[k]!;
}

/** curl[k] = (Hy[k] - Hy[k-ny] - Hx[k] + Hx[k-1]) / dx on interior nodes, minus the source. */
function curlMinusSource(hx: Float64Array, hy: Float64Array, out: Float64Array, S: Setup, n: number): void {
  const { nx, ny, inv } = S;
  for (let i = 1; i < nx - 1; i++) {
    const row = i * ny;
    for (let k = row + 1; k < row + ny - 1; k++) out[k] = (hy[k]! - hy[k - ny]! - hx[k]! + hx[k - 1]!) * inv;
  }
  const nSrc = S.srcIdx.length;
  for (let q = 0; q < nSrc; q++) out[S.srcIdx[q]!]! -= S.srcVal[n * nSrc + q]!;
}

function accumulate(F: Float64Array, e: Float64Array, S: Setup, n: number): void {
  const { N, nf } = S;
  for (let f = 0; f < nf; f++) {
    const wr = S.wRe[n * nf + f]!, wi = S.wIm[n * nf + f]!;
    const re = 2 * f * N, im = re + N;
    for (let k = 0; k < N; k++) {
      F[re + k]! += wr * e[k]!;
      F[im + k]! += wi * e[k]!;
    }
  }
}

/** Forward run; with `deps` also the tangent-linear run, returning dF instead of F. */
function forward(epsR: Float64Array, p: FdtdTM2DParams, deps?: Float64Array): Float64Array {
  const S = setup(epsR, p);
  const { N, ca, cb, dca, dcb } = S;
  const e = new Float64Array(N), hx = new Float64Array(N), hy = new Float64Array(N), T = new Float64Array(N);
  const psi = S.psiSizes.map((n) => new Float64Array(n));
  // tangent: the same linear step with zero source, plus deps (dca e + dcb T) on the E update
  const de = deps ? new Float64Array(N) : null, dhx = deps ? new Float64Array(N) : null, dhy = deps ? new Float64Array(N) : null;
  const dT = deps ? new Float64Array(N) : null, dpsi = S.psiSizes.map((n) => new Float64Array(deps ? n : 0));
  const F = new Float64Array(2 * S.nf * N);
  const noSource = { ...S, srcIdx: new Int32Array(0) };
  for (let n = 0; n < S.steps; n++) {
    if (de && dhx && dhy && dT && deps) {
      stepH(de, dhx, dhy, S.ch * S.inv, S.nx, S.ny);
      pmlH(de, dhx, dhy, dpsi, S);
      curlMinusSource(dhx, dhy, dT, noSource, n);
      pmlE(dhx, dhy, dT, dpsi, S);
      // needs e^n and T^{n+1/2}: advance the primal H and T first, then both E's
      stepH(e, hx, hy, S.ch * S.inv, S.nx, S.ny);
      pmlH(e, hx, hy, psi, S);
      curlMinusSource(hx, hy, T, S, n);
      pmlE(hx, hy, T, psi, S);
      for (let k = 0; k < N; k++) {
        de[k] = ca[k]! * de[k]! + cb[k]! * dT[k]! + deps[k]! * (dca[k]! * e[k]! + dcb[k]! * T[k]!);
        e[k] = ca[k]! * e[k]! + cb[k]! * T[k]!;
      }
    } else {
      stepAll(e, hx, hy, psi, T, S, n);
    }
    accumulate(F, de ?? e, S, n);
  }
  return F;
}

/** Adjoint run: gradient of sum(ct * F) w.r.t. eps_r. */
function adjoint(epsR: Float64Array, ct: Float64Array, p: FdtdTM2DParams): Float64Array {
  const S = setup(epsR, p);
  const { nx, ny, N, nf, ca, cb, dca, dcb, steps, ch, inv } = S;
  const c = ch * inv;
  const K = Math.max(1, Math.min(steps, p.checkpointEvery ?? Math.ceil(Math.sqrt(steps))));
  const nSeg = Math.ceil(steps / K);
  // checkpoints: (e, hx, hy, psi...) before step s*K
  const cps: Float64Array[][] = [];
  let e = new Float64Array(N), hx = new Float64Array(N), hy = new Float64Array(N);
  let psi = S.psiSizes.map((n) => new Float64Array(n));
  const T = new Float64Array(N);
  const snapshot = () => [e, hx, hy, ...psi].map((a) => Float64Array.from(a));
  for (let n = 0; n < steps; n++) {
    if (n % K === 0) cps.push(snapshot());
    stepAll(e, hx, hy, psi, T, S, n);
  }
  // per-segment storage: e^n and T^{n+1/2} for each step of the segment
  const segE = new Float64Array(K * N), segT = new Float64Array(K * N);
  const eb = new Float64Array(N), hxb = new Float64Array(N), hyb = new Float64Array(N);
  const psib = S.psiSizes.map((n) => new Float64Array(n));
  const [pvxb, pvyb, puxb, puyb] = psib as [Float64Array, Float64Array, Float64Array, Float64Array];
  const Tb = new Float64Array(N);
  const g = new Float64Array(N);
  for (let s = nSeg - 1; s >= 0; s--) {
    const cp = cps[s]!;
    [e, hx, hy] = [Float64Array.from(cp[0]!), Float64Array.from(cp[1]!), Float64Array.from(cp[2]!)];
    psi = cp.slice(3).map((a) => Float64Array.from(a));
    const n0 = s * K, n1 = Math.min(steps, n0 + K);
    for (let n = n0; n < n1; n++) {
      segE.set(e, (n - n0) * N);
      stepAll(e, hx, hy, psi, T, S, n);
      segT.set(T, (n - n0) * N);
    }
    for (let n = n1 - 1; n >= n0; n--) {
      const off = (n - n0) * N;
      // F += w_n e^{n+1}
      for (let f = 0; f < nf; f++) {
        const wr = S.wRe[n * nf + f]!, wi = S.wIm[n * nf + f]!;
        const re = 2 * f * N, im = re + N;
        for (let k = 0; k < N; k++) eb[k]! += wr * ct[re + k]! + wi * ct[im + k]!;
      }
      // e^{n+1} = ca e^n + cb T, transposed (boundary e is fixed at 0)
      for (let i = 0; i < nx; i++) {
        for (let j = 0; j < ny; j++) {
          const k = i * ny + j;
          if (i === 0 || i === nx - 1 || j === 0 || j === ny - 1) {
            eb[k] = 0;
            Tb[k] = 0;
            continue;
          }
          const a = eb[k]!;
          g[k]! += a * (dca[k]! * segE[off + k]! + dcb[k]! * segT[off + k]!);
          Tb[k] = cb[k]! * a;
          eb[k] = ca[k]! * a;
        }
      }
      // T = curl H - J + psiUX - psiUY: curl transposed into H adjoints, T adjoint into the psi adjoints
      for (let i = 1; i < nx - 1; i++) {
        for (let k = i * ny + 1; k < i * ny + ny - 1; k++) {
          const t = Tb[k]! * inv;
          hyb[k]! += t;
          hyb[k - ny]! -= t;
          hxb[k]! -= t;
          hxb[k - 1]! += t;
        }
      }
      {
        // psiUX' = b psiUX + c (hy[k] - hy[k-ny]) inv
        const { index, b, c: cc } = S.px.e;
        for (let q0 = 0; q0 < index.length; q0++) {
          const i = index[q0]!;
          if (i === 0 || i === nx - 1) continue;
          for (let j = 1; j < ny - 1; j++) {
            const k = i * ny + j, q = q0 * ny + j;
            const a = puxb[q]! + Tb[k]!;
            const t = cc[q0]! * a * inv;
            hyb[k]! += t;
            hyb[k - ny]! -= t;
            puxb[q] = b[q0]! * a;
          }
        }
      }
      {
        const { index, b, c: cc } = S.py.e, np = index.length;
        for (let i = 1; i < nx - 1; i++) for (let q0 = 0; q0 < np; q0++) {
          const j = index[q0]!;
          if (j === 0 || j === ny - 1) continue;
          const k = i * ny + j, q = i * np + q0;
          const a = puyb[q]! - Tb[k]!;
          const t = cc[q0]! * a * inv;
          hxb[k]! += t;
          hxb[k - 1]! -= t;
          puyb[q] = b[q0]! * a;
        }
      }
      // H PML: Hx -= ch psiVxY', psiVxY' = b psiVxY + c (e[k+1] - e[k]) inv (and Hy += ch psiVyX')
      {
        const { index, b, c: cc } = S.py.h, np = index.length;
        for (let i = 0; i < nx; i++) for (let q0 = 0; q0 < np; q0++) {
          const k = i * ny + index[q0]!, q = i * np + q0;
          const a = pvxb[q]! - ch * hxb[k]!;
          const t = cc[q0]! * a * inv;
          eb[k + 1]! += t;
          eb[k]! -= t;
          pvxb[q] = b[q0]! * a;
        }
      }
      {
        const { index, b, c: cc } = S.px.h;
        for (let q0 = 0; q0 < index.length; q0++) for (let j = 0; j < ny; j++) {
          const k = index[q0]! * ny + j, q = q0 * ny + j;
          const a = pvyb[q]! + ch * hyb[k]!;
          const t = cc[q0]! * a * inv;
          eb[k + ny]! += t;
          eb[k]! -= t;
          pvyb[q] = b[q0]! * a;
        }
      }
      // H half step, transposed: Hy += c (e[k+ny] - e[k]), Hx -= c (e[k+1] - e[k])
      for (let i = 0; i < nx; i++) {
        const row = i * ny;
        for (let k = row; k < row + ny - 1; k++) {
          const t = c * hxb[k]!;
          eb[k + 1]! -= t;
          eb[k]! += t;
        }
        if (i < nx - 1) {
          for (let k = row; k < row + ny; k++) {
            const t = c * hyb[k]!;
            eb[k + ny]! += t;
            eb[k]! -= t;
          }
        }
      }
    }
  }
  return g;
}

const noSecondOrder = (name: string) => (): never => {
  throw new Error(`${name}: second derivatives through the FDTD time loop are not implemented (first order only)`);
};

/** dF = J deps (tangent-linear time loop). */
const fdtdTM2DTangent: Primitive<FdtdTM2DParams> = definePrimitive<FdtdTM2DParams>({
  name: 'mindelec.fdtdTM2DTangent',
  impl([eps, deps], p) {
    const out = forward(eps!.data() as Float64Array, p, Float64Array.from(deps!.data()));
    return tensor(out, { shape: [p.freqs.length, 2, p.nx, p.ny] });
  },
  jvp: noSecondOrder('mindelec.fdtdTM2DTangent'),
  vjp: noSecondOrder('mindelec.fdtdTM2DTangent'),
});

/** g = J^T ct (adjoint time loop). */
const fdtdTM2DAdjoint: Primitive<FdtdTM2DParams> = definePrimitive<FdtdTM2DParams>({
  name: 'mindelec.fdtdTM2DAdjoint',
  impl([eps, ct], p) {
    return tensor(adjoint(eps!.data() as Float64Array, Float64Array.from(ct!.data()), p), { shape: [p.nx, p.ny] });
  },
  jvp: noSecondOrder('mindelec.fdtdTM2DAdjoint'),
  vjp: noSecondOrder('mindelec.fdtdTM2DAdjoint'),
});

export const fdtdTM2DPrimitive: Primitive<FdtdTM2DParams> = definePrimitive<FdtdTM2DParams>({
  name: 'mindelec.fdtdTM2D',
  impl([eps], p) {
    return tensor(forward(eps!.data() as Float64Array, p), { shape: [p.freqs.length, 2, p.nx, p.ny] });
  },
  jvp([eps], [deps], p) {
    return deps ? bind(fdtdTM2DTangent, [eps!, deps], p) : null;
  },
  vjp(ct, [eps], p, _out, which) {
    return [which[0] ? bind(fdtdTM2DAdjoint, [eps!, ct], p) : null];
  },
});

/** F [nFreq, 2, nx, ny]: running DFT (Re, Im) of Ez (V s/m) for relative permittivity epsR [nx, ny]. */
export function fdtdTM2D(epsR: Tensor, params: FdtdTM2DParams): Tensor {
  if (epsR.shape.length !== 2 || epsR.shape[0] !== params.nx || epsR.shape[1] !== params.ny) {
    throw new FdtdConfigError(`fdtdTM2D: epsR has shape [${epsR.shape.join(', ')}], expected [${params.nx}, ${params.ny}]`);
  }
  return bind(fdtdTM2DPrimitive, [epsR], params);
}
