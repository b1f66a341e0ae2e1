/**
 * Quasi-static near field of the TE Maxwell problem's magnetic-current source, for singularity subtraction.
 *
 * In {@link maxwellTE2D}'s normalised units (x, y in L0, t in L0/c, E and Hz' = eta0 Hz in V/m) the source
 * s = A g(r) w(t), g = exp(-u / (2 sigma^2)), u = r^2 = |(x, y) - center|^2, drives
 *   dEx/dt = dHz/dy,   dEy/dt = -dHz/dx,   dHz/dt = -(dEy/dx - dEx/dy) - s.
 * Near a line source the field is, to leading orders in k r, the instantaneous ("quasi-static") response:
 *   e = q(u) (dy, -dx),          q(u) = A sigma^2 (1 - exp(-u / (2 sigma^2))) / u,   curl_z e = -A g, div e = 0
 *   h = H(u),                     H(u) = (A sigma^2 / 2) Ein(u / (2 sigma^2)),         (dh/dy, -dh/dx) = e
 * (Ein(z) = int_0^z (1 - exp(-s)) / s ds: h is the smoothed log r of a line source; e peaks near r = 1.6 sigma).
 * Both are multiplied by the window chi(u) = exp(-u / (2 rho^2)) so that they stay local (rho >> sigma):
 *   E_q = w(t) chi e,   Hz_q = w'(t) chi h.
 * With E = E_net + E_q and Hz = Hz_net + Hz_q the residuals of the total field are those of the network plus
 * known terms, all of the form (time function) x (space function):
 *   rEx += w' a_x,  rEy += w' a_y,  rHz += w'' k + w c,   where
 *   k = chi H,  (a_x, a_y) = (chi H / rho^2) (dy, -dx),  c = A g (1 - chi) + (chi / rho^2) q u.
 * The sigma-scale spike A g w and the log peak are gone from what the network has to learn: what remains is
 * smooth on the scale rho. All functions take normalised coordinates.
 */
import { add, div, exp, mul, neg, square, stack, sub, type Tensor } from '@mindscience/core';
import type { MaxwellTE2D } from './maxwell2d.ts';

const EULER_GAMMA = 0.5772156649015329;
/** Number of values {@link quasiStaticAt} writes. */
export const QS_VALUES = 10;
/** Indices into {@link quasiStaticAt}'s output. */
export const QS = { ex: 0, ey: 1, dExDy: 2, dEyDx: 3, k: 4, dKdx: 5, dKdy: 6, ax: 7, ay: 8, c: 9 } as const;

/**
 * Ein(z) = int_0^z (1 - e^-s) / s ds = E1(z) + ln z + gamma (z >= 0): the power series below z = 2, the
 * continued fraction of E1 (modified Lentz) above; relative accuracy ~1e-15.
 */
