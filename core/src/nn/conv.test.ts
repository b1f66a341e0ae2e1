/**
 * Convolutions and pooling against a direct nested-loop reference (stride, padding, dilation,
 * 'same'), hand-computed cases, and gradients through the im2col gather (checkGrads, fwd+rev).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Tensor, tensor, randomKey, split, normal, allClose, checkGrads } from '../index.ts';
import { avgPool, conv1d, conv2d, conv3d, convNd, globalAvgPool, initConv, maxPool } from './conv.ts';

/** Direct N-d cross-correlation, zero padding, one loop per output element and tap. */
function naiveConv(x: Tensor, w: Tensor, b: Tensor | null, stride: number[], pad: number[], dil: number[]): Tensor {
  const [N, C, ...S] = x.shape as number[];
  const [O, , ...K] = w.shape as number[];
  const d = S.length;
  const out = S.map((s, i) => Math.floor((s! + 2 * pad[i]! - dil[i]! * (K[i]! - 1) - 1) / stride[i]!) + 1);
  const xd = x.data(), wd = w.data(), bd = b?.data();
  const P = out.reduce((a, c) => a * c, 1), KK = K.reduce((a, c) => a! * c!, 1)!;
  const res = new Float64Array(N! * O! * P);
  const unravel = (i: number, shape: number[]) => { const r = new Array<number>(shape.length); for (let j = shape.length - 1; j >= 0; j--) { r[j] = i % shape[j]!; i = Math.floor(i / shape[j]!); } return r; };
  const ravel = (idx: number[], shape: number[]) => idx.reduce((a, v, j) => a * shape[j]! + v, 0);
  for (let n = 0; n < N!; n++) for (let o = 0; o < O!; o++) for (let p = 0; p < P; p++) {
    const op = unravel(p, out);
    let acc = bd ? bd[o]! : 0;
    for (let c = 0; c < C!; c++) for (let q = 0; q < KK; q++) {
      const kq = unravel(q, K as number[]);
      const pos = op.map((v, i) => v * stride[i]! - pad[i]! + kq[i]! * dil[i]!);
      if (pos.some((v, i) => v < 0 || v >= S[i]!)) continue;
      acc += xd[(n * C! + c) * S.reduce((a, v) => a! * v!, 1)! + ravel(pos, S as number[])]! * wd[(o * C! + c) * KK + q]!;
    }
    res[(n * O! + o) * P + p] = acc;
  }
  void d;
  return tensor(res, { shape: [N!, O!, ...out] });
}

