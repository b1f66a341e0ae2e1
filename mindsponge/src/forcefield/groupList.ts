/**
 * Hydrogen-group Verlet list for force fields: atoms are grouped with the heavy atom they are bonded
 * to (water = O + 2 H, CH3 = C + 3 H), and group pairs are listed when their heavy "anchors" are within
 * cutoff + skin + 2 rmax (rmax: farthest member from its anchor at build time, + 0.02 nm). The list is
 * rebuilt only when an anchor has moved more than skin/2, a member left its rmax sphere, or the box
 * changed. Hydrogens rotate fast but anchors diffuse slowly, so for water this rebuilds ~10x less often
 * than an atom list with the same skin (the engine's `neighborList` in ../partition.ts).
 *
 * `createGroupPairList(params, cutoff, skin)` -> `{ update(R, Lx, Ly, Lz) }` returning a CSR half list
 * (partners j > i of atom i: pairs[start[i]..start[i+1])) of all non-excluded atom pairs that can be
 * within `cutoff`; L = 0 means not periodic. Positions nm. Group pairs are searched over all anchor
 * pairs (O(G^2) per build, G = heavy atoms), which is cheap because builds are rare.
 */
import type { ForceFieldParams } from './amberParams.ts';

/** Minimum image of one component (L = 0: not periodic). */
function mi(d: number, L: number): number {
  return L > 0 ? d - L * Math.round(d / L) : d;
}

export interface GroupPairList {
  update(R: Float64Array, Lx: number, Ly: number, Lz: number): { start: Int32Array; pairs: Int32Array };
  readonly builds: number;
  readonly length: number;
}

