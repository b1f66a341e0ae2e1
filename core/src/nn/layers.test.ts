/**
 * nn basics: initialiser statistics, activations, dense/mlp/layerNorm/dropout/residual/embedding
 * against hand-computed values, and their gradients against central differences (checkGrads).
 */
import { describe, expect, it } from 'vitest';
import { Tensor, tensor, randomKey, split, normal, uniform, sum, mul, sin, tanh, allClose, checkGrads, grad } from '../index.ts';
import { fans, glorotNormal, glorotUniform, heNormal, heUniform, normalInit, uniformInit, resolveInit } from './init.ts';
import { activation, gelu, shiftedSoftplus, silu } from './activations.ts';
import { dense, dropout, embedding, initDense, initEmbedding, initLayerNorm, initMlp, initResidualBlock, layerNorm, mlp, residual, residualBlock } from './layers.ts';

const stats = (t: Tensor) => {
  const d = t.data();
  let m = 0, v = 0, lo = Infinity, hi = -Infinity;
  for (const x of d) { m += x; lo = Math.min(lo, x); hi = Math.max(hi, x); }
  m /= d.length;
  for (const x of d) v += (x - m) ** 2;
  return { mean: m, variance: v / d.length, lo, hi };
};

describe('initialisers', () => {
  it('fans for dense [in,out] and conv [out,in,k...] kernels', () => {
    expect(fans([30, 50])).toEqual({ fanIn: 30, fanOut: 50 });
    expect(fans([16, 8, 3, 3, 3])).toEqual({ fanIn: 8 * 27, fanOut: 16 * 27 });
  });
  it('variances match the published formulas (200x300 samples)', () => {
    const k = randomKey(1);
    const shape = [200, 300];
    const gu = stats(glorotUniform(k, shape));
    const a = Math.sqrt(6 / 500);
    expect(gu.lo).toBeGreaterThanOrEqual(-a);
    expect(gu.hi).toBeLessThan(a);
    expect(gu.variance).toBeCloseTo(2 / 500, 4); // a^2/3
    expect(Math.abs(stats(glorotNormal(k, shape)).variance / (2 / 500) - 1)).toBeLessThan(0.02);
    expect(Math.abs(stats(heNormal(k, shape)).variance / (2 / 200) - 1)).toBeLessThan(0.02);
    expect(Math.abs(stats(heUniform(k, shape)).variance / (2 / 200) - 1)).toBeLessThan(0.02);
    const u = stats(uniformInit(-0.1, 0.3)(k, shape));
    expect(u.lo).toBeGreaterThanOrEqual(-0.1);
    expect(u.mean).toBeCloseTo(0.1, 2);
    expect(stats(normalInit(0.5, 2)(k, shape)).mean).toBeCloseTo(2, 2);
  });
  it('same key, same weights; different keys differ; float32 honoured', () => {
    const [a, b] = split(randomKey(9));
    expect(glorotUniform(a!, [4, 4]).toArray()).toEqual(glorotUniform(a!, [4, 4]).toArray());
    expect(glorotUniform(a!, [4, 4]).toArray()).not.toEqual(glorotUniform(b!, [4, 4]).toArray());
    expect(heNormal(a!, [3, 2], { dtype: 'float32' }).dtype).toBe('float32');
  });
  it('unknown name is a clear error', () => {
    expect(() => resolveInit('glorot' as never)).toThrow(/unknown initialiser 'glorot'/);
  });
});

describe('activations', () => {
  it('values against closed forms', () => {
    const x = tensor([-2, 0, 0.5, 3]);
    const xs = [-2, 0, 0.5, 3];
    const sp = (v: number) => Math.log1p(Math.exp(v));
    expect(allClose(shiftedSoftplus(x), tensor(xs.map((v) => sp(v) - Math.LN2)), 1e-14)).toBe(true);
    expect(shiftedSoftplus(tensor(0)).item()).toBe(0);
    expect(allClose(silu(x), tensor(xs.map((v) => v / (1 + Math.exp(-v)))), 1e-14)).toBe(true);
    // tanh-form GELU; gelu(1) = 0.841191990608276... (Hendrycks & Gimpel eq. for the tanh approximation)
    expect(gelu(tensor(1)).item()).toBeCloseTo(0.8411919906082768, 14);
    expect(allClose(activation('sin')(x), tensor(xs.map(Math.sin)))).toBe(true);
    expect(() => activation('sine' as never)).toThrow(/unknown activation 'sine'/);
  });
  it('gradients to second order', () => {
    const x = tensor([-1.3, -0.2, 0.4, 2.1]);
    for (const f of [shiftedSoftplus, silu, gelu]) checkGrads((v) => f(v), [x], { order: 2, rtol: 1e-6 });
  });
});

