/**
 * Mode-matching reference for a symmetric H-plane step in a rectangular PEC waveguide (continuous
 * fields; Marcuvitz, Waveguide Handbook sec. 5.22 setting; e.g. Pozar sec. 4.6 for the method).
 * Guide 1: width a1 (narrow, centred), guide 2: width a2 >= a1, both TE_n0 (E_y = sin(n pi x / a)),
 * junction at z = 0, TE10 incident from guide 1 (e^{+j omega t}, e^{-j beta z}). With N odd modes per side:
 *   E continuity over a2 (E = 0 on the step wall):  N2_n T_n = sum_m X_nm (delta_m1 + R_m)
 *   H continuity over a1, projected on e_k:          Y1_k N1 (delta_k1 - R_k) = sum_n X_nk Y2_n T_n
 *   X_nm = int_aperture e_m f_n dx,  N = a / 2,  Y = beta / (omega mu) (evanescent: beta = -j alpha).
 * Returns S11 = R_1 and the power-normalised S21 = T_1 sqrt(Y2_1 N2 / (Y1_1 N1)) (|S11|^2 + |S21|^2 = 1).
 */
import { C0 } from '../constants.ts';
import type { Complex } from '../sparams.ts';

/**
 * S11 and S21 of the TE10 mode at a symmetric H-plane step, by mode matching (file header).
 * @param a1 Width of the narrow (input) guide (m).
 * @param a2 Width of the wide guide (m), a2 >= a1.
 * @param freq Frequency (Hz), above the TE10 cutoff c0 / (2 a1).
 * @param nModes Odd TE_n0 modes per side (default 40).
 * @returns S11 (reflection of TE10 in guide 1) and power-normalised S21 (TE10 in guide 2), complex, with both
 *   reference planes at the junction, e^{+j omega t}.
 * @throws Error when not 0 < a1 <= a2 or freq is at or below the TE10 cutoff of guide 1.
 */
export function hPlaneStepModeMatching(a1: number, a2: number, freq: number, nModes = 40): { S11: Complex; S21: Complex } {
  if (!(a1 > 0 && a2 >= a1)) throw new Error(`hPlaneStepModeMatching: need 0 < a1 <= a2 (m), got ${a1}, ${a2}`);
  const k = (2 * Math.PI * freq) / C0;
  if (!(k > Math.PI / a1)) throw new Error(`hPlaneStepModeMatching: ${freq} Hz is below the TE10 cutoff of the ${a1} m guide`);
  const x1 = (a2 - a1) / 2;
  const orders = Array.from({ length: nModes }, (_, q) => 2 * q + 1); // symmetric excitation: odd n
  // beta as complex [re, im]
  const beta = (n: number, a: number): Complex => {
    const b2 = k * k - ((n * Math.PI) / a) ** 2;
    return b2 >= 0 ? { re: Math.sqrt(b2), im: 0 } : { re: 0, im: -Math.sqrt(-b2) };
  };
  // X_nm = int_{x1}^{x1+a1} sin(m pi (x - x1)/a1) sin(n pi x / a2) dx, closed form
  const X = (n: number, m: number): number => {
    const p = (m * Math.PI) / a1, q = (n * Math.PI) / a2;
    // sin(p u) sin(q (u + x1)) over u in [0, a1] = 1/2 [cos((p - q) u - q x1) - cos((p + q) u + q x1)]
    const I = (w: number, phase: number) => (Math.abs(w) < 1e-12 ? a1 * Math.cos(phase) : (Math.sin(w * a1 + phase) - Math.sin(phase)) / w);
    return 0.5 * (I(p - q, -q * x1) - I(p + q, q * x1));
  };
  const N = nModes, N1 = a1 / 2, N2 = a2 / 2;
  const Y1 = orders.map((n) => beta(n, a1)), Y2 = orders.map((n) => beta(n, a2));
  const Xm = orders.map((n) => orders.map((m) => X(n, m)));
  // M_km = sum_n X_nk (Y2_n / N2) X_nm ; system (diag(Y1 N1) + M) R = (diag(Y1 N1) - M) e1
  const re = new Float64Array(N * N), im = new Float64Array(N * N), br = new Float64Array(N), bi = new Float64Array(N);
  for (let kk = 0; kk < N; kk++) {
    for (let m = 0; m < N; m++) {
      let sr = 0, si = 0;
      for (let n = 0; n < N; n++) {
        const w = (Xm[n]![kk]! * Xm[n]![m]!) / N2;
        sr += w * Y2[n]!.re;
        si += w * Y2[n]!.im;
      }
      re[kk * N + m] = sr + (kk === m ? Y1[kk]!.re * N1 : 0);
      im[kk * N + m] = si + (kk === m ? Y1[kk]!.im * N1 : 0);
      if (m === 0) {
        br[kk] = (kk === 0 ? Y1[0]!.re * N1 : 0) - sr;
        bi[kk] = (kk === 0 ? Y1[0]!.im * N1 : 0) - si;
      }
    }
  }
  const R = complexSolve(N, re, im, br, bi);
  // T_1 = sum_m X_1m (delta_m1 + R_m) / N2
  let tr = 0, ti = 0;
  for (let m = 0; m < N; m++) {
    tr += Xm[0]![m]! * ((m === 0 ? 1 : 0) + R.re[m]!);
    ti += Xm[0]![m]! * R.im[m]!;
  }
  const s = Math.sqrt((Y2[0]!.re * N2) / (Y1[0]!.re * N1)) / N2;
  return { S11: { re: R.re[0]!, im: R.im[0]! }, S21: { re: tr * s, im: ti * s } };
}

