/**
 * Monte Carlo barostat that scales molecular centres of mass (OpenMM's MonteCarloBarostat), for
 * systems with rigid or constrained molecules, where scaling atoms would break the constraints.
 *
 * `molecularMonteCarloBarostat(pressure [bar], temperature [K], molecules, frequency)` is the engine's
 * `monteCarloBarostat` (../simulate/barostats.ts) in molecular mode: every `frequency` steps it proposes
 * V -> V + dV, moves each molecule rigidly so its centre of mass scales with the box, and accepts with
 * min(1, exp(-(dU + P dV - N_mol kT ln(V'/V)) / kT)). `molecules` [N] gives the molecule index of each
 * atom (`moleculesFromBonds`). Orthorhombic boxes.
 */
import { monteCarloBarostat } from '../simulate/barostats.ts';
import type { BarostatOp } from '../simulate/context.ts';
import { BAR_PER_KJ_MOL_NM3, KB_KJ_PER_MOL_K } from '../units.ts';
import type { ForceFieldParams } from './amberParams.ts';

/** Connected components of the bond graph: [N] molecule index per atom (0-based, in atom order). */
export function moleculesFromBonds(p: ForceFieldParams): Int32Array {
  const parent = Int32Array.from({ length: p.nAtoms }, (_, i) => i);
  const find = (a: number): number => { while (parent[a] !== a) { parent[a] = parent[parent[a]!]!; a = parent[a]!; } return a; };
  for (let b = 0; b < p.bonds.i.length; b++) {
    const x = find(p.bonds.i[b]!), y = find(p.bonds.j[b]!);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  const label = new Int32Array(p.nAtoms).fill(-1);
  const out = new Int32Array(p.nAtoms);
  let next = 0;
  for (let a = 0; a < p.nAtoms; a++) {
    const r = find(a);
    if (label[r] === -1) label[r] = next++;
    out[a] = label[r]!;
  }
  return out;
}

/** The engine's Monte Carlo barostat in molecular mode, in bar and K (see ../simulate/barostats.ts). */
export function molecularMonteCarloBarostat(pressureBar: number, temperature: number, molecules: Int32Array, frequency = 25): BarostatOp {
  if (!(temperature > 0)) throw new RangeError(`molecular barostat: temperature = ${temperature} K, expected > 0`);
  return monteCarloBarostat(pressureBar / BAR_PER_KJ_MOL_NM3, KB_KJ_PER_MOL_K * temperature, frequency, false, molecules);
}
