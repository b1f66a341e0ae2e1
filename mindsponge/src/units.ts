/**
 * Unit systems (OpenMM convention for molecular units, LAMMPS `units lj` for reduced units).
 *
 * molecular: length nm, time ps, mass amu (g/mol), energy kJ/mol, temperature K, pressure bar.
 *   1 amu nm^2/ps^2 = 1 kJ/mol exactly, so KE = m v^2 / 2 needs no factor. Internally pressure is
 *   kJ/mol/nm^3; `pressureFactor` converts it to bar (1 kJ/mol/nm^3 = 16.6053906717 bar).
 * reduced (LJ): σ = ε = m = k_B = 1; time τ = σ sqrt(m/ε); pressure ε/σ^3; density N σ^3 / V.
 */
export interface UnitSystem {
  readonly name: 'molecular' | 'reduced';
  /** Boltzmann constant in energy/temperature (kJ/mol/K or 1). */
  readonly kB: number;
  /** Multiply an internal pressure (energy/length^3) by this to get the display unit (bar or ε/σ^3). */
  readonly pressureFactor: number;
  /** Multiply mass/length^3 (amu/nm^3) by this for the display mass density (g/cm^3); 1 in reduced units. */
  readonly massDensityFactor: number;
  readonly labels: { length: string; time: string; energy: string; temperature: string; pressure: string; mass: string; density: string };
}

/** Avogadro constant (1/mol), CODATA 2018 exact. */
export const AVOGADRO = 6.02214076e23;
/** Boltzmann constant in kJ/mol/K (CODATA 2018 k_B N_A / 1000). */
export const KB_KJ_PER_MOL_K = 1.380649e-23 * AVOGADRO / 1000;
/** 1 kJ/mol/nm^3 in bar: 1e3 J / 6.02214076e23 / 1e-27 m^3 / 1e5 Pa. */
export const BAR_PER_KJ_MOL_NM3 = 1e3 / AVOGADRO / 1e-27 / 1e5;
/** 1 amu/nm^3 in g/cm^3. */
export const G_CM3_PER_AMU_NM3 = 1 / AVOGADRO / 1e-21;

export const molecularUnits: UnitSystem = {
  name: 'molecular',
  kB: KB_KJ_PER_MOL_K,
  pressureFactor: BAR_PER_KJ_MOL_NM3,
  massDensityFactor: G_CM3_PER_AMU_NM3,
  labels: { length: 'nm', time: 'ps', energy: 'kJ/mol', temperature: 'K', pressure: 'bar', mass: 'amu', density: 'g/cm^3' },
};

export const reducedUnits: UnitSystem = {
  name: 'reduced',
  kB: 1,
  pressureFactor: 1,
  massDensityFactor: 1,
  labels: { length: 'sigma', time: 'tau', energy: 'epsilon', temperature: 'epsilon/kB', pressure: 'epsilon/sigma^3', mass: 'm', density: 'N sigma^3/V' },
};

/**
 * The unit system by name: 'molecular' (nm, ps, amu, kJ/mol, K, bar) or 'reduced' / 'lj' (σ = ε = m = k_B = 1).
 * @throws RangeError for any other name.
 */
export function unitSystem(name: string): UnitSystem {
  if (name === 'molecular') return molecularUnits;
  if (name === 'reduced' || name === 'lj') return reducedUnits;
  throw new RangeError(`units = '${name}', expected 'molecular' or 'reduced'`);
}
