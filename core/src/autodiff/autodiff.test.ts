/**
 * Transforms: closed-form derivatives, nesting in every mode combination, perturbation confusion,
 * pytrees, jvp/vjp duality, and the error messages.
 */
import { describe, expect, it } from 'vitest';
import {
  Tensor, tensor, scalar, add, sub, mul, div, exp, sin, cos, tanh, sum, matmul, pow, sqrt, square,
  grad, valueAndGrad, valueAndGradWithAux, jvp, vjp, jacfwd, jacrev, hessian, normal, randomKey, split, stack,
  ShapeError, TraceError, checkGrads, where, greater,
} from '../index.ts';
import { currentLevel } from './trace.ts';

const close = (a: number, b: number, rtol = 1e-12, atol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(atol + rtol * Math.abs(b));

describe('third derivative of tanh', () => {
  const exact = (x: number) => {
    const t = Math.tanh(x), s = 1 - t * t;
    return -2 * s * (s - 2 * t * t);
  };
  const tanhExp = (x: Tensor) => { const e = exp(mul(2, x)); return div(sub(e, 1), add(e, 1)); };
  for (const x0 of [-2, -0.5, 0, 0.3, 1.7]) {
    it(`at x = ${x0}: rev³, fwd³, mixed, and tanh built from exp (tfjs#3252)`, () => {
      const x = scalar(x0);
      close(grad(grad(grad(tanh)))(x).item(), exact(x0));
      const d1 = (z: Tensor) => jvp(tanh, [z], [scalar(1)])[1];
      const d2 = (z: Tensor) => jvp(d1, [z], [scalar(1)])[1];
      close(jvp(d2, [x], [scalar(1)])[1].item(), exact(x0));
      close(jacfwd(grad(grad(tanh)))(x).item(), exact(x0));
      close(grad(d2)(x).item(), exact(x0));
      close(grad(grad(grad(tanhExp)))(x).item(), exact(x0), 1e-9, 1e-12);
    });
  }
});

describe('mixed partials of f(x, y) = sin(xy) + x³y', () => {
  const f = (x: Tensor, y: Tensor) => add(sin(mul(x, y)), mul(pow(x, 3), y));
  const [x0, y0] = [0.7, -1.3];
  const xy = x0 * y0;
  const x = scalar(x0), y = scalar(y0);
  it('first and second partials (all orders of differentiation agree)', () => {
    close(grad(f, 0)(x, y).item(), y0 * Math.cos(xy) + 3 * x0 * x0 * y0);
    close(grad(f, 1)(x, y).item(), x0 * Math.cos(xy) + x0 ** 3);
    const fxy = Math.cos(xy) - xy * Math.sin(xy) + 3 * x0 * x0;
    close(grad((a: Tensor, b: Tensor) => grad(f, 0)(a, b), 1)(x, y).item(), fxy);
    close(grad((a: Tensor, b: Tensor) => grad(f, 1)(a, b), 0)(x, y).item(), fxy);
    close(grad((a: Tensor, b: Tensor) => grad(f, 0)(a, b), 0)(x, y).item(), -y0 * y0 * Math.sin(xy) + 6 * x0 * y0);
    close(grad((a: Tensor, b: Tensor) => grad(f, 1)(a, b), 1)(x, y).item(), -x0 * x0 * Math.sin(xy));
  });
  it('third partial f_xxy and the Hessian of the vector form', () => {
    const fxx = (a: Tensor, b: Tensor) => grad((p: Tensor, q: Tensor) => grad(f, 0)(p, q), 0)(a, b);
    close(grad(fxx, 1)(x, y).item(), -2 * y0 * Math.sin(xy) - x0 * y0 * y0 * Math.cos(xy) + 6 * x0, 1e-11);
    const fv = (v: Tensor) => f(v.slice([0], [1]).reshape([]), v.slice([1], [1]).reshape([]));
    const H = hessian(fv)(tensor([x0, y0])).toArray() as number[][];
    const fxy = Math.cos(xy) - xy * Math.sin(xy) + 3 * x0 * x0;
    close(H[0]![0]!, -y0 * y0 * Math.sin(xy) + 6 * x0 * y0);
    close(H[0]![1]!, fxy);
    close(H[1]![0]!, fxy);
    close(H[1]![1]!, -x0 * x0 * Math.sin(xy));
  });
});

describe('Hessian of a small MLP against finite differences', () => {
  const [k1, k2, k3, k4, kx] = split(randomKey(7), 5);
  const W1 = normal(k1!, [5, 3], { std: 0.8 }), b1 = normal(k2!, [5]);
  const W2 = normal(k3!, [2, 5], { std: 0.8 }), b2 = normal(k4!, [2]);
  const f = (x: Tensor) => sum(square(tanh(add(matmul(W2, tanh(add(matmul(W1, x), b1))), b2))));
  const x = normal(kx!, [3]);
  it('jacfwd(jacrev) matches a 4-point central second difference of f and is symmetric', () => {
    const H = hessian(f)(x);
    expect(H.shape).toEqual([3, 3]);
    const xs = Array.from(x.data());
    const F = (v: number[]) => f(tensor(v)).item();
    const h = 1e-4;
    let worst = 0;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const at = (si: number, sj: number) => { const v = xs.slice(); v[i]! += si * h; v[j]! += sj * h; return F(v); };
        const fd = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h);
        const hij = (H.toArray() as number[][])[i]![j]!;
        worst = Math.max(worst, Math.abs(hij - fd) / Math.max(1, Math.abs(fd)));
        close(hij, (H.toArray() as number[][])[j]![i]!, 1e-12, 1e-13);
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });
  it('third-order checks (every fwd/rev path) on the MLP w.r.t. input and first-layer weights', () => {
    const g = (xx: Tensor, w: Tensor) => sum(square(tanh(add(matmul(W2, tanh(add(matmul(w, xx), b1))), b2))));
    const rep = checkGrads(g, [x, W1], { order: 3 });
    expect(rep.checks).toBe(14);
    expect(rep.maxRelErr).toBeLessThan(1e-6);
  });
  it('all four mode compositions give the same Hessian', () => {
    const ref = hessian(f)(x).data();
    for (const Hf of [jacrev(jacrev(f)), jacfwd(jacfwd(f)), jacrev(jacfwd(f)), jacfwd(grad(f))]) {
      const h = Hf(x).data();
      for (let i = 0; i < ref.length; i++) close(h[i]!, ref[i]!, 1e-12, 1e-13);
    }
  });
});

