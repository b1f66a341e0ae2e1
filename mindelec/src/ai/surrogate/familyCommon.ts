/**
 * Pieces shared by the S11 design families (layerFamily.ts, patchFamily.ts): the evenly spaced frequency
 * grid and the range check of a design against its parameter table.
 */

/**
 * nFreq frequencies evenly spaced from fMinGHz to fMaxGHz inclusive.
 * @param what the family, for the error message.
 * @returns frequencies in Hz.
 * @throws RangeError unless 0 < fMin < fMax and nFreq is an integer >= 2.
 */
export function evenFrequencies(what: string, fMinGHz: number, fMaxGHz: number, nFreq: number): number[] {
  const f0 = fMinGHz * 1e9, f1 = fMaxGHz * 1e9, n = nFreq;
  if (!(f1 > f0 && f0 > 0) || !Number.isInteger(n) || n < 2) throw new RangeError(`${what} grid: need 0 < fMin < fMax and nFreq >= 2, got ${f0}, ${f1}, ${n}`);
  return Array.from({ length: n }, (_, q) => f0 + ((f1 - f0) * q) / (n - 1));
}

/**
 * Checks every parameter of a design is a finite number within its [min, max] (1e-9 tolerance).
 * @param what the family, for the error message.
 * @param parameters the family's table ({name, unit, min, max}).
 * @param design the design object, keyed by parameter name.
 * @throws RangeError naming the parameter, its value and unit, and the allowed range.
 */
export function checkParameterRanges(what: string, parameters: readonly { name: string; unit: string; min: number; max: number }[], design: Record<string, unknown>): void {
  if (design === null || typeof design !== 'object') throw new RangeError(`${what} design: ${JSON.stringify(design)}; expected {${parameters.map((p) => p.name).join(', ')}}`);
  for (const p of parameters) {
    const v = design[p.name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < p.min - 1e-9 || v > p.max + 1e-9) {
      throw new RangeError(`${what} design: ${p.name} = ${v} ${p.unit}; expected ${p.min}..${p.max} ${p.unit}`);
    }
  }
}
