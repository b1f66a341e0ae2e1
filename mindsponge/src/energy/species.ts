/**
 * Species bookkeeping shared by pair potentials: per-atom type indices and mixing rules.
 * Lorentz-Berthelot: σ_ij = (σ_i + σ_j)/2, ε_ij = sqrt(ε_i ε_j). Geometric (OPLS): both geometric.
 */
export type MixingRule = 'lorentz-berthelot' | 'geometric';

/** Mixed size σ_ij: arithmetic (σ_i + σ_j)/2 for Lorentz-Berthelot, sqrt(σ_i σ_j) for geometric (OPLS). */
export function mixSigma(rule: MixingRule, a: number, b: number): number {
  return rule === 'geometric' ? Math.sqrt(a * b) : 0.5 * (a + b);
}

/** Mixed well depth ε_ij = sqrt(ε_i ε_j) (both rules). */
export function mixEpsilon(_rule: MixingRule, a: number, b: number): number {
  return Math.sqrt(a * b);
}

/** Normalises a scalar-or-array per-species parameter and checks it. */
export function perSpecies(name: string, value: number | readonly number[], nSpecies: number, positive = true): Float64Array {
  const arr = typeof value === 'number' ? new Array<number>(nSpecies).fill(value) : [...value];
  if (arr.length !== nSpecies) throw new RangeError(`${name}: ${arr.length} values given, expected one per species (${nSpecies})`);
  arr.forEach((v, k) => {
    if (!Number.isFinite(v) || (positive ? v <= 0 : v < 0)) throw new RangeError(`${name}[${k}] = ${v}, expected a finite number ${positive ? '> 0' : '>= 0'}`);
  });
  return Float64Array.from(arr);
}

/** Checks a per-atom species array against the number of species; returns counts per species. */
export function speciesCounts(species: Int32Array, nSpecies: number): Float64Array {
  const counts = new Float64Array(nSpecies);
  for (let i = 0; i < species.length; i++) {
    const t = species[i]!;
    if (!(t >= 0 && t < nSpecies)) throw new RangeError(`species[${i}] = ${t}, expected an integer in [0, ${nSpecies})`);
    counts[t]!++;
  }
  return counts;
}
