/** Biomolecular force fields public API (Amber prmtop/rst7, bonded terms, Ewald/PME, constraints, water). */
export { PrmtopError, parsePrmtop, readPrmtopSections } from './prmtop.ts';
export type { AmberPrmtop, PrmtopSection } from './prmtop.ts';
export { Rst7Error, parseRst7, formatRst7, AMBER_VELOCITY_TO_A_PER_PS } from './rst7.ts';
export type { Rst7 } from './rst7.ts';
export { amberToParams, AMBER_CHARGE_SCALE, COULOMB_CONSTANT, KCAL_TO_KJ } from './amberParams.ts';
export type { ForceFieldParams, BondTerms, AngleTerms, TorsionTerms, PairTerms, LJTable } from './amberParams.ts';
export { harmonicBondEnergy, harmonicAngleEnergy, periodicTorsionEnergy, dihedralAngle } from './bonded.ts';
export { createPairKernel, pair14Energy, dispersionCoefficient } from './nonbonded.ts';
export type { PairKernel, PairSpec, CoulombKind } from './nonbonded.ts';
export { erfc, erf } from './erfc.ts';
export { ewaldParameters, pmeParameters, createEwaldReciprocal, ewaldCorrections } from './ewald.ts';
export type { ReciprocalSum } from './ewald.ts';
export { createPme, bsplineWeights } from './pme.ts';
export { amberForceField, AMBER_TERM_KEYS } from './amberForceField.ts';
export type { AmberForceField, AmberForceFieldOptions, NonbondedMethod, AmberTermKey } from './amberForceField.ts';
export { loadAmberSystem } from './load.ts';
export type { AmberSystem } from './load.ts';
