/**
 * Pairwise nonbonded kernels: Lennard-Jones from A/B tables and Coulomb, with exclusions.
 *
 * `createPairKernel(params, spec)` returns a `PairKernelFn (R, F, out)`: R [3N] nm; adds forces
 * (kJ/mol/nm) into F when given; writes out[0] = LJ, out[1] = Coulomb (kJ/mol).
 * Coulomb flavours: 'plain' (k q q / r), 'reactionField' (OpenMM's: k q q (1/r + krf r^2 - crf)),
 * 'ewald' (real-space k q q erfc(alpha r)/r). LJ is truncated at the cutoff without shift (OpenMM's
 * default); add `dispersionCorrection` for the tail. With a box (orthorhombic, nm) pairs use the
 * minimum image; with a cutoff they come from the engine's Verlet neighbour list (../partition.ts)
 * when cutoff + skin fits in half the box, else from a fixed list of all non-excluded pairs.
 * Excluded pairs (prmtop exclusions and 1-4 pairs) are skipped; `pair14Energy` handles the latter.
 */
import { COULOMB_CONSTANT, type ForceFieldParams, type PairTerms } from './amberParams.ts';
import { erfcTable, type ErfcTable } from './erfc.ts';
import { neighborList, type NeighborList } from '../partition.ts';
import { makeBox } from '../space.ts';

export type CoulombKind = 'plain' | 'reactionField' | 'ewald';

export interface PairSpec {
  /** Orthorhombic box lengths in nm, or null for vacuum. */
  box: readonly [number, number, number] | null;
  /** nm; null = all pairs (vacuum only). */
  cutoff: number | null;
  coulomb: CoulombKind;
  /** Ewald splitting parameter, 1/nm (coulomb = 'ewald'). */
  alpha?: number;
  /** Dielectric beyond the cutoff for the reaction field (default 78.3, OpenMM's). */
  reactionFieldDielectric?: number;
}

export interface PairKernel {
  /** Evaluate: out[0] = LJ, out[1] = Coulomb (kJ/mol); forces added into F; virial added into W (if given). */
  compute(R: Float64Array, box: readonly [number, number, number] | null, F: Float64Array | null, out: Float64Array, W?: Float64Array): void;
  /** Neighbour-list builds so far and the current list length (pairs). */
  stats(): { builds: number; pairs: number };
}

/** Constant parameters of the pair loop, gathered once so the loop reads locals only. */
interface PairTables {
  q: Float64Array; type: Int32Array; nt: number; A: Float64Array; B: Float64Array;
  rc2: number; kind: number; krf: number; crf: number;
  tf: Float64Array; thd: Float64Array; tInvH: number;
}

/**
 * The hot loop over a CSR half list (partners of i: pairs[start[i]..start[i+1])). L = 0 for no
 * periodicity. Writes energies to out and adds forces / virial. Plain function, locals only.
 */
