/**
 * SchNet representation (Schütt et al., J. Chem. Phys. 148, 241722 (2018); SchNetPack
 * representation/schnet.py; MindSPONGE Cybertron's default: 64 features, 32 Gaussian RBFs over
 * 0-0.5 nm, 3 interactions, shifted softplus, cosine cutoff).
 *
 * Continuous-filter convolution over the flat pair list (graph.ts):
 *   W_p   = dense2(ssp(dense1(rbf(d_p)))) * fcut(d_p)          [P, F]
 *   m_i   = sum_{p: i_p = i} (in2f(x))[j_p] * W_p               gather + scatterAdd, [N, F]
 *   x_i  += dense(ssp(f2out(m_i)))                              residual update
 * Input: graph, pair vectors D [P, 3] (nm); output atom features [N, F].
 */
import { add, cosineCutoff, dense, gather, gaussianRbf, initDense, linspace, mul, normal, scatterAdd, shiftedSoftplus, split, sqrt, square, sum, type DenseParams, type RandomKey, type Tensor } from '@mindscience/core';
import type { AtomGraph } from './graph.ts';

export interface SchNetConfig {
  readonly kind: 'schnet';
  /** Atom feature width F (default 64). */
  readonly features: number;
  /** Gaussian RBF count K (default 32). */
  readonly rbf: number;
  /** First / last RBF centre, nm (default 0 / cutoff). */
  readonly rbfStart: number;
  /** Cosine cutoff radius, nm (default 0.5). */
  readonly cutoff: number;
  /** Interaction blocks (default 3). */
  readonly interactions: number;
}

export const defaultSchNetConfig: SchNetConfig = { kind: 'schnet', features: 64, rbf: 32, rbfStart: 0, cutoff: 0.5, interactions: 3 };

export interface SchNetInteraction {
  filter1: DenseParams;
  filter2: DenseParams;
  in2f: DenseParams;
  f2out: DenseParams;
  dense: DenseParams;
}

export interface SchNetParams {
  /** Element embedding [nElements, F]. */
  embedding: Tensor;
  interactions: SchNetInteraction[];
}

/**
 * Random initial SchNet parameters: element embedding [nElements, F] (normal, std 1/sqrt(F)) and, per
 * interaction, the filter network over the Gaussian RBFs and the atom-wise dense layers. Deterministic in `key`.
 */
export function initSchNet(key: RandomKey, config: SchNetConfig, nElements: number): SchNetParams {
  const F = config.features, K = config.rbf;
  const keys = split(key, 1 + config.interactions);
  const interactions = keys.slice(1).map((k) => {
    const [a, b, c, d, e] = split(k, 5);
    return {
      filter1: initDense(a!, K, F), filter2: initDense(b!, F, F), in2f: initDense(c!, F, F, { bias: false }),
      f2out: initDense(d!, F, F), dense: initDense(e!, F, F),
    };
  });
  return { embedding: normal(keys[0]!, [nElements, F], { std: 1 / Math.sqrt(F) }), interactions };
}

/** Pair distances |D_p| [P] from pair vectors D [P, 3]. */
export function pairDistances(D: Tensor): Tensor {
  return sqrt(sum(square(D), 1));
}

/**
 * SchNet atom features [N, F]: element embeddings refined by `config.interactions` continuous-filter
 * convolutions (filters from Gaussian RBFs of the distance, rbfStart..cutoff nm, times a cosine cutoff;
 * shifted softplus; gather over neighbours and scatterAdd back, residual updates).
 * @param D pair vectors r_j - r_i [P, 3] in nm (P = graph.idxI.length), differentiable (forces come from its gradient).
 */
export function schnetRepresentation(config: SchNetConfig, params: SchNetParams, graph: AtomGraph, D: Tensor): Tensor {
  const d = pairDistances(D);
  const width = (config.cutoff - config.rbfStart) / (config.rbf - 1);
  const rbf = gaussianRbf(d, linspace(config.rbfStart, config.cutoff, config.rbf), width);
  const fcut = cosineCutoff(d, config.cutoff).reshape([-1, 1]);
  let x = gather(params.embedding, graph.species);
  for (const block of params.interactions) {
    const W = mul(dense(block.filter2, shiftedSoftplus(dense(block.filter1, rbf))), fcut);
    const xj = gather(dense(block.in2f, x), graph.idxJ);
    const m = scatterAdd(mul(xj, W), graph.idxI, graph.nAtoms);
    x = add(x, dense(block.dense, shiftedSoftplus(dense(block.f2out, m))));
  }
  return x;
}
