/**
 * Smooth particle-mesh Ewald (Essmann et al., J. Chem. Phys. 103, 8577 (1995)), reciprocal part.
 *
 * `createPme(params, alpha [1/nm], grid [Kx,Ky,Kz] (powers of two), box [nm], order)` returns a
 * `ReciprocalSum` (see ewald.ts): energy kJ/mol of reciprocal + self + exclusion + net-charge terms,
 * forces kJ/mol/nm added to F, virial added to W. Cardinal B-splines of `order` (default 5, OpenMM's),
 * 3-D complex FFT built from fft.js 1-D transforms. Orthorhombic boxes only.
 */
import FFT from 'fft.js';
import { COULOMB_CONSTANT, type ForceFieldParams } from './amberParams.ts';
import { ewaldCorrections, type ReciprocalSum } from './ewald.ts';

/** Essmann's fill_bspline: weights M_n(w + n-1-s) (s = 0..n-1) and their derivatives d/du. */
export function bsplineWeights(w: number, n: number, data: Float64Array, ddata: Float64Array, o = 0): void {
  data[o + n - 1] = 0; data[o + 1] = w; data[o] = 1 - w;
  for (let j = 3; j <= n - 1; j++) {
    const div = 1 / (j - 1);
    data[o + j - 1] = div * w * data[o + j - 2]!;
    for (let k = 1; k <= j - 2; k++) data[o + j - k - 1] = div * ((w + k) * data[o + j - k - 2]! + (j - k - w) * data[o + j - k - 1]!);
    data[o] = div * (1 - w) * data[o]!;
  }
  ddata[o] = -data[o]!;
  for (let j = 1; j < n; j++) ddata[o + j] = data[o + j - 1]! - data[o + j]!;
  const div = 1 / (n - 1);
  data[o + n - 1] = div * w * data[o + n - 2]!;
  for (let k = 1; k <= n - 2; k++) data[o + n - k - 1] = div * ((w + k) * data[o + n - k - 2]! + (n - k - w) * data[o + n - k - 1]!);
  data[o] = div * (1 - w) * data[o]!;
}

/** |b(m)|^2 moduli for one dimension (Essmann eq. 4.4), with OpenMM's fix for vanishing denominators. */
function bsplineModuli(K: number, n: number): Float64Array {
  const data = new Float64Array(n), dd = new Float64Array(n);
  bsplineWeights(0, n, data, dd);
  // data[s] = M_n(n-1-s); M_n(k+1) = data[n-2-k].
  const mod = new Float64Array(K);
  for (let m = 0; m < K; m++) {
    let sc = 0, ss = 0;
    for (let k = 0; k <= n - 2; k++) {
      const arg = (2 * Math.PI * m * k) / K;
      sc += data[n - 2 - k]! * Math.cos(arg);
      ss += data[n - 2 - k]! * Math.sin(arg);
    }
    mod[m] = sc * sc + ss * ss;
  }
  for (let m = 0; m < K; m++) if (mod[m]! < 1e-7) mod[m] = (mod[(m - 1 + K) % K]! + mod[(m + 1) % K]!) / 2;
  return mod;
}

/** In-place 3-D complex FFT of an interleaved [Kx][Ky][Kz] grid (z fastest). */
class Fft3d {
  private readonly fx: FFT; private readonly fy: FFT; private readonly fz: FFT;
  private readonly bufIn: Float64Array; private readonly bufOut: Float64Array;
  constructor(readonly Kx: number, readonly Ky: number, readonly Kz: number) {
    this.fx = new FFT(Kx); this.fy = new FFT(Ky); this.fz = new FFT(Kz);
    const m = 2 * Math.max(Kx, Ky, Kz);
    this.bufIn = new Float64Array(m); this.bufOut = new Float64Array(m);
  }
  /** sign -1: forward (e^{-i..}), +1: unnormalised backward (e^{+i..}). */
  run(g: Float64Array, sign: -1 | 1): void {
    this.axis(g, this.fz, this.Kz, 1, this.Kx * this.Ky, (r) => 2 * r * this.Kz, sign);
    this.axis(g, this.fy, this.Ky, this.Kz, this.Kx * this.Kz, (r) => 2 * ((Math.floor(r / this.Kz) * this.Ky) * this.Kz + (r % this.Kz)), sign);
    this.axis(g, this.fx, this.Kx, this.Ky * this.Kz, this.Ky * this.Kz, (r) => 2 * r, sign);
  }
  private axis(g: Float64Array, fft: FFT, K: number, stride: number, rows: number, start: (r: number) => number, sign: -1 | 1): void {
    const a = this.bufIn, b = this.bufOut;
    for (let r = 0; r < rows; r++) {
      const s0 = start(r);
      for (let k = 0; k < K; k++) { const o = s0 + 2 * k * stride; a[2 * k] = g[o]!; a[2 * k + 1] = g[o + 1]!; }
      if (sign < 0) fft.transform(b, a);
      else fft.inverseTransform(b, a);
      const scale = sign < 0 ? 1 : K;
      for (let k = 0; k < K; k++) { const o = s0 + 2 * k * stride; g[o] = b[2 * k]! * scale; g[o + 1] = b[2 * k + 1]! * scale; }
    }
  }
}

