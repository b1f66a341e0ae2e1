/**
 * Reaction coordinates as linear combinations of interatomic distances, and a harmonic restraint on one
 * as an engine `ForceProvider` (for driven/steered or umbrella runs with any potential).
 *   xi(R) = sum_k c_k |R_{j_k} - R_{i_k}|                                   nm
 *   E     = k/2 (xi - xi0)^2                  k in kJ/mol/nm^2, E in kJ/mol
 *   F_a   = -k (xi - xi0) dxi/dR_a,   dxi/dR_{j_k} = c_k u_k = -dxi/dR_{i_k}   (u_k the unit vector i->j)
 * E.g. the Claisen rearrangement: xi = d(C1-C6) - d(O3-C4), terms [{i:0,j:5,c:1},{i:2,j:3,c:-1}].
 * The target `xi0` is a mutable field, so a driver can sweep it between steps. Free space (no box);
 * the virial of the restraint is added (sum_k c_k k(xi - xi0) (d_k outer u_k), kJ/mol).
 */
import type { Box, ForceProvider } from '../engine.ts';

export interface DistanceTerm {
  /** Atom indices (0-based). */
  readonly i: number;
  readonly j: number;
  /** Coefficient (dimensionless). */
  readonly c: number;
}

/** xi(R) in nm for positions [n*3] (nm). */
export function distanceCombination(terms: readonly DistanceTerm[], positions: Float64Array): number {
  let xi = 0;
  for (const t of terms) {
    const a = 3 * t.i, b = 3 * t.j;
    xi += t.c * Math.hypot(positions[b]! - positions[a]!, positions[b + 1]! - positions[a + 1]!, positions[b + 2]! - positions[a + 2]!);
  }
  return xi;
}

export interface ReactionRestraint extends ForceProvider {
  /** Target xi0, nm (mutable: sweep it between steps). */
  target: number;
  /** Force constant, kJ/mol/nm^2 (mutable). */
  forceConstant: number;
  /** xi at the last `compute`, nm. */
  readonly lastValue: number;
}

/** Harmonic restraint k/2 (xi - target)^2 on a distance combination. */
export function reactionCoordinateRestraint(terms: readonly DistanceTerm[], options: { forceConstant: number; target: number; name?: string }): ReactionRestraint {
  if (!terms.length) throw new RangeError('reactionCoordinateRestraint: no distance terms');
  for (const [k, t] of terms.entries()) {
    if (!(Number.isInteger(t.i) && Number.isInteger(t.j) && t.i >= 0 && t.j >= 0 && t.i !== t.j)) throw new RangeError(`reactionCoordinateRestraint: term ${k} has atoms (${t.i}, ${t.j}), expected two different non-negative indices`);
    if (!Number.isFinite(t.c)) throw new RangeError(`reactionCoordinateRestraint: term ${k} coefficient ${t.c} is not finite`);
  }
  if (!(options.forceConstant >= 0)) throw new RangeError(`reactionCoordinateRestraint: forceConstant = ${options.forceConstant} kJ/mol/nm^2, expected >= 0`);
  const name = options.name ?? 'restraint';
  const r: ReactionRestraint = {
    name,
    target: options.target,
    forceConstant: options.forceConstant,
    lastValue: NaN,
    compute(x: Float64Array, _box: Box | null, out) {
      for (const t of terms) if (3 * Math.max(t.i, t.j) + 2 >= x.length) throw new RangeError(`reactionCoordinateRestraint: atom ${Math.max(t.i, t.j)} is outside the ${x.length / 3}-atom system`);
      const xi = distanceCombination(terms, x);
      (r as { lastValue: number }).lastValue = xi;
      const dev = xi - r.target, e = 0.5 * r.forceConstant * dev * dev;
      out.energy += e;
      out.terms[name] = (out.terms[name] ?? 0) + e;
      for (const t of terms) {
        const a = 3 * t.i, b = 3 * t.j;
        const dx = x[b]! - x[a]!, dy = x[b + 1]! - x[a + 1]!, dz = x[b + 2]! - x[a + 2]!;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
        const s = (r.forceConstant * dev * t.c) / d; // dE/dR_j = s * (R_j - R_i)
        out.forces[b] -= s * dx; out.forces[b + 1] -= s * dy; out.forces[b + 2] -= s * dz;
        out.forces[a] += s * dx; out.forces[a + 1] += s * dy; out.forces[a + 2] += s * dz;
        // Virial W = -sum_pairs d (outer) dE/dd, engine order [xx, yy, zz, xy, xz, yz].
        out.virial[0] -= s * dx * dx; out.virial[1] -= s * dy * dy; out.virial[2] -= s * dz * dz;
        out.virial[3] -= s * dx * dy; out.virial[4] -= s * dx * dz; out.virial[5] -= s * dy * dz;
      }
    },
  };
  return r;
}
