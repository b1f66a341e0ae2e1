/**
 * The Amber force field as one `ForceProvider` (see ../energy/provider.ts): bonded terms, 1-4 pairs,
 * LJ + Coulomb with a chosen nonbonded method, dispersion correction.
 *
 * `amberForceField(params, options)` -> provider whose `compute(R [3N] nm, box, out)` adds energy
 * (kJ/mol), forces (kJ/mol/nm) and virial into `out`, and fills `out.terms` with the per-term keys
 * bond, angle, dihedral (propers + impropers), ureyBradley, lj, lj14, coulomb, coulomb14, dispersion.
 * `coulomb` holds the whole electrostatic energy of non-1-4 pairs: for Ewald/PME that is direct +
 * reciprocal + self + exclusion corrections (OpenMM's NonbondedForce convention).
 * Nonbonded methods follow OpenMM's names: NoCutoff, CutoffNonPeriodic, CutoffPeriodic (reaction
 * field), Ewald, PME; the Ewald parameters come from `ewaldErrorTolerance` as in OpenMM.
 */
import type { Box } from '../space.ts';
import type { ForceProvider, ForceResult } from '../energy/provider.ts';
import type { ForceFieldParams } from './amberParams.ts';
import { harmonicAngleEnergy, harmonicBondEnergy, periodicTorsionEnergy } from './bonded.ts';
import { createPairKernel, dispersionCoefficient, pair14Energy, type PairKernel } from './nonbonded.ts';
import { createEwaldReciprocal, ewaldParameters, pmeParameters, type ReciprocalSum } from './ewald.ts';
import { createPme } from './pme.ts';

export type NonbondedMethod = 'NoCutoff' | 'CutoffNonPeriodic' | 'CutoffPeriodic' | 'Ewald' | 'PME';

export interface AmberForceFieldOptions {
  nonbondedMethod?: NonbondedMethod;
  /** nm (default 1.0). */
  cutoff?: number;
  /** Relative error target for Ewald/PME parameter choice (default 5e-4, OpenMM's). */
  ewaldErrorTolerance?: number;
  /** Add the homogeneous LJ tail correction (periodic methods; default true, like OpenMM). */
  dispersionCorrection?: boolean;
  reactionFieldDielectric?: number;
  /** Override the automatic Ewald/PME choice: alpha (1/nm), PME grid, Ewald kmax, spline order. */
  alpha?: number;
  pmeGrid?: [number, number, number];
  ewaldKmax?: [number, number, number];
  pmeOrder?: number;
}

export const AMBER_TERM_KEYS = ['bond', 'angle', 'dihedral', 'ureyBradley', 'lj', 'lj14', 'coulomb', 'coulomb14', 'dispersion'] as const;
export type AmberTermKey = (typeof AMBER_TERM_KEYS)[number];

export interface AmberForceField extends ForceProvider {
  readonly params: ForceFieldParams;
  readonly method: NonbondedMethod;
  /** Ewald alpha (1/nm) when Ewald/PME, else null. */
  readonly alpha: number | null;
  /** Reciprocal settings actually used (PME grid or Ewald kmax). */
  readonly reciprocal: { grid?: [number, number, number]; kmax?: [number, number, number] } | null;
  /** Pair-list statistics (neighbour-list builds, listed pairs). */
  pairStats(): { builds: number; pairs: number };
}

function boxLengths(box: Box | null): [number, number, number] | null {
  if (!box) return null;
  if (box.xy !== 0 || box.xz !== 0 || box.yz !== 0) throw new Error('amber force field: triclinic boxes are not supported yet; expected an orthorhombic box');
  return [box.lx, box.ly, box.lz];
}

/**
 * The Amber force field as one ForceProvider: bonds, angles, torsions, Urey-Bradley, 1-4 pairs, LJ + Coulomb with an
 * OpenMM-named nonbonded method (NoCutoff default, CutoffNonPeriodic, CutoffPeriodic with reaction field, Ewald, PME)
 * and the LJ dispersion correction for periodic methods. compute(R [3N] nm, box, out) adds energy (kJ/mol), forces
 * (kJ/mol/nm) and virial, and fills out.terms with bond, angle, dihedral, ureyBradley, lj, lj14, coulomb, coulomb14,
 * dispersion.
 * @param params From `amberToParams`.
 * @param options cutoff nm (default 1.0), ewaldErrorTolerance (5e-4) to choose alpha and the PME grid / Ewald kmax
 *   (overridable), dispersionCorrection (default true), reactionFieldDielectric, pmeOrder (5).
 * @throws Error at compute for a periodic method without a box, or a triclinic box.
 */