/**
 * Smooth particle-mesh Ewald reciprocal sum (Essmann et al. 1995) for an orthorhombic box: energy (kJ/mol) of the
 * reciprocal + self + exclusion + net-charge terms, forces (kJ/mol/nm) added to F, virial added to W.
 * @param alpha Ewald splitting parameter, 1/nm.
 * @param grid [Kx, Ky, Kz], powers of two ≥ order.
 * @param box Edge lengths [Lx, Ly, Lz], nm.
 * @param order B-spline order 3..12 (default 5, OpenMM's).
 * @throws Error on a grid size that is not a power of two ≥ order, or an order outside 3..12.
 */
export function createPme(p: ForceFieldParams, alpha: number, grid: readonly [number, number, number], box: readonly [number, number, number], order = 5): ReciprocalSum {
  const [Kx, Ky, Kz] = grid;
  for (const K of grid) {
    if (!(Number.isInteger(K) && K >= order && (K & (K - 1)) === 0)) throw new Error(`pme: grid size ${K}, expected a power of two >= order ${order}`);
  }
  if (!(order >= 3 && order <= 12)) throw new Error(`pme: order ${order}, expected 3..12`);
  const n = p.nAtoms;
  const [Lx, Ly, Lz] = box;
  const V = Lx * Ly * Lz;
  const corrections = ewaldCorrections(p, alpha, box);
  const fft = new Fft3d(Kx, Ky, Kz);
  const Q = new Float64Array(2 * Kx * Ky * Kz);
  const mx = bsplineModuli(Kx, order), my = bsplineModuli(Ky, order), mz = bsplineModuli(Kz, order);
  // Influence function G(m) = k/(pi V) exp(-pi^2 m^2/alpha^2)/m^2 / (|b|^2 product); E = 1/2 sum G |FQ|^2.
  const G = new Float64Array(Kx * Ky * Kz);
  const virB = new Float64Array(Kx * Ky * Kz); // 2 (1 + pi^2 m^2/alpha^2)/m^2
  const mvx = new Float64Array(Kx), mvy = new Float64Array(Ky), mvz = new Float64Array(Kz);
  for (let i = 0; i < Kx; i++) mvx[i] = (i <= Kx / 2 ? i : i - Kx) / Lx;
  for (let i = 0; i < Ky; i++) mvy[i] = (i <= Ky / 2 ? i : i - Ky) / Ly;
  for (let i = 0; i < Kz; i++) mvz[i] = (i <= Kz / 2 ? i : i - Kz) / Lz;
  for (let i = 0; i < Kx; i++) for (let j = 0; j < Ky; j++) for (let k = 0; k < Kz; k++) {
    const idx = (i * Ky + j) * Kz + k;
    if (idx === 0) continue;
    const m2 = mvx[i]! ** 2 + mvy[j]! ** 2 + mvz[k]! ** 2;
    const e = Math.exp((-Math.PI * Math.PI * m2) / (alpha * alpha));
    G[idx] = (COULOMB_CONSTANT / (Math.PI * V)) * e / m2 / (mx[i]! * my[j]! * mz[k]!);
    virB[idx] = (2 * (1 + (Math.PI * Math.PI * m2) / (alpha * alpha))) / m2;
  }
  const thx = new Float64Array(n * order), thy = new Float64Array(n * order), thz = new Float64Array(n * order);
  const dthx = new Float64Array(n * order), dthy = new Float64Array(n * order), dthz = new Float64Array(n * order);
  // Wrapped grid indices of each atom's support, so the spread/gather loops need no modulo.
  const ixs = new Int32Array(n * order), iys = new Int32Array(n * order), izs = new Int32Array(n * order);

  return {
    compute(R, F, W) {
      Q.fill(0);
      for (let a = 0; a < n; a++) {
        let ux = R[3 * a]! / Lx, uy = R[3 * a + 1]! / Ly, uz = R[3 * a + 2]! / Lz;
        ux = (ux - Math.floor(ux)) * Kx; uy = (uy - Math.floor(uy)) * Ky; uz = (uz - Math.floor(uz)) * Kz;
        const ix = Math.floor(ux), iy = Math.floor(uy), iz = Math.floor(uz);
        const o = a * order;
        bsplineWeights(ux - ix, order, thx, dthx, o);
        bsplineWeights(uy - iy, order, thy, dthy, o);
        bsplineWeights(uz - iz, order, thz, dthz, o);
        // data[s] belongs to grid point floor(u) - order + 1 + s.
        for (let t = 0; t < order; t++) {
          ixs[o + t] = (ix - order + 1 + t + Kx) % Kx;
          iys[o + t] = (iy - order + 1 + t + Ky) % Ky;
          izs[o + t] = (iz - order + 1 + t + Kz) % Kz;
        }
        const q = p.charges[a]!;
        if (q === 0) continue;
        for (let sx = 0; sx < order; sx++) {
          const wx = q * thx[o + sx]!;
          const bx = ixs[o + sx]! * Ky;
          for (let sy = 0; sy < order; sy++) {
            const wxy = wx * thy[o + sy]!;
            const base = (bx + iys[o + sy]!) * Kz;
            for (let sz = 0; sz < order; sz++) Q[2 * (base + izs[o + sz]!)] += wxy * thz[o + sz]!;
          }
        }
      }
      fft.run(Q, -1);
      let E = 0;
      let w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0;
      for (let i = 0, idx = 0; i < Kx; i++) {
        const ax = mvx[i]!;
        for (let j = 0; j < Ky; j++) {
          const ay = mvy[j]!;
          for (let k = 0; k < Kz; k++, idx++) {
            const re = Q[2 * idx]!, im = Q[2 * idx + 1]!;
            const g = G[idx]!;
            const e = 0.5 * g * (re * re + im * im);
            E += e;
            const b = virB[idx]!, az = mvz[k]!, eb = e * b;
            w0 += e - eb * ax * ax; w1 += e - eb * ay * ay; w2 += e - eb * az * az;
            w3 -= eb * ax * ay; w4 -= eb * ax * az; w5 -= eb * ay * az;
            Q[2 * idx] = re * g; Q[2 * idx + 1] = im * g;
          }
        }
      }
      if (W) { W[0] += w0; W[1] += w1; W[2] += w2; W[3] += w3; W[4] += w4; W[5] += w5; }
      if (F) {
        fft.run(Q, 1); // Q now holds the convolution theta_rec * Q (real part)
        for (let a = 0; a < n; a++) {
          const q = p.charges[a]!;
          if (q === 0) continue;
          const o = a * order;
          let fx = 0, fy = 0, fz = 0;
          for (let sx = 0; sx < order; sx++) {
            const tx = thx[o + sx]!, dx = dthx[o + sx]!;
            const bx = ixs[o + sx]! * Ky;
            for (let sy = 0; sy < order; sy++) {
              const ty = thy[o + sy]!, dy = dthy[o + sy]!;
              const base = (bx + iys[o + sy]!) * Kz;
              for (let sz = 0; sz < order; sz++) {
                const c = Q[2 * (base + izs[o + sz]!)]!;
                const tz = thz[o + sz]!;
                fx += dx * ty * tz * c; fy += tx * dy * tz * c; fz += tx * ty * dthz[o + sz]! * c;
              }
            }
          }
          F[3 * a] -= q * fx * (Kx / Lx); F[3 * a + 1] -= q * fy * (Ky / Ly); F[3 * a + 2] -= q * fz * (Kz / Lz);
        }
      }
      return E + corrections(R, F, W);
    },
  };
}
