/**
 * SchNet radial basis and cutoff, multi-head attention (vs a per-head loop, permutation
 * equivariance, masking), MindElec's multi-scale FC network, and the losses — values by hand,
 * gradients by checkGrads.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, tensor, randomKey, split, normal, allClose, checkGrads, grad, matmul, slice, transpose, exp, sum, reshape, concat, gather } from '../index.ts';
import { cosineCutoff, gaussianCenters, gaussianRbf } from './radial.ts';
import { initAttention, multiHeadAttention, softmax } from './attention.ts';
import { inputScale, multiScaleFC } from './multiscale.ts';
import { dense } from './layers.ts';
import { l1Loss, mae, mse, relativeL2, rmse, uncertaintyWeightedLoss } from './losses.ts';

describe('SchNet radial functions', () => {
  it('Gaussian RBF values and centre spacing', () => {
    const { centers, width } = gaussianCenters(5, { n: 6 });
    expect(centers.toArray()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(width).toBe(1);
    const e = gaussianRbf(tensor([[1.5, 0]]), centers, width);
    expect(e.shape).toEqual([1, 2, 6]);
    expect(e.data()[1]).toBeCloseTo(Math.exp(-0.125), 15);
    expect(e.data()[6]).toBe(1);
    checkGrads((d) => gaussianRbf(d, centers, 0.7), [tensor([0.3, 2.2, 4.9])], { order: 2 });
  });
  it('cosine cutoff: 1 at 0, 1/2 at rc/2, 0 and flat at rc, 0 beyond', () => {
    const f = cosineCutoff(tensor([0, 0.25, 0.5, 0.7]), 0.5);
    expect(allClose(f, tensor([1, 0.5, 0, 0]), 1e-15, 1e-15)).toBe(true);
    const slope = grad((d: Tensor) => sum(cosineCutoff(d, 0.5)))(tensor([0.5 - 1e-9, 0.25]));
    expect(Math.abs(slope.data()[0]!)).toBeLessThan(1e-7);
    expect(slope.data()[1]).toBeCloseTo(-0.5 * Math.PI / 0.5, 12);
    checkGrads((d) => cosineCutoff(d, 1), [tensor([0.1, 0.4, 0.9])], { order: 2 });
    expect(() => cosineCutoff(tensor([1]), 0)).toThrow(/cutoff 0; expected > 0/);
  });
});

describe('multi-head attention', () => {
  const D = 6, H = 2, dh = 3;
  const [kp, kq, kk] = split(randomKey(21), 3);
  const p = initAttention(kp!, D);
  const q = normal(kq!, [2, 4, D]);
  const kv = normal(kk!, [2, 5, D]);
  it('matches an explicit per-head loop', () => {
    const out = multiHeadAttention(p, q, kv, { numHeads: H });
    expect(out.shape).toEqual([2, 4, D]);
    const Q = matmul(q, p.wq), K = matmul(kv, p.wk), V = matmul(kv, p.wv);
    const heads: Tensor[] = [];
    for (let h = 0; h < H; h++) {
      const qh = slice(Q, [0, 0, h * dh], [-1, -1, dh]), kh = slice(K, [0, 0, h * dh], [-1, -1, dh]), vh = slice(V, [0, 0, h * dh], [-1, -1, dh]);
      const s = matmul(qh, transpose(kh, [0, 2, 1])).mul(1 / Math.sqrt(dh));
      const e = exp(s);
      heads.push(matmul(e.div(sum(e, 2, true)), vh));
    }
    expect(allClose(out, matmul(concat(heads, 2), p.wo), 1e-12, 1e-14)).toBe(true);
  });
  it('permuting keys/values leaves the output unchanged; permuting queries permutes it', () => {
    const base = multiHeadAttention(p, q, kv, { numHeads: H });
    const perm = [3, 0, 4, 1, 2];
    expect(allClose(multiHeadAttention(p, q, gather(kv, perm, 1), { numHeads: H }), base, 1e-12, 1e-14)).toBe(true);
    expect(allClose(multiHeadAttention(p, gather(q, [2, 0, 3, 1], 1), kv, { numHeads: H }), gather(base, [2, 0, 3, 1], 1), 1e-12, 1e-14)).toBe(true);
  });
  it('masked keys have no influence', () => {
    const mask = tensor([1, 1, 1, 0, 0]); // only the first three keys
    const m = multiHeadAttention(p, q, kv, { numHeads: H, mask });
    const ref = multiHeadAttention(p, q, slice(kv, [0, 0, 0], [-1, 3, -1]), { numHeads: H });
    expect(allClose(m, ref, 1e-12, 1e-14)).toBe(true);
  });
  it('softmax sums to one and survives huge logits; gradients checked', () => {
    const s = softmax(tensor([[1000, 1001, 999], [0, 0, 0]]));
    expect(allClose(sum(s, 1), 1, 1e-15)).toBe(true);
    const small = normal(kq!, [1, 3, 4]);
    const p4 = initAttention(kp!, 4);
    checkGrads((x, wq, wo) => multiHeadAttention({ ...p4, wq, wo }, x, x, { numHeads: 2 }), [small, p4.wq, p4.wo], { order: 2 });
    expect(() => multiHeadAttention(p, q, kv, { numHeads: 4 })).toThrow(/numHeads 4 must be a positive divisor of dModel 6/);
  });
});

describe('MindElec multi-scale FC network', () => {
  it('equals the explicit sum of sub-networks on scaled inputs (sin, residual)', () => {
    const net = multiScaleFC({ inChannels: 2, outChannels: 3, layers: 4, neurons: 5, numScales: 3, ampFactor: 2, scaleFactor: 3, inputScale: [0.5, 2], inputCenter: [1, -1] });
    expect(net.scaleCoefficients).toEqual([2, 6, 18]);
    const params = net.init(randomKey(5));
    const x = normal(randomKey(6), [7, 2]);
    const xs = x.sub(tensor([1, -1])).mul(tensor([0.5, 2]));
    let ref: Tensor | null = null;
    params.scales.forEach((sp, i) => {
      let h = dense(sp.input, xs.mul(net.scaleCoefficients[i]!)).sin();
      for (const l of sp.hidden) h = dense(l, h).sin().add(h);
      const y = dense(sp.output, h);
      ref = ref ? ref.add(y) : y;
    });
    expect(params.scales[0]!.hidden.length).toBe(2);
    expect(allClose(net.apply(params, x), ref!, 1e-13, 1e-14)).toBe(true);
    expect(() => net.apply(params, normal(randomKey(1), [3, 3]))).toThrow(/input must be \[N, 2\], got \[3, 3\]/);
  });
  it('latent vectors: rows grouped by scenario, learnable', () => {
    const net = multiScaleFC({ inChannels: 1, outChannels: 1, layers: 3, neurons: 4, numScales: 2, latent: { numScenarios: 2, size: 3 } });
    const params = net.init(randomKey(8));
    expect(params.latent!.shape).toEqual([2, 3]);
    const x = tensor([[0.1], [0.1], [0.1], [0.1]]);
    const y = net.apply(params, x).data();
    expect(y[0]).toBe(y[1]);
    expect(y[0]).not.toBe(y[2]);
    const g = grad((lat: Tensor) => sum(net.apply({ ...params, latent: lat }, x)))(params.latent!);
    expect(g.data().some((v) => v !== 0)).toBe(true);
    checkGrads((lat) => net.apply({ ...params, latent: lat }, x), [params.latent!], { order: 1 });
    expect(() => net.apply(params, tensor([[1], [2], [3]]))).toThrow(/batch of 3 rows is not divisible into 2 scenarios/);
  });
  it('inputScale: (x - center) * scale', () => {
    expect(inputScale(tensor([[2, 3]]), [10, 100], [1, 1]).toArray()).toEqual([[10, 200]]);
    expect(() => inputScale(tensor([[2, 3]]), [1])).toThrow(/1 scale factors for inputs with last axis 2/);
  });
});

describe('losses and metrics', () => {
  const p = tensor([1, 2, 3, 4]);
  const t = tensor([1, 0, 3, 8]);
  it('values by hand', () => {
    expect(mse(p, t).item()).toBe(5); // (0 + 4 + 0 + 16) / 4
    expect(rmse(p, t).item()).toBeCloseTo(Math.sqrt(5), 15);
    expect(mae(p, t).item()).toBe(1.5);
    expect(l1Loss(p, t).item()).toBe(1.5);
    expect(l1Loss(p, t, 'sum').item()).toBe(6);
    expect(relativeL2(p, t).item()).toBeCloseTo(Math.sqrt(20) / Math.sqrt(74), 15);
  });
  it('uncertainty-weighted loss: value, gradient, and its minimiser w^2 = L/2 + sqrt(L^2/4 + L)... checked numerically', () => {
    const L = [tensor(2), tensor(0.5)];
    const w = tensor([1, 2]);
    expect(uncertaintyWeightedLoss(L, w).item()).toBeCloseTo(0.5 * 2 / 1 + Math.log(2) + 0.5 * 0.5 / 4 + Math.log(5), 14);
    // d/dw = -L / w^3 + 2w / (1 + w^2)
    const g = grad((ww: Tensor) => uncertaintyWeightedLoss(L, ww))(w).data();
    expect(g[0]).toBeCloseTo(-2 + 1, 14);
    expect(g[1]).toBeCloseTo(-0.5 / 8 + 4 / 5, 14);
    checkGrads((ww, a) => uncertaintyWeightedLoss([reshape(a, []), tensor(0.3)], ww), [w, tensor([1.2])], { order: 2 });
    expect(() => uncertaintyWeightedLoss(L, tensor([1]))).toThrow(/weights \[1\] must be \[2\]/);
  });
  it('loss gradients (order 2)', () => {
    const a = normal(randomKey(1), [5]), b = normal(randomKey(2), [5]);
    for (const f of [mse, rmse, relativeL2]) checkGrads((x, y) => f(x, y), [a, b], { order: 2 });
    checkGrads((x, y) => mae(x, y), [a, b], { order: 1 });
  });
});