describe('convolution', () => {
  it('conv2d hand case: 3x3 image, 2x2 diagonal kernel', () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const w = tensor([[[[1, 0], [0, 1]]]]);
    expect(conv2d({ w, b: tensor([10]) }, x).toArray()).toEqual([[[[16, 18], [22, 24]]]]);
    // 'same' pads (0 before, 1 after) on each axis for an even kernel, as in TF
    expect(conv2d({ w }, x, { padding: 'same' }).toArray()).toEqual([[[[6, 8, 3], [12, 14, 6], [7, 8, 9]]]]);
  });
  const [k1, k2, k3, k4, k5, k6] = split(randomKey(11), 6);
  it('conv1d matches the direct loop with stride, padding and dilation', () => {
    const x = normal(k1!, [2, 3, 11]), w = normal(k2!, [4, 3, 3]), b = normal(k3!, [4]);
    for (const [s, p, dl] of [[1, 0, 1], [2, 1, 1], [1, 2, 2], [3, 1, 2]] as const) {
      const ours = conv1d({ w, b }, x, { stride: s, padding: p, dilation: dl });
      expect(allClose(ours, naiveConv(x, w, b, [s], [p], [dl]), 1e-12, 1e-12)).toBe(true);
    }
  });
  it('conv2d and conv3d match the direct loop (per-axis stride/padding)', () => {
    const x2 = normal(k1!, [2, 2, 6, 7]), w2 = normal(k2!, [3, 2, 3, 2]);
    expect(allClose(conv2d({ w: w2 }, x2, { stride: [2, 1], padding: [1, 0] }), naiveConv(x2, w2, null, [2, 1], [1, 0], [1, 1]), 1e-12, 1e-12)).toBe(true);
    const x3 = normal(k4!, [1, 2, 5, 4, 6]), w3 = normal(k5!, [2, 2, 3, 3, 2]), b3 = normal(k6!, [2]);
    const y3 = conv3d({ w: w3, b: b3 }, x3, { padding: 1 });
    expect(y3.shape).toEqual([1, 2, 5, 4, 7]);
    expect(allClose(y3, naiveConv(x3, w3, b3, [1, 1, 1], [1, 1, 1], [1, 1, 1]), 1e-12, 1e-12)).toBe(true);
    expect(conv3d({ w: w3 }, x3, { padding: 'same', stride: 2 }).shape).toEqual([1, 2, 3, 2, 3]);
  });
  it('gradients w.r.t. input, kernel and bias (fwd+rev, order 2)', () => {
    const x = normal(k1!, [1, 2, 4, 3]), w = normal(k2!, [2, 2, 2, 2]), b = normal(k3!, [2]);
    const r = checkGrads((xx, ww, bb) => conv2d({ w: ww, b: bb }, xx, { padding: 1, stride: [2, 1] }), [x, w, b], { order: 2 });
    expect(r.checks).toBeGreaterThan(4);
    checkGrads((xx, ww) => conv3d({ w: ww }, xx), [normal(k4!, [1, 1, 3, 3, 3]), normal(k5!, [1, 1, 2, 2, 2])], { order: 1 });
  });
  it('shape errors name the layer, the shapes and the expectation', () => {
    const w = normal(k2!, [4, 3, 3]);
    expect(() => conv1d({ w }, normal(k1!, [2, 2, 8]))).toThrow(/conv1d: input has 2 channels .* expects 3/);
    expect(() => conv2d({ w }, normal(k1!, [2, 3, 8]))).toThrow(/conv2d: weight must be \[O, C, 2 kernel axes\], got \[4, 3, 3\]/);
    expect(() => conv1d({ w }, normal(k1!, [2, 3, 2]))).toThrow(/leaves no output positions/);
    expect(() => convNd({ w }, normal(k1!, [2, 3, 8]), { stride: 0 })).toThrow(/stride 0; expected an integer >= 1/);
  });
  it('any geometry (1-3 spatial axes, stride, padding, dilation) matches the direct loop or is a named ShapeError (fast-check)', () => {
    const axis = fc.record({ size: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 3 }), pad: fc.integer({ min: 0, max: 2 }), dil: fc.integer({ min: 1, max: 2 }) });
    fc.assert(fc.property(fc.array(axis, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 1000 }), (axes, c, o, seed) => {
      const [ka, kb] = split(randomKey(seed), 2);
      const x = normal(ka!, [1, c, ...axes.map((a) => a.size)]);
      const w = normal(kb!, [o, c, ...axes.map((a) => a.k)]);
      const opts = { stride: axes.map((a) => a.stride), padding: axes.map((a) => a.pad), dilation: axes.map((a) => a.dil) };
      const empty = axes.some((a) => a.size + 2 * a.pad - a.dil * (a.k - 1) - 1 < 0);
      if (empty) {
        expect(() => convNd({ w }, x, opts)).toThrow(/leaves no output positions/);
        return;
      }
      const ref = naiveConv(x, w, null, opts.stride, opts.padding, opts.dilation);
      const y = convNd({ w }, x, opts);
      expect(y.shape).toEqual(ref.shape);
      expect(allClose(y, ref, 1e-12, 1e-12)).toBe(true);
    }), { numRuns: 60 });
  });
  it('initConv shapes (He fan-in over C*K)', () => {
    const p = initConv(randomKey(0), 4, 8, [3, 3, 3]);
    expect(p.w.shape).toEqual([8, 4, 3, 3, 3]);
    expect(p.b!.shape).toEqual([8]);
    const a = Math.sqrt(6 / (4 * 27));
    expect(p.w.data().every((v) => Math.abs(v) <= a)).toBe(true);
  });
});

describe('pooling', () => {
  const x = tensor([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 1, 1], [9, 1, 3, 7]]]]);
  it('maxPool / avgPool 2x2 by hand', () => {
    expect(maxPool(x, 2).toArray()).toEqual([[[[5, 8], [9, 7]]]]);
    expect(avgPool(x, 2).toArray()).toEqual([[[[13 / 4, 11 / 4], [12 / 4, 12 / 4]]]]);
    expect(maxPool(x, [1, 4]).toArray()).toEqual([[[[5], [8], [2], [9]]]]);
    expect(maxPool(x, 3, { stride: 1 }).toArray()).toEqual([[[[8, 8], [9, 8]]]]);
    expect(globalAvgPool(x).toArray()).toEqual([[48 / 16]]);
    expect(maxPool(normal(randomKey(0), [1, 2, 4, 4, 4]), 2).shape).toEqual([1, 2, 2, 2, 2]);
  });
  it('max-pool gradient goes to the arg-max; avg-pool gradient checked', () => {
    const xs = normal(randomKey(3), [1, 1, 4, 4]);
    checkGrads((v) => maxPool(v, 2), [xs], { order: 1 });
    checkGrads((v) => avgPool(v, 2, { stride: 1 }), [xs], { order: 2 });
  });
});
