/**
 * Optimizers against hand-computed steps and an independent scalar reference, schedules against
 * their formulas, clipping norms, and L-BFGS on Rosenbrock and an ill-conditioned quadratic.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, tensor, valueAndGrad, sum, mul, square, sub, add, slice, reshape } from '../index.ts';
import { sgd } from './sgd.ts';
import { adam, adamw } from './adam.ts';
import { lbfgs } from './lbfgs.ts';
import { constantSchedule, cosineDecay, exponentialDecay, piecewiseConstant, polynomialDecay, stepDecay, warmup } from './schedules.ts';
import { clipByGlobalNorm, clipByValue, globalNorm, withClipping } from './clip.ts';

type P = { a: Tensor; b: Tensor[] };
const params: P = { a: tensor([1, -2]), b: [tensor([[0.5]])] };
const grads: P = { a: tensor([0.1, 0.2]), b: [tensor([[-1]])] };
const vals = (p: P) => [...p.a.data(), ...p.b[0]!.data()];

describe('SGD', () => {
  it('plain, momentum and Nesterov steps by hand', () => {
    const o = sgd(0.1);
    const r = o.update(grads, o.init(params), params);
    expect(vals(r.params).map((v) => +v.toFixed(12))).toEqual([0.99, -2.02, 0.6]);
    expect(r.state.step).toBe(1);
    const m = sgd(0.1, { momentum: 0.9 });
    let s = m.update(grads, m.init(params), params);
    s = m.update(grads, s.state, s.params);
    // v1 = g, v2 = 1.9 g: p2 = p - 0.1 (g + 1.9 g) = p - 0.29 g
    expect(vals(s.params)).toEqual(vals(params).map((p, i) => p - 0.29 * [0.1, 0.2, -1][i]!).map((v) => expect.closeTo(v, 14)));
    const n = sgd(0.1, { momentum: 0.9, nesterov: true });
    const r1 = n.update(grads, n.init(params), params);
    // v1 = g; step = g + 0.9 v1 = 1.9 g
    expect(vals(r1.params)).toEqual(vals(params).map((p, i) => p - 0.19 * [0.1, 0.2, -1][i]!).map((v) => expect.closeTo(v, 14)));
    expect(() => sgd(0.1, { nesterov: true })).toThrow(/nesterov needs momentum > 0/);
    expect(() => o.update({ a: tensor([1]), b: [tensor([[1]])] }, o.init(params), params)).toThrow(/grads leaf 0 has shape \[1\], params leaf has \[2\]/);
  });
});

/** Scalar Adam written out independently (Kingma & Ba, Algorithm 1). */
function adamRef(p0: number, gs: number[], lr: number, wd = 0, decoupled = false): number {
  let p = p0, m = 0, v = 0;
  gs.forEach((g0, i) => {
    const t = i + 1;
    const g = decoupled ? g0 : g0 + wd * p;
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    const upd = m / (1 - 0.9 ** t) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
    p -= lr * (upd + (decoupled ? wd * p : 0));
  });
  return p;
}

describe('Adam / AdamW', () => {
  it('first step is lr * sign(g); later steps match a scalar reference', () => {
    const o = adam(0.01);
    const r = o.update(grads, o.init(params), params);
    expect(vals(r.params).map((v, i) => v - vals(params)[i]!)).toEqual([-0.01, -0.01, 0.01].map((v) => expect.closeTo(v, 8)));
    // gradient sequence varying in time: g_t = (t - 2) * 0.3 for a scalar param
    const gseq = [0.5, -0.3, 0.0, 0.3, 1.1];
    for (const [mk, wd, dec] of [[adam, 0, false], [adam, 0.05, false], [adamw, 0.05, true]] as const) {
      const opt = mk(0.02, { weightDecay: wd });
      let p = { w: tensor([1.5]) };
      let st = opt.init(p);
      for (const g of gseq) ({ params: p, state: st } = opt.update({ w: tensor([g]) }, st, p));
      expect(p.w.item()).toBeCloseTo(adamRef(1.5, gseq, 0.02, wd, dec), 14);
    }
  });
  it('uses a schedule of the step count and keeps float32 params float32', () => {
    const seen: number[] = [];
    const o = adam((s) => { seen.push(s); return 0.1; });
    let p = { w: tensor([1], { dtype: 'float32' }) };
    let st = o.init(p);
    for (let i = 0; i < 3; i++) ({ params: p, state: st } = o.update({ w: tensor([1], { dtype: 'float32' }) }, st, p));
    expect(seen).toEqual([0, 1, 2]);
    expect(p.w.dtype).toBe('float32');
  });
  it('minimises a quadratic', () => {
    const loss = (q: { x: Tensor }) => sum(square(sub(q.x, tensor([3, -1]))));
    const vg = valueAndGrad(loss);
    const o = adam(0.1);
    let p = { x: tensor([0, 0]) };
    let st = o.init(p);
    for (let i = 0; i < 300; i++) { const [, g] = vg(p); ({ params: p, state: st } = o.update(g, st, p)); }
    expect(loss(p).item()).toBeLessThan(1e-6);
  });
});