describe('jvp / vjp duality: <vjp(u), v> = <u, jvp(v)>', () => {
  it('holds for a non-square map with two arguments', () => {
    const [ka, kb, ku, kv1, kv2] = split(randomKey(11), 5);
    const A = normal(ka!, [3, 4]);
    const f = (x: Tensor, y: Tensor) => add(tanh(matmul(A, x)), mul(sin(y), sum(x)));
    const x = normal(kb!, [4]), y = tensor([0.1, 0.2, 0.3]);
    const u = normal(ku!, [3]);
    const v1 = normal(kv1!, [4]), v2 = normal(kv2!, [3]);
    const [, t] = jvp(f, [x, y], [v1, v2]);
    const [, pull] = vjp(f, x, y);
    const [g1, g2] = pull(u);
    const lhs = sum(mul(g1, v1)).item() + sum(mul(g2, v2)).item();
    const rhs = sum(mul(u, t)).item();
    close(lhs, rhs, 1e-13, 1e-14);
  });
  it('jacfwd equals jacrev on R^4 -> R^3', () => {
    const f = (x: Tensor) => mul(sin(x.slice([0], [3])), exp(x.slice([1], [3])));
    const x = tensor([0.1, -0.4, 0.8, 1.1]);
    const a = jacfwd(f)(x).data(), b = jacrev(f)(x).data();
    expect(jacfwd(f)(x).shape).toEqual([3, 4]);
    for (let i = 0; i < a.length; i++) close(a[i]!, b[i]!);
  });
});

