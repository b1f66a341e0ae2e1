/**
 * Pairwise nonbonded kernels: Lennard-Jones from A/B tables and Coulomb, with exclusions.
 *
 * `createPairKernel(params, spec)` returns a `PairKernelFn (R, F, out)`: R [3N] nm; adds forces
 * (kJ/mol/nm) into F when given; writes out[0] = LJ, out[1] = Coulomb (kJ/mol).
 * Coulomb flavours: 'plain' (k q q / r), 'reactionField' (OpenMM's: k q q (1/r + krf r^2 - crf)),
 * 'ewald' (real-space k q q erfc(alpha r)/r). LJ is truncated at the cutoff without shift (OpenMM's
 * default); add `dispersionCorrection` for the tail. With a box (orthorhombic, nm) pairs use the
 * minimum image and a cell list when the box holds at least 3 cutoff-sized cells per side.
 * Excluded pairs (prmtop exclusions and 1-4 pairs) are skipped; `pair14Energy` handles the latter.
 */
import { COULOMB_CONSTANT, type ForceFieldParams, type PairTerms } from './amberParams.ts';
import { erfcTable, type ErfcTable } from './erfc.ts';

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

export type PairKernelFn = (R: Float64Array, box: readonly [number, number, number] | null, F: Float64Array | null, out: Float64Array) => void;

/** The per-pair state lives in a class so the hot loop calls a monomorphic method, not a closure. */
class PairContext {
  eLJ = 0;
  eC = 0;
  /** Virial W_ab = sum r_ij,a f_ij,b, [xx, yy, zz, xy, xz, yz]. */
  readonly virial = new Float64Array(6);
  Lx = 0; Ly = 0; Lz = 0; iLx = 0; iLy = 0; iLz = 0;
  periodic = false;
  readonly rc2: number;
  readonly kind: number;
  readonly krf: number;
  readonly crf: number;
  readonly tf: Float64Array;
  readonly thd: Float64Array;
  readonly tInvH: number;
  constructor(
    readonly q: Float64Array, readonly type: Int32Array, readonly nt: number, readonly A: Float64Array, readonly B: Float64Array,
    rc: number, kind: number, krf: number, crf: number, table: ErfcTable | null,
  ) {
    this.rc2 = rc * rc; this.kind = kind; this.krf = krf; this.crf = crf;
    this.tf = table ? table.f : new Float64Array(0);
    this.thd = table ? table.hd : new Float64Array(0);
    this.tInvH = table ? table.invH : 0;
  }

  pair(R: Float64Array, F: Float64Array | null, i: number, j: number): void {
    let dx = R[3 * i]! - R[3 * j]!, dy = R[3 * i + 1]! - R[3 * j + 1]!, dz = R[3 * i + 2]! - R[3 * j + 2]!;
    if (this.periodic) {
      dx -= this.Lx * Math.round(dx * this.iLx); dy -= this.Ly * Math.round(dy * this.iLy); dz -= this.Lz * Math.round(dz * this.iLz);
    }
    const r2 = dx * dx + dy * dy + dz * dz;
    if (r2 >= this.rc2) return;
    const ir2 = 1 / r2;
    const tp = this.type[i]! * this.nt + this.type[j]!;
    const ir6 = ir2 * ir2 * ir2;
    const a12 = this.A[tp]! * ir6 * ir6, b6 = this.B[tp]! * ir6;
    this.eLJ += a12 - b6;
    let fs = (12 * a12 - 6 * b6) * ir2; // -dE/dr / r
    const qq = this.q[i]! * this.q[j]!;
    if (qq !== 0) {
      const r = Math.sqrt(r2);
      const ir = 1 / r;
      if (this.kind === 0) {
        this.eC += qq * ir;
        fs += qq * ir * ir2;
      } else if (this.kind === 1) {
        this.eC += qq * (ir + this.krf * r2 - this.crf);
        fs += qq * (ir * ir2 - 2 * this.krf);
      } else {
        const s = r * this.tInvH;
        const k = s | 0;
        const u = s - k;
        const u2 = u * u, u3 = u2 * u;
        const f0 = this.tf[k]!, f1 = this.tf[k + 1]!, d0 = this.thd[k]!, d1 = this.thd[k + 1]!;
        const g = (2 * u3 - 3 * u2 + 1) * f0 + (u3 - 2 * u2 + u) * d0 + (-2 * u3 + 3 * u2) * f1 + (u3 - u2) * d1;
        const dg = ((6 * u2 - 6 * u) * f0 + (3 * u2 - 4 * u + 1) * d0 + (-6 * u2 + 6 * u) * f1 + (3 * u2 - 2 * u) * d1) * this.tInvH;
        this.eC += qq * g * ir;
        fs += qq * (g * ir * ir2 - dg * ir2);
      }
    }
    if (F) {
      const fx = fs * dx, fy = fs * dy, fz = fs * dz;
      F[3 * i] += fx; F[3 * i + 1] += fy; F[3 * i + 2] += fz;
      F[3 * j] -= fx; F[3 * j + 1] -= fy; F[3 * j + 2] -= fz;
      const W = this.virial;
      W[0] += dx * fx; W[1] += dy * fy; W[2] += dz * fz; W[3] += dx * fy; W[4] += dx * fz; W[5] += dy * fz;
    }
  }
}