/** Dense complex Gaussian elimination with partial pivoting. */
function complexSolve(n: number, ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array): { re: Float64Array; im: Float64Array } {
  const Ar = Float64Array.from(ar), Ai = Float64Array.from(ai), xr = Float64Array.from(br), xi = Float64Array.from(bi);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.hypot(Ar[r * n + c]!, Ai[r * n + c]!) > Math.hypot(Ar[piv * n + c]!, Ai[piv * n + c]!)) piv = r;
    if (piv !== c) {
      for (let q = 0; q < n; q++) {
        [Ar[c * n + q], Ar[piv * n + q]] = [Ar[piv * n + q]!, Ar[c * n + q]!];
        [Ai[c * n + q], Ai[piv * n + q]] = [Ai[piv * n + q]!, Ai[c * n + q]!];
      }
      [xr[c], xr[piv]] = [xr[piv]!, xr[c]!];
      [xi[c], xi[piv]] = [xi[piv]!, xi[c]!];
    }
    const pr = Ar[c * n + c]!, pi = Ai[c * n + c]!, pd = pr * pr + pi * pi;
    for (let r = c + 1; r < n; r++) {
      const er = Ar[r * n + c]!, ei = Ai[r * n + c]!;
      const fr = (er * pr + ei * pi) / pd, fi = (ei * pr - er * pi) / pd;
      for (let q = c; q < n; q++) {
        const ur = Ar[c * n + q]!, ui = Ai[c * n + q]!;
        Ar[r * n + q]! -= fr * ur - fi * ui;
        Ai[r * n + q]! -= fr * ui + fi * ur;
      }
      xr[r]! -= fr * xr[c]! - fi * xi[c]!;
      xi[r]! -= fr * xi[c]! + fi * xr[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let sr = xr[c]!, si = xi[c]!;
    for (let q = c + 1; q < n; q++) {
      sr -= Ar[c * n + q]! * xr[q]! - Ai[c * n + q]! * xi[q]!;
      si -= Ar[c * n + q]! * xi[q]! + Ai[c * n + q]! * xr[q]!;
    }
    const pr = Ar[c * n + c]!, pi = Ai[c * n + c]!, pd = pr * pr + pi * pi;
    xr[c] = (sr * pr + si * pi) / pd;
    xi[c] = (si * pr - sr * pi) / pd;
  }
  return { re: xr, im: xi };
}
