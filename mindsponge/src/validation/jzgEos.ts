/**
 * Johnson-Zollweg-Gubbins modified Benedict-Webb-Rubin equation of state of the full (untruncated)
 * Lennard-Jones fluid: J. K. Johnson, J. A. Zollweg, K. E. Gubbins, Mol. Phys. 78, 591 (1993),
 * eqs. 5-9 and Table 10 (33 parameters, γ = 3). Reduced units: ρ = Nσ^3/V, T = k_B T/ε.
 * Returns pressure P (ε/σ^3), excess internal energy U_ex/N (ε) and excess Helmholtz energy A_ex/N (ε).
 * Valid for the fluid region 0.7 <= T <= 6, ρ <= ~1.2 (the fit's range).
 */
const X = [
  0, 0.8623085097507421, 2.976218765822098, -8.402230115796038, 0.1054136629203555, -0.8564583828174598,
  1.582759470107601, 0.7639421948305453, 1.753173414312048, 2.798291772190376e3, -4.8394220260857657e-2,
  0.9963265197721935, -3.698000291272493e1, 2.084012299434647e1, 8.305402124717285e1, -9.574799715203068e2,
  -1.477746229234994e2, 6.398607852471505e1, 1.603993673294834e1, 6.805916615864377e1, -2.791293578795945e3,
  -6.245128304568454, -8.116836104958410e3, 1.488735559561229e1, -1.059346754655084e4, -1.131607632802822e2,
  -8.867771540418822e3, -3.986982844450543e1, -4.689270299917261e3, 2.593535277438717e2, -2.694523589434903e3,
  -7.218487631550215e2, 1.721802063863269e2,
] as const;
const GAMMA = 3;

export interface LjEosPoint {
  pressure: number;
  internalEnergyExcess: number;
  helmholtzExcess: number;
}

/**
 * Johnson-Zollweg-Gubbins MBWR equation of state of the full Lennard-Jones fluid (Mol. Phys. 78, 591 (1993)), in
 * reduced units: pressure (ε/σ³), excess internal energy per atom and excess Helmholtz energy per atom (ε) at density
 * ρ = Nσ³/V and temperature T = k_B T/ε. Valid in the fluid range of the fit (0.7 ≤ T ≤ 6, ρ ≲ 1.2).
 * @throws RangeError when density < 0 or temperature ≤ 0.
 */
export function jzgLennardJones(density: number, temperature: number): LjEosPoint {
  const r = density, T = temperature, x = X;
  if (!(r >= 0) || !(T > 0)) throw new RangeError(`jzgLennardJones: density ${density}, temperature ${temperature}; expected density >= 0, temperature > 0`);
  const T2 = T * T, T3 = T2 * T, T4 = T2 * T2, sT = Math.sqrt(T);
  const a = [
    x[1] * T + x[2] * sT + x[3] + x[4] / T + x[5] / T2,
    x[6] * T + x[7] + x[8] / T + x[9] / T2,
    x[10] * T + x[11] + x[12] / T,
    x[13],
    x[14] / T + x[15] / T2,
    x[16] / T,
    x[17] / T + x[18] / T2,
    x[19] / T2,
  ];
  const b = [
    x[20] / T2 + x[21] / T3, x[22] / T2 + x[23] / T4, x[24] / T2 + x[25] / T3,
    x[26] / T2 + x[27] / T4, x[28] / T2 + x[29] / T3, x[30] / T2 + x[31] / T3 + x[32] / T4,
  ];
  const c = [
    (x[2] * sT) / 2 + x[3] + (2 * x[4]) / T + (3 * x[5]) / T2,
    x[7] + (2 * x[8]) / T + (3 * x[9]) / T2,
    x[11] + (2 * x[12]) / T,
    x[13],
    (2 * x[14]) / T + (3 * x[15]) / T2,
    (2 * x[16]) / T,
    (2 * x[17]) / T + (3 * x[18]) / T2,
    (3 * x[19]) / T2,
  ];
  const d = [
    (3 * x[20]) / T2 + (4 * x[21]) / T3, (3 * x[22]) / T2 + (5 * x[23]) / T4, (3 * x[24]) / T2 + (4 * x[25]) / T3,
    (3 * x[26]) / T2 + (5 * x[27]) / T4, (3 * x[28]) / T2 + (4 * x[29]) / T3, (3 * x[30]) / T2 + (4 * x[31]) / T3 + (5 * x[32]) / T4,
  ];
  const F = Math.exp(-GAMMA * r * r);
  const G: number[] = [(1 - F) / (2 * GAMMA)];
  for (let i = 1; i < 6; i++) G.push(-(F * r ** (2 * i) - 2 * i * G[i - 1]!) / (2 * GAMMA));
  let P = r * T, A = 0, U = 0;
  for (let i = 0; i < 8; i++) {
    P += a[i]! * r ** (i + 2);
    A += (a[i]! * r ** (i + 1)) / (i + 1);
    U += (c[i]! * r ** (i + 1)) / (i + 1);
  }
  for (let i = 0; i < 6; i++) {
    P += F * b[i]! * r ** (2 * i + 3);
    A += b[i]! * G[i]!;
    U += d[i]! * G[i]!;
  }
  return { pressure: P, internalEnergyExcess: U, helmholtzExcess: A };
}
