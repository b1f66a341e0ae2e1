/**
 * One-design S11 inference, compiled: the same prediction as predictS11 (s11Surrogate.ts) for a single
 * design per call, the case a design loop or an optimiser is in, at a fraction of its cost.
 *
 * Where predictS11's time goes: each network's head maps 128 hidden values to the 2K outputs of the warp
 * grid (K = 1601 by default), 410 000 weights, against ~82 000 in the rest of the network; for 32 networks
 * the heads are 105 MB of float64 read per design. This module
 * - evaluates only the head outputs the design's frequencies interpolate from (the warp grid spans every
 *   training design's band; one design reads a part of it),
 * - stacks the heads of a sub-model's networks ([2K][networks x width], the 1/networks of the mean folded
 *   in), so each needed output is one long dot product over all of them,
 * - keeps the stacked heads in float32 (`precision: 'float32'`, the default; products summed in float64) or
 *   float64 (then it equals predictS11 to summation-order rounding, ~1e-15).
 * Sub-models (`others`) are combined as predictS11 does: network-count weights, and with `blend` the
 * per-frequency blendWeight of the 'cavity' parts.
 *
 * Units: design parameters as the model's (mm for the patch family); S11 dimensionless, at the model's
 * frequencies (Hz). Memory: one stacked head per sub-model, 2K x networks x width x 4 (or 8) bytes
 * (32 networks in 4 parts, float32: 52 MB).
 */
import { compileSkipMlpTrunk, dotRow } from '../nn.ts';
import { blendWeight, bracket, designFeatures, networkCount, toNu, warpAnchors, type S11Model } from './s11Surrogate.ts';

export interface S11PredictorOptions {
  /** Storage of the stacked heads (default 'float32'); the hidden layers and all sums are float64. */
  precision?: 'float32' | 'float64';
}

/** design (the model's parameters, in their units) -> S11 at the model's F frequencies; fresh arrays per call. */
export type S11Predictor = (design: readonly number[]) => { re: Float64Array; im: Float64Array };

interface Part {
  /** design -> S11 of this sub-model into re/im [F]. */
  eval: (design: readonly number[], re: Float64Array, im: Float64Array) => void;
  /** Share of the part: of all networks, or with blend of its kind's networks. */
  w: number;
  /** 'cavity' kind (weighted by the blend weight; the others by 1 - it). */
  tm20: boolean;
}

/**
 * Compiles a trained S11 model for one-design-per-call inference (file header).
 * @param model a model from trainS11Surrogate / parseS11Model; sub-models must not have sub-models of
 *   their own (none of the trainers makes such a model).
 * @returns the predictor; equals predictS11(model, [design]) to ~1e-7 relative with float32 heads, to
 *   rounding with float64 (tested).
 * @throws Error for nested sub-models, or (per call) what predictS11 throws for a bad design.
 */
export function compileS11Predictor(model: S11Model, o: S11PredictorOptions = {}): S11Predictor {
  const models = [{ ...model, others: undefined }, ...(model.others ?? [])];
  if (models.some((m) => m.others?.length)) throw new Error('compileS11Predictor: sub-models with sub-models of their own are not supported; use predictS11');
  const kind = (m: S11Model) => m.warp?.kind === 'cavity';
  const count = (pred: (m: S11Model) => boolean) => models.filter(pred).reduce((a, m) => a + networkCount(m), 0);
  const parts: Part[] = models.map((m) => ({
    eval: compilePart(m, o.precision ?? 'float32'),
    w: networkCount(m) / (model.blend ? count((x) => kind(x) === kind(m)) : count(() => true)),
    tm20: kind(m),
  }));
  if (model.blend && (!kind(model) || !models.some((m) => m.warp?.kind === 'cavity2'))) {
    throw new Error(`s11 surrogate: a blended model needs a 'cavity' model with 'cavity' and 'cavity2' sub-models, got ${models.map((m) => m.warp?.kind).join(', ')}`);
  }
  const F = model.freqs.length;
  const pr = new Float64Array(F), pi = new Float64Array(F);
  return (design) => {
    const re = new Float64Array(F), im = new Float64Array(F);
    const wA = model.blend ? blendWeight(model, design) : null;
    for (const p of parts) {
      p.eval(design, pr, pi);
      for (let q = 0; q < F; q++) {
        const wq = wA ? p.w * (p.tm20 ? wA[q]! : 1 - wA[q]!) : p.w;
        re[q] += wq * pr[q]!;
        im[q] += wq * pi[q]!;
      }
    }
    return { re, im };
  };
}

/** One sub-model (no others): its networks' trunks, the stacked head, and the warp read-back. */
function compilePart(m: S11Model, precision: 'float32' | 'float64'): Part['eval'] {
  const nets = [m.params, ...(m.members ?? [])];
  const N = nets.length, width = m.params.head.w.shape[0]!, O = m.params.head.w.shape[1]!, S = N * width;
  const trunks = nets.map(compileSkipMlpTrunk);
  // head row j: [net 0's column j, net 1's, ...] / N; bias: the mean of the nets' biases
  const head = precision === 'float32' ? new Float32Array(O * S) : new Float64Array(O * S);
  const bias = new Float64Array(O);
  nets.forEach((p, k) => {
    const w = p.head.w.data(), b = p.head.b.data();
    for (let i = 0; i < width; i++) for (let j = 0; j < O; j++) head[j * S + k * width + i] = w[i * O + j]! / N;
    for (let j = 0; j < O; j++) bias[j] += b[j]! / N;
  });
  const H = new Float64Array(S), z = new Float64Array(O), stamp = new Int32Array(O);
  let gen = 0;
  const dot = head instanceof Float32Array ? dot32 : dotRow;
  const out = (j: number): number => {
    if (stamp[j] === gen) return z[j]!;
    stamp[j] = gen;
    return (z[j] = m.mu[j]! + m.sd[j]! * (bias[j]! + dot(head as Float32Array & Float64Array, j * S, H, S)));
  };
  const F = m.freqs.length, features = m.features ?? 'raw';
  return (design, re, im) => {
    const x = designFeatures(m.parameters, features, design, m.substrate, m.warp?.fit);
    trunks.forEach((t, k) => t(x, H.subarray(k * width, (k + 1) * width)));
    gen = gen === 0x7fffffff ? 1 : gen + 1;
    if (!m.warp) {
      for (let q = 0; q < F; q++) {
        re[q] = out(q);
        im[q] = out(F + q);
      }
      return;
    }
    const nu = m.warp.nu, K = nu.length;
    const anchors = warpAnchors(m.parameters, m.warp, design);
    for (let q = 0; q < F; q++) {
      const [k, w] = bracket(nu, toNu(anchors, m.freqs[q]!));
      const a = out(k), b = out(k + 1), c = out(K + k), d = out(K + k + 1);
      re[q] = a + w * (b - a);
      im[q] = c + w * (d - c);
    }
  };
}

// Row `row .. row + n` of a float32 stacked head times H, summed in float64 (nn.ts's dotRow is the float64
// one; one function per storage type keeps each loop monomorphic).
function dot32(a: Float32Array, row: number, h: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[row + i]! * h[i]!;
    s1 += a[row + i + 1]! * h[i + 1]!;
    s2 += a[row + i + 2]! * h[i + 2]!;
    s3 += a[row + i + 3]! * h[i + 3]!;
  }
  for (; i < n; i++) s0 += a[row + i]! * h[i]!;
  return s0 + s1 + (s2 + s3);
}
