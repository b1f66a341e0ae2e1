/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017), as used by MolCT's
 * transformer blocks. Projections are bias-free dense kernels [dModel, dModel].
 *   q [..., Lq, dModel], kv [..., Lk, dModel] -> [..., Lq, dModel]
 *   head h: softmax(Q_h K_hᵀ / sqrt(dHead) + bias) V_h, heads concatenated, then @ wo
 * mask (optional) broadcasts to [..., heads, Lq, Lk]: 1 = attend, 0 = blocked. A query whose keys
 * are all blocked gets a zero output row (not NaN).
 */
import { exp, logsumexp, matmul, mul, reshape, ShapeError, split, sub, transpose, where, type DType, type RandomKey, type Tensor } from './deps.ts';
import { resolveInit, type InitFn, type InitName } from './init.ts';

export interface AttentionParams {
  wq: Tensor;
  wk: Tensor;
  wv: Tensor;
  wo: Tensor;
}

/**
 * Parameters of `multiHeadAttention`: four bias-free projection kernels wq, wk, wv, wo, each [dModel, dModel],
 * drawn from `options.init` (default glorotUniform) with independent subkeys of `key`.
 * @param dModel Model width (must be divisible by the number of heads used later).
 * @param options.dtype Parameter dtype (default float64).
 */
export function initAttention(key: RandomKey, dModel: number, options: { init?: InitName | InitFn; dtype?: DType } = {}): AttentionParams {
  const init = resolveInit(options.init ?? 'glorotUniform');
  const [a, b, c, d] = split(key, 4);
  const o = { dtype: options.dtype };
  return { wq: init(a!, [dModel, dModel], o), wk: init(b!, [dModel, dModel], o), wv: init(c!, [dModel, dModel], o), wo: init(d!, [dModel, dModel], o) };
}

/** Softmax along `axis`, as exp(x - logsumexp(x)) (stable for any magnitude). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = axis < 0 ? x.ndim + axis : axis;
  return exp(sub(x, logsumexp(x, a, true)));
}

/** [..., L, H*dh] -> [..., H, L, dh] */
function splitHeads(x: Tensor, heads: number): Tensor {
  const nd = x.ndim;
  const L = x.shape[nd - 2]!, D = x.shape[nd - 1]!;
  const y = reshape(x, [...x.shape.slice(0, nd - 2), L, heads, D / heads]);
  const perm = [...Array.from({ length: nd - 2 }, (_, i) => i), nd - 1, nd - 2, nd];
  return transpose(y, perm);
}

export interface AttentionOptions {
  numHeads: number;
  /** 1 = attend, 0 = blocked; broadcast to [..., heads, Lq, Lk]. */
  mask?: Tensor;
}

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017):
 * head h = softmax(Q_h K_hᵀ / sqrt(dModel / numHeads)) V_h, heads concatenated and projected by wo.
 * @param params From `initAttention` (kernels [dModel, dModel]).
 * @param q Queries [..., Lq, dModel].
 * @param kv Keys and values [..., Lk, dModel] (same leading batch axes as q).
 * @param options.numHeads Number of heads; must divide dModel.
 * @param options.mask Optional, broadcastable to [..., numHeads, Lq, Lk]: 1 = attend, 0 = blocked. A query whose keys
 *   are all blocked gets a zero row (not NaN).
 * @returns [..., Lq, dModel].
 * @throws RangeError when numHeads does not divide dModel; ShapeError when q or kv do not end in dModel.
 */
export function multiHeadAttention(params: AttentionParams, q: Tensor, kv: Tensor, options: AttentionOptions): Tensor {
  const { numHeads: H, mask } = options;
  const D = q.shape[q.ndim - 1]!;
  if (!Number.isInteger(H) || H < 1 || D % H !== 0) throw new RangeError(`multiHeadAttention: numHeads ${H} must be a positive divisor of dModel ${D}`);
  if (params.wq.shape[0] !== D || kv.shape[kv.ndim - 1] !== D) {
    throw new ShapeError(`multiHeadAttention: query [${q.shape.join(', ')}] and key/value [${kv.shape.join(', ')}] must both end in dModel = ${params.wq.shape[0]}`);
  }
  const Q = splitHeads(matmul(q, params.wq), H);
  const K = splitHeads(matmul(kv, params.wk), H);
  const V = splitHeads(matmul(kv, params.wv), H);
  const nd = Q.ndim;
  let scores = mul(matmul(Q, transpose(K, [...Array.from({ length: nd - 2 }, (_, i) => i), nd - 1, nd - 2])), 1 / Math.sqrt(D / H));
  let attn: Tensor;
  if (mask) {
    // Blocked scores get -1e30 (not -inf: a fully blocked row must not produce NaN), then zeroed.
    scores = where(mask, scores, -1e30);
    attn = where(mask, softmax(scores, -1), 0);
  } else attn = softmax(scores, -1);
  const heads = matmul(attn, V); // [..., H, Lq, dh]
  const merged = transpose(heads, [...Array.from({ length: nd - 3 }, (_, i) => i), nd - 2, nd - 3, nd - 1]);
  const out = reshape(merged, [...merged.shape.slice(0, nd - 3), merged.shape[nd - 3]!, D]);
  return matmul(out, params.wo);
}