describe('schedules', () => {
  it('match their formulas', () => {
    expect(constantSchedule(0.3)(99)).toBe(0.3);
    expect([0, 9, 10, 25].map(stepDecay(1, 10, 0.5))).toEqual([1, 1, 0.5, 0.25]);
    expect(exponentialDecay(1, 0.5, 10)(5)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(exponentialDecay(1, 0.5, 10, true)(15)).toBe(0.5);
    expect(cosineDecay(2, 100)(0)).toBe(2);
    expect(cosineDecay(2, 100)(50)).toBeCloseTo(1, 15);
    expect(cosineDecay(2, 100, 0.1)(500)).toBeCloseTo(0.2, 15);
    expect(polynomialDecay(1, 0.1, 10, 2)(5)).toBeCloseTo(0.9 * 0.25 + 0.1, 15);
    expect(polynomialDecay(1, 0.1, 10)(20)).toBeCloseTo(0.1, 15);
    expect([0, 4, 5, 9, 10].map(piecewiseConstant([5, 10], [1, 0.1, 0.01]))).toEqual([1, 1, 0.1, 0.1, 0.01]);
    const w = warmup(cosineDecay(1, 10), 4);
    expect([0, 2, 4, 9].map(w)).toEqual([0, 0.5, 1, expect.closeTo(0.5 * (1 + Math.cos(Math.PI / 2)), 15)]);
    expect(() => stepDecay(1, 0, 0.5)).toThrow(/stepSize 0; expected a positive integer/);
  });
});

describe('gradient clipping', () => {
  it('global norm and value clipping', () => {
    const g = { a: tensor([3, 0]), b: [tensor([[4]])] };
    expect(globalNorm(g)).toBe(5);
    const c = clipByGlobalNorm(g, 1);
    expect(c.norm).toBe(5);
    expect(vals(c.grads)).toEqual([0.6, 0, 0.8].map((v) => expect.closeTo(v, 15)));
    expect(clipByGlobalNorm(g, 10).grads).toBe(g);
    expect(vals(clipByValue(g, -1, 2))).toEqual([2, 0, 2]);
    const o = withClipping(sgd(1), { maxNorm: 1 });
    const r = o.update(g, o.init(params), params);
    expect(globalNorm({ d: r.params.a.sub(params.a), e: r.params.b[0]!.sub(params.b[0]!) })).toBeCloseTo(1, 14);
  });
});

describe('L-BFGS', () => {
  it('Rosenbrock from (-1.2, 1) to (1, 1)', () => {
    const rosen = (p: { x: Tensor }) => {
      const x0 = reshape(slice(p.x, [0], [1]), []), x1 = reshape(slice(p.x, [1], [1]), []);
      return add(mul(100, square(sub(x1, square(x0)))), square(sub(1, x0)));
    };
    const opt = lbfgs(valueAndGrad(rosen), { gtol: 1e-10 });
    const st = opt.run({ x: tensor([-1.2, 1]) }, 200);
    expect(st.converged).toBe(true);
    expect(st.iteration).toBeLessThan(60);
    expect(Array.from(st.params.x.data())).toEqual([expect.closeTo(1, 8), expect.closeTo(1, 8)]);
  });
  it('ill-conditioned quadratic (condition 1e4, n = 20) to gtol', () => {
    const n = 20;
    const diag = tensor(Array.from({ length: n }, (_, i) => 10 ** ((4 * i) / (n - 1))));
    const f = (p: { x: Tensor }) => mul(0.5, sum(mul(diag, square(sub(p.x, 1)))));
    const st = lbfgs(valueAndGrad(f), { gtol: 1e-8, historySize: 20 }).run({ x: tensor(new Float64Array(n)) }, 500);
    expect(st.converged).toBe(true);
    expect(st.value).toBeLessThan(1e-12);
    expect(['gtol', 'ftol']).toContain(st.reason);
    expect(st.params.x.data().every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });
});