export function createGroupPairList(p: ForceFieldParams, cutoff: number, skin: number): GroupPairList {
  const n = p.nAtoms;
  // Anchor of each atom: itself if heavy (or an unbonded H), else its bonded heavy atom.
  const anchorOf = Int32Array.from({ length: n }, (_, a) => a);
  for (let b = 0; b < p.bonds.i.length; b++) {
    const i = p.bonds.i[b]!, j = p.bonds.j[b]!;
    if (p.isHydrogen[i] && !p.isHydrogen[j] && anchorOf[i] === i) anchorOf[i] = j;
    else if (p.isHydrogen[j] && !p.isHydrogen[i] && anchorOf[j] === j) anchorOf[j] = i;
  }
  // Groups in CSR form, indexed by group number.
  const groupOf = new Int32Array(n).fill(-1);
  const anchors: number[] = [];
  for (let a = 0; a < n; a++) if (anchorOf[a] === a) { groupOf[a] = anchors.length; anchors.push(a); }
  for (let a = 0; a < n; a++) groupOf[a] = groupOf[anchorOf[a]!]!;
  const G = anchors.length;
  const gStart = new Int32Array(G + 1);
  for (let a = 0; a < n; a++) gStart[groupOf[a]! + 1]!++;
  for (let g = 0; g < G; g++) gStart[g + 1]! += gStart[g]!;
  const gAtoms = new Int32Array(n);
  const fill = gStart.slice(0, G);
  for (let a = 0; a < n; a++) gAtoms[fill[groupOf[a]!]!++] = a;

  const ref = new Float64Array(3 * G);
  const stamp = new Int32Array(n).fill(-1);
  const start = new Int32Array(n + 1);
  const count = new Int32Array(n);
  let pi = new Int32Array(16 * n), pj = new Int32Array(16 * n);
  let pairs = new Int32Array(16 * n);
  let m = 0;
  let rmax = 0;
  let builtL: [number, number, number] | null = null;
  let builds = 0;
  const nbr: number[] = [];

  function push(i: number, j: number): void {
    if (m >= pi.length) {
      const a = new Int32Array(2 * pi.length), b = new Int32Array(2 * pj.length);
      a.set(pi); b.set(pj); pi = a; pj = b;
    }
    pi[m] = i; pj[m] = j; m++;
  }

  function build(R: Float64Array, Lx: number, Ly: number, Lz: number): void {
    rmax = 0;
    for (let a = 0; a < n; a++) {
      const c = anchorOf[a]!;
      if (c === a) continue;
      const d = Math.hypot(mi(R[3 * a]! - R[3 * c]!, Lx), mi(R[3 * a + 1]! - R[3 * c + 1]!, Ly), mi(R[3 * a + 2]! - R[3 * c + 2]!, Lz));
      if (d > rmax) rmax = d;
    }
    rmax += 0.02;
    const rl = cutoff + skin + 2 * rmax, rl2 = rl * rl;
    for (let g = 0; g < G; g++) for (let d = 0; d < 3; d++) ref[3 * g + d] = R[3 * anchors[g]! + d]!;
    m = 0;
    for (let g = 0; g < G; g++) {
      const xg = ref[3 * g]!, yg = ref[3 * g + 1]!, zg = ref[3 * g + 2]!;
      nbr.length = 0;
      for (let h = g + 1; h < G; h++) {
        const dx = mi(xg - ref[3 * h]!, Lx), dy = mi(yg - ref[3 * h + 1]!, Ly), dz = mi(zg - ref[3 * h + 2]!, Lz);
        if (dx * dx + dy * dy + dz * dz < rl2) nbr.push(h);
      }
      for (let x = gStart[g]!; x < gStart[g + 1]!; x++) {
        const a = gAtoms[x]!;
        for (let e = p.exclusionStart[a]!; e < p.exclusionStart[a + 1]!; e++) stamp[p.exclusionList[e]!] = a;
        // Same group (usually all excluded), then neighbour groups.
        for (let y = x + 1; y < gStart[g + 1]!; y++) { const b = gAtoms[y]!; if (stamp[b] !== a) push(a, b); }
        for (const h of nbr) for (let y = gStart[h]!; y < gStart[h + 1]!; y++) { const b = gAtoms[y]!; if (stamp[b] !== a) push(a, b); }
      }
    }
    // Scatter into CSR by the smaller index.
    count.fill(0);
    for (let k = 0; k < m; k++) count[Math.min(pi[k]!, pj[k]!)]!++;
    start[0] = 0;
    for (let a = 0; a < n; a++) start[a + 1] = start[a]! + count[a]!;
    if (pairs.length < m) pairs = new Int32Array(Math.ceil(m * 1.2));
    const pos = start.slice(0, n);
    for (let k = 0; k < m; k++) {
      const i = Math.min(pi[k]!, pj[k]!), j = Math.max(pi[k]!, pj[k]!);
      pairs[pos[i]!++] = j;
    }
    builtL = [Lx, Ly, Lz];
    builds++;
  }

  function valid(R: Float64Array, Lx: number, Ly: number, Lz: number): boolean {
    if (!builtL || builtL[0] !== Lx || builtL[1] !== Ly || builtL[2] !== Lz) return false;
    const h2 = (skin / 2) ** 2, r2 = rmax * rmax;
    for (let g = 0; g < G; g++) {
      const c = anchors[g]!;
      const dx = mi(R[3 * c]! - ref[3 * g]!, Lx), dy = mi(R[3 * c + 1]! - ref[3 * g + 1]!, Ly), dz = mi(R[3 * c + 2]! - ref[3 * g + 2]!, Lz);
      if (dx * dx + dy * dy + dz * dz > h2) return false;
    }
    for (let a = 0; a < n; a++) {
      const c = anchorOf[a]!;
      if (c === a) continue;
      const dx = mi(R[3 * a]! - R[3 * c]!, Lx), dy = mi(R[3 * a + 1]! - R[3 * c + 1]!, Ly), dz = mi(R[3 * a + 2]! - R[3 * c + 2]!, Lz);
      if (dx * dx + dy * dy + dz * dz > r2) return false;
    }
    return true;
  }

  return {
    update(R, Lx, Ly, Lz) {
      if (!valid(R, Lx, Ly, Lz)) build(R, Lx, Ly, Lz);
      return { start, pairs };
    },
    get builds() { return builds; },
    get length() { return start[n]!; },
  };
}
