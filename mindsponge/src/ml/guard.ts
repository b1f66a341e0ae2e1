/**
 * MD stability guard for neural (or any) potentials: a molecule that falls apart or collapses stops the
 * run with the step number instead of producing a plausible-looking trajectory.
 *
 * Connectivity: atoms i, j are bonded when d_ij < factor * (r_i + r_j) with covalent radii r (Cordero et
 * al., Dalton Trans. 2008, 2832; nm). The guard counts connected fragments of that graph in the start
 * structure; at a check, more fragments than at the start is a dissociation, and any pair closer than
 * `collapse * (r_i + r_j)` is a collapse. Both throw `DissociationError` (a `BlowUpError`, so existing
 * handlers catch it) naming the step, the atom and the distance. Bonds may break and form (a reaction
 * keeps one fragment); only the fragment count is watched.
 *
 * `withFragmentGuard(simulator, atoms)` wraps an `{init, step}` simulator and checks every `every` steps.
 * Positions nm; free space (no box). O(N^2) per check: meant for molecules, not condensed phases.
 */
import { BlowUpError, type MDState, type Simulator } from '../engine.ts';
import { atomicNumber } from './model.ts';

/** Single-bond covalent radii (nm) by atomic number, Cordero 2008 (C: sp3). */
const COVALENT_RADIUS_NM: Readonly<Record<number, number>> = { 1: 0.031, 5: 0.084, 6: 0.076, 7: 0.071, 8: 0.066, 9: 0.057, 14: 0.111, 15: 0.107, 16: 0.105, 17: 0.102 };

/** A molecule split into more fragments than at the start, or two atoms collapsed; carries the step and atom (a `BlowUpError`). */
export class DissociationError extends BlowUpError {
  override name = 'DissociationError';
}

export interface FragmentGuardOptions {
  /** Bonded when d < factor * (r_i + r_j) (default 1.5). */
  factor?: number;
  /** Collapse when d < collapse * (r_i + r_j) (default 0.5). */
  collapse?: number;
  /** Check every this many steps (default 10). */
  every?: number;
}

export interface FragmentGuard {
  /** Fragments of the start structure. */
  readonly fragments: number;
  /** Number of fragments of `positions` [n*3] (nm). */
  count(positions: Float64Array): number;
  /** Throws `DissociationError` for step `step` when `positions` has split or collapsed. */
  check(positions: Float64Array, step: number): void;
}

/** A guard for atoms (symbols or atomic numbers) whose start structure is `reference` [n*3] (nm). */
export function fragmentGuard(atoms: readonly (string | number)[], reference: Float64Array, options: FragmentGuardOptions = {}): FragmentGuard {
  const n = atoms.length;
  if (reference.length !== 3 * n) throw new RangeError(`fragmentGuard: ${n} atoms but reference positions have length ${reference.length}, expected ${3 * n}`);
  const factor = options.factor ?? 1.5, collapse = options.collapse ?? 0.5;
  const radius = Float64Array.from(atoms, (a, i) => {
    const z = typeof a === 'number' ? a : atomicNumber(a);
    const r = COVALENT_RADIUS_NM[z];
    if (r === undefined) throw new RangeError(`fragmentGuard: atom ${i} (Z=${z}) has no covalent radius in the table (Z = ${Object.keys(COVALENT_RADIUS_NM).join(', ')})`);
    return r;
  });
  const parent = new Int32Array(n);
  const find = (i: number): number => { while (parent[i] !== i) { parent[i] = parent[parent[i]!]!; i = parent[i]!; } return i; };
  // One pass over pairs: union bonded atoms, report the first collapsed pair.
  const scan = (x: Float64Array): { fragments: number; collapsed: [number, number, number] | null } => {
    for (let i = 0; i < n; i++) parent[i] = i;
    let fragments = n, collapsed: [number, number, number] | null = null;
    for (let i = 0; i < n; i++) {
      const xi = x[3 * i]!, yi = x[3 * i + 1]!, zi = x[3 * i + 2]!;
      for (let j = i + 1; j < n; j++) {
        const dx = x[3 * j]! - xi, dy = x[3 * j + 1]! - yi, dz = x[3 * j + 2]! - zi;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz), s = radius[i]! + radius[j]!;
        if (!(d >= collapse * s) && collapsed === null) collapsed = [i, j, d];
        if (d < factor * s) { const a = find(i), b = find(j); if (a !== b) { parent[a] = b; fragments--; } }
      }
    }
    return { fragments, collapsed };
  };
  const start = scan(reference);
  if (start.collapsed) throw new RangeError(`fragmentGuard: the reference structure already has atoms ${start.collapsed[0]} and ${start.collapsed[1]} at ${start.collapsed[2].toFixed(4)} nm`);
  return {
    fragments: start.fragments,
    count: (x) => scan(x).fragments,
    check(x, step) {
      const r = scan(x);
      if (r.collapsed) {
        const [i, j, d] = r.collapsed;
        throw new DissociationError(`collapse at step ${step}: atoms ${i} and ${j} are ${Number.isFinite(d) ? d.toFixed(4) : d} nm apart (limit ${(collapse * (radius[i]! + radius[j]!)).toFixed(4)} nm)`, step, i);
      }
      if (r.fragments > start.fragments) {
        // Name an atom outside the fragment of atom 0, and its nearest distance to that fragment.
        const root = find(0);
        let atom = 0, nearest = Infinity;
        for (let i = 0; i < n; i++) if (find(i) !== root) {
          for (let j = 0; j < n; j++) if (find(j) === root) {
            const d = Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
            if (d < nearest) { nearest = d; atom = i; }
          }
        }
        throw new DissociationError(`dissociation at step ${step}: ${r.fragments} fragments (start: ${start.fragments}); atom ${atom} is ${nearest.toFixed(3)} nm from the fragment of atom 0`, step, atom);
      }
    },
  };
}

/** `simulator` with a fragment guard checked every `options.every` steps (and at init). */
export function withFragmentGuard(simulator: Simulator, atoms: readonly (string | number)[], options: FragmentGuardOptions = {}): Simulator {
  const every = options.every ?? 10;
  let guard: FragmentGuard | null = null;
  return {
    ...simulator,
    name: `${simulator.name}+fragment-guard`,
    init(init) {
      const s = simulator.init(init);
      guard = fragmentGuard(atoms, s.positions, options);
      return s;
    },
    step(state: MDState): MDState {
      const s = simulator.step(state);
      if (!guard) guard = fragmentGuard(atoms, s.positions, options);
      if (s.step % every === 0) guard.check(s.positions, s.step);
      return s;
    },
    dof: (s) => simulator.dof(s),
    conserved: (s) => simulator.conserved(s),
  };
}
