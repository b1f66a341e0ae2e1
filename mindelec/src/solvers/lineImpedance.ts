/**
 * Characteristic impedance (ohm) of a TEM line on the Yee grid from the discrete 2-D electrostatic
 * problem of its cross-section: potential phi at the nodes of an (n1 x n2) grid of square cells, 0 on
 * the outer boundary and on `ground` nodes, 1 on `conductor` nodes, 5-point Laplace elsewhere (solved by
 * SOR). With a homogeneous medium (eps_r) the line's FDTD TEM mode has exactly this transverse profile,
 * so Z0 = sqrt(mu/eps) / (sum over conductor-to-free node links of (1 - phi)) is the impedance the FDTD
 * line must show, independent of the staircase (C' = eps * that sum, Z0 = 1 / (v C')).
 * Masks are [n1 * n2], index a * n2 + b. Used to validate lumped ports (sparams.test.ts).
 */
import { EPS0, MU0 } from './constants.ts';

/**
 * Characteristic impedance Z0 (ohm) of a TEM line on the Yee grid from the discrete Laplace problem of
 * its cross-section (file header).
 * @param n1 Nodes along the first cross-section axis; n2 along the second (square cells, any size).
 * @param conductor Uint8Array [n1 * n2] (index a * n2 + b), 1 = signal-conductor node (phi = 1); must not
 *   touch the outer boundary or a ground node.
 * @param ground Uint8Array [n1 * n2], 1 = ground node (phi = 0); the outer boundary is ground too.
 * @param epsR Relative permittivity of the homogeneous filling (default 1).
 * @param tol SOR stopping threshold on the largest potential update per sweep (default 1e-13, phi in 0..1).
 * @returns Z0 = sqrt(mu0 / (eps0 epsR)) / (sum of (1 - phi) over conductor-to-free node links), in ohm.
 * @throws Error when a mask is not n1 * n2 long, a conductor node lies on the boundary or ground, or SOR
 *   has not converged after 100000 sweeps.
 */
export function tem2dImpedance(n1: number, n2: number, conductor: Uint8Array, ground: Uint8Array, epsR = 1, tol = 1e-13): number {
  if (conductor.length !== n1 * n2 || ground.length !== n1 * n2) throw new Error(`tem2dImpedance: masks must have n1*n2 = ${n1 * n2} entries, got ${conductor.length} and ${ground.length}`);
  const phi = new Float64Array(n1 * n2);
  const fixed = new Uint8Array(n1 * n2);
  for (let a = 0; a < n1; a++) {
    for (let b = 0; b < n2; b++) {
      const q = a * n2 + b;
      if (a === 0 || b === 0 || a === n1 - 1 || b === n2 - 1 || ground[q]) fixed[q] = 1;
      if (conductor[q]) {
        if (fixed[q]) throw new Error(`tem2dImpedance: conductor node (${a}, ${b}) touches the boundary or the ground`);
        fixed[q] = 1;
        phi[q] = 1;
      }
    }
  }
  // SOR with the optimal factor for the larger side
  const w = 2 / (1 + Math.sin(Math.PI / Math.max(n1, n2)));
  for (let it = 0; it < 100000; it++) {
    let change = 0;
    for (let q = n2; q < n1 * n2 - n2; q++) {
      if (fixed[q]) continue;
      const d = 0.25 * (phi[q - 1]! + phi[q + 1]! + phi[q - n2]! + phi[q + n2]!) - phi[q]!;
      phi[q]! += w * d;
      change = Math.max(change, Math.abs(d));
    }
    if (change < tol) break;
    if (it === 99999) throw new Error('tem2dImpedance: SOR did not converge');
  }
  let sum = 0;
  for (let q = 0; q < n1 * n2; q++) {
    if (!conductor[q]) continue;
    for (const p of [q - 1, q + 1, q - n2, q + n2]) if (!conductor[p]) sum += 1 - phi[p]!;
  }
  return Math.sqrt(MU0 / (EPS0 * epsR)) / sum;
}
