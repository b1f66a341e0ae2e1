/**
 * Small hand-built parameter sets for tests and examples: point charges (no LJ, no bonds) and a
 * helper to make `ForceFieldParams` from per-atom charges, masses and LJ sigma/epsilon.
 * Units: e, amu, nm, kJ/mol.
 */
import type { ForceFieldParams } from './amberParams.ts';

export interface SimpleAtom { charge: number; mass?: number; sigma?: number; epsilon?: number; name?: string }

/** Parameters for unbonded atoms with Lorentz-Berthelot LJ (one LJ type per atom). */
export function simpleParams(atoms: readonly SimpleAtom[], exclusions: readonly [number, number][] = []): ForceFieldParams {
  const n = atoms.length;
  const A = new Float64Array(n * n), B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const s = 0.5 * ((atoms[i]!.sigma ?? 0) + (atoms[j]!.sigma ?? 0));
    const e = Math.sqrt((atoms[i]!.epsilon ?? 0) * (atoms[j]!.epsilon ?? 0));
    A[i * n + j] = 4 * e * s ** 12; B[i * n + j] = 4 * e * s ** 6;
  }
  const partners: number[][] = Array.from({ length: n }, () => []);
  for (const [i, j] of exclusions) { partners[i]!.push(j); partners[j]!.push(i); }
  const exclusionStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) exclusionStart[i + 1] = exclusionStart[i]! + partners[i]!.length;
  const exclusionList = Int32Array.from(partners.flatMap((p) => p.sort((a, b) => a - b)));
  const emptyBonds = { i: new Int32Array(0), j: new Int32Array(0), k: new Float64Array(0), r0: new Float64Array(0) };
  return {
    nAtoms: n,
    atomNames: atoms.map((a, i) => a.name ?? `X${i}`),
    masses: Float64Array.from(atoms, (a) => a.mass ?? 1),
    charges: Float64Array.from(atoms, (a) => a.charge),
    isHydrogen: new Uint8Array(n),
    bonds: emptyBonds,
    bondHasHydrogen: new Uint8Array(0),
    angles: { i: new Int32Array(0), j: new Int32Array(0), k: new Int32Array(0), kTheta: new Float64Array(0), theta0: new Float64Array(0) },
    torsions: { i: new Int32Array(0), j: new Int32Array(0), k: new Int32Array(0), l: new Int32Array(0), periodicity: new Int32Array(0), phase: new Float64Array(0), kPhi: new Float64Array(0), improper: new Uint8Array(0) },
    ureyBradley: emptyBonds,
    pairs14: { i: new Int32Array(0), j: new Int32Array(0), chargeProd: new Float64Array(0), A: new Float64Array(0), B: new Float64Array(0) },
    lj: { nTypes: n, atomType: Int32Array.from({ length: n }, (_, i) => i), A, B },
    exclusionStart, exclusionList,
    residueNames: new Array<string>(n).fill('UNK'),
    box: null,
  };
}
