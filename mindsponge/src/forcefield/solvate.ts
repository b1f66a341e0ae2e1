/**
 * Solvation: put a solute in a cubic box of rigid water.
 *
 * `mergeParams(a, b)`: one ForceFieldParams holding both systems (b's atoms after a's). LJ types are
 * concatenated; cross-type A/B come from Lorentz-Berthelot combination of each type's sigma/epsilon
 * (sigma = (A/B)^(1/6), epsilon = B^2/(4A) from the diagonal), as Amber/OpenMM do for ff14SB + TIP3P.
 * `solvate(solute, positions [3N] nm, { model, padding nm, density g/cm^3, minDistance nm, seed })`:
 * centres the solute in a cube of edge (largest extent + 2 padding), fills it with water at `density`
 * and removes every water with an atom closer than `minDistance` (default 0.23 nm) to a solute atom.
 */
import type { BondTerms, ForceFieldParams } from './amberParams.ts';
import { waterBox, type WaterModel, WATER_MODELS } from './water.ts';

function offsetInt(a: Int32Array, b: Int32Array, off: number): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  for (let k = 0; k < b.length; k++) out[a.length + k] = b[k]! + off;
  return out;
}
function cat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a); out.set(b, a.length);
  return out;
}
function catU8(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a); out.set(b, a.length);
  return out;
}
function mergeBonds(a: BondTerms, b: BondTerms, off: number): BondTerms {
  return { i: offsetInt(a.i, b.i, off), j: offsetInt(a.j, b.j, off), k: cat(a.k, b.k), r0: cat(a.r0, b.r0) };
}

/** sigma (nm) and epsilon (kJ/mol) of LJ type t from the diagonal of an A/B table. */
function typeSigmaEpsilon(A: Float64Array, B: Float64Array, nt: number, t: number): [number, number] {
  const a = A[t * nt + t]!, b = B[t * nt + t]!;
  if (a <= 0 || b <= 0) return [0, 0];
  return [(a / b) ** (1 / 6), (b * b) / (4 * a)];
}

/**
 * One ForceFieldParams holding system a then system b (b's atom indices offset by a.nAtoms). LJ types are concatenated;
 * cross-type A/B come from Lorentz-Berthelot mixing of each type's σ and ε recovered from the diagonal A/B.
 */
export function mergeParams(a: ForceFieldParams, b: ForceFieldParams): ForceFieldParams {
  const off = a.nAtoms;
  const na = a.lj.nTypes, nb = b.lj.nTypes, nt = na + nb;
  const A = new Float64Array(nt * nt), B = new Float64Array(nt * nt);
  const se: [number, number][] = [];
  for (let t = 0; t < na; t++) se.push(typeSigmaEpsilon(a.lj.A, a.lj.B, na, t));
  for (let t = 0; t < nb; t++) se.push(typeSigmaEpsilon(b.lj.A, b.lj.B, nb, t));
  for (let s = 0; s < nt; s++) {
    for (let t = 0; t < nt; t++) {
      if (s < na && t < na) { A[s * nt + t] = a.lj.A[s * na + t]!; B[s * nt + t] = a.lj.B[s * na + t]!; continue; }
      if (s >= na && t >= na) { A[s * nt + t] = b.lj.A[(s - na) * nb + t - na]!; B[s * nt + t] = b.lj.B[(s - na) * nb + t - na]!; continue; }
      const sig = 0.5 * (se[s]![0] + se[t]![0]), eps = Math.sqrt(se[s]![1] * se[t]![1]);
      A[s * nt + t] = 4 * eps * sig ** 12; B[s * nt + t] = 4 * eps * sig ** 6;
    }
  }
  const atomType = new Int32Array(a.nAtoms + b.nAtoms);
  atomType.set(a.lj.atomType);
  for (let k = 0; k < b.nAtoms; k++) atomType[off + k] = b.lj.atomType[k]! + na;
  const exclusionStart = new Int32Array(a.nAtoms + b.nAtoms + 1);
  exclusionStart.set(a.exclusionStart);
  for (let k = 1; k <= b.nAtoms; k++) exclusionStart[off + k] = a.exclusionStart[a.nAtoms]! + b.exclusionStart[k]!;
  return {
    nAtoms: a.nAtoms + b.nAtoms,
    atomNames: [...a.atomNames, ...b.atomNames],
    masses: cat(a.masses, b.masses), charges: cat(a.charges, b.charges), isHydrogen: catU8(a.isHydrogen, b.isHydrogen),
    bonds: mergeBonds(a.bonds, b.bonds, off), bondHasHydrogen: catU8(a.bondHasHydrogen, b.bondHasHydrogen),
    angles: { i: offsetInt(a.angles.i, b.angles.i, off), j: offsetInt(a.angles.j, b.angles.j, off), k: offsetInt(a.angles.k, b.angles.k, off), kTheta: cat(a.angles.kTheta, b.angles.kTheta), theta0: cat(a.angles.theta0, b.angles.theta0) },
    torsions: {
      i: offsetInt(a.torsions.i, b.torsions.i, off), j: offsetInt(a.torsions.j, b.torsions.j, off), k: offsetInt(a.torsions.k, b.torsions.k, off), l: offsetInt(a.torsions.l, b.torsions.l, off),
      periodicity: offsetInt(a.torsions.periodicity, b.torsions.periodicity, 0), phase: cat(a.torsions.phase, b.torsions.phase), kPhi: cat(a.torsions.kPhi, b.torsions.kPhi), improper: catU8(a.torsions.improper, b.torsions.improper),
    },
    ureyBradley: mergeBonds(a.ureyBradley, b.ureyBradley, off),
    pairs14: { i: offsetInt(a.pairs14.i, b.pairs14.i, off), j: offsetInt(a.pairs14.j, b.pairs14.j, off), chargeProd: cat(a.pairs14.chargeProd, b.pairs14.chargeProd), A: cat(a.pairs14.A, b.pairs14.A), B: cat(a.pairs14.B, b.pairs14.B) },
    lj: { nTypes: nt, atomType, A, B },
    exclusionStart, exclusionList: offsetInt(a.exclusionList, b.exclusionList, off),
    residueNames: [...a.residueNames, ...b.residueNames],
    box: null,
  };
}

