/**
 * PINN input derivatives: closed forms, agreement with per-point Hessians, O(N) work (counted at the
 * backend), and differentiability of a residual loss w.r.t. the parameters.
 */
import { describe, expect, it } from 'vitest';
import {
  Tensor, tensor, add, mul, sin, exp, tanh, matmul, sum, mean, square, sub, slice, reshape, hessian,
  normal, randomKey, split, uniform, grad, backend, setBackend, jsBackend, checkGrads, allClose, type Backend,
} from './index.ts';
import { laplacian, partialDerivative, secondDerivative, valueAndInputGrad } from './pinn.ts';

// u(a, b; x, y) = sin(a x) exp(b y)
type AB = { a: Tensor; b: Tensor };
const col = (X: Tensor, i: number) => reshape(slice(X, [0, i], [-1, 1]), [-1]);
const uAB = (p: AB, X: Tensor) => mul(sin(mul(p.a, col(X, 0))), exp(mul(p.b, col(X, 1))));

describe('closed form: u = sin(a x) e^(b y)', () => {
  const p = { a: tensor(1.7), b: tensor(-0.6) };
  const X = uniform(randomKey(3), [7, 2], { minval: -1, maxval: 1 });
  const x = Array.from(col(X, 0).data()), y = Array.from(col(X, 1).data());
  const [a, b] = [1.7, -0.6];
  const ref = (f: (xv: number, yv: number) => number) => tensor(x.map((xv, i) => f(xv, y[i]!)));
  it('first and second partials, mixed partial and Laplacian', () => {
    expect(allClose(partialDerivative(uAB, p, X, 0), ref((xv, yv) => a * Math.cos(a * xv) * Math.exp(b * yv)), 1e-13)).toBe(true);
    expect(allClose(partialDerivative(uAB, p, X, 1), ref((xv, yv) => b * Math.sin(a * xv) * Math.exp(b * yv)), 1e-13)).toBe(true);
    expect(allClose(secondDerivative(uAB, p, X, 0, 0), ref((xv, yv) => -a * a * Math.sin(a * xv) * Math.exp(b * yv)), 1e-13)).toBe(true);
    expect(allClose(secondDerivative(uAB, p, X, 0, 1), ref((xv, yv) => a * b * Math.cos(a * xv) * Math.exp(b * yv)), 1e-13)).toBe(true);
    expect(allClose(laplacian(uAB, p, X), ref((xv, yv) => (b * b - a * a) * Math.sin(a * xv) * Math.exp(b * yv)), 1e-13)).toBe(true);
    const { u, grad: g } = valueAndInputGrad(uAB, p, X);
    expect(allClose(u, uAB(p, X))).toBe(true);
    expect(g.length).toBe(2);
  });
  it('errors: X must be [N, d] and i in range', () => {
    expect(() => partialDerivative(uAB, p, tensor([1, 2]), 0)).toThrow(/X must have shape \[N, d\], got \[2\]/);
    expect(() => partialDerivative(uAB, p, X, 2)).toThrow(/coordinate 2 is out of range for X with d = 2/);
  });
});

// A tanh MLP: X [N, 3] -> [N, 1]
const [k1, k2, k3, kx] = split(randomKey(17), 4);
type MLP = { W1: Tensor; b1: Tensor; W2: Tensor };
const params: MLP = { W1: normal(k1!, [3, 8]), b1: normal(k2!, [8]), W2: normal(k3!, [8, 1], { std: 0.5 }) };
const mlp = (p: MLP, X: Tensor) => matmul(tanh(add(matmul(X, p.W1), p.b1)), p.W2);

describe('MLP: batched derivatives equal per-point Hessians', () => {
  it('u_xx, u_xz, Laplacian for every point', () => {
    const X = normal(kx!, [5, 3]);
    const lap = laplacian(mlp, params, X).data();
    const uxz = secondDerivative(mlp, params, X, 0, 2).data();
    for (let n = 0; n < 5; n++) {
      const xn = slice(X, [n, 0], [1, -1]).reshape([3]);
      const H = hessian((v: Tensor) => sum(mlp(params, reshape(v, [1, 3]))))(xn).toArray() as number[][];
      expect(lap[n]).toBeCloseTo(H[0]![0]! + H[1]![1]! + H[2]![2]!, 12);
      expect(uxz[n]).toBeCloseTo(H[0]![2]!, 12);
    }
  });
});

describe('cost is O(N)', () => {
  it('matmul work for the Laplacian grows linearly in N', () => {
    let flops = 0;
    const counting: Backend = { ...jsBackend, name: 'counting', matmul(a, b, batch, m, k, n, out) { flops += batch.reduce((s, d) => s * d, 1) * m * k * n; jsBackend.matmul(a, b, batch, m, k, n, out); } };
    const work = (N: number) => {
      flops = 0;
      setBackend(counting);
      try { laplacian(mlp, params, normal(kx!, [N, 3])); } finally { setBackend(jsBackend); }
      return flops;
    };
    const w10 = work(10), w1000 = work(1000);
    expect(backend()).toBe(jsBackend);
    expect(w1000 / w10).toBeCloseTo(100, 6);
  });
});

describe('differentiable w.r.t. parameters', () => {
  it('grad of a Poisson residual loss matches finite differences (orders 1 and 2)', () => {
    const X = uniform(randomKey(4), [6, 2], { minval: -1, maxval: 1 });
    const f = mul(-2, sin(col(X, 0)));
    const loss = (a: Tensor, b: Tensor) => mean(square(sub(laplacian(uAB, { a, b }, X), f)));
    const rep = checkGrads(loss, [tensor(1.1), tensor(0.4)], { order: 2 });
    expect(rep.maxRelErr).toBeLessThan(1e-6);
    const Xm = normal(kx!, [4, 3]);
    const lossW1 = (W1: Tensor) => mean(square(laplacian(mlp, { ...params, W1 }, Xm)));
    expect(checkGrads(lossW1, [params.W1], { order: 1 }).maxRelErr).toBeLessThan(1e-6);
    const g = grad((p: MLP) => mean(square(laplacian(mlp, p, Xm))))(params) as MLP;
    expect(allClose(g.W1, grad(lossW1)(params.W1), 1e-14)).toBe(true);
  });
});
