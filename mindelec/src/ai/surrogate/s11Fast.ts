/**
 * One-design S11 inference, compiled: the same prediction as predictS11 (s11Surrogate.ts) for a single
 * design per call, the case a design loop or an optimiser is in, at a fraction of its cost.
 *
 * Where predictS11's time goes: each network's head maps 128 hidden values to the 2K outputs of the warp
 * grid (K = 1601 by default), 410 000 weights, against ~82 000 in the rest of the network; for 32 networks
 * the heads are 105 MB of float64 read per design. This module
 * - evaluates only the head outputs the design's frequencies interpolate from (the warp grid spans every
 *   training design's band; one design reads about half of it);
 * - folds all sub-models of one warp (same grid and anchors) into one linear map from the concatenated
 *   hidden states of their networks to S11 on the grid: head weights times the part's share, the network
 *   mean and the output spread; so each needed output is one dot product;
 * - keeps all weights in float32 (`precision: 'float32'`, the default; products summed in float64), or in
 *   float64 (then it equals predictS11 to summation-order rounding, ~1e-15).
 * Tried and dropped: a reduced basis of the grid outputs (pivoted Gram-Schmidt on 512 random designs) needs
 * 340-470 vectors for 1e-4 on the patch models (the grid's never-read ends vary freely between designs), so
 * it saved little (7.1 vs 9.0 ms for 8 networks) and moved held-out S11 by up to 1.2e-3.
 * Sub-models are combined as predictS11 does: network-count shares, and with `blend` the per-frequency
 * blendWeight of the 'cavity' warp.
 *
 * Units: design parameters as the model's (mm for the patch family); S11 dimensionless, at the model's
 * frequencies (Hz). Memory: per warp 2K x (networks x width) weights (32 networks, float32: 52 MB).
 */
import { compileSkipMlpTrunk, dotRow } from '../nn.ts';
import { blendWeight, bracket, designFeatures, modelParts, toNu, warpAnchors, type S11Model } from './s11Surrogate.ts';

export interface S11PredictorOptions {
  /** Storage of the weights (default 'float32'); activations and all sums are float64. */
  precision?: 'float32' | 'float64';
}

/** design (the model's parameters, in their units) -> S11 at the model's F frequencies; fresh arrays per call. */
export type S11Predictor = (design: readonly number[]) => { re: Float64Array; im: Float64Array };

/** Sub-models sharing one warp (kind, grid, anchors): their networks feed one linear map. */
interface Group {
  model: S11Model;
  /** true: weighted by the blend weight; false: by 1 - it; null: not blended (weight 1). */
  tm20: boolean | null;
  parts: { m: S11Model; trunks: ((x: ArrayLike<number>, out: Float64Array) => Float64Array)[] }[];
  /** Concatenated hidden size (networks x width). */
  S: number;
  O: number;
  /** Row j: d S11_j / d H (2K x S). */
  map: Float32Array | Float64Array;
  /** S11 on the grid at H = 0: shares x (mu + sd x mean bias). */
  offset: Float64Array;
}

/**
 * Compiles a trained S11 model for one-design-per-call inference (file header).
 * @param model a model from trainS11Surrogate / parseS11Model; sub-models must not have sub-models of
 *   their own (none of the trainers makes such a model).
 * @returns the predictor; equals predictS11(model, [design]) to ~1e-7 relative with float32 weights, to
 *   rounding with float64 (tested).
 * @throws Error for nested sub-models; per call, what predictS11 throws for a bad design.
 */
