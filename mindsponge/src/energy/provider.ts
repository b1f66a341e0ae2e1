/**
 * Force/energy provider: the one interface every interaction implements (LJ, bonds, Amber terms, PME,
 * neural potentials). A provider *adds* its contribution into a preallocated `ForceResult`:
 *   energy  += E                                (kJ/mol, or ε in reduced units)
 *   forces  += -dE/dr, shape [n*3]              (kJ/mol/nm)
 *   virial  += W_ab = sum over pairs r_ij,a f_ij,b   as [xx, yy, zz, xy, xz, yz]   (kJ/mol)
 * so that the pressure tensor is P_ab = (sum_i m v_a v_b + W_ab) / V. The caller zeroes the result
 * first (`clearForceResult`). Providers may keep internal state (e.g. a neighbour list) between calls,
 * but their output must depend only on (positions, box).
 *
 * `terms` gives a per-term energy breakdown for reporters (e.g. {lj: ..., tail: ...}).
 */
import type { Box } from '../space.ts';

export interface ForceResult {
  energy: number;
  readonly forces: Float64Array;
  readonly virial: Float64Array;
  readonly terms: Record<string, number>;
}

export interface ForceProvider {
  readonly name: string;
  compute(positions: Float64Array, box: Box | null, out: ForceResult): void;
  /**
   * Optional restart data for bit-for-bit resumption (e.g. the neighbour list's build positions, which
   * fix the pair order and thus the floating-point summation order). `restoreState` gets it back.
   */
  saveState?(): Record<string, Float64Array>;
  restoreState?(state: Record<string, Float64Array>): void;
}

/** A zeroed ForceResult for nAtoms atoms: energy 0, forces [nAtoms*3], virial [6] (xx, yy, zz, xy, xz, yz), no terms. */
export function forceResult(nAtoms: number): ForceResult {
  return { energy: 0, forces: new Float64Array(nAtoms * 3), virial: new Float64Array(6), terms: {} };
}

/** Zero a ForceResult in place (energy, forces, virial and every existing term) before providers add into it. */
export function clearForceResult(out: ForceResult): void {
  out.energy = 0;
  out.forces.fill(0);
  out.virial.fill(0);
  for (const k of Object.keys(out.terms)) out.terms[k] = 0;
}

/** Sum of providers, evaluated in order into one result. */
export function sumProviders(providers: readonly ForceProvider[], name = 'sum'): ForceProvider {
  return {
    name,
    compute(positions, box, out) {
      for (const p of providers) p.compute(positions, box, out);
    },
    saveState() {
      const all: Record<string, Float64Array> = {};
      providers.forEach((p, k) => { for (const [key, v] of Object.entries(p.saveState?.() ?? {})) all[`${k}.${key}`] = v; });
      return all;
    },
    restoreState(state) {
      providers.forEach((p, k) => {
        const mine: Record<string, Float64Array> = {};
        for (const [key, v] of Object.entries(state)) if (key.startsWith(`${k}.`)) mine[key.slice(String(k).length + 1)] = v;
        p.restoreState?.(mine);
      });
    },
  };
}

/** Zeroes `out` then evaluates `provider`; returns `out`. */
export function evaluate(provider: ForceProvider, positions: Float64Array, box: Box | null, out: ForceResult = forceResult(positions.length / 3)): ForceResult {
  clearForceResult(out);
  provider.compute(positions, box, out);
  return out;
}
