/**
 * Amber prmtop -> force-field parameters in MD units (nm, kJ/mol, e, amu, rad), OpenMM conventions.
 *
 * Conventions (the same as OpenMM's AmberPrmtopFile):
 * - bonds / Urey-Bradley: E = 1/2 k (r - r0)^2, k in kJ/mol/nm^2 (= 2 * 418.4 * k_Amber[kcal/mol/A^2]).
 * - angles: E = 1/2 k (theta - theta0)^2, k in kJ/mol/rad^2 (= 2 * 4.184 * k_Amber).
 * - torsions (propers and impropers): E = k (1 + cos(n phi - phase)), k in kJ/mol.
 * - nonbonded: E = A/r^12 - B/r^6 + COULOMB_CONSTANT q_i q_j / r, A in kJ/mol nm^12, B in kJ/mol nm^6.
 * - 1-4 pairs (from dihedrals whose third and fourth indices are non-negative, de-duplicated):
 *   charge product scaled by 1/SCEE, A and B by 1/SCNB. They are excluded from the normal pair sum.
 * - Coulomb constant: we use OpenMM's 138.935456 kJ nm/(mol e^2) with charges q = q_prmtop / 18.2223.
 *   (Amber's own is 332.0522173 kcal A/(mol e^2) = 18.2223^2 applied directly to the prmtop charges,
 *   i.e. 138.9306 kJ nm/(mol e^2); the two differ by 3.5e-5 relative.)
 */
import type { AmberPrmtop } from './prmtop.ts';

export const AMBER_CHARGE_SCALE = 18.2223;
/** kJ nm / (mol e^2): 1/(4 pi eps0), OpenMM's ONE_4PI_EPS0. */
export const COULOMB_CONSTANT = 138.935456;
export const KCAL_TO_KJ = 4.184;

export interface BondTerms { i: Int32Array; j: Int32Array; k: Float64Array; r0: Float64Array }
export interface AngleTerms { i: Int32Array; j: Int32Array; k: Int32Array; kTheta: Float64Array; theta0: Float64Array }
export interface TorsionTerms {
  i: Int32Array; j: Int32Array; k: Int32Array; l: Int32Array;
  periodicity: Int32Array; phase: Float64Array; kPhi: Float64Array; improper: Uint8Array;
}
export interface PairTerms {
  i: Int32Array; j: Int32Array;
  /** e^2, already scaled (1/SCEE for 1-4). */
  chargeProd: Float64Array;
  /** kJ/mol nm^12 and kJ/mol nm^6, already scaled (1/SCNB for 1-4). */
  A: Float64Array; B: Float64Array;
}
export interface LJTable {
  nTypes: number;
  /** [nAtoms] 0-based type. */
  atomType: Int32Array;
  /** [nTypes*nTypes] kJ/mol nm^12 / kJ/mol nm^6 (symmetric). */
  A: Float64Array; B: Float64Array;
}

/** Everything an energy evaluation needs; plain typed arrays, no methods. */
export interface ForceFieldParams {
  nAtoms: number;
  atomNames: string[];
  /** amu */
  masses: Float64Array;
  /** e */
  charges: Float64Array;
  /** 1 for hydrogen (atomic number 1, or mass < 3.5 amu when ATOMIC_NUMBER is absent). */
  isHydrogen: Uint8Array;
  bonds: BondTerms;
  /** [nBonds] 1 where the bond involves hydrogen. */
  bondHasHydrogen: Uint8Array;
  angles: AngleTerms;
  torsions: TorsionTerms;
  ureyBradley: BondTerms;
  pairs14: PairTerms;
  lj: LJTable;
  /** Symmetric CSR exclusion lists (both directions, includes 1-4 pairs): partners of i are list[start[i]..start[i+1]). */
  exclusionStart: Int32Array;
  exclusionList: Int32Array;
  /** Residue name per atom. */
  residueNames: string[];
  /** Box lengths (nm) from the prmtop, or null. */
  box: [number, number, number] | null;
}