function pairLoop(
  R: Float64Array, F: Float64Array | null, W: Float64Array | null, out: Float64Array, t: PairTables,
  start: Int32Array, pairs: Int32Array, n: number, Lx: number, Ly: number, Lz: number,
): void {
  const q = t.q, type = t.type, nt = t.nt, A = t.A, B = t.B, rc2 = t.rc2, kind = t.kind, krf = t.krf, crf = t.crf;
  const tf = t.tf, thd = t.thd, tInvH = t.tInvH;
  const periodic = Lx > 0;
  const iLx = periodic ? 1 / Lx : 0, iLy = periodic ? 1 / Ly : 0, iLz = periodic ? 1 / Lz : 0;
  let eLJ = 0, eC = 0;
  let wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
  for (let i = 0; i < n; i++) {
    const p0 = start[i]!, p1 = start[i + 1]!;
    if (p0 === p1) continue;
    const xi = R[3 * i]!, yi = R[3 * i + 1]!, zi = R[3 * i + 2]!;
    const qi = q[i]!, ti = type[i]! * nt;
    let fxi = 0, fyi = 0, fzi = 0;
    for (let p = p0; p < p1; p++) {
      const j = pairs[p]!;
      let dx = xi - R[3 * j]!, dy = yi - R[3 * j + 1]!, dz = zi - R[3 * j + 2]!;
      if (periodic) {
        dx -= Lx * Math.round(dx * iLx); dy -= Ly * Math.round(dy * iLy); dz -= Lz * Math.round(dz * iLz);
      }
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const ir2 = 1 / r2;
      const tp = ti + type[j]!;
      const ir6 = ir2 * ir2 * ir2;
      const a12 = A[tp]! * ir6 * ir6, b6 = B[tp]! * ir6;
      eLJ += a12 - b6;
      let fs = (12 * a12 - 6 * b6) * ir2; // -dE/dr / r
      const qq = qi * q[j]!;
      if (qq !== 0) {
        const r = Math.sqrt(r2);
        const ir = 1 / r;
        if (kind === 2) {
          const s = r * tInvH;
          const k = s | 0;
          const u = s - k;
          const u2 = u * u, u3 = u2 * u;
          const f0 = tf[k]!, f1 = tf[k + 1]!, d0 = thd[k]!, d1 = thd[k + 1]!;
          const g = (2 * u3 - 3 * u2 + 1) * f0 + (u3 - 2 * u2 + u) * d0 + (-2 * u3 + 3 * u2) * f1 + (u3 - u2) * d1;
          const dg = ((6 * u2 - 6 * u) * f0 + (3 * u2 - 4 * u + 1) * d0 + (-6 * u2 + 6 * u) * f1 + (3 * u2 - 2 * u) * d1) * tInvH;
          eC += qq * g * ir;
          fs += qq * (g * ir - dg) * ir2;
        } else if (kind === 0) {
          eC += qq * ir;
          fs += qq * ir * ir2;
        } else {
          eC += qq * (ir + krf * r2 - crf);
          fs += qq * (ir * ir2 - 2 * krf);
        }
      }
      if (F) {
        const fx = fs * dx, fy = fs * dy, fz = fs * dz;
        fxi += fx; fyi += fy; fzi += fz;
        F[3 * j] -= fx; F[3 * j + 1] -= fy; F[3 * j + 2] -= fz;
        wxx += dx * fx; wyy += dy * fy; wzz += dz * fz; wxy += dx * fy; wxz += dx * fz; wyz += dy * fz;
      }
    }
    if (F) { F[3 * i] += fxi; F[3 * i + 1] += fyi; F[3 * i + 2] += fzi; }
  }
  out[0] = eLJ;
  out[1] = eC;
  if (W) { W[0] += wxx; W[1] += wyy; W[2] += wzz; W[3] += wxy; W[4] += wxz; W[5] += wyz; }
}

/** Every non-excluded pair i < j as a CSR half list (used in vacuum and for boxes too small for cells). */
function allPairsList(p: ForceFieldParams): { start: Int32Array; pairs: Int32Array } {
  const n = p.nAtoms;
  const stamp = new Int32Array(n).fill(-1);
  const start = new Int32Array(n + 1);
  let count = 0;
  for (let i = 0; i < n; i++) for (let e = p.exclusionStart[i]!; e < p.exclusionStart[i + 1]!; e++) if (p.exclusionList[e]! > i) count++;
  const pairs = new Int32Array((n * (n - 1)) / 2 - count);
  let m = 0;
  for (let i = 0; i < n; i++) {
    start[i] = m;
    for (let e = p.exclusionStart[i]!; e < p.exclusionStart[i + 1]!; e++) stamp[p.exclusionList[e]!] = i;
    for (let j = i + 1; j < n; j++) if (stamp[j] !== i) pairs[m++] = j;
  }
  start[n] = m;
  return { start, pairs: pairs.subarray(0, m) };
}

export interface PairKernelOptions {
  /** Verlet skin for the neighbour list, nm (default 0.2, shrunk to fit small boxes). */
  skin?: number;
}