export interface SolvateOptions {
  model?: WaterModel;
  /** Minimum solute-to-face distance, nm (default 1.0). */
  padding?: number;
  /** g/cm^3 (default 0.997). */
  density?: number;
  /** Waters with an atom closer than this to the solute are removed, nm (default 0.23). */
  minDistance?: number;
  seed?: number;
}

export interface Solvated {
  params: ForceFieldParams;
  /** [3N] nm: solute first (centred), then waters. */
  positions: Float64Array;
  /** Cube edge, nm. */
  edge: number;
  waters: number;
}

/**
 * Solvate a solute in a cube of rigid water: centres the solute in a cube of edge (largest extent + 2·padding), fills it
 * with water at `density` and removes waters with an atom within minDistance of a solute atom.
 * @param positions Solute positions [3N] nm.
 * @param o model (default TIP3P), padding nm (1.0), density g/cm³ (0.997), minDistance nm (0.23), seed (1).
 * @returns Merged params, positions [3N'] nm (solute first), cube edge nm and the number of waters kept.
 * @throws Error when positions do not have 3·nAtoms values.
 */
export function solvate(solute: ForceFieldParams, positions: Float64Array, o: SolvateOptions = {}): Solvated {
  const model = o.model ?? WATER_MODELS.TIP3P;
  const padding = o.padding ?? 1.0, minD = o.minDistance ?? 0.23;
  const n = solute.nAtoms;
  if (positions.length !== 3 * n) throw new Error(`solvate: ${positions.length / 3} positions for ${n} solute atoms`);
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let a = 0; a < n; a++) for (let d = 0; d < 3; d++) { lo[d] = Math.min(lo[d]!, positions[3 * a + d]!); hi[d] = Math.max(hi[d]!, positions[3 * a + d]!); }
  const edge = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!) + 2 * padding;
  const density = o.density ?? 0.997;
  const molMass = 15.9994 + 2 * 1.008;
  const count = Math.round((edge ** 3 * density * 602.21407621) / molMass);
  const wb = waterBox({ model, count, density: (count * molMass) / (edge ** 3 * 602.21407621), seed: o.seed ?? 1 });
  const solutePos = new Float64Array(3 * n);
  for (let a = 0; a < n; a++) for (let d = 0; d < 3; d++) solutePos[3 * a + d] = positions[3 * a + d]! - (lo[d]! + hi[d]!) / 2 + edge / 2;
  const keep: number[] = [];
  const minD2 = minD * minD;
  for (let w = 0; w < count; w++) {
    let ok = true;
    for (let k = 0; k < 3 && ok; k++) {
      const x = wb.positions[9 * w + 3 * k]!, y = wb.positions[9 * w + 3 * k + 1]!, z = wb.positions[9 * w + 3 * k + 2]!;
      for (let a = 0; a < n; a++) {
        let dx = x - solutePos[3 * a]!, dy = y - solutePos[3 * a + 1]!, dz = z - solutePos[3 * a + 2]!;
        dx -= edge * Math.round(dx / edge); dy -= edge * Math.round(dy / edge); dz -= edge * Math.round(dz / edge);
        if (dx * dx + dy * dy + dz * dz < minD2) { ok = false; break; }
      }
    }
    if (ok) keep.push(w);
  }
  const water = waterBox({ model, count: keep.length, seed: o.seed ?? 1 }).params;
  const params = mergeParams(solute, water);
  const out = new Float64Array(3 * (n + 3 * keep.length));
  out.set(solutePos);
  keep.forEach((w, k) => out.set(wb.positions.subarray(9 * w, 9 * w + 9), 3 * n + 9 * k));
  return { params, positions: out, edge, waters: keep.length };
}
