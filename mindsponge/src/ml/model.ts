/**
 * Neural potential = representation (SchNet or MolCT) -> atom-wise head -> per-element scale and shift
 * -> sum per structure (SchNetPack's representation / Atomwise / response layering).
 *   E_s = sum_{i in s} ( scale[Z_i] * head(x_i) + shift[Z_i] )          kJ/mol
 * Scale and shift start from a fit to the training energies (`fitElementReferences`) and are trained
 * with the rest. Responses: `evaluatePotential` returns energies, forces = -dE/dR (kJ/mol/nm) and the
 * virial (kJ/mol) from one reverse pass over the pair vectors (graph.ts). Lengths nm, energies kJ/mol.
 */
import { add, dense, gather, initDense, mul, ones, randomKey, reshape, scatterAdd, shiftedSoftplus, solveDense, split, swish, tensor, vjp, type DenseParams, type Tensor } from '@mindscience/core';
import { forcesFromPairGradient, pairVectors, virialFromPairGradient, type AtomGraph } from './graph.ts';
import { defaultMolCTConfig, initMolCT, molctRepresentation, type MolCTConfig, type MolCTParams } from './molct.ts';
import { defaultSchNetConfig, initSchNet, schnetRepresentation, type SchNetConfig, type SchNetParams } from './schnet.ts';

export type RepresentationConfig = SchNetConfig | MolCTConfig;

export interface PotentialConfig {
  /** Atomic numbers the model knows, in model element-index order. */
  readonly elements: readonly number[];
  readonly representation: RepresentationConfig;
}

export interface PotentialParams {
  representation: SchNetParams | MolCTParams;
  /** Atom-wise head F -> F/2 -> 1. */
  head: DenseParams[];
  /** Per-element energy scale [nElements] (kJ/mol). */
  scale: Tensor;
  /** Per-element energy shift [nElements] (kJ/mol). */
  shift: Tensor;
}

export interface NeuralPotential {
  readonly config: PotentialConfig;
  readonly params: PotentialParams;
}

const SYMBOLS = ['X', 'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar', 'K', 'Ca'];

/** Atomic number of an element symbol (H..Ca). */
export function atomicNumber(symbol: string): number {
  const z = SYMBOLS.indexOf(symbol);
  if (z < 1) throw new RangeError(`atomicNumber: '${symbol}' is not an element symbol H..Ca`);
  return z;
}

/** Model element indices [n] for atomic numbers or symbols; errors name the unknown element. */
export function elementIndices(config: PotentialConfig, atoms: readonly (number | string)[]): Int32Array {
  return Int32Array.from(atoms, (a, i) => {
    const z = typeof a === 'number' ? a : atomicNumber(a);
    const k = config.elements.indexOf(z);
    if (k < 0) throw new RangeError(`neural potential: atom ${i} has element ${SYMBOLS[z] ?? z} (Z=${z}), the model knows Z = ${config.elements.join(', ')}`);
    return k;
  });
}

/** Merges user overrides into the default configuration of a representation kind. */
export function representationConfig(kind: 'schnet' | 'molct', overrides: Partial<RepresentationConfig> = {}): RepresentationConfig {
  return kind === 'schnet' ? { ...defaultSchNetConfig, ...(overrides as Partial<SchNetConfig>), kind } : { ...defaultMolCTConfig, ...(overrides as Partial<MolCTConfig>), kind };
}

/**
 * A freshly initialised neural potential for `config` (SchNet or MolCT representation, a two-layer atom-wise
 * head F -> F/2 -> 1, per-element scale 1 and shift 0 to be fitted from data). Deterministic in `seed`.
 */
export function initPotential(config: PotentialConfig, seed = 0): NeuralPotential {
  const F = config.representation.features, nEl = config.elements.length;
  const [kr, kh1, kh2] = split(randomKey(seed), 3);
  const representation = config.representation.kind === 'schnet'
    ? initSchNet(kr!, config.representation, nEl)
    : initMolCT(kr!, config.representation, nEl);
  const hidden = Math.max(1, Math.floor(F / 2));
  return {
    config,
    params: { representation, head: [initDense(kh1!, F, hidden), initDense(kh2!, hidden, 1)], scale: ones([nEl]), shift: tensor(new Float64Array(nEl)) },
  };
}

/** Atom features [N, F] of the configured representation. */
export function representation(config: PotentialConfig, params: PotentialParams, graph: AtomGraph, D: Tensor): Tensor {
  const r = config.representation;
  return r.kind === 'schnet'
    ? schnetRepresentation(r, params.representation as SchNetParams, graph, D)
    : molctRepresentation(r, params.representation as MolCTParams, graph, D);
}

