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

/**
 * J_n(z) and J_n'(z), n = 0..nMax, for complex z = zr + j zi by the power series
 * J_n(z) = sum_m (-1)^m (z/2)^(2m+n) / (m! (m+n)!) (fine to ~1e-10 for |z| <= 12), J_n' = (J_{n-1} - J_{n+1}) / 2.
 */
export function besselJComplex(nMax: number, zr: number, zi: number): { re: Float64Array; im: Float64Array; pre: Float64Array; pim: Float64Array } {
  if (!(Math.hypot(zr, zi) <= 12)) throw new Error(`besselJComplex: |z| = ${Math.hypot(zr, zi)} > 12, outside the power series' accurate range`);
  const re = new Float64Array(nMax + 2), im = new Float64Array(nMax + 2);
  const hr = zr / 2, hi = zi / 2;
  const h2r = hr * hr - hi * hi, h2i = 2 * hr * hi; // (z/2)^2
  // (z/2)^n / n!
  let pr = 1, pi = 0;
  for (let n = 0; n <= nMax + 1; n++) {
    if (n > 0) {
      const t = (pr * hr - pi * hi) / n;
      pi = (pr * hi + pi * hr) / n;
      pr = t;
    }
    // sum_m (-(z/2)^2)^m / (m! (n+1)...(n+m)) times (z/2)^n / n!
    let tr = pr, ti = pi, sr = pr, si = pi;
    for (let m = 1; m < 200; m++) {
      const f = -1 / (m * (n + m));
      const a = (tr * h2r - ti * h2i) * f;
      ti = (tr * h2i + ti * h2r) * f;
      tr = a;
      sr += tr;
      si += ti;
      if (Math.hypot(tr, ti) < 1e-18 * Math.hypot(sr, si)) break;
    }
    re[n] = sr;
    im[n] = si;
  }
  const pre = new Float64Array(nMax + 1), pim = new Float64Array(nMax + 1);
  for (let n = 0; n <= nMax; n++) {
    const lr = n === 0 ? -re[1]! : re[n - 1]!, li = n === 0 ? -im[1]! : im[n - 1]!;
    pre[n] = (lr - re[n + 1]!) / 2;
    pim[n] = (li - im[n + 1]!) / 2;
  }
  return { re: re.subarray(0, nMax + 1), im: im.subarray(0, nMax + 1), pre, pim };
}

/**
 * sigma_2D / lambda of a TM cylinder with complex relative permittivity epsRe + j epsIm (e^{+j omega t}:
 * a lossy medium has epsIm < 0), the same series as mie2dEchoWidth with q = sqrt(eps) complex.
 */
export function mie2dEchoWidthTMComplex(ka: number, epsRe: number, epsIm: number, phis: readonly number[]): Float64Array {
  // principal sqrt
  const mod = Math.hypot(epsRe, epsIm);
  const qr = Math.sqrt((mod + epsRe) / 2), qi = Math.sign(epsIm || 1) * Math.sqrt(Math.max((mod - epsRe) / 2, 0));
  const nMax = Math.ceil(ka * mod ** 0.5 + 4.05 * Math.cbrt(ka * mod ** 0.5) + 10);
  const o = besselJY(nMax, ka);
  const inner = besselJComplex(nMax, ka * qr, ka * qi);
  const aRe = new Float64Array(nMax + 1), aIm = new Float64Array(nMax + 1);
  type C = [number, number];
  const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
  for (let n = 0; n <= nMax; n++) {
    const J1: C = [inner.re[n]!, inner.im[n]!], J1p: C = [inner.pre[n]!, inner.pim[n]!];
    const qJ1p = mul([qr, qi], J1p);
    // num = q J(ka) J1' - J'(ka) J1;  den = H2'(ka) J1 - q H2(ka) J1'  with H2 = J - jY
    const num: C = [o.J[n]! * qJ1p[0] - o.Jp[n]! * J1[0], o.J[n]! * qJ1p[1] - o.Jp[n]! * J1[1]];
    const a1 = mul([o.Jp[n]!, -o.Yp[n]!], J1), a2 = mul([o.J[n]!, -o.Y[n]!], qJ1p);
    const den: C = [a1[0] - a2[0], a1[1] - a2[1]];
    const d2 = den[0] * den[0] + den[1] * den[1];
    aRe[n] = (num[0] * den[0] + num[1] * den[1]) / d2;
    aIm[n] = (num[1] * den[0] - num[0] * den[1]) / d2;
  }
  return Float64Array.from(phis, (phi) => {
    let sr = aRe[0]!, si = aIm[0]!;
    for (let n = 1; n <= nMax; n++) {
      const c = 2 * Math.cos(n * phi);
      sr += aRe[n]! * c;
      si += aIm[n]! * c;
    }
    return (2 / Math.PI) * (sr * sr + si * si);
  });
}