/**
 * Nonbonded pair kernel for Amber parameters: LJ from the A/B tables plus Coulomb ('plain', OpenMM 'reactionField' or
 * real-space 'ewald' erfc(αr)/r), skipping excluded and 1-4 pairs. compute(R [3N] nm, box lengths nm | null, F, out, W?)
 * writes out[0] = LJ and out[1] = Coulomb energy (kJ/mol) and adds forces (kJ/mol/nm) into F and the virial into W when
 * given. Pairs come from the Verlet list when cutoff + skin fits in half the box, otherwise from all pairs.
 * @param spec cutoff nm (null = none), coulomb flavour, alpha 1/nm (ewald), reactionFieldDielectric (default 78.3).
 * @param options.skin Verlet skin nm (default 0.2, shrunk for small boxes).
 * @throws Error when a cutoff-based Coulomb has no cutoff, ewald has alpha ≤ 0, or (at compute) the cutoff exceeds half the box.
 */
export function createPairKernel(p: ForceFieldParams, spec: PairSpec, options: PairKernelOptions = {}): PairKernel {
  const n = p.nAtoms;
  if (spec.coulomb !== 'plain' && spec.cutoff === null) throw new Error(`nonbonded: coulomb '${spec.coulomb}' needs a cutoff`);
  const rc = spec.cutoff ?? Infinity;
  const kind = spec.coulomb === 'plain' ? 0 : spec.coulomb === 'reactionField' ? 1 : 2;
  const eps = spec.reactionFieldDielectric ?? 78.3;
  const krf = kind === 1 ? ((eps - 1) / (2 * eps + 1)) / (rc * rc * rc) : 0;
  const crf = kind === 1 ? 1 / rc + krf * rc * rc : 0;
  let table: ErfcTable | null = null;
  if (kind === 2) {
    if (!(spec.alpha! > 0)) throw new Error(`nonbonded: ewald needs alpha > 0 (1/nm), got ${spec.alpha}`);
    table = erfcTable(spec.alpha!, rc * 1.01);
  }
  const q = new Float64Array(n);
  for (let a = 0; a < n; a++) q[a] = p.charges[a]! * Math.sqrt(COULOMB_CONSTANT);
  const tables: PairTables = {
    q, type: p.lj.atomType, nt: p.lj.nTypes, A: p.lj.A, B: p.lj.B, rc2: rc * rc, kind, krf, crf,
    tf: table ? table.f : new Float64Array(0), thd: table ? table.hd : new Float64Array(0), tInvH: table ? table.invH : 0,
  };
  // Verlet skin: up to 0.2 nm (water H atoms move ~0.005 nm per 2 fs step, so a 0.1 nm skin
  // rebuilds every 3-4 steps), reduced to keep 3 cells per side or, failing that, to fit the box;
  // boxes below 2 (cutoff + 0.05) use the fixed all-pairs list. The list is made on the first call.
  const exclusions = { start: p.exclusionStart, list: p.exclusionList };
  let skin = options.skin ?? 0.2;
  let nlFns: ReturnType<typeof neighborList> | null = null;
  let nl: NeighborList | null = null;
  let all: { start: Int32Array; pairs: Int32Array } | null = null;

  return {
    compute(R, box, F, out, W) {
      if (box && spec.cutoff === null) throw new Error('nonbonded: a periodic box needs a cutoff (nm)');
      if (box && box.some((L) => L < 2 * rc)) throw new Error(`nonbonded: cutoff ${rc} nm exceeds half the box ${box.join(' x ')} nm`);
      const Lx = box ? box[0] : 0, Ly = box ? box[1] : 0, Lz = box ? box[2] : 0;
      if (spec.cutoff !== null && !nlFns) {
        if (box && options.skin === undefined) {
          // Keep >= 3 cells of (cutoff + skin) per side when that still leaves a useful skin, so the
          // list is built with cells (O(N)) rather than all pairs (O(N^2)).
          const Lmin = Math.min(Lx, Ly, Lz);
          skin = Lmin / 3 - rc >= 0.08 ? Math.min(skin, Lmin / 3 - rc) : Math.min(skin, Lmin / 2 - rc);
        }
        if (!box || skin >= 0.05) nlFns = neighborList({ cutoff: rc, skin, exclusions });
      }
      // The neighbour list needs cutoff + skin <= half the box; smaller boxes use the all-pairs list.
      if (nlFns && (!box || Math.min(Lx, Ly, Lz) >= 2 * (rc + skin))) {
        const b = box ? makeBox(Lx, Ly, Lz) : null;
        nl = nl ? nlFns.update(nl, R, b) : nlFns.allocate(R, b);
        pairLoop(R, F, W ?? null, out, tables, nl.start, nl.pairs, n, Lx, Ly, Lz);
      } else {
        all ??= allPairsList(p);
        pairLoop(R, F, W ?? null, out, tables, all.start, all.pairs, n, Lx, Ly, Lz);
      }
    },
    stats: () => ({ builds: nl?.builds ?? 0, pairs: nl ? nl.start[n]! : all ? all.start[n]! : 0 }),
  };
}

