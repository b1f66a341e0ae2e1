/** Tensor creation, views without copies, immutability, ndarray interop, and fuzzed parsing of nested arrays. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ndarray from 'ndarray';
import { inspect } from 'node:util';
import {
  Tensor, tensor, scalar, zeros, ones, full, arange, linspace, eye, zerosLike, reshape, transpose, slice,
  broadcastTo, expandDims, squeeze, toNdarray, fromNdarray, ShapeError, type NestedArray,
} from './index.ts';

describe('creators', () => {
  it('tensor from nested arrays, typed arrays and flat arrays with a shape', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(new Float32Array([1, 2])).dtype).toBe('float32');
    expect(tensor(Int32Array.of(3, 4)).toArray()).toEqual([3, 4]);
    expect(tensor(Uint8Array.of(1, 2, 3, 4), { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(tensor([1.5], { dtype: 'float32' }).data()).toBeInstanceOf(Float32Array);
    expect(scalar(3).shape).toEqual([]);
    expect(scalar(3).item()).toBe(3);
  });
  it('zeros ones full arange linspace eye', () => {
    expect(zeros([2]).toArray()).toEqual([0, 0]);
    expect(ones([1, 2]).toArray()).toEqual([[1, 1]]);
    expect(full([2], 7, { dtype: 'float32' }).toArray()).toEqual([7, 7]);
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(zerosLike(tensor([[1, 2]], { dtype: 'float32' })).dtype).toBe('float32');
  });
  it('bad input errors name the problem', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array at data\[1\]: expected an array of length 2, got length 1/);
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(/data\[1\]: expected a number, got string/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/3 values cannot fill shape \[2,2\]/);
    expect(() => zeros([2, -1])).toThrow(/invalid dimension -1/);
    expect(() => tensor([1], { dtype: 'int32' as never })).toThrow(/dtype "int32" is not supported/);
    expect(() => arange(0, 1, 0)).toThrow(RangeError);
    expect(() => tensor([1, 2]).item()).toThrow(/expected exactly one element/);
  });
});

describe('immutability and views', () => {
  it('input arrays are copied and data() returns a copy', () => {
    const src = new Float64Array([1, 2, 3]);
    const t = tensor(src);
    src[0] = 100;
    const d = t.data();
    d[1] = 100;
    expect(t.toArray()).toEqual([1, 2, 3]);
  });
  it('reshape/transpose/slice/broadcastTo/expandDims/squeeze share storage', () => {
    const t = arange(24).reshape([2, 3, 4]);
    const views = [reshape(t, [6, 4]), transpose(t, [2, 0, 1]), slice(t, [1, 1, 0], [1, 2, -1]), broadcastTo(slice(t, [0, 0, 0], [1, 3, 4]), [5, 3, 4]), expandDims(t, 1), squeeze(expandDims(t, 0))];
    for (const v of views) expect(v._buf).toBe(t._buf);
    expect(slice(t, [1, 1, 0], [1, 2, -1]).toArray()).toEqual([[[16, 17, 18, 19], [20, 21, 22, 23]]]);
    expect(transpose(t, [2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect((transpose(t, [2, 0, 1]).toArray() as number[][][])[3]![1]![2]).toBe(1 * 12 + 2 * 4 + 3);
    expect(broadcastTo(tensor([1, 2]), [3, 2])._strides).toEqual([0, 1]);
  });
  it('reshape of a non-contiguous view copies and keeps row-major order', () => {
    const t = arange(6).reshape([2, 3]);
    const r = reshape(transpose(t), [6]);
    expect(r._buf).not.toBe(t._buf);
    expect(r.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
  });
  it('reshape infers -1 and reports impossible shapes', () => {
    expect(arange(12).reshape([3, -1]).shape).toEqual([3, 4]);
    expect(() => arange(12).reshape([5, -1])).toThrow(/cannot reshape \[12\]/);
    expect(() => arange(12).reshape([5, 2])).toThrow(ShapeError);
  });
});

describe('ndarray interop', () => {
  it('round-trips, including a strided (transposed) ndarray', () => {
    const t = arange(6).reshape([2, 3]);
    const nd = toNdarray(t);
    expect(nd.shape).toEqual([2, 3]);
    expect(nd.get(1, 2)).toBe(5);
    const tr = ndarray(new Float64Array([0, 1, 2, 3, 4, 5]), [2, 3]).transpose(1, 0);
    expect(fromNdarray(tr).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(fromNdarray(ndarray([1, 2, 3, 4], [2, 2])).toArray()).toEqual([[1, 2], [3, 4]]);
  });
});

// ---- fuzzing ----
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });
function nestedOf(shape: number[], values: number[]): NestedArray {
  let i = 0;
  const build = (d: number): NestedArray => (d === shape.length ? values[i++]! : Array.from({ length: shape[d]! }, () => build(d + 1)));
  return build(0);
}
const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('fuzz: nested-array parsing', () => {
  it('rectangular arrays round-trip exactly', () => {
    fc.assert(fc.property(shapeArb, fc.integer(), (shape, seed) => {
      const values = Array.from({ length: sizeOf(shape) }, (_, i) => Math.sin(seed + i) * 1e3);
      const nested = nestedOf(shape, values);
      const t = tensor(nested);
      expect(t.shape).toEqual(shape);
      expect(t.toArray()).toEqual(nested);
    }));
  });
  it('garbled arrays (ragged, truncated, non-numeric) throw a clear error, never return', () => {
    const garbage = fc.constantFrom<unknown>('x', null, undefined, {}, true, [1, [2]], [[1], 2]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 3 }), fc.nat(), garbage, fc.boolean(), (shape, pos, junk, truncate) => {
      const values = Array.from({ length: sizeOf(shape) }, (_, i) => i);
      const nested = nestedOf(shape, values) as unknown[];
      // Damage one spot: truncate a sub-array, or replace a leaf with junk.
      let node: unknown[] = nested;
      while (Array.isArray(node[0]) && pos % 2 === 0) node = node[(pos >> 1) % node.length] as unknown[];
      // (truncating the outermost array just makes a shorter valid tensor)
      if (truncate && node !== nested) node.pop();
      else node[pos % node.length] = junk;
      expect(() => tensor(nested as NestedArray)).toThrow(/tensor: /);
    }));
  });
});

describe('fuzz: strided views agree with index arithmetic', () => {
  it('transpose then slice then reshape', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), fc.integer(), (shape, seed) => {
      const nd = shape.length;
      const t = arange(sizeOf(shape)).reshape(shape);
      const perm = Array.from({ length: nd }, (_, i) => i).sort((a, b) => Math.sin(seed * (a + 1)) - Math.sin(seed * (b + 1)));
      const tt = transpose(t, perm);
      const begin = tt.shape.map((d, i) => Math.abs(seed + i) % d);
      const size = tt.shape.map((d, i) => d - begin[i]!);
      const s = slice(tt, begin, size);
      const got = s.data();
      // reference: row-major walk of the sliced, permuted index space
      const strides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
      const ref: number[] = [];
      const idx = new Array<number>(nd).fill(0);
      for (let k = 0; k < sizeOf(size); k++) {
        let flat = 0;
        for (let d = 0; d < nd; d++) flat += (idx[d]! + begin[d]!) * strides[perm[d]!]!;
        ref.push(flat);
        for (let d = nd - 1; d >= 0; d--) { if (++idx[d]! < size[d]!) break; idx[d] = 0; }
      }
      expect(Array.from(got)).toEqual(ref);
      expect(Array.from(reshape(s, [-1]).data())).toEqual(ref);
    }));
  });
});

describe('Tensor basics', () => {
  it('toString and isTracer', () => {
    expect(String(tensor([1, 2]))).toContain('shape=[2]');
    expect(inspect(tensor([[1, 2]]))).toBe('Tensor([[1,2]], shape=[1,2], dtype=float64)');
    expect(tensor([1]).isTracer).toBe(false);
    expect(new Tensor([2], 'float64', new Float64Array([1, 2]), null, 0, null).toArray()).toEqual([1, 2]);
  });
});

describe('fuzz: movement arguments are validated', () => {
  const anyInt = fc.oneof(fc.integer({ min: -3, max: 6 }), fc.constantFrom(0.5, NaN, Infinity));
  it('slice either matches index arithmetic or throws a ShapeError', () => {
    fc.assert(fc.property(fc.array(anyInt, { minLength: 0, maxLength: 3 }), fc.array(anyInt, { minLength: 0, maxLength: 3 }), (begin, size) => {
      const t = arange(20).reshape([4, 5]);
      let s: Tensor;
      try {
        s = slice(t, begin, size.length ? size : undefined);
      } catch (e) {
        expect(e).toBeInstanceOf(ShapeError);
        return;
      }
      const b = [begin[0] ?? 0, begin[1] ?? 0];
      expect(s.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
      const rows = s.toArray() as number[][];
      rows.forEach((row, i) => row.forEach((v, j) => expect(v).toBe((b[0]! + i) * 5 + b[1]! + j)));
    }));
  });
  it('reshape and broadcastTo accept exactly the valid shapes', () => {
    fc.assert(fc.property(fc.array(anyInt, { minLength: 0, maxLength: 4 }), (shape) => {
      const t = arange(12).reshape([3, 4]);
      try {
        const r = reshape(t, shape);
        expect(r.size).toBe(12);
        expect(r.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
        expect(Array.from(r.data())).toEqual(Array.from({ length: 12 }, (_, i) => i));
      } catch (e) {
        expect(e).toBeInstanceOf(ShapeError);
      }
      try {
        const b = broadcastTo(tensor([1, 2, 3, 4]), shape);
        expect(b.shape[b.ndim - 1]).toBe(4);
        expect(b.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
        expect(b.size).toBe(shape.reduce((p, q) => p * q, 1));
      } catch (e) {
        expect(e).toBeInstanceOf(ShapeError);
      }
    }));
  });
});
