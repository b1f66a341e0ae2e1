/**
 * Exact 2-D scattering of a normally incident plane wave by an infinite circular cylinder
 * (Balanis, Advanced Engineering Electromagnetics, 2nd ed., sec. 11.5; Harrington 1961, sec. 5-7).
 * Incident u = exp(-j k x) (TM: u = Ez, TE: u = Hz); scattered u = sum_n j^-n a_n H2_n(k rho) e^{j n phi}.
 *   PEC TM: a_n = -J_n(ka) / H2_n(ka);  PEC TE: a_n = -J_n'(ka) / H2_n'(ka)
 *   dielectric (eps_r, mu_r = 1): a_n = [q J_n(ka) J_n'(k1 a) - J_n'(ka) J_n(k1 a)] /
 *                                       [H2_n'(ka) J_n(k1 a) - q H2_n(ka) J_n'(k1 a)]
 *   with q = sqrt(eps_r) (TM) or 1/sqrt(eps_r) (TE).
 * Echo width: sigma_2D / lambda = (2/pi) |sum_n a_n e^{j n phi}|^2, phi from the propagation direction.
 */
import { besselJY } from '../bessel.ts';

export interface CylinderSpec {
  /** k a, free-space wavenumber times radius. */
  ka: number;
  pol: 'TM' | 'TE';
  /** Relative permittivity of a dielectric cylinder; omit for PEC. */
  epsR?: number;
}

/** sigma_2D / lambda at each angle phi (rad). */
export function mie2dEchoWidth(spec: CylinderSpec, phis: readonly number[]): Float64Array {
  const { ka, pol, epsR } = spec;
  const nMax = Math.ceil(ka * Math.sqrt(epsR ?? 1) + 4.05 * Math.cbrt(ka * Math.sqrt(epsR ?? 1)) + 10);
  const o = besselJY(nMax, ka);
  const aRe = new Float64Array(nMax + 1);
  const aIm = new Float64Array(nMax + 1);
  const inner = epsR !== undefined ? besselJY(nMax, ka * Math.sqrt(epsR)) : undefined;
  const q = epsR === undefined ? 0 : pol === 'TM' ? Math.sqrt(epsR) : 1 / Math.sqrt(epsR);
  for (let n = 0; n <= nMax; n++) {
    // H2 = J - jY
    let numRe: number, numIm: number, denRe: number, denIm: number;
    if (!inner) {
      const [j, y] = pol === 'TM' ? [o.J[n]!, o.Y[n]!] : [o.Jp[n]!, o.Yp[n]!];
      numRe = -j;
      numIm = 0;
      denRe = j;
      denIm = -y;
    } else {
      const J1 = inner.J[n]!, J1p = inner.Jp[n]!;
      numRe = q * o.J[n]! * J1p - o.Jp[n]! * J1;
      numIm = 0;
      denRe = o.Jp[n]! * J1 - q * o.J[n]! * J1p;
      denIm = -(o.Yp[n]! * J1 - q * o.Y[n]! * J1p);
    }
    const d2 = denRe * denRe + denIm * denIm;
    aRe[n] = (numRe * denRe + numIm * denIm) / d2;
    aIm[n] = (numIm * denRe - numRe * denIm) / d2;
  }
  const out = new Float64Array(phis.length);
  phis.forEach((phi, p) => {
    // a_{-n} = a_n for these problems, so sum = a_0 + 2 sum_{n>0} a_n cos(n phi)
    let sr = aRe[0]!, si = aIm[0]!;
    for (let n = 1; n <= nMax; n++) {
      const c = 2 * Math.cos(n * phi);
      sr += aRe[n]! * c;
      si += aIm[n]! * c;
    }
    out[p] = (2 / Math.PI) * (sr * sr + si * si);
  });
  return out;
}
