/**
 * Ewald summation: parameter choice (OpenMM's, from `ewaldErrorTolerance`), the plain reciprocal sum,
 * and the corrections shared with PME (self energy, excluded pairs, neutralising background).
 *
 * A `ReciprocalSum.compute(R [3N] nm, F, W)` returns the energy (kJ/mol) of reciprocal + self +
 * excluded-pair (-k q q erf(alpha r)/r) + net-charge terms, adds forces (kJ/mol/nm) into F and the
 * virial [xx,yy,zz,xy,xz,yz] (kJ/mol) into W. Orthorhombic boxes only, lengths in nm.
 * Reference: Essmann et al., J. Chem. Phys. 103, 8577 (1995); OpenMM NonbondedForceImpl::calcEwaldParameters.
 */
import { COULOMB_CONSTANT, type ForceFieldParams } from './amberParams.ts';
import { erf } from './erfc.ts';

export interface ReciprocalSum {
  compute(R: Float64Array, F: Float64Array | null, W: Float64Array | null): number;
}

/** OpenMM's choice: alpha = sqrt(-ln(2 tol)) / rc; kmax from its error estimate (odd). */
export function ewaldParameters(cutoff: number, tol: number, box?: readonly [number, number, number]): { alpha: number; kmax: [number, number, number] } {
  if (!(tol > 0 && tol < 0.5)) throw new Error(`ewaldErrorTolerance = ${tol}, expected a value in (0, 0.5)`);
  if (!(cutoff > 0)) throw new Error(`cutoff = ${cutoff} nm, expected > 0`);
  const alpha = Math.sqrt(-Math.log(2 * tol)) / cutoff;
  const kmaxFor = (L: number): number => {
    const f = (k: number): number => tol - 0.05 * Math.sqrt(L * alpha) * k * Math.exp(-(((k * Math.PI) / (L * alpha)) ** 2));
    let k = 10;
    let v = f(k);
    if (v > 0) {
      while (v > 0 && k > 0) v = f(--k);
      k += 1;
    } else {
      while (v < 0) v = f(++k);
    }
    return k % 2 === 0 ? k + 1 : k;
  };
  const kmax: [number, number, number] = box ? [kmaxFor(box[0]), kmaxFor(box[1]), kmaxFor(box[2])] : [0, 0, 0];
  return { alpha, kmax };
}

/** Smallest power of two >= n (fft.js needs powers of two; OpenMM would take 2^a 3^b 5^c 7^d). */
export function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/** PME grid from OpenMM's estimate K = ceil(2 alpha L / (3 tol^(1/5))), rounded up to a power of two. */
export function pmeParameters(alpha: number, box: readonly [number, number, number], tol: number): [number, number, number] {
  const g = (L: number): number => nextPowerOfTwo(Math.max(6, Math.ceil((2 * alpha * L) / (3 * tol ** 0.2))));
  return [g(box[0]), g(box[1]), g(box[2])];
}

/**
 * Self energy, excluded-pair corrections (all exclusions incl. 1-4, minimum image) and the
 * neutralising-background term -pi k Q^2 / (2 V alpha^2). Shared by Ewald and PME.
 */
export function ewaldCorrections(p: ForceFieldParams, alpha: number, box: readonly [number, number, number]) {
  const n = p.nAtoms;
  let q2 = 0, Q = 0;
  for (let a = 0; a < n; a++) { q2 += p.charges[a]! ** 2; Q += p.charges[a]!; }
  const V = box[0] * box[1] * box[2];
  const eSelf = -COULOMB_CONSTANT * (alpha / Math.sqrt(Math.PI)) * q2;
  const eNet = (-Math.PI * COULOMB_CONSTANT * Q * Q) / (2 * V * alpha * alpha);
  const [Lx, Ly, Lz] = box;
  const twoOverSqrtPi = 2 / Math.sqrt(Math.PI);
  return (R: Float64Array, F: Float64Array | null, W: Float64Array | null): number => {
    let e = eSelf + eNet;
    if (W) { W[0] += eNet; W[1] += eNet; W[2] += eNet; }
    for (let i = 0; i < n; i++) {
      const qi = p.charges[i]!;
      if (qi === 0) continue;
      for (let x = p.exclusionStart[i]!; x < p.exclusionStart[i + 1]!; x++) {
        const j = p.exclusionList[x]!;
        if (j <= i) continue;
        const qq = COULOMB_CONSTANT * qi * p.charges[j]!;
        if (qq === 0) continue;
        let dx = R[3 * i]! - R[3 * j]!, dy = R[3 * i + 1]! - R[3 * j + 1]!, dz = R[3 * i + 2]! - R[3 * j + 2]!;
        dx -= Lx * Math.round(dx / Lx); dy -= Ly * Math.round(dy / Ly); dz -= Lz * Math.round(dz / Lz);
        const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
        const erfar = erf(alpha * r);
        e -= (qq * erfar) / r;
        if (F || W) {
          // d/dr [erf(a r)/r] = (2a/sqrt(pi)) exp(-a^2 r^2)/r - erf(a r)/r^2 ; force on i = +qq d/dr(...) * d/r
          const dEdr = qq * ((twoOverSqrtPi * alpha * Math.exp(-alpha * alpha * r * r)) / r - erfar / (r * r));
          const fs = dEdr / r;
          const fx = fs * dx, fy = fs * dy, fz = fs * dz;
          if (F) {
            F[3 * i] += fx; F[3 * i + 1] += fy; F[3 * i + 2] += fz;
            F[3 * j] -= fx; F[3 * j + 1] -= fy; F[3 * j + 2] -= fz;
          }
          if (W) { W[0] += dx * fx; W[1] += dy * fy; W[2] += dz * fz; W[3] += dx * fy; W[4] += dx * fz; W[5] += dy * fz; }
        }
      }
    }
    return e;
  };
}