describe('nesting without perturbation confusion', () => {
  it('d/dx [x · d/dy (x + y)] = 1 (Siskind & Pearlmutter), forward and reverse', () => {
    const inner = (x: Tensor) => jvp((y: Tensor) => add(x, y), [scalar(1)], [scalar(1)])[1];
    const f = (x: Tensor) => mul(x, inner(x));
    expect(jvp(f, [scalar(1)], [scalar(1)])[1].item()).toBe(1);
    expect(grad(f)(scalar(1)).item()).toBe(1);
    const g = (x: Tensor) => mul(x, grad((y: Tensor) => mul(x, y))(scalar(1)));
    // g(x) = x * x -> g'(x) = 2x
    expect(grad(g)(scalar(3)).item()).toBe(6);
  });
  it('grad of a function that calls jvp inside', () => {
    const x0 = 0.9;
    const g = (w: Tensor) => jvp((x: Tensor) => sin(mul(w, x)), [scalar(x0)], [scalar(1)])[1]; // w cos(w x0)
    const w0 = 1.3;
    close(grad(g)(scalar(w0)).item(), Math.cos(w0 * x0) - w0 * x0 * Math.sin(w0 * x0));
  });
  it('force training: grad w.r.t. weights of a loss on forces = -dE/dR', () => {
    const R = tensor([[0.1, 0.5], [-0.3, 0.2], [0.7, -0.4]]);
    const Ftarget = tensor([[0.2, -0.1], [0.0, 0.3], [-0.4, 0.1]]);
    const energy = (w: Tensor, r: Tensor) => sum(square(tanh(mul(w, r))));
    const loss = (w: Tensor) => {
      const F = mul(-1, grad(energy, 1)(w, R));
      return sum(square(sub(F, Ftarget)));
    };
    const rep = checkGrads(loss, [tensor([1.3, -0.6])], { order: 2 });
    expect(rep.maxRelErr).toBeLessThan(1e-6);
  });
  it('x^4: grad³ = 24x and a 4th derivative of 24', () => {
    const f = (x: Tensor) => pow(x, 4);
    expect(grad(grad(grad(f)))(scalar(2)).item()).toBeCloseTo(48, 10);
    expect(grad(grad(grad(grad(f))))(scalar(2)).item()).toBeCloseTo(24, 10);
  });
  it('gradient of a constant function is zeros of the argument shape', () => {
    const g = grad((_x: Tensor) => scalar(3))(tensor([1, 2]));
    expect(g.toArray()).toEqual([0, 0]);
  });
});