/**
 * Convert a parsed prmtop to ForceFieldParams in MD units with OpenMM's conventions: bonds/Urey-Bradley k in
 * kJ/mol/nm² with E = k/2 (r - r0)², angles kJ/mol/rad², torsions kJ/mol, LJ A/B tables in kJ/mol·nm¹²/nm⁶, charges in e
 * (prmtop / 18.2223), 1-4 pairs scaled by 1/SCEE and 1/SCNB, masses amu, box nm.
 */
export function amberToParams(top: AmberPrmtop): ForceFieldParams {
  const n = top.nAtoms;
  const charges = new Float64Array(n);
  for (let a = 0; a < n; a++) charges[a] = top.charge[a]! / AMBER_CHARGE_SCALE;

  const nb = top.bonds.i.length;
  const bonds: BondTerms = { i: top.bonds.i, j: top.bonds.j, k: new Float64Array(nb), r0: new Float64Array(nb) };
  for (let b = 0; b < nb; b++) {
    const t = top.bonds.type[b]!;
    bonds.k[b] = 2 * top.bondK[t]! * KCAL_TO_KJ * 100;
    bonds.r0[b] = top.bondR0[t]! * 0.1;
  }
  const na = top.angles.i.length;
  const angles: AngleTerms = { i: top.angles.i, j: top.angles.j, k: top.angles.k, kTheta: new Float64Array(na), theta0: new Float64Array(na) };
  for (let a = 0; a < na; a++) {
    const t = top.angles.type[a]!;
    angles.kTheta[a] = 2 * top.angleK[t]! * KCAL_TO_KJ;
    angles.theta0[a] = top.angleTheta0[t]!;
  }
  const d = top.dihedrals;
  const nd = d.i.length;
  const torsions: TorsionTerms = {
    i: d.i, j: d.j, k: d.k, l: d.l, improper: d.improper,
    periodicity: new Int32Array(nd), phase: new Float64Array(nd), kPhi: new Float64Array(nd),
  };
  for (let q = 0; q < nd; q++) {
    const t = d.type[q]!;
    torsions.periodicity[q] = Math.round(Math.abs(top.dihedralPeriodicity[t]!));
    torsions.phase[q] = top.dihedralPhase[t]!;
    torsions.kPhi[q] = top.dihedralK[t]! * KCAL_TO_KJ;
  }

  let ureyBradley: BondTerms = { i: new Int32Array(0), j: new Int32Array(0), k: new Float64Array(0), r0: new Float64Array(0) };
  if (top.ureyBradley && top.ureyBradleyK && top.ureyBradleyR0) {
    const u = top.ureyBradley;
    const nu = u.i.length;
    ureyBradley = { i: u.i, j: u.j, k: new Float64Array(nu), r0: new Float64Array(nu) };
    for (let q = 0; q < nu; q++) {
      ureyBradley.k[q] = 2 * top.ureyBradleyK[u.type[q]!]! * KCAL_TO_KJ * 100;
      ureyBradley.r0[q] = top.ureyBradleyR0[u.type[q]!]! * 0.1;
    }
  }

  // LJ table in kJ/mol and nm: A [kcal/mol A^12] * 4.184 * 1e-12, B [kcal/mol A^6] * 4.184 * 1e-6.
  const nt = top.nTypes;
  const ljA = new Float64Array(nt * nt);
  const ljB = new Float64Array(nt * nt);
  const lj14A = new Float64Array(nt * nt);
  const lj14B = new Float64Array(nt * nt);
  for (let p = 0; p < nt * nt; p++) {
    const ix = top.nonbondedParmIndex[p]!;
    if (ix < 0) continue; // 10-12 H-bond pair: not used by modern force fields; contributes 0 here.
    ljA[p] = top.ljA[ix]! * KCAL_TO_KJ * 1e-12;
    ljB[p] = top.ljB[ix]! * KCAL_TO_KJ * 1e-6;
    lj14A[p] = (top.lj14A ?? top.ljA)[ix]! * KCAL_TO_KJ * 1e-12;
    lj14B[p] = (top.lj14B ?? top.ljB)[ix]! * KCAL_TO_KJ * 1e-6;
  }

  // 1-4 pairs: first occurrence of a pair fixes its scale factors (OpenMM replaces; values agree).
  const seen = new Map<number, number>();
  const p14i: number[] = [], p14j: number[] = [], p14q: number[] = [], p14A: number[] = [], p14B: number[] = [];
  for (let q = 0; q < nd; q++) {
    if (d.skip14[q] || d.improper[q]) continue;
    const a = d.i[q]!, b = d.l[q]!;
    const key = Math.min(a, b) * n + Math.max(a, b);
    const t = d.type[q]!;
    const scee = top.scee[t]!, scnb = top.scnb[t]!;
    const tp = top.atomType[a]! * nt + top.atomType[b]!;
    const vals = [charges[a]! * charges[b]! / (scee || 1.2), lj14A[tp]! / (scnb || 2.0), lj14B[tp]! / (scnb || 2.0)] as const;
    const existing = seen.get(key);
    if (existing !== undefined) {
      p14q[existing] = vals[0]; p14A[existing] = vals[1]; p14B[existing] = vals[2];
      continue;
    }
    seen.set(key, p14i.length);
    p14i.push(a); p14j.push(b); p14q.push(vals[0]); p14A.push(vals[1]); p14B.push(vals[2]);
  }
  const pairs14: PairTerms = {
    i: Int32Array.from(p14i), j: Int32Array.from(p14j), chargeProd: Float64Array.from(p14q), A: Float64Array.from(p14A), B: Float64Array.from(p14B),
  };

  // Exclusions: prmtop lists (j > i) plus the 1-4 pairs, symmetrised.
  const partners: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let a = 0; a < n; a++) {
    for (let e = top.excludedStart[a]!; e < top.excludedStart[a + 1]!; e++) {
      const b = top.excludedList[e]!;
      if (b === a) continue;
      partners[a]!.add(b); partners[b]!.add(a);
    }
  }
  for (let q = 0; q < pairs14.i.length; q++) {
    partners[pairs14.i[q]!]!.add(pairs14.j[q]!); partners[pairs14.j[q]!]!.add(pairs14.i[q]!);
  }
  const exclusionStart = new Int32Array(n + 1);
  for (let a = 0; a < n; a++) exclusionStart[a + 1] = exclusionStart[a]! + partners[a]!.size;
  const exclusionList = new Int32Array(exclusionStart[n]!);
  for (let a = 0; a < n; a++) exclusionList.set([...partners[a]!].sort((x, y) => x - y), exclusionStart[a]!);

  const isHydrogen = new Uint8Array(n);
  for (let a = 0; a < n; a++) isHydrogen[a] = top.atomicNumber ? (top.atomicNumber[a] === 1 ? 1 : 0) : top.mass[a]! < 3.5 ? 1 : 0;

  const residueNames = new Array<string>(n);
  for (let r = 0; r < top.residuePointer.length; r++) {
    const end = r + 1 < top.residuePointer.length ? top.residuePointer[r + 1]! : n;
    for (let a = top.residuePointer[r]!; a < end; a++) residueNames[a] = top.residueLabels[r]!;
  }

  return {
    nAtoms: n, atomNames: top.atomNames, masses: Float64Array.from(top.mass), charges, isHydrogen,
    bonds, bondHasHydrogen: top.bondHasHydrogen, angles, torsions, ureyBradley, pairs14,
    lj: { nTypes: nt, atomType: top.atomType, A: ljA, B: ljB },
    exclusionStart, exclusionList, residueNames,
    box: top.box ? [top.box.lengths[0] * 0.1, top.box.lengths[1] * 0.1, top.box.lengths[2] * 0.1] : null,
  };
}