export function ein(z: number): number {
  if (z < 2) {
    let term = z, sum = z;
    for (let k = 2; k < 60 && Math.abs(term) > 1e-18 * Math.abs(sum); k++) {
      term *= (-z * (k - 1)) / (k * k); // (-1)^(k+1) z^k / (k k!)
      sum += term;
    }
    return sum;
  }
  if (z > 700) return Math.log(z) + EULER_GAMMA; // E1(z) < 1e-300
  // E1(z) = e^-z / (z + 1 - 1 / (z + 3 - 4 / (z + 5 - ...))) (Numerical Recipes' expint, n = 1).
  let b = z + 1, c = 1e300, d = 1 / b, h = d;
  for (let i = 1; i < 200; i++) {
    const an = -i * i;
    b += 2;
    d = 1 / (an * d + b);
    c = b + an / c;
    const del = c * d;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h * Math.exp(-z) + Math.log(z) + EULER_GAMMA;
}

/**
 * The windowed quasi-static quantities at (x, y), written into `out` (length >= {@link QS_VALUES}, indices
 * {@link QS}): chi e_x, chi e_y, d(chi e_x)/dy, d(chi e_y)/dx, k, dk/dx, dk/dy, a_x, a_y, c (see the header).
 * No allocation.
 * @param rho window radius (normalised), >> sigma.
 */
export function quasiStaticAt(problem: MaxwellTE2D, rho: number, x: number, y: number, out: Float64Array): void {
  const s2 = problem.sigma * problem.sigma, A = problem.amplitude;
  const dx = x - problem.center[0], dy = y - problem.center[1];
  const u = dx * dx + dy * dy;
  const g = Math.exp(-u / (2 * s2));
  let q: number, dq: number; // q(u) and dq/du
  if (u < 1e-6 * s2) { // Taylor series: the closed forms cancel catastrophically at the centre
    q = (A / 2) * (1 - u / (4 * s2));
    dq = -A / (8 * s2);
  } else {
    q = (A * s2 * (1 - g)) / u;
    dq = (A * s2 * ((u * g) / (2 * s2) - (1 - g))) / (u * u);
  }
  const H = ((A * s2) / 2) * ein(u / (2 * s2));
  const chi = Math.exp(-u / (2 * rho * rho)), dchi = -chi / (2 * rho * rho); // chi(u), dchi/du
  out[QS.ex] = chi * q * dy;
  out[QS.ey] = -chi * q * dx;
  out[QS.dExDy] = chi * (q + 2 * dq * dy * dy) + 2 * dchi * q * dy * dy;
  out[QS.dEyDx] = -chi * (q + 2 * dq * dx * dx) - 2 * dchi * q * dx * dx;
  out[QS.k] = chi * H;
  out[QS.dKdx] = dx * (chi * q + 2 * dchi * H);
  out[QS.dKdy] = dy * (chi * q + 2 * dchi * H);
  out[QS.ax] = ((chi * H) / (rho * rho)) * dy;
  out[QS.ay] = -((chi * H) / (rho * rho)) * dx;
  out[QS.c] = A * g * (1 - chi) + ((chi / (rho * rho)) * q * u);
}

/** The problem's waveform w(t) and its first two derivatives at normalised time t: [w, w', w'']. */
export function waveformDerivatives(problem: MaxwellTE2D, t: number): [number, number, number] {
  const d = t - problem.t0, w = problem.waveform(t);
  if (problem.waveformKind === 'gauss') {
    const tau2 = (Math.sqrt(2.3) / (Math.PI * problem.f)) ** 2;
    return [w, ((-2 * d) / tau2) * w, (-2 / tau2 + (4 * d * d) / (tau2 * tau2)) * w];
  }
  const a = (Math.PI * problem.f) ** 2, E = Math.exp(-a * d * d);
  return [w, -2 * a * d * (3 - 2 * a * d * d) * E, (-6 * a + 24 * a * a * d * d - 8 * a * a * a * d ** 4) * E];
}

/**
 * The subtracted field (w chi e_x, w chi e_y, w' chi h) at X [N, 3] (x, y, t normalised) as a differentiable
 * [N, 3] tensor, for checks of the trainer against pointwise residuals of the total field. Ein is summed as
 * its power series, so every point must have r^2 / (2 sigma^2) <= 8 (a wide source).
 * @throws RangeError if a point is farther out than that.
 */
export function quasiStaticTensor(problem: MaxwellTE2D, rho: number, X: Tensor): Tensor {
  const col = (i: number) => X.slice([0, i], [-1, 1]).reshape([-1]);
  const dx = col(0).sub(problem.center[0]), dy = col(1).sub(problem.center[1]);
  const u = add(square(dx), square(dy));
  const s2 = problem.sigma ** 2;
  const z = mul(u, 1 / (2 * s2));
  const zMax = Math.max(...z.data());
  if (zMax > 8) throw new RangeError(`quasiStaticTensor: r^2 / (2 sigma^2) = ${zMax} > 8; the series form needs a wider source`);
  const q = mul(div(sub(1, exp(neg(z))), u), problem.amplitude * s2);
  let ein: Tensor = z, term: Tensor = z;
  for (let k = 2; k <= 45; k++) {
    term = mul(term, mul(z, -(k - 1) / (k * k)));
    ein = add(ein, term);
  }
  const chi = exp(mul(u, -1 / (2 * rho * rho)));
  const t = col(2), d = t.sub(problem.t0);
  let w: Tensor, w1: Tensor;
  if (problem.waveformKind === 'gauss') {
    const tau2 = (Math.sqrt(2.3) / (Math.PI * problem.f)) ** 2;
    w = exp(mul(square(d), -1 / tau2));
    w1 = mul(mul(d, -2 / tau2), w);
  } else {
    const a = (Math.PI * problem.f) ** 2, E = exp(mul(square(d), -a));
    w = mul(sub(1, mul(square(d), 2 * a)), E);
    w1 = mul(mul(mul(d, -2 * a), sub(3, mul(square(d), 2 * a))), E);
  }
  const cq = mul(chi, q);
  return stack([mul(mul(cq, dy), w), neg(mul(mul(cq, dx), w)), mul(mul(chi, mul(ein, (problem.amplitude * s2) / 2)), w1)], 1);
}