/** Plain Ewald reciprocal sum over |k_d| <= kmax_d - 1 (OpenMM's reference convention). O(N K^3). */
export function createEwaldReciprocal(p: ForceFieldParams, alpha: number, kmax: readonly [number, number, number], box: readonly [number, number, number]): ReciprocalSum {
  const n = p.nAtoms;
  const [Kx, Ky, Kz] = [kmax[0] - 1, kmax[1] - 1, kmax[2] - 1];
  const [Lx, Ly, Lz] = box;
  const V = Lx * Ly * Lz;
  const corrections = ewaldCorrections(p, alpha, box);
  // Per-atom e^{i 2 pi k x / L} for k in [-K, K]: [n][2K+1] complex.
  const ex = new Float64Array(n * (2 * Kx + 1) * 2), ey = new Float64Array(n * (2 * Ky + 1) * 2), ez = new Float64Array(n * (2 * Kz + 1) * 2);
  const fill = (tab: Float64Array, K: number, R: Float64Array, d: number, L: number): void => {
    const w = 2 * K + 1;
    for (let a = 0; a < n; a++) {
      for (let k = -K; k <= K; k++) {
        const th = (2 * Math.PI * k * R[3 * a + d]!) / L;
        tab[2 * (a * w + k + K)] = Math.cos(th);
        tab[2 * (a * w + k + K) + 1] = Math.sin(th);
      }
    }
  };
  const cosk = new Float64Array(n), sink = new Float64Array(n);
  return {
    compute(R, F, W) {
      fill(ex, Kx, R, 0, Lx); fill(ey, Ky, R, 1, Ly); fill(ez, Kz, R, 2, Lz);
      const wx = 2 * Kx + 1, wy = 2 * Ky + 1, wz = 2 * Kz + 1;
      let E = 0;
      for (let kx = 0; kx <= Kx; kx++) {
        for (let ky = kx === 0 ? 0 : -Ky; ky <= Ky; ky++) {
          for (let kz = kx === 0 && ky === 0 ? 1 : -Kz; kz <= Kz; kz++) {
            const gx = (2 * Math.PI * kx) / Lx, gy = (2 * Math.PI * ky) / Ly, gz = (2 * Math.PI * kz) / Lz;
            const k2 = gx * gx + gy * gy + gz * gz;
            const w = Math.exp(-k2 / (4 * alpha * alpha)) / k2;
            let Sc = 0, Ss = 0;
            for (let a = 0; a < n; a++) {
              const ix = 2 * (a * wx + kx + Kx), iy = 2 * (a * wy + ky + Ky), iz = 2 * (a * wz + kz + Kz);
              const cxy = ex[ix]! * ey[iy]! - ex[ix + 1]! * ey[iy + 1]!, sxy = ex[ix]! * ey[iy + 1]! + ex[ix + 1]! * ey[iy]!;
              const c = cxy * ez[iz]! - sxy * ez[iz + 1]!, s = cxy * ez[iz + 1]! + sxy * ez[iz]!;
              cosk[a] = c; sink[a] = s;
              Sc += p.charges[a]! * c; Ss += p.charges[a]! * s;
            }
            // Half space: each k stands for k and -k.
            const ek = ((4 * Math.PI * COULOMB_CONSTANT) / V) * w * (Sc * Sc + Ss * Ss);
            E += ek;
            if (F) {
              const pref = ((8 * Math.PI * COULOMB_CONSTANT) / V) * w;
              for (let a = 0; a < n; a++) {
                const s = pref * p.charges[a]! * (Sc * sink[a]! - Ss * cosk[a]!);
                F[3 * a] += s * gx; F[3 * a + 1] += s * gy; F[3 * a + 2] += s * gz;
              }
            }
            if (W) {
              const b = 2 * (1 / k2 + 1 / (4 * alpha * alpha));
              W[0] += ek * (1 - b * gx * gx); W[1] += ek * (1 - b * gy * gy); W[2] += ek * (1 - b * gz * gz);
              W[3] -= ek * b * gx * gy; W[4] -= ek * b * gx * gz; W[5] -= ek * b * gy * gz;
            }
          }
        }
      }
      return E + corrections(R, F, W);
    },
  };
}
