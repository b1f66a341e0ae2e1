/**
 * Bessel functions of the first and second kind, integer order n >= 0, real argument x > 0.
 *
 * besselJY(nMax, x) returns J_0..J_nMax, Y_0..Y_nMax and their derivatives (Float64Array, length nMax+1).
 * - J_n: Miller's backward recurrence normalised by J_0 + 2 sum J_2k = 1 (relative accuracy for all n,
 *   including the tiny J_n of n >> x that dielectric-cylinder coefficients divide by).
 * - Y_0, Y_1: integral representations (DLMF 10.9.7), composite Simpson + Richardson on smooth integrands; Y_n then
 *   by forward recurrence, which is stable for Y.
 * - derivatives: Z_n' = Z_{n-1} - (n/x) Z_n, Z_0' = -Z_1.
 * Accuracy vs scipy.special: ~1e-12 relative (see bessel.test.ts and mindelec/reference/bessel/).
 */

export interface BesselTable {
  J: Float64Array;
  Y: Float64Array;
  Jp: Float64Array;
  Yp: Float64Array;
}

function besselJAll(nMax: number, x: number): Float64Array {
  const J = new Float64Array(nMax + 1);
  if (x === 0) {
    J[0] = 1;
    return J;
  }
  // Start well above max(n, x) so the dominant solution has decayed out.
  const top = Math.max(nMax, Math.ceil(x)) + 30 + Math.ceil(Math.sqrt(60 * Math.max(nMax, x)));
  const start = top + (top % 2);
  let jp1 = 0;
  let j = 1e-300;
  let norm = 0;
  for (let k = start; k > 0; k--) {
    const jm1 = ((2 * k) / x) * j - jp1;
    jp1 = j;
    j = jm1;
    // j now holds J_{k-1}; jp1 holds J_k
    if (k - 1 <= nMax) J[k - 1] = j;
    if ((k - 1) % 2 === 0 && k - 1 > 0) norm += 2 * j;
    if (Math.abs(j) > 1e250) {
      // rescale to avoid overflow
      j *= 1e-250;
      jp1 *= 1e-250;
      norm *= 1e-250;
      for (let m = k - 1; m <= nMax; m++) J[m]! *= 1e-250;
    }
  }
  norm += j; // J_0
  for (let m = 0; m <= nMax; m++) J[m]! /= norm;
  return J;
}

/** Composite Simpson's rule of f over [a, b] with n (even) intervals. */
function simpson(f: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Simpson with one Richardson step (error O(h^6)). */
function simpsonRichardson(f: (t: number) => number, a: number, b: number, n: number): number {
  return (16 * simpson(f, a, b, 2 * n) - simpson(f, a, b, n)) / 15;
}

/** Y_0(x), Y_1(x) for x > 0 from Y_n(x) = (1/pi) int_0^pi sin(x sin t - n t) dt - (1/pi) int_0^inf (e^{nt} + (-1)^n e^{-nt}) e^{-x sinh t} dt. */
function besselY01(x: number): [number, number] {
  const nOsc = 2 * Math.ceil(100 + 30 * x);
  const a0 = simpsonRichardson((t) => Math.sin(x * Math.sin(t)), 0, Math.PI, nOsc);
  const a1 = simpsonRichardson((t) => Math.sin(x * Math.sin(t) - t), 0, Math.PI, nOsc);
  // The tail integrand decays like exp(-x sinh t); stop where it is below 1e-18 of its start.
  const tMax = Math.asinh(45 / x) + 1;
  const nTail = 2 * Math.ceil(400 * tMax + 400);
  const b0 = simpsonRichardson((t) => 2 * Math.exp(-x * Math.sinh(t)), 0, tMax, nTail);
  const b1 = simpsonRichardson((t) => 2 * Math.sinh(t) * Math.exp(-x * Math.sinh(t)), 0, tMax, nTail);
  return [(a0 - b0) / Math.PI, (a1 - b1) / Math.PI];
}

/**
 * Bessel functions of the first and second kind and their derivatives d/dx for orders n = 0..nMax at real x > 0.
 * @param nMax Highest order (integer >= 0).
 * @param x Argument (> 0, finite; dimensionless, e.g. k a).
 * @returns `J`, `Y`, `Jp`, `Yp`, each Float64Array [nMax + 1] indexed by order n.
 * @throws Error when nMax is not an integer >= 0 or x is not finite and > 0.
 */
export function besselJY(nMax: number, x: number): BesselTable {
  if (!Number.isInteger(nMax) || nMax < 0) throw new Error(`besselJY: nMax must be an integer >= 0, got ${nMax}`);
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`besselJY: x must be finite and > 0, got ${x}`);
  const n1 = nMax + 1;
  const J = besselJAll(n1, x);
  const Y = new Float64Array(n1 + 1);
  const [y0, y1] = besselY01(x);
  Y[0] = y0;
  Y[1] = y1;
  for (let n = 1; n < n1; n++) Y[n + 1] = ((2 * n) / x) * Y[n]! - Y[n - 1]!;
  const Jp = new Float64Array(n1);
  const Yp = new Float64Array(n1);
  Jp[0] = -J[1]!;
  Yp[0] = -Y[1]!;
  for (let n = 1; n <= nMax; n++) {
    Jp[n] = J[n - 1]! - (n / x) * J[n]!;
    Yp[n] = Y[n - 1]! - (n / x) * Y[n]!;
  }
  return { J: J.slice(0, n1), Y: Y.slice(0, n1), Jp: Jp.slice(0, n1), Yp: Yp.slice(0, n1) };
}
