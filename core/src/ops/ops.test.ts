/** Op values against plain-JS references: elementwise, broadcasting, reductions, matmul, indexing, movement. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  tensor, scalar, arange, add, sub, mul, div, pow, neg, exp, log, sin, cos, tan, tanh, sigmoid, relu, softplus,
  sqrt, abs, square, greater, less, equal, where, sum, mean, max, min, logsumexp, norm, matmul, transpose,
  reshape, concat, stack, pad, slice, gather, scatterAdd, grad, normal, randomKey, split, maximum, minimum, clip, allClose,
  type Tensor,
} from '../index.ts';

const flat = (t: Tensor) => Array.from(t.data());
const xs = [-3.5, -1, -0.2, 0, 0.4, 1, 2.5];

describe('elementwise', () => {
  const x = tensor(xs);
  const cases: [string, (t: Tensor) => Tensor, (v: number) => number][] = [
    ['neg', neg, (v) => -v], ['exp', exp, Math.exp], ['sin', sin, Math.sin], ['cos', cos, Math.cos],
    ['tan', tan, Math.tan], ['tanh', tanh, Math.tanh], ['sigmoid', sigmoid, (v) => 1 / (1 + Math.exp(-v))],
    ['relu', relu, (v) => Math.max(v, 0)], ['softplus', softplus, (v) => Math.log1p(Math.exp(v))],
    ['abs', abs, Math.abs], ['square', square, (v) => v * v],
  ];
  for (const [name, f, ref] of cases) {
    it(name, () => {
      const got = flat(f(x));
      xs.forEach((v, i) => expect(got[i]).toBeCloseTo(ref(v), 14));
    });
  }
  it('log and sqrt on positives', () => {
    expect(flat(log(tensor([1, Math.E, 10])))).toEqual([0, 1, Math.log(10)]);
    expect(flat(sqrt(tensor([4, 2])))).toEqual([2, Math.SQRT2]);
  });
  it('sigmoid and softplus are stable at extreme inputs', () => {
    expect(flat(sigmoid(tensor([-1000, 1000])))).toEqual([0, 1]);
    const sp = flat(softplus(tensor([-1000, 1000, -40])));
    expect(sp[0]).toBe(0);
    expect(sp[1]).toBe(1000);
    expect(sp[2]).toBeCloseTo(Math.exp(-40), 30);
  });
  it('relu and abs derivatives at 0 are 0; maximum/minimum', () => {
    expect(flat(grad((t: Tensor) => sum(relu(t)))(tensor([-1, 0, 2])))).toEqual([0, 0, 1]);
    expect(flat(grad((t: Tensor) => sum(abs(t)))(tensor([-1, 0, 2])))).toEqual([-1, 0, 1]);
    expect(flat(maximum(tensor([1, 5]), 3))).toEqual([3, 5]);
    expect(flat(minimum(tensor([1, 5]), 3))).toEqual([1, 3]);
    expect(flat(clip(tensor([-2, 0.5, 7]), 0, 1))).toEqual([0, 0.5, 1]);
    expect(flat(grad((t: Tensor) => sum(clip(t, 0, 1)))(tensor([-2, 0.5, 7])))).toEqual([0, 1, 0]);
  });
  it('binary ops, scalars on either side, comparisons and where', () => {
    const a = tensor([1, 2, 3]);
    expect(flat(sub(10, a))).toEqual([9, 8, 7]);
    expect(flat(div(a, 2))).toEqual([0.5, 1, 1.5]);
    expect(flat(pow(a, 2))).toEqual([1, 4, 9]);
    expect(flat(pow(2, a))).toEqual([2, 4, 8]);
    expect(flat(greater(a, 2))).toEqual([0, 0, 1]);
    expect(flat(less(a, 2))).toEqual([1, 0, 0]);
    expect(flat(equal(a, 2))).toEqual([0, 1, 0]);
    expect(where(tensor([[1], [0]]), a, -1).toArray()).toEqual([[1, 2, 3], [-1, -1, -1]]);
  });
  it('dtypes: float32 stays float32, mixing promotes to float64', () => {
    const a = tensor([1, 2], { dtype: 'float32' });
    expect(add(a, 1).dtype).toBe('float32');
    expect(add(a, tensor([1, 1])).dtype).toBe('float64');
    expect(sin(a).data()).toBeInstanceOf(Float32Array);
  });
});

describe('broadcasting (fuzzed against an index-arithmetic reference)', () => {
  it('a[shapeA] op b[shapeB] equals the numpy rule', () => {
    const dim = fc.integer({ min: 1, max: 3 });
    fc.assert(fc.property(fc.array(dim, { maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 3 }), (shape, ones, drop) => {
      const sa = shape;
      const sb = shape.slice(Math.min(drop, shape.length)).map((d, i) => (ones[i] ? 1 : d));
      const A = arange(sa.reduce((p, q) => p * q, 1)).reshape(sa);
      const B = add(mul(arange(sb.reduce((p, q) => p * q, 1)), 100), 0.5).reshape(sb);
      const C = add(A, B);
      expect(C.shape).toEqual(sa);
      const got = flat(C);
      const bstr = sb.map((_, i) => sb.slice(i + 1).reduce((p, q) => p * q, 1));
      const off = sa.length - sb.length;
      for (let k = 0; k < got.length; k++) {
        let rem = k, bi = 0;
        for (let d = sa.length - 1; d >= 0; d--) {
          const id = rem % sa[d]!;
          rem = Math.floor(rem / sa[d]!);
          if (d >= off && sb[d - off] !== 1) bi += id * bstr[d - off]!;
        }
        expect(got[k]).toBe(k + 100 * bi + 0.5);
      }
    }));
  });
});

describe('reductions', () => {
  const t = arange(24).reshape([2, 3, 4]);
  it('sum over axes with and without keepdims, including a transposed (strided) input', () => {
    expect(sum(t).item()).toBe(276);
    expect(sum(t, 1).toArray()).toEqual([[12, 15, 18, 21], [48, 51, 54, 57]]);
    expect(sum(t, [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(flat(sum(t, [0, 2]))).toEqual([60, 92, 124]);
    expect(flat(sum(transpose(t, [2, 1, 0]), [0, 2]))).toEqual([60, 92, 124]);
    expect(sum(t, -1).shape).toEqual([2, 3]);
  });
  it('max/min/mean/norm', () => {
    const u = tensor([[3, -1, 7], [2, 9, -4]]);
    expect(flat(max(u, 1))).toEqual([7, 9]);
    expect(flat(min(u, 0))).toEqual([2, -1, -4]);
    expect(max(u).item()).toBe(9);
    expect(mean(u).item()).toBe(16 / 6);
    expect(norm(tensor([3, 4])).item()).toBe(5);
    expect(flat(norm(tensor([[3, 4], [6, 8]]), 1))).toEqual([5, 10]);
  });
  it('max gradient splits ties evenly', () => {
    expect(flat(grad((x: Tensor) => max(x))(tensor([1, 5, 5, 2])))).toEqual([0, 0.5, 0.5, 0]);
  });
  it('logsumexp is stable for large inputs and handles all -inf', () => {
    expect(logsumexp(tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 10);
    expect(flat(logsumexp(tensor([[0, 0], [-1e4, -1e4]]), 1))).toEqual([Math.LN2, -1e4 + Math.LN2]);
    expect(logsumexp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    const g = flat(grad((x: Tensor) => logsumexp(x))(tensor([1, 2, 3])));
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    g.forEach((v, i) => expect(v).toBeCloseTo(Math.exp(i + 1) / z, 14));
  });
});

describe('matmul', () => {
  const naive = (a: number[][], b: number[][]) => a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
  it('2-D, 1-D promotions, transposed (strided) operands', () => {
    const [ka, kb] = split(randomKey(3), 2);
    const A = normal(ka!, [4, 5]), B = normal(kb!, [5, 3]);
    const ref = naive(A.toArray() as number[][], B.toArray() as number[][]);
    expect(allClose(matmul(A, B), tensor(ref), 1e-13)).toBe(true);
    expect(allClose(matmul(transpose(transpose(A)), transpose(B.T)), tensor(ref), 1e-13)).toBe(true);
    expect(matmul(tensor([1, 2]), tensor([[1, 0], [0, 1]])).toArray()).toEqual([1, 2]);
    expect(matmul(tensor([[1, 2]]), tensor([3, 4])).toArray()).toEqual([11]);
    expect(matmul(tensor([1, 2]), tensor([3, 4])).toArray()).toBe(11);
  });
  it('batched with broadcast batch axes', () => {
    const A = arange(2 * 1 * 2 * 3).reshape([2, 1, 2, 3]);
    const B = arange(3 * 3 * 2).reshape([3, 3, 2]);
    const C = matmul(A, B);
    expect(C.shape).toEqual([2, 3, 2, 2]);
    const Aa = A.toArray() as number[][][][], Bb = B.toArray() as number[][][], Cc = C.toArray() as number[][][][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(Cc[i]![j]).toEqual(naive(Aa[i]![0]!, Bb[j]!));
  });
});

describe('movement', () => {
  it('concat, stack, pad, slice', () => {
    const a = tensor([[1, 2]]), b = tensor([[3, 4], [5, 6]]);
    expect(concat([a, b]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(concat([tensor([[1], [2]]), b], 1).toArray()).toEqual([[1, 3, 4], [2, 5, 6]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(pad(tensor([[1]]), [[1, 0], [0, 2]]).toArray()).toEqual([[0, 0, 0], [1, 0, 0]]);
    expect(slice(arange(10), [2], [3]).toArray()).toEqual([2, 3, 4]);
    expect(() => concat([a, tensor([[1, 2, 3]])])).toThrow(/concat: shapes \[1,2\], \[1,3\] differ outside axis 0/);
    expect(() => slice(arange(3), [2], [5])).toThrow(/out of range/);
  });
  it('reshape/transpose round trip', () => {
    const t = arange(6).reshape([2, 3]);
    expect(reshape(transpose(t), [3, 2]).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });
});

describe('gather / scatterAdd', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]]);
  it('values along axis 0 and 1', () => {
    expect(gather(x, [2, 0, 2]).toArray()).toEqual([[5, 6], [1, 2], [5, 6]]);
    expect(gather(x, Int32Array.of(1), 1).toArray()).toEqual([[2], [4], [6]]);
    expect(scatterAdd(tensor([1, 2, 3, 4]), [0, 2, 0, 1], 3).toArray()).toEqual([4, 4, 2]);
    expect(scatterAdd(tensor([[1, 2, 3]]), [1, 1, 0], 2, 1).toArray()).toEqual([[3, 3]]);
    expect(gather(transpose(x), [1], 1).toArray()).toEqual([[3], [4]]);
  });
  it('are adjoint: <gather(x, idx), y> = <x, scatterAdd(y, idx, n)> (fuzzed)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 3 }), fc.nat(), (idx, post, seed) => {
      const [k1, k2] = split(randomKey(seed), 2);
      const X = normal(k1!, [5, post]);
      const Y = normal(k2!, [idx.length, post]);
      const lhs = sum(mul(gather(X, idx), Y)).item();
      const rhs = sum(mul(X, scatterAdd(Y, idx, 5))).item();
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * (1 + Math.abs(lhs)));
    }));
  });
  it('out-of-range and non-integer indices are reported with position and bound', () => {
    expect(() => gather(x, [0, 3])).toThrow(/gather: index 3 at position 1 is out of range; expected an integer in \[0, 3\)/);
    expect(() => gather(x, [0.5])).toThrow(/index 0.5/);
    expect(() => scatterAdd(tensor([1, 2]), [0], 2)).toThrow(/1 indices but src \[2\]/);
  });
});

describe('scalar edge cases', () => {
  it('ops on rank-0 tensors', () => {
    expect(add(scalar(1), scalar(2)).item()).toBe(3);
    expect(sum(scalar(4)).item()).toBe(4);
    expect(max(scalar(4)).item()).toBe(4);
  });
});