/** Energies per structure [B] (kJ/mol) as a differentiable function of params and pair vectors D [P, 3] (nm). */
export function structureEnergies(config: PotentialConfig, params: PotentialParams, graph: AtomGraph, D: Tensor): Tensor {
  const x = representation(config, params, graph, D);
  const act = config.representation.kind === 'schnet' ? shiftedSoftplus : swish;
  const y = reshape(dense(params.head[1]!, act(dense(params.head[0]!, x))), [graph.nAtoms]);
  const atomic = add(mul(y, gather(params.scale, graph.species)), gather(params.shift, graph.species));
  return scatterAdd(atomic, graph.structure, graph.nStructures);
}

/** Energies [B] and forces [N, 3] as tensors, differentiable w.r.t. params (for force training). */
export function energiesAndForces(config: PotentialConfig, params: PotentialParams, graph: AtomGraph, D: Tensor): { energies: Tensor; forces: Tensor } {
  const [energies, back] = vjp((Dt: Tensor) => structureEnergies(config, params, graph, Dt), D);
  const G = back(ones([graph.nStructures]))[0] as Tensor; // dE/dD [P, 3]
  const forces = scatterAdd(G, graph.idxI, graph.nAtoms).sub(scatterAdd(G, graph.idxJ, graph.nAtoms));
  return { energies, forces };
}

export interface PotentialOutput {
  /** Per structure, kJ/mol. */
  energies: Float64Array;
  /** [nAtoms*3], kJ/mol/nm. */
  forces: Float64Array;
  /** Summed over the batch, [xx, yy, zz, xy, xz, yz] kJ/mol (meaningful for one periodic structure). */
  virial: Float64Array;
}

/** Energies, forces and virial for concatenated positions [nAtoms*3] (nm). */
export function evaluatePotential(model: NeuralPotential, graph: AtomGraph, positions: Float64Array): PotentialOutput {
  const Dflat = pairVectors(graph, positions);
  const D = tensor(Dflat, { shape: [graph.idxI.length, 3] });
  const [E, back] = vjp((Dt: Tensor) => structureEnergies(model.config, model.params, graph, Dt), D);
  const G = (back(ones([graph.nStructures]))[0] as Tensor).data();
  return {
    energies: Float64Array.from(E.data()),
    forces: forcesFromPairGradient(graph, G),
    virial: virialFromPairGradient(Dflat, G),
  };
}

/**
 * Per-element shifts by least squares E_s ~ sum_Z n_sZ shift_Z, ridge-regularised towards the mean
 * energy per atom (so a single composition, e.g. one molecule, gets that mean for every element), and
 * one scale for all elements: the
 * RMS of the residual per atom, floored by the RMS force times 0.01 nm so a data set with nearly equal
 * energies still gets an O(1) head. Returns [shift, scale] per element, kJ/mol.
 */
export function fitElementReferences(nElements: number, species: readonly Int32Array[], energies: ArrayLike<number>, forceRms = 0): { shift: Float64Array; scale: Float64Array } {
  const S = species.length, m = nElements;
  const A = new Float64Array(S * m);
  species.forEach((sp, s) => { for (const k of sp) A[s * m + k]! += 1; });
  // Normal equations (A^T A + lambda I) x = A^T E, solved by Gaussian elimination (m is small).
  // Solve for deviations from the mean energy per atom mu0, so the ridge pulls towards mu0.
  let eTot = 0, nTot = 0;
  for (let s = 0; s < S; s++) { eTot += energies[s]!; nTot += species[s]!.length; }
  const mu0 = nTot > 0 ? eTot / nTot : 0;
  const M = new Float64Array(m * m), rhs = new Float64Array(m);
  for (let s = 0; s < S; s++) for (let a = 0; a < m; a++) {
    rhs[a] += A[s * m + a]! * (energies[s]! - mu0 * species[s]!.length);
    for (let b = 0; b < m; b++) M[a * m + b] += A[s * m + a]! * A[s * m + b]!;
  }
  let trace = 0;
  for (let a = 0; a < m; a++) trace += M[a * m + a]!;
  for (let a = 0; a < m; a++) M[a * m + a] += 1e-8 * (trace / m + 1);
  const shift = solveDense(M, rhs, m).map((v) => v + mu0);
  let ss = 0, atoms = 0;
  for (let s = 0; s < S; s++) {
    let pred = 0;
    for (let a = 0; a < m; a++) pred += A[s * m + a]! * shift[a]!;
    const n = species[s]!.length;
    ss += ((energies[s]! - pred) / n) ** 2 * n;
    atoms += n;
  }
  const scaleValue = Math.max(Math.sqrt(ss / Math.max(atoms, 1)), 0.01 * forceRms, 1e-3);
  return { shift, scale: new Float64Array(m).fill(scaleValue) };
}

