/**
 * Atom graphs for the neural potentials: a flat directed pair list idx_i / idx_j (SchNetPack's
 * convention: atom i receives a message from neighbour j) over a batch of structures.
 *
 * The model input is the pair vector D_p = R[j] - R[i] + shift_p (nm), where shift_p is the periodic
 * image offset (zero in free space). Differentiating the energy with respect to D gives, with
 * G_p = dE/dD_p, forces F_i = sum_{p: i_p = i} G_p - sum_{p: j_p = i} G_p and the virial
 * W_ab = -sum_p D_p,a G_p,b (the engine's convention: W_ab = sum_pairs r_ij,a f_ij,b, r_ij = r_i - r_j),
 * so one gradient serves forces and stress for molecules and periodic cells alike.
 *
 * Pair lists for periodic systems come from the MD engine's neighbour list (`neighborList`), so the
 * potential and the simulator share the cell-list search and its skin.
 */
import { minimumImageInPlace, type Box, type NeighborList } from '../engine.ts';

export interface AtomGraph {
  /** Atoms in the batch. */
  readonly nAtoms: number;
  /** Structures in the batch. */
  readonly nStructures: number;
  /** Model element index per atom [nAtoms]. */
  readonly species: Int32Array;
  /** Structure index per atom [nAtoms] (non-decreasing). */
  readonly structure: Int32Array;
  /** Receiving atom per directed pair [P]. */
  readonly idxI: Int32Array;
  /** Sending atom per directed pair [P]. */
  readonly idxJ: Int32Array;
  /** Periodic image offset per pair [P*3] (nm), or null in free space. */
  readonly shifts: Float64Array | null;
}

/** Directed pairs (i != j) of one molecule in free space within `cutoff` (nm), atom offset `offset`. */
function moleculePairs(positions: Float64Array, cutoff: number, offset: number, outI: number[], outJ: number[]): void {
  const n = positions.length / 3, rc2 = cutoff * cutoff;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = positions[3 * j]! - positions[3 * i]!, dy = positions[3 * j + 1]! - positions[3 * i + 1]!, dz = positions[3 * j + 2]! - positions[3 * i + 2]!;
      if (dx * dx + dy * dy + dz * dz < rc2) { outI.push(offset + i); outJ.push(offset + j); }
    }
  }
}

/**
 * A batch of free-space molecules: positions[k] [n_k*3] (nm), species[k] [n_k] (model element indices).
 * All pairs closer than `cutoff` (nm) are listed (O(n^2) per molecule, fine for small molecules).
 */
export function moleculeBatchGraph(positions: readonly Float64Array[], species: readonly Int32Array[], cutoff: number): AtomGraph {
  const pi: number[] = [], pj: number[] = [];
  let nAtoms = 0;
  for (let k = 0; k < positions.length; k++) nAtoms += species[k]!.length;
  const sp = new Int32Array(nAtoms), st = new Int32Array(nAtoms);
  let off = 0;
  positions.forEach((x, k) => {
    const s = species[k]!;
    if (x.length !== 3 * s.length) throw new RangeError(`moleculeBatchGraph: structure ${k} has ${s.length} species but ${x.length / 3} positions`);
    sp.set(s, off);
    st.fill(k, off, off + s.length);
    moleculePairs(x, cutoff, off, pi, pj);
    off += s.length;
  });
  return { nAtoms, nStructures: positions.length, species: sp, structure: st, idxI: Int32Array.from(pi), idxJ: Int32Array.from(pj), shifts: null };
}

/**
 * Graph of one structure from the engine's half neighbour list (cutoff + skin, minimum image), expanded
 * to directed pairs with image shifts. Pairs beyond the model cutoff are harmless (the cosine cutoff
 * zeroes them smoothly).
 */
export function graphFromNeighborList(nl: NeighborList, positions: Float64Array, box: Box | null, species: Int32Array): AtomGraph {
  const n = positions.length / 3;
  const half = nl.start[n]!;
  const idxI = new Int32Array(2 * half), idxJ = new Int32Array(2 * half);
  const shifts = box ? new Float64Array(6 * half) : null;
  const d = new Float64Array(3);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let q = nl.start[i]!; q < nl.start[i + 1]!; q++) {
      const j = nl.pairs[q]!;
      idxI[p] = i; idxJ[p] = j; idxI[p + half] = j; idxJ[p + half] = i;
      if (shifts && box) {
        // Image offset s with R_j - R_i + s the minimum image, fixed until the list is rebuilt.
        for (let a = 0; a < 3; a++) d[a] = positions[3 * j + a]! - positions[3 * i + a]!;
        minimumImageInPlace(box, d);
        for (let a = 0; a < 3; a++) {
          const s = d[a]! - (positions[3 * j + a]! - positions[3 * i + a]!);
          shifts[3 * p + a] = s; shifts[3 * (p + half) + a] = -s;
        }
      }
      p++;
    }
  }
  return { nAtoms: n, nStructures: 1, species, structure: new Int32Array(n), idxI, idxJ, shifts };
}

/** D_p = R[j] - R[i] + shift_p, [P*3] (nm). `positions` is the batch's concatenated [nAtoms*3]. */
export function pairVectors(graph: AtomGraph, positions: Float64Array, out = new Float64Array(3 * graph.idxI.length)): Float64Array {
  const { idxI, idxJ, shifts } = graph;
  for (let p = 0; p < idxI.length; p++) {
    const i = 3 * idxI[p]!, j = 3 * idxJ[p]!;
    out[3 * p] = positions[j]! - positions[i]! + (shifts ? shifts[3 * p]! : 0);
    out[3 * p + 1] = positions[j + 1]! - positions[i + 1]! + (shifts ? shifts[3 * p + 1]! : 0);
    out[3 * p + 2] = positions[j + 2]! - positions[i + 2]! + (shifts ? shifts[3 * p + 2]! : 0);
  }
  return out;
}

/** Forces [nAtoms*3] from G = dE/dD [P*3]: F_i += G_p for i = idxI[p], F_j -= G_p for j = idxJ[p]. */
export function forcesFromPairGradient(graph: AtomGraph, G: ArrayLike<number>, out: Float64Array = new Float64Array(3 * graph.nAtoms)): Float64Array {
  const { idxI, idxJ } = graph;
  for (let p = 0; p < idxI.length; p++) {
    const i = 3 * idxI[p]!, j = 3 * idxJ[p]!;
    for (let a = 0; a < 3; a++) { out[i + a] += G[3 * p + a]!; out[j + a] -= G[3 * p + a]!; }
  }
  return out;
}

/** Virial W = -sum_p D_p (x) G_p as [xx, yy, zz, xy, xz, yz] (kJ/mol), added into `out`. */
export function virialFromPairGradient(D: ArrayLike<number>, G: ArrayLike<number>, out: Float64Array = new Float64Array(6)): Float64Array {
  const P = D.length / 3;
  for (let p = 0; p < P; p++) {
    const dx = D[3 * p]!, dy = D[3 * p + 1]!, dz = D[3 * p + 2]!, gx = G[3 * p]!, gy = G[3 * p + 1]!, gz = G[3 * p + 2]!;
    out[0] -= dx * gx; out[1] -= dy * gy; out[2] -= dz * gz;
    out[3] -= 0.5 * (dx * gy + dy * gx); out[4] -= 0.5 * (dx * gz + dz * gx); out[5] -= 0.5 * (dy * gz + dz * gy);
  }
  return out;
}