describe('dense and mlp', () => {
  const p = { w: tensor([[1, 2, 3], [4, 5, 6]]), b: tensor([0.5, -1, 0]) };
  it('dense: x @ w + b by hand', () => {
    expect(dense(p, tensor([[1, 1], [2, -1]])).toArray()).toEqual([[5.5, 6, 9], [-1.5, -2, 0]]);
    expect(dense({ w: p.w }, tensor([1, 0])).toArray()).toEqual([1, 2, 3]);
    expect(() => dense(p, tensor([[1, 2, 3]]))).toThrow(/input \[1, 3\] has last axis 3, weight w \[2, 3\] expects 2/);
  });
  it('mlp: tanh between layers, none after the last (hand-computed)', () => {
    const params = [p, { w: tensor([[1], [0], [-1]]), b: tensor([0.25]) }];
    const y = mlp(params, tensor([[1, 1]]));
    expect(y.item()).toBeCloseTo(Math.tanh(5.5) - Math.tanh(9) + 0.25, 15);
    expect(mlp(params, tensor([[1, 1]]), { activation: 'relu', outputActivation: 'sigmoid' }).item()).toBeCloseTo(1 / (1 + Math.exp(-(5.5 - 9 + 0.25))), 15);
  });
  it('initMlp shapes and error', () => {
    const q = initMlp(randomKey(0), [3, 16, 16, 2]);
    expect(q.map((l) => [l.w.shape, l.b!.shape])).toEqual([[[3, 16], [16]], [[16, 16], [16]], [[16, 2], [2]]]);
    expect(() => initMlp(randomKey(0), [3])).toThrow(/at least an input and an output/);
    expect(() => initDense(randomKey(0), 0, 3)).toThrow(/nIn = 0/);
  });
  it('mlp gradients w.r.t. params and inputs (fwd+rev, order 2)', () => {
    const [k, kx] = split(randomKey(4));
    const q = initMlp(k!, [2, 5, 1]);
    const x = normal(kx!, [3, 2]);
    const f = (w0: Tensor, b0: Tensor, w1: Tensor, b1: Tensor, xx: Tensor) => mlp([{ w: w0, b: b0 }, { w: w1, b: b1 }], xx);
    checkGrads(f, [q[0]!.w, q[0]!.b!, q[1]!.w, q[1]!.b!, x], { order: 2 });
  });
});

describe('layerNorm, dropout, residual, embedding', () => {
  it('layerNorm by hand: [1,2,3] -> [-sqrt(3/2), 0, sqrt(3/2)] (biased variance 2/3)', () => {
    const y = layerNorm(initLayerNorm(3), tensor([[1, 2, 3], [5, 5, 8]]), 0);
    const s = Math.sqrt(1.5);
    expect(allClose(y, tensor([[-s, 0, s], [-1 / Math.SQRT2, -1 / Math.SQRT2, Math.SQRT2]]), 1e-14)).toBe(true);
    const ln = { gamma: tensor([2, 1, 1]), beta: tensor([0, 0, 1]) };
    expect(allClose(layerNorm(ln, tensor([1, 2, 3]), 0), tensor([-2 * s, 0, s + 1]), 1e-14)).toBe(true);
    expect(() => layerNorm(initLayerNorm(4), tensor([1, 2, 3]))).toThrow(/gamma \[4\] does not match the last axis of input \[3\]/);
    const x = normal(randomKey(2), [2, 4]);
    checkGrads((xx, g, b) => layerNorm({ gamma: g, beta: b }, xx), [x, normal(randomKey(3), [4]), normal(randomKey(5), [4])], { order: 2 });
  });
  it('dropout: keep fraction, unbiased mean, identity in eval, deterministic per key', () => {
    const x = tensor(new Float64Array(20000).fill(1));
    const y = dropout(randomKey(7), x, 0.3);
    const d = y.data();
    const kept = d.filter((v) => v !== 0);
    expect(Math.abs(kept.length / d.length - 0.7)).toBeLessThan(0.015);
    expect(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-15)).toBe(true);
    expect(Math.abs(stats(y).mean - 1)).toBeLessThan(0.03);
    expect(dropout(randomKey(7), x, 0.3, false)).toBe(x);
    expect(dropout(randomKey(7), x, 0.3).toArray()).toEqual(y.toArray());
    expect(() => dropout(randomKey(7), x, 1)).toThrow(/rate 1; expected 0 <= rate < 1/);
    // gradient is the same mask: d sum(dropout(x)) / dx = mask / (1 - rate)
    const g = grad((v: Tensor) => sum(dropout(randomKey(7), v, 0.3)))(x).data();
    expect(Array.from(g)).toEqual(Array.from(d));
  });
  it('residual blocks preserve shape and add the skip path', () => {
    const p = initResidualBlock(randomKey(1), 4);
    const x = normal(randomKey(2), [3, 4]);
    const y = residualBlock(p, x, 'tanh');
    const manual = x.add(dense(p.dense2, tanh(dense(p.dense1, x))));
    expect(allClose(y, manual, 1e-15)).toBe(true);
    const bad = residual((_p: null, h: Tensor) => sum(h, 1));
    expect(() => bad(null, x)).toThrow(/maps \[3, 4\] to \[3\]; a residual block must preserve the shape/);
    const w = initDense(randomKey(3), 4, 4);
    checkGrads((xx) => residual((q: typeof w, h: Tensor) => sin(dense(q, h)))(w, xx), [x], { order: 2 });
  });
  it('embedding gathers rows, gradient scatters back, bad ids are named', () => {
    const e = { table: tensor([[1, 2], [3, 4], [5, 6]]) };
    expect(embedding(e, [2, 0, 2]).toArray()).toEqual([[5, 6], [1, 2], [5, 6]]);
    const g = grad((t: Tensor) => sum(mul(embedding({ table: t }, [2, 0, 2]), tensor([[1, 10], [100, 1000], [1, 10]]))))(e.table);
    expect(g.toArray()).toEqual([[100, 1000], [0, 0], [2, 20]]);
    expect(() => embedding(e, [3])).toThrow(/index 3 at position 0 is out of range/);
    expect(initEmbedding(randomKey(0), 10, 8).table.shape).toEqual([10, 8]);
    expect(uniform(randomKey(0), [2]).shape).toEqual([2]);
  });
});