export interface PairKernel {
  /** Evaluate: out[0] = LJ, out[1] = Coulomb (kJ/mol); forces added into F; virial added into W (if given). */
  compute(R: Float64Array, box: readonly [number, number, number] | null, F: Float64Array | null, out: Float64Array, W?: Float64Array): void;
}

export function createPairKernel(p: ForceFieldParams, spec: PairSpec): PairKernel {
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
  const ctx = new PairContext(q, p.lj.atomType, p.lj.nTypes, p.lj.A, p.lj.B, rc, kind, krf, crf, table);
  const exStart = p.exclusionStart, exList = p.exclusionList;
  const stamp = new Int32Array(n);
  let head = new Int32Array(0);
  const next = new Int32Array(n);
  // 13 forward neighbour-cell offsets (half shell); the own cell is handled separately.
  const offsets: number[] = [];
  for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
    if (dz > 0 || (dz === 0 && (dy > 0 || (dy === 0 && dx > 0)))) offsets.push(dx, dy, dz);
  }

  return {
    compute(R, box, F, out, W) {
      if (box === null && spec.cutoff !== null && kind !== 0 && kind !== 1) throw new Error('nonbonded: ewald needs a periodic box');
      if (box && spec.cutoff === null) throw new Error('nonbonded: a periodic box needs a cutoff (nm)');
      if (box && box.some((L) => L < 2 * rc)) throw new Error(`nonbonded: cutoff ${rc} nm exceeds half the box ${box.join(' x ')} nm`);
      ctx.eLJ = 0; ctx.eC = 0; ctx.virial.fill(0);
      ctx.periodic = box !== null;
      if (box) { ctx.Lx = box[0]; ctx.Ly = box[1]; ctx.Lz = box[2]; ctx.iLx = 1 / box[0]; ctx.iLy = 1 / box[1]; ctx.iLz = 1 / box[2]; }
      stamp.fill(-1);
      const ncx = box ? Math.floor(box[0] / rc) : 0, ncy = box ? Math.floor(box[1] / rc) : 0, ncz = box ? Math.floor(box[2] / rc) : 0;
      if (!(box && ncx >= 3 && ncy >= 3 && ncz >= 3)) {
        for (let i = 0; i < n; i++) {
          for (let e = exStart[i]!; e < exStart[i + 1]!; e++) stamp[exList[e]!] = i;
          for (let j = i + 1; j < n; j++) if (stamp[j] !== i) ctx.pair(R, F, i, j);
        }
      } else {
        const nCells = ncx * ncy * ncz;
        if (head.length < nCells) head = new Int32Array(nCells);
        head.fill(-1, 0, nCells);
        for (let a = 0; a < n; a++) {
          let fx = R[3 * a]! * ctx.iLx, fy = R[3 * a + 1]! * ctx.iLy, fz = R[3 * a + 2]! * ctx.iLz;
          fx -= Math.floor(fx); fy -= Math.floor(fy); fz -= Math.floor(fz);
          const cx = Math.min(ncx - 1, (fx * ncx) | 0), cy = Math.min(ncy - 1, (fy * ncy) | 0), cz = Math.min(ncz - 1, (fz * ncz) | 0);
          const c = (cz * ncy + cy) * ncx + cx;
          next[a] = head[c]!;
          head[c] = a;
        }
        for (let c = 0; c < nCells; c++) {
          const cx = c % ncx, cy = ((c / ncx) | 0) % ncy, cz = (c / (ncx * ncy)) | 0;
          for (let i = head[c]!; i >= 0; i = next[i]!) {
            for (let e = exStart[i]!; e < exStart[i + 1]!; e++) stamp[exList[e]!] = i;
            for (let j = next[i]!; j >= 0; j = next[j]!) if (stamp[j] !== i) ctx.pair(R, F, i, j);
            for (let o = 0; o < offsets.length; o += 3) {
              const nx = (cx + offsets[o]! + ncx) % ncx, ny = (cy + offsets[o + 1]! + ncy) % ncy, nz = (cz + offsets[o + 2]! + ncz) % ncz;
              const c2 = (nz * ncy + ny) * ncx + nx;
              for (let j = head[c2]!; j >= 0; j = next[j]!) if (stamp[j] !== i) ctx.pair(R, F, i, j);
            }
          }
        }
      }
      out[0] = ctx.eLJ;
      out[1] = ctx.eC;
      if (W) for (let c = 0; c < 6; c++) W[c] += ctx.virial[c]!;
    },
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
