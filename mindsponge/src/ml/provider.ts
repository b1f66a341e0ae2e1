/**
 * A trained neural potential as an engine `ForceProvider` (energy/provider.ts contract: adds E in
 * kJ/mol, forces -dE/dR in kJ/mol/nm and the virial in kJ/mol into the result), so the engine's
 * simulators (nve, nvtLangevin, nvtNoseHoover, ...) and minimisers run on it unchanged, and
 * `sumProviders([classical, neural])` gives a hybrid potential.
 *
 * The pair list comes from the engine's Verlet neighbour list (cutoff = model cutoff, plus a skin), is
 * expanded to directed pairs only when the list is rebuilt, and the pair vectors are recomputed every
 * call by minimum image (the engine wraps atoms individually, so fixed image shifts would go stale; the
 * list's cutoff + skin <= half the box width makes the minimum image the right one).
 */
import { minimumImageInPlace, neighborList, type Box, type ForceProvider, type NeighborList } from '../engine.ts';
import { forcesFromPairGradient, graphFromNeighborList, virialFromPairGradient, type AtomGraph } from './graph.ts';
import { elementIndices, structureEnergies, type NeuralPotential } from './model.ts';
import { ones, tensor, vjp, type Tensor } from '@mindscience/core';

export interface NeuralProviderOptions {
  /** Element symbol or atomic number per atom of the simulated system. */
  atoms: readonly (string | number)[];
  /** Verlet skin, nm (default 0.1). */
  skin?: number;
  /** Name of the energy term in reports (default 'neural'). */
  term?: string;
}

/**
 * The model as an engine `ForceProvider`: energy (kJ/mol), forces -dE/dR (kJ/mol/nm) and virial (kJ/mol)
 * from one reverse pass, over the engine's Verlet pair list (model cutoff + `skin` nm, default 0.1, rebuilt
 * by the engine's displacement rule); periodic boxes by minimum image. `options.atoms` gives the element
 * symbol or atomic number of each simulated atom; `options.term` names the energy term (default 'neural').
 * @throws RangeError when an atom's element is not among the model's, or the atom count changes.
 */
export function neuralForceProvider(model: NeuralPotential, options: NeuralProviderOptions): ForceProvider {
  const species = elementIndices(model.config, options.atoms);
  const n = species.length;
  const term = options.term ?? 'neural';
  const nlFns = neighborList({ cutoff: model.config.representation.cutoff, skin: options.skin ?? 0.1 });
  let nl: NeighborList | null = null;
  let builds = -1;
  let graph: AtomGraph | null = null;
  let D = new Float64Array(0);
  let pendingRef: Float64Array | null = null;
  const d = new Float64Array(3);
  const energyOf = (Dt: Tensor): Tensor => structureEnergies(model.config, model.params, graph!, Dt);
  return {
    name: `neural-${model.config.representation.kind}`,
    compute(positions: Float64Array, box: Box | null, out) {
      if (positions.length !== 3 * n) throw new RangeError(`neuralForceProvider: ${positions.length / 3} atoms, the provider was built for ${n}`);
      if (pendingRef) { nl = nlFns.allocate(pendingRef, box); pendingRef = null; builds = -1; }
      nl = nl ? nlFns.update(nl, positions, box) : nlFns.allocate(positions, box);
      if (nl.builds !== builds || !graph) {
        graph = graphFromNeighborList(nl, positions, null, species);
        builds = nl.builds;
        D = new Float64Array(3 * graph.idxI.length);
      }
      const { idxI, idxJ } = graph;
      for (let p = 0; p < idxI.length; p++) {
        const i = 3 * idxI[p]!, j = 3 * idxJ[p]!;
        d[0] = positions[j]! - positions[i]!; d[1] = positions[j + 1]! - positions[i + 1]!; d[2] = positions[j + 2]! - positions[i + 2]!;
        if (box) minimumImageInPlace(box, d);
        D[3 * p] = d[0]!; D[3 * p + 1] = d[1]!; D[3 * p + 2] = d[2]!;
      }
      const [E, back] = vjp(energyOf, tensor(D, { shape: [idxI.length, 3] }));
      const G = (back(ones([1]))[0] as Tensor).data();
      const e = E.data()[0]!;
      out.energy += e;
      out.terms[term] = (out.terms[term] ?? 0) + e;
      forcesFromPairGradient(graph, G, out.forces);
      virialFromPairGradient(D, G, out.virial);
    },
    saveState(): Record<string, Float64Array> {
      return nl ? { refPositions: nl.refPositions.slice() } : {};
    },
    restoreState(state) {
      // Rebuilding from the saved build positions restores the pair order, hence the summation order.
      const ref = state['refPositions'];
      if (ref && ref.length === 3 * n) pendingRef = ref.slice();
    },
  };
}