/** 1-4 pairs (scaled LJ + Coulomb, no cutoff; minimum image when `box`). out[0] = LJ-14, out[1] = Coulomb-14. */
export function pair14Energy(
  R: Float64Array, t: PairTerms, F: Float64Array | null, out: Float64Array, box: readonly [number, number, number] | null = null, W: Float64Array | null = null,
): void {
  let eLJ = 0, eC = 0;
  const Lx = box ? box[0] : 0, Ly = box ? box[1] : 0, Lz = box ? box[2] : 0;
  for (let p = 0; p < t.i.length; p++) {
    const i = 3 * t.i[p]!, j = 3 * t.j[p]!;
    let dx = R[i]! - R[j]!, dy = R[i + 1]! - R[j + 1]!, dz = R[i + 2]! - R[j + 2]!;
    if (box) { dx -= Lx * Math.round(dx / Lx); dy -= Ly * Math.round(dy / Ly); dz -= Lz * Math.round(dz / Lz); }
    const ir2 = 1 / (dx * dx + dy * dy + dz * dz);
    const ir = Math.sqrt(ir2);
    const ir6 = ir2 * ir2 * ir2;
    const a12 = t.A[p]! * ir6 * ir6, b6 = t.B[p]! * ir6;
    const ec = COULOMB_CONSTANT * t.chargeProd[p]! * ir;
    eLJ += a12 - b6;
    eC += ec;
    if (F) {
      const fs = (12 * a12 - 6 * b6 + ec) * ir2;
      F[i] += fs * dx; F[i + 1] += fs * dy; F[i + 2] += fs * dz;
      F[j] -= fs * dx; F[j + 1] -= fs * dy; F[j + 2] -= fs * dz;
      if (W) { W[0] += fs * dx * dx; W[1] += fs * dy * dy; W[2] += fs * dz * dz; W[3] += fs * dx * dy; W[4] += fs * dx * dz; W[5] += fs * dy * dz; }
    }
  }
  out[0] = eLJ;
  out[1] = eC;
}

/**
 * Long-range dispersion correction for LJ truncated at rc (OpenMM's formula):
 * E = 2 pi N^2 / V * (<A>/(9 rc^9) - <B>/(3 rc^3)), <.> averaged over all N(N+1)/2 atom pairs by type.
 * Returns the coefficient c (kJ/mol nm^3); the energy is c / V and the pressure contribution c / V^2.
 */
export function dispersionCoefficient(p: ForceFieldParams, cutoff: number): number {
  const nt = p.lj.nTypes;
  const counts = new Float64Array(nt);
  for (let a = 0; a < p.nAtoms; a++) counts[p.lj.atomType[a]!]! += 1;
  let sumA = 0, sumB = 0, pairs = 0;
  for (let s = 0; s < nt; s++) {
    for (let t = s; t < nt; t++) {
      const c = s === t ? (counts[s]! * (counts[s]! + 1)) / 2 : counts[s]! * counts[t]!;
      sumA += c * p.lj.A[s * nt + t]!;
      sumB += c * p.lj.B[s * nt + t]!;
      pairs += c;
    }
  }
  const N = p.nAtoms;
  sumA /= pairs; sumB /= pairs;
  return 2 * Math.PI * N * N * (sumA / (9 * cutoff ** 9) - sumB / (3 * cutoff ** 3));
}
