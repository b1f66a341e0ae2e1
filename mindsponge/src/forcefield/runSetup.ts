/**
 * One call from Amber files to everything a simulator needs — the hook for `mindsponge run`.
 *
 * `amberRunSetup({ prmtop, rst7, nonbondedMethod?, cutoff?, ewaldErrorTolerance?, dispersionCorrection?,
 *   constraints?: 'none' | 'HBonds', rigidWater?, hydrogenMass? })` ->
 * { provider (ForceProvider), positions [3N] nm, velocities [3N] nm/ps | null, masses [N] amu (after HMR),
 *   box | null, constraints (engine Constraints) | undefined, species [N], molecules [N],
 *   barostat(pressureBar, temperatureK, frequency?) -> molecular Monte Carlo BarostatOp }.
 * Defaults follow OpenMM's createSystem: PME with a box (else NoCutoff), cutoff 1.0 nm, tolerance
 * 5e-4, dispersion correction on, constraints 'HBonds' and rigid water.
 */
import type { BarostatOp } from '../simulate/context.ts';
import type { Box } from '../space.ts';
import { amberForceField, type AmberForceField, type NonbondedMethod } from './amberForceField.ts';
import { createConstraints, repartitionHydrogenMass, type AmberConstraints } from './constraints.ts';
import { loadAmberSystem, type AmberSystem } from './load.ts';
import { molecularMonteCarloBarostat, moleculesFromBonds } from './molecularBarostat.ts';

export interface AmberRunOptions {
  prmtop: string;
  rst7: string;
  nonbondedMethod?: NonbondedMethod;
  cutoff?: number;
  ewaldErrorTolerance?: number;
  dispersionCorrection?: boolean;
  constraints?: 'none' | 'HBonds';
  rigidWater?: boolean;
  /** amu; repartition hydrogen masses (HMR) when set. */
  hydrogenMass?: number;
}

export interface AmberRunSetup {
  system: AmberSystem;
  provider: AmberForceField;
  positions: Float64Array;
  velocities: Float64Array | null;
  masses: Float64Array;
  box: Box | null;
  constraints: AmberConstraints | undefined;
  species: Int32Array;
  molecules: Int32Array;
  barostat(pressureBar: number, temperatureK: number, frequency?: number): BarostatOp;
}

/**
 * From prmtop + rst7 paths to everything a simulator needs (the `mindsponge run` hook): the Amber provider, positions
 * [3N] nm, velocities [3N] nm/ps or null, masses [N] amu (after hydrogen-mass repartitioning when o.hydrogenMass amu is
 * set), box, constraints, species and molecule ids [N], and a molecular Monte Carlo barostat factory
 * (pressure bar, temperature K, frequency steps default 25). Defaults as OpenMM createSystem: PME with a box (else
 * NoCutoff), cutoff 1.0 nm, constraints 'HBonds', rigid water.
 */
export function amberRunSetup(o: AmberRunOptions): AmberRunSetup {
  const system = loadAmberSystem(o.prmtop, o.rst7);
  const method = o.nonbondedMethod ?? (system.box ? 'PME' : 'NoCutoff');
  const provider = amberForceField(system.params, {
    nonbondedMethod: method, cutoff: o.cutoff, ewaldErrorTolerance: o.ewaldErrorTolerance, dispersionCorrection: o.dispersionCorrection,
  });
  const mode = o.constraints ?? 'HBonds';
  const rigidWater = o.rigidWater ?? true;
  const constraints = mode === 'none' && !rigidWater ? undefined : createConstraints(system.params, { hBonds: mode === 'HBonds', rigidWater });
  const masses = o.hydrogenMass !== undefined ? repartitionHydrogenMass(system.params, o.hydrogenMass) : Float64Array.from(system.params.masses);
  const molecules = moleculesFromBonds(system.params);
  const usesBox = method !== 'NoCutoff' && method !== 'CutoffNonPeriodic';
  return {
    system, provider, positions: system.positions!, velocities: system.velocities, masses,
    box: usesBox ? system.box : null, constraints, species: Int32Array.from(system.params.lj.atomType), molecules,
    barostat: (p, T, f = 25) => molecularMonteCarloBarostat(p, T, molecules, f),
  };
}
