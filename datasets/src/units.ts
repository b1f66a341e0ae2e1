/**
 * Unit handling for labelled molecular data. Everything is converted to the MindSPONGE molecular units
 * on read (nm, kJ/mol, kJ/mol/nm) and back to the file's units on write.
 *   energy:  eV (CODATA 2018: 96.48533212 kJ/mol), kcal/mol (thermochemical, 4.184 kJ/mol),
 *            kJ/mol, Hartree (2625.4996395 kJ/mol)
 *   length:  Angstrom (0.1 nm), bohr (0.0529177210903 nm, CODATA 2018), nm
 * Forces are energy/length in the same pair of units (e.g. eV/Angstrom, Hartree/bohr).
 */

export type EnergyUnit = 'eV' | 'kcal/mol' | 'kJ/mol' | 'Hartree';
export type LengthUnit = 'Angstrom' | 'bohr' | 'nm';

/** kJ/mol per unit. */
export const ENERGY_TO_KJ_PER_MOL: Readonly<Record<EnergyUnit, number>> = {
  eV: 96.48533212331002,
  'kcal/mol': 4.184,
  'kJ/mol': 1,
  Hartree: 2625.4996394798254,
};

/** nm per unit. */
export const LENGTH_TO_NM: Readonly<Record<LengthUnit, number>> = {
  Angstrom: 0.1,
  bohr: 0.0529177210903,
  nm: 1,
};

const energyAliases: Record<string, EnergyUnit> = {
  ev: 'eV', 'kcal/mol': 'kcal/mol', kcal_mol: 'kcal/mol', kcalmol: 'kcal/mol', 'kj/mol': 'kJ/mol', kj_mol: 'kJ/mol',
  kjmol: 'kJ/mol', hartree: 'Hartree', ha: 'Hartree', eh: 'Hartree', au: 'Hartree',
};
const lengthAliases: Record<string, LengthUnit> = {
  angstrom: 'Angstrom', ang: 'Angstrom', a: 'Angstrom', 'å': 'Angstrom', bohr: 'bohr', au: 'bohr', nm: 'nm', nanometer: 'nm',
};

/** An unknown or mismatched unit name; the message names the field, the value and the accepted units. */
export class UnitError extends Error {
  override name = 'UnitError';
}

/** Resolves an energy unit name (case-insensitive aliases: ev, kcal/mol, kj/mol, hartree, Ha, Eh). */
export function energyUnit(name: string, field = 'energy unit'): EnergyUnit {
  const u = energyAliases[name.trim().toLowerCase()];
  if (!u) throw new UnitError(`${field}: '${name}' is not a known energy unit; expected one of ${Object.keys(ENERGY_TO_KJ_PER_MOL).join(', ')}`);
  return u;
}

/** Resolves a length unit name (case-insensitive aliases: angstrom, Å, A, bohr, nm). */
export function lengthUnit(name: string, field = 'length unit'): LengthUnit {
  const u = lengthAliases[name.trim().toLowerCase()];
  if (!u) throw new UnitError(`${field}: '${name}' is not a known length unit; expected one of ${Object.keys(LENGTH_TO_NM).join(', ')}`);
  return u;
}

/** Factor converting `from` energies into `to` energies. */
export function energyFactor(from: EnergyUnit, to: EnergyUnit = 'kJ/mol'): number {
  return ENERGY_TO_KJ_PER_MOL[from] / ENERGY_TO_KJ_PER_MOL[to];
}

/** Factor converting `from` lengths into `to` lengths. */
export function lengthFactor(from: LengthUnit, to: LengthUnit = 'nm'): number {
  return LENGTH_TO_NM[from] / LENGTH_TO_NM[to];
}

/** Factor converting forces in `eFrom/lFrom` into `eTo/lTo` (default kJ/mol/nm). */
export function forceFactor(eFrom: EnergyUnit, lFrom: LengthUnit, eTo: EnergyUnit = 'kJ/mol', lTo: LengthUnit = 'nm'): number {
  return energyFactor(eFrom, eTo) / lengthFactor(lFrom, lTo);
}