describe('pytrees and argnums', () => {
  const params = { W: tensor([[1, 2], [3, 4]]), layers: [tensor([0.5, -0.5]), { s: tensor(2) }] };
  const loss = (p: typeof params, x: Tensor) => {
    const [b, { s }] = p.layers as [Tensor, { s: Tensor }];
    return mul(s, sum(tanh(add(matmul(p.W, x), b))));
  };
  const x = tensor([0.3, -0.2]);
  it('grad returns the structure of the argument and matches finite differences', () => {
    const g: typeof params = grad(loss)(params, x); // typed as the argument, no cast
    expect(g.W.shape).toEqual([2, 2]);
    const [gb, { s: gs }] = g.layers as [Tensor, { s: Tensor }];
    expect(gb.shape).toEqual([2]);
    close(gs.item(), sum(tanh(add(matmul(params.W, x), params.layers[0] as Tensor))).item());
    const rep = checkGrads((W: Tensor) => loss({ ...params, W }, x), [params.W], { order: 2 });
    expect(rep.maxRelErr).toBeLessThan(1e-6);
  });
  it('argnums as a list and valueAndGrad', () => {
    const f = (a: Tensor, b: Tensor, c: Tensor) => sum(mul(mul(a, b), c));
    const [v, [ga, gc]] = valueAndGrad(f, [0, 2])(scalar(2), scalar(3), scalar(5));
    expect(v.item()).toBe(30);
    expect(ga.item()).toBe(15);
    expect(gc.item()).toBe(6);
  });
  it('valueAndGradWithAux returns the aux pytree untraced', () => {
    const f = (w: Tensor) => [sum(square(w)), { pred: mul(w, 2), n: 3 }] as const;
    const [loss, aux, g] = valueAndGradWithAux(f)(tensor([1, 2]));
    expect(loss.item()).toBe(5);
    expect(aux.pred.isTracer).toBe(false);
    expect(aux.pred.toArray()).toEqual([2, 4]);
    expect(aux.n).toBe(3);
    expect(g.toArray()).toEqual([2, 4]);
  });
  it('float32 arguments get float32 gradients', () => {
    const g = grad((w: Tensor) => sum(tanh(w)))(tensor([0.1, 0.2], { dtype: 'float32' }));
    expect(g.dtype).toBe('float32');
    expect(g.data()[0]).toBeCloseTo(1 - Math.tanh(0.1) ** 2, 6);
    expect(hessian((w: Tensor) => sum(tanh(w)))(tensor([0.1], { dtype: 'float32' })).dtype).toBe('float32');
  });
  it('numbers are accepted as differentiated scalars and as constants', () => {
    expect(grad((x: Tensor) => mul(x, x))(3 as unknown as Tensor).item()).toBe(6);
    expect(grad((x: Tensor) => add(mul(2, x), 1))(scalar(1)).item()).toBe(2);
  });
});

describe('errors', () => {
  it('grad of a non-scalar output says so and names the shape', () => {
    expect(() => grad((x: Tensor) => mul(x, 2))(tensor([1, 2, 3]))).toThrow(/scalar.*\[3\]/);
  });
  it('shape mismatch names the op and both shapes', () => {
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => mul(tensor([[1, 2, 3]]), tensor([[1], [2]]).reshape([1, 2]))).toThrow(/mul: shapes \[1,3\] and \[1,2\]/);
    expect(() => matmul(tensor([[1, 2, 3]]), tensor([[1, 2]]))).toThrow(/matmul: inner dimensions differ: \[1,3\] @ \[1,2\]/);
  });
  it('a tracer leaked out of a finished transform is reported', () => {
    let leaked: Tensor | null = null;
    grad((x: Tensor) => { leaked = mul(x, 2); return sum(leaked); })(tensor([1]));
    expect(() => add(leaked!, 1)).toThrow(TraceError);
  });
  it('an exception inside a transform leaves the trace stack clean', () => {
    expect(() => grad((x: Tensor) => { jvp((y: Tensor) => { throw new Error('boom'); }, [x], [x]); return x; })(scalar(1))).toThrow('boom');
    expect(currentLevel()).toBe(0);
    expect(grad((x: Tensor) => mul(x, x))(scalar(2)).item()).toBe(4);
  });
  it('jvp tangent shapes must match the primals', () => {
    expect(() => jvp(sqrt, [tensor([1, 2])], [tensor([1])])).toThrow(/tangents leaf 0 has shape \[1\], primal has \[2\]/);
  });
  it('the where-gradient trap and the double-where guard documented in API.md', () => {
    const r2 = tensor([0, 4]);
    const mask = greater(r2, 0);
    const naive = grad((r: Tensor) => sum(where(mask, sqrt(r), 0)))(r2).data();
    expect(Number.isNaN(naive[0])).toBe(true);
    const guarded = grad((r: Tensor) => sum(where(mask, sqrt(where(mask, r, 1)), 0)))(r2).data();
    expect(Array.from(guarded)).toEqual([0, 0.25]);
  });
  it('stack of tracers with a constant works inside grad', () => {
    const g = grad((x: Tensor) => sum(stack([x, cos(x), scalar(1)])))(scalar(0.4));
    close(g.item(), 1 - Math.sin(0.4));
  });
});