export function compileS11Predictor(model: S11Model, o: S11PredictorOptions = {}): S11Predictor {
  const parts = modelParts(model);
  if (parts.some(({ m }) => m.others?.length)) throw new Error('compileS11Predictor: sub-models with sub-models of their own are not supported; use predictS11');
  // group the parts by warp (the blend weighs whole warps; equal grids and anchors read back alike)
  const keyed = new Map<string, typeof parts>();
  for (const p of parts) {
    const key = JSON.stringify(p.m.warp ?? null) + '|' + p.m.mu.length;
    keyed.set(key, [...(keyed.get(key) ?? []), p]);
  }
  const groups = [...keyed.values()].map((ps) => {
    const g = buildGroup(ps, model.blend ? ps[0]!.tm20 : null, o.precision ?? 'float32');
    return { tm20: g.tm20, eval: compileGroup(g) };
  });
  const F = model.freqs.length;
  const pr = new Float64Array(F), pi = new Float64Array(F);
  return (design) => {
    const re = new Float64Array(F), im = new Float64Array(F);
    const wA = model.blend ? blendWeight(model, design) : null;
    for (const g of groups) {
      g.eval(design, pr, pi);
      for (let q = 0; q < F; q++) {
        const wq = wA && g.tm20 !== null ? (g.tm20 ? wA[q]! : 1 - wA[q]!) : 1;
        re[q] += wq * pr[q]!;
        im[q] += wq * pi[q]!;
      }
    }
    return { re, im };
  };
}

/** The folded linear map of a warp group (file header). */
function buildGroup(ps: { m: S11Model; share: number }[], tm20: boolean | null, precision: 'float32' | 'float64'): Group {
  const O = ps[0]!.m.mu.length;
  const parts = ps.map(({ m, share }) => {
    const nets = [m.params, ...(m.members ?? [])];
    return { m, share, nets, trunks: nets.map((p) => compileSkipMlpTrunk(p, precision)) };
  });
  const S = parts.reduce((a, p) => a + p.nets.reduce((b, n) => b + n.head.w.shape[0]!, 0), 0);
  const map = precision === 'float32' ? new Float32Array(O * S) : new Float64Array(O * S);
  const offset = new Float64Array(O);
  let col = 0;
  for (const { m, share, nets } of parts) {
    for (const n of nets) {
      const w = n.head.w.data(), b = n.head.b.data(), width = n.head.w.shape[0]!;
      if (n.head.w.shape[1] !== O) throw new Error(`compileS11Predictor: a head has ${n.head.w.shape[1]} outputs, its model ${O}`);
      for (let j = 0; j < O; j++) {
        const c = (share * m.sd[j]!) / nets.length;
        for (let i = 0; i < width; i++) map[j * S + col + i] = c * w[i * O + j]!;
        offset[j] += c * b[j]!;
      }
      col += width;
    }
    for (let j = 0; j < O; j++) offset[j] += share * m.mu[j]!;
  }
  return { model: ps[0]!.m, tm20, parts: parts.map(({ m, trunks }) => ({ m, trunks })), S, O, map, offset };
}

/**
 * design -> the hidden states of every network of the group, concatenated into H [S] (views into H made
 * once, so a call allocates only the feature vectors).
 */
function hiddenStates(g: Group, H: Float64Array): (design: readonly number[]) => void {
  let off = 0;
  const parts = g.parts.map(({ m, trunks }) => {
    const width = m.params.head.w.shape[0]!;
    const views = trunks.map(() => H.subarray(off, (off += width)));
    return { m, trunks, views };
  });
  return (design) => {
    for (const { m, trunks, views } of parts) {
      const x = designFeatures(m.parameters, m.features ?? 'raw', design, m.substrate, m.warp?.fit);
      for (let k = 0; k < trunks.length; k++) trunks[k]!(x, views[k]!);
    }
  };
}

/** Evaluates a group for one design: S11 of its warp (its shares included) at the model's frequencies. */
function compileGroup(g: Group): (design: readonly number[], re: Float64Array, im: Float64Array) => void {
  const { model: m, S, O, offset } = g;
  const H = new Float64Array(S), z = new Float64Array(O), stamp = new Int32Array(O);
  const hidden = hiddenStates(g, H);
  let gen = 0;
  const map = g.map;
  const out = (j: number): number => {
    if (stamp[j] === gen) return z[j]!;
    stamp[j] = gen;
    return (z[j] = offset[j]! + dotRow(map, j * S, H, S));
  };
  const F = m.freqs.length;
  return (design, re, im) => {
    hidden(design);
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
