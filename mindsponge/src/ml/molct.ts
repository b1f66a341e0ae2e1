/**
 * MolCT representation: molecular configuration transformer (Zhang, Liu, Yang & Gao, "Molecular
 * CT: unifying geometry and representation learning for molecules at different scales",
 * arXiv:2012.11816; MindSPONGE Cybertron's MolCT: 64 features, log-Gaussian RBFs, 8 heads,
 * 3 interactions, Swish). Attention of each atom over its neighbours with distance-dependent filters:
 *   g_p   = dense2(swish(dense1(logRbf(d_p))))                       [P, F] distance filter
 *   q_i = x_i Wq,  k_p = (x_{j_p} Wk) * g_p,  v_p = (x_{j_p} Wv) * g_p
 *   s_ph  = <q_{i_p}, k_p>_head h / sqrt(F/H)                        [P, H]
 *   a_ph  = fcut_p e^{s_ph} / sum_{p': i_p' = i_p} fcut_p' e^{s_p'h}   softmax over neighbours, weighted by
 *           the cosine cutoff so atoms enter and leave the neighbourhood smoothly
 *   x_i  += Wo (sum_p a_ph v_p)   then   x_i += dense(swish(dense(x_i)))
 * The segment softmax subtracts a per-atom constant (the max score, taken outside differentiation);
 * softmax is invariant to it, so every derivative is exact. Input: graph, D [P, 3] (nm); output [N, F].
 * Simplification vs Cybertron: no layer norm and no positional (coordinate) embedding of the query.
 */
import { add, cosineCutoff, dense, div, exp, gather, initDense, linspace, mul, normal, reshape, scatterAdd, split, sub, sum, swish, tensor, type DenseParams, type RandomKey, type Tensor } from '@mindscience/core';
import { logGaussianRbf } from './blocks.ts';
import type { AtomGraph } from './graph.ts';
import { pairDistances } from './schnet.ts';

export interface MolCTConfig {
  readonly kind: 'molct';
  /** Feature width F (default 64). */
  readonly features: number;
  /** Attention heads H (F divisible by H; default 8). */
  readonly heads: number;
  /** Log-Gaussian RBF count (default 32). */
  readonly rbf: number;
  /** Reference length r0 of the log expansion, nm (default 0.1). */
  readonly rbfReference: number;
  /** Smallest / largest distance covered by the RBF centres, nm (default 0.08 / cutoff). */
  readonly rbfMin: number;
  /** Cosine cutoff radius, nm (default 0.5). */
  readonly cutoff: number;
  /** Interaction blocks (default 3). */
  readonly interactions: number;
}

export const defaultMolCTConfig: MolCTConfig = { kind: 'molct', features: 64, heads: 8, rbf: 32, rbfReference: 0.1, rbfMin: 0.08, cutoff: 0.5, interactions: 3 };

export interface MolCTInteraction {
  filter1: DenseParams;
  filter2: DenseParams;
  wq: DenseParams;
  wk: DenseParams;
  wv: DenseParams;
  wo: DenseParams;
  ff1: DenseParams;
  ff2: DenseParams;
}

export interface MolCTParams {
  embedding: Tensor;
  interactions: MolCTInteraction[];
}

/**
 * Random initial MolCT parameters: element embedding [nElements, F] (normal, std 1/sqrt(F)) and, per
 * interaction, the query/key/value/output dense layers and the distance filter over the log-Gaussian RBFs.
 * Deterministic in `key`.
 * @throws RangeError when `config.features` is not divisible by `config.heads`.
 */
export function initMolCT(key: RandomKey, config: MolCTConfig, nElements: number): MolCTParams {
  const F = config.features, K = config.rbf;
  if (F % config.heads !== 0) throw new RangeError(`MolCT: features ${F} must be divisible by heads ${config.heads}`);
  const keys = split(key, 1 + config.interactions);
  const interactions = keys.slice(1).map((k) => {
    const ks = split(k, 8);
    return {
      filter1: initDense(ks[0]!, K, F), filter2: initDense(ks[1]!, F, F),
      wq: initDense(ks[2]!, F, F, { bias: false }), wk: initDense(ks[3]!, F, F, { bias: false }), wv: initDense(ks[4]!, F, F, { bias: false }),
      wo: initDense(ks[5]!, F, F), ff1: initDense(ks[6]!, F, F), ff2: initDense(ks[7]!, F, F),
    };
  });
  return { embedding: normal(keys[0]!, [nElements, F], { std: 1 / Math.sqrt(F) }), interactions };
}

/** Per-receiver maximum of scores [P, H] (a constant: no derivative flows through it), gathered back to [P, H]. */
function segmentMaxConstant(scores: Tensor, idxI: Int32Array, nAtoms: number, H: number): Tensor {
  const s = scores.data();
  const m = new Float64Array(nAtoms * H).fill(-Infinity);
  for (let p = 0; p < idxI.length; p++) for (let h = 0; h < H; h++) {
    const v = s[p * H + h]!, k = idxI[p]! * H + h;
    if (v > m[k]!) m[k] = v;
  }
  const out = new Float64Array(idxI.length * H);
  for (let p = 0; p < idxI.length; p++) for (let h = 0; h < H; h++) out[p * H + h] = m[idxI[p]! * H + h]!;
  return tensor(out, { shape: [idxI.length, H] });
}

/**
 * MolCT atom features [N, F]: element embeddings refined by `config.interactions` rounds of multi-head
 * attention over each atom's neighbours (directed pairs of `graph`), keys/values gated by a filter of
 * log-Gaussian RBFs of the distance and a cosine cutoff, Swish activations, residual updates.
 * @param D pair vectors r_j - r_i [P, 3] in nm (P = graph.idxI.length), differentiable (forces come from its gradient).
 */
export function molctRepresentation(config: MolCTConfig, params: MolCTParams, graph: AtomGraph, D: Tensor): Tensor {
  const F = config.features, H = config.heads, dh = F / H, P = graph.idxI.length, N = graph.nAtoms;
  const d = pairDistances(D);
  const lo = Math.log(config.rbfMin / config.rbfReference), hi = Math.log(config.cutoff / config.rbfReference);
  const rbf = logGaussianRbf(d, config.rbfReference, linspace(lo, hi, config.rbf), (hi - lo) / (config.rbf - 1));
  const fcut = reshape(cosineCutoff(d, config.cutoff), [P, 1]);
  let x = gather(params.embedding, graph.species);
  for (const b of params.interactions) {
    const g = dense(b.filter2, swish(dense(b.filter1, rbf)));
    const q = gather(dense(b.wq, x), graph.idxI);
    const k = mul(gather(dense(b.wk, x), graph.idxJ), g);
    const v = mul(gather(dense(b.wv, x), graph.idxJ), g);
    const scores = mul(1 / Math.sqrt(dh), sum(reshape(mul(q, k), [P, H, dh]), 2)); // [P, H]
    const w = mul(fcut, exp(sub(scores, segmentMaxConstant(scores, graph.idxI, N, H)))); // [P, H]
    const denom = add(gather(scatterAdd(w, graph.idxI, N), graph.idxI), 1e-12);
    const a = div(w, denom);
    const msg = reshape(mul(reshape(a, [P, H, 1]), reshape(v, [P, H, dh])), [P, F]);
    x = add(x, dense(b.wo, scatterAdd(msg, graph.idxI, N)));
    x = add(x, dense(b.ff2, swish(dense(b.ff1, x))));
  }
  return x;
}
