import { describe, expect, it } from 'vitest';
import { energyFactor, energyUnit, forceFactor, lengthFactor, lengthUnit, UnitError } from './units.ts';

describe('units', () => {
  it('matches CODATA 2018 / thermochemical definitions', () => {
    expect(energyFactor('kcal/mol', 'kJ/mol')).toBe(4.184);
    // 1 Hartree = 27.211386245988 eV (CODATA 2018).
    expect(energyFactor('Hartree', 'eV')).toBeCloseTo(27.211386245988, 9);
    // 1 eV = 23.060547830619 kcal/mol.
    expect(energyFactor('eV', 'kcal/mol')).toBeCloseTo(23.060547830619, 9);
    expect(lengthFactor('bohr', 'Angstrom')).toBeCloseTo(0.529177210903, 12);
    expect(lengthFactor('nm', 'Angstrom')).toBe(10);
  });
  it('converts forces as energy/length and round-trips', () => {
    expect(forceFactor('kcal/mol', 'Angstrom')).toBeCloseTo(41.84, 12);
    expect(forceFactor('Hartree', 'bohr', 'eV', 'Angstrom')).toBeCloseTo(27.211386245988 / 0.529177210903, 8);
    for (const e of ['eV', 'kcal/mol', 'kJ/mol', 'Hartree'] as const) for (const l of ['Angstrom', 'bohr', 'nm'] as const) {
      expect(forceFactor(e, l) * forceFactor('kJ/mol', 'nm', e, l)).toBeCloseTo(1, 14);
    }
  });
  it('resolves aliases and rejects unknown names clearly', () => {
    expect(energyUnit('ev')).toBe('eV');
    expect(energyUnit('Ha')).toBe('Hartree');
    expect(lengthUnit('Å')).toBe('Angstrom');
    expect(() => energyUnit('erg', 'config.energyUnit')).toThrow(UnitError);
    expect(() => lengthUnit('parsec')).toThrow(/'parsec' is not a known length unit; expected one of Angstrom, bohr, nm/);
  });
});