export function amberForceField(params: ForceFieldParams, options: AmberForceFieldOptions = {}): AmberForceField {
  const method = options.nonbondedMethod ?? 'NoCutoff';
  const cutoff = options.cutoff ?? 1.0;
  const tol = options.ewaldErrorTolerance ?? 5e-4;
  const periodic = method === 'CutoffPeriodic' || method === 'Ewald' || method === 'PME';
  const useDispersion = periodic && (options.dispersionCorrection ?? true);
  const alpha = method === 'Ewald' || method === 'PME' ? options.alpha ?? ewaldParameters(cutoff, tol).alpha : null;
  const kernel: PairKernel = createPairKernel(params, {
    cutoff: method === 'NoCutoff' ? null : cutoff,
    coulomb: method === 'NoCutoff' ? 'plain' : method === 'CutoffNonPeriodic' || method === 'CutoffPeriodic' ? 'reactionField' : 'ewald',
    alpha: alpha ?? undefined,
    reactionFieldDielectric: options.reactionFieldDielectric,
    box: null,
  });
  const dispCoeff = useDispersion ? dispersionCoefficient(params, cutoff) : 0;
  let recip: ReciprocalSum | null = null;
  let recipBox: string | null = null;
  let recipInfo: AmberForceField['reciprocal'] = null;
  const ensureReciprocal = (L: [number, number, number]): ReciprocalSum => {
    const key = L.join(',');
    if (recip && recipBox === key) return recip;
    // The grid / kmax is chosen once (for the first box) and kept when a barostat changes the box,
    // so the energy stays a smooth function of the volume.
    if (method === 'PME') {
      const grid = options.pmeGrid ?? recipInfo?.grid ?? pmeParameters(alpha!, L, tol);
      recip = createPme(params, alpha!, grid, L, options.pmeOrder ?? 5);
      recipInfo = { grid };
    } else {
      const kmax = options.ewaldKmax ?? recipInfo?.kmax ?? ewaldParameters(cutoff, tol, L).kmax;
      recip = createEwaldReciprocal(params, alpha!, kmax, L);
      recipInfo = { kmax };
    }
    recipBox = key;
    return recip;
  };
  const pairOut = new Float64Array(2);
  const self = {
    name: 'amber',
    params,
    method,
    alpha,
    get reciprocal() { return recipInfo; },
    pairStats: () => kernel.stats(),
    compute(R: Float64Array, box: Box | null, out: ForceResult): void {
      const L = boxLengths(box);
      if (periodic && !L) throw new Error(`amber force field: nonbondedMethod ${method} needs a periodic box`);
      const F = out.forces;
      const W = out.virial;
      const t = out.terms;
      const bl = periodic ? L : null;
      const eBond = harmonicBondEnergy(R, params.bonds, F, bl, W);
      const eAngle = harmonicAngleEnergy(R, params.angles, F, bl, W);
      const eDih = periodicTorsionEnergy(R, params.torsions, F, -1, bl, W);
      const eUB = harmonicBondEnergy(R, params.ureyBradley, F, bl, W);
      pair14Energy(R, params.pairs14, F, pairOut, bl, W);
      const eLJ14 = pairOut[0]!, eC14 = pairOut[1]!;
      kernel.compute(R, periodic ? L : null, F, pairOut, W);
      const eLJ = pairOut[0]!;
      let eC = pairOut[1]!;
      if (method === 'Ewald' || method === 'PME') eC += ensureReciprocal(L!).compute(R, F, W);
      let eDisp = 0;
      if (useDispersion) {
        const V = L![0] * L![1] * L![2];
        eDisp = dispCoeff / V;
        // dE/dV = -c/V^2; W_aa gets -3 V dE/dV / 3 = c/V per diagonal component (isotropic).
        W[0] += eDisp; W[1] += eDisp; W[2] += eDisp;
      }
      t.bond = (t.bond ?? 0) + eBond;
      t.angle = (t.angle ?? 0) + eAngle;
      t.dihedral = (t.dihedral ?? 0) + eDih;
      t.ureyBradley = (t.ureyBradley ?? 0) + eUB;
      t.lj = (t.lj ?? 0) + eLJ;
      t.lj14 = (t.lj14 ?? 0) + eLJ14;
      t.coulomb = (t.coulomb ?? 0) + eC;
      t.coulomb14 = (t.coulomb14 ?? 0) + eC14;
      t.dispersion = (t.dispersion ?? 0) + eDisp;
      out.energy += eBond + eAngle + eDih + eUB + eLJ + eLJ14 + eC + eC14 + eDisp;
    },
  };
  return self;
}
