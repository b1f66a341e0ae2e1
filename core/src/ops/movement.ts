/**
 * Movement primitives: reshape, transpose, broadcastTo and slice are views (no copy) whenever the
 * strides allow; pad and concat copy. Each is linear, so its JVP applies the same op to the tangent
 * and its VJP is the adjoint movement (reshape back, inverse permutation, sum over broadcast axes,
 * pad <-> slice, concat -> slices).
 */
import { backend } from '../backends/index.ts';
import { allocate } from '../dtype.ts';
import { ShapeError, fmtShape } from '../errors.ts';
import { bind, definePrimitive, type Primitive } from '../primitive.ts';
import { broadcastShapes, checkShape, contiguousStrides, normalizeAxes, normalizeAxis, shapesEqual, sizeOf } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { zeros } from '../creation.ts';
import { reduceSumKeep } from './reduce.ts';

function view(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(shape, x.dtype, x._buf, strides, offset, null);
}

/** Contiguous copy of a concrete tensor. */
export function materialize(x: Tensor): Tensor {
  if (x._isContiguous()) return x;
  const out = allocate(x.dtype, x.size);
  backend().copyInto(x._view(), x.shape, { data: out, offset: 0, strides: contiguousStrides(x.shape) });
  return Tensor._fromBuffer(out, x.shape);
}

// ---- reshape ----
const reshapeP = definePrimitive<{ shape: readonly number[] }>({ name: 'reshape',
  impl: ([x], { shape }) => {
    const c = x!._isContiguous() ? x! : materialize(x!);
    return view(c, shape, contiguousStrides(shape), c._offset);
  },
  jvp: (_p, [t], { shape }) => reshape(t!, shape),
  vjp: (ct, [x]) => [reshape(ct, x!.shape)] });

/** New shape with the same number of elements; one entry may be -1 (inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = shape.slice();
  const neg = target.indexOf(-1);
  if (neg >= 0) {
    const rest = sizeOf(target.filter((_, i) => i !== neg));
    if (rest === 0 || x.size % rest !== 0) throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)}`);
    target[neg] = x.size / rest;
  }
  checkShape('reshape', target);
  if (sizeOf(target) !== x.size) {
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)} (${sizeOf(target)} elements)`);
  }
  if (shapesEqual(target, x.shape)) return x;
  return bind(reshapeP, [x], { shape: target });
}

// ---- transpose ----
const transposeP = definePrimitive<{ perm: readonly number[] }>({ name: 'transpose',
  impl: ([x], { perm }) => view(x!, perm.map((p) => x!.shape[p]!), perm.map((p) => x!._strides[p]!), x!._offset),
  jvp: (_p, [t], { perm }) => transpose(t!, perm),
  vjp: (ct, _p, { perm }) => [transpose(ct, invertPerm(perm))] });

function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** Permute axes (default: reverse them). A view. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const nd = x.ndim;
  const p = perm ? perm.map((a) => normalizeAxis('transpose', a, nd)) : Array.from({ length: nd }, (_, i) => nd - 1 - i);
  if (p.length !== nd || new Set(p).size !== nd) {
    throw new ShapeError(`transpose: perm [${perm?.join(',')}] is not a permutation of the ${nd} axes of ${fmtShape(x.shape)}`);
  }
  if (p.every((a, i) => a === i)) return x;
  return bind(transposeP, [x], { perm: p });
}

/** Swap the last two axes (matrix transpose of a batch). */
export function swapLastAxes(x: Tensor): Tensor {
  const nd = x.ndim;
  if (nd < 2) throw new ShapeError(`swapLastAxes: need rank >= 2, got ${fmtShape(x.shape)}`);
  const perm = Array.from({ length: nd }, (_, i) => i);
  perm[nd - 2] = nd - 1;
  perm[nd - 1] = nd - 2;
  return transpose(x, perm);
}

// ---- broadcastTo (same rank; size-1 axes expand with stride 0) ----
const broadcastP = definePrimitive<{ shape: readonly number[] }>({ name: 'broadcastTo',
  impl: ([x], { shape }) => view(x!, shape, shape.map((d, i) => (x!.shape[i] === d ? x!._strides[i]! : 0)), x!._offset),
  jvp: (_p, [t], { shape }) => broadcastTo(t!, shape),
  vjp: (ct, [x]) => {
    const axes = x!.shape.map((d, i) => (d === 1 && ct.shape[i] !== 1 ? i : -1)).filter((i) => i >= 0);
    return [axes.length ? reduceSumKeep(ct, axes) : ct];
  } });

/** Broadcast to `shape` (numpy rules) as a stride-0 view. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  checkShape('broadcastTo', shape);
  const b = broadcastShapes('broadcastTo', x.shape, shape);
  if (!shapesEqual(b, shape)) throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  const lifted = x.ndim < shape.length ? reshape(x, [...new Array<number>(shape.length - x.ndim).fill(1), ...x.shape]) : x;
  if (shapesEqual(lifted.shape, shape)) return lifted;
  return bind(broadcastP, [lifted], { shape: shape.slice() });
}

/**
 * Insert a size-1 axis at position `axis` (negative counts from the end of the result, as in NumPy): a [2, 3] tensor
 * with axis 1 becomes [2, 1, 3]. A view, no copy; differentiable.
 * @throws ShapeError when axis is not an integer in [-(ndim+1), ndim].
 */
export function expandDims(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis('expandDims', axis, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Drop size-1 axes (all of them, or the listed ones, which must have size 1). */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  const drop = axes === undefined ? x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0) : normalizeAxes('squeeze', axes, x.ndim);
  for (const a of drop) {
    if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${fmtShape(x.shape)} has size ${x.shape[a]}, expected 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !drop.includes(i)));
}

// ---- slice / pad (adjoint pair) ----
type SliceParams = { begin: readonly number[]; end: readonly number[] };
type PadParams = { lo: readonly number[]; hi: readonly number[] };
const sliceP: Primitive<SliceParams> = definePrimitive<SliceParams>({ name: 'slice',
  impl: ([x], { begin, end }) => {
    let off = x!._offset;
    for (let i = 0; i < begin.length; i++) off += begin[i]! * x!._strides[i]!;
    return view(x!, end.map((e, i) => e - begin[i]!), x!._strides, off);
  },
  jvp: (_p, [t], { begin, end }) => bind(sliceP, [t!], { begin, end }),
  vjp: (ct, [x], { begin, end }) => [bind(padP, [ct], { lo: begin, hi: end.map((e, i) => x!.shape[i]! - e) })] });
const padP: Primitive<PadParams> = definePrimitive<PadParams>({ name: 'pad',
  impl: ([x], { lo, hi }) => {
    const shape = x!.shape.map((d, i) => d + lo[i]! + hi[i]!);
    const out = allocate(x!.dtype, sizeOf(shape));
    const strides = contiguousStrides(shape);
    let off = 0;
    for (let i = 0; i < lo.length; i++) off += lo[i]! * strides[i]!;
    backend().copyInto(x!._view(), x!.shape, { data: out, offset: off, strides });
    return Tensor._fromBuffer(out, shape);
  },
  jvp: (_p, [t], { lo, hi }) => bind(padP, [t!], { lo, hi }),
  vjp: (ct, [x], { lo }) => [bind(sliceP, [ct], { begin: lo, end: lo.map((l, i) => l + x!.shape[i]!) })] });

/** x[begin : begin+size] per axis (size -1 or omitted = to the end). A view. */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  if (begin.length > x.ndim || (size && size.length !== begin.length)) {
    throw new ShapeError(`slice: begin [${begin.join(',')}] / size [${size?.join(',') ?? ''}] do not fit a tensor of shape ${fmtShape(x.shape)}`);
  }
  const b = x.shape.map((_, i) => begin[i] ?? 0);
  const e = x.shape.map((d, i) => {
    const s = size?.[i];
    return s === undefined || s === -1 ? d : b[i]! + s;
  });
  for (let i = 0; i < x.ndim; i++) {
    if (!Number.isInteger(b[i]) || !Number.isInteger(e[i]) || b[i]! < 0 || e[i]! > x.shape[i]! || e[i]! < b[i]!) {
      throw new ShapeError(`slice: axis ${i}: begin ${b[i]} size ${e[i]! - b[i]!} is out of range for ${fmtShape(x.shape)}`);
    }
  }
  if (b.every((v) => v === 0) && e.every((v, i) => v === x.shape[i])) return x;
  return bind(sliceP, [x], { begin: b, end: e });
}

/** Zero padding: `padding[i] = [before, after]` for each axis. */
export function pad(x: Tensor, padding: readonly (readonly [number, number])[]): Tensor {
  if (padding.length !== x.ndim || padding.some(([l, h]) => !Number.isInteger(l) || !Number.isInteger(h) || l < 0 || h < 0)) {
    throw new ShapeError(`pad: padding ${JSON.stringify(padding)} must give [before, after] non-negative integers for each of the ${x.ndim} axes of ${fmtShape(x.shape)}`);
  }
  if (padding.every(([l, h]) => l === 0 && h === 0)) return x;
  return bind(padP, [x], { lo: padding.map((p) => p[0]), hi: padding.map((p) => p[1]) });
}

// ---- concat / stack ----
const concatP: Primitive<{ axis: number }> = definePrimitive<{ axis: number }>({ name: 'concat',
  impl: (xs, { axis }) => {
    const shape = xs[0]!.shape.slice();
    shape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0);
    const out = allocate(xs[0]!.dtype, sizeOf(shape));
    const strides = contiguousStrides(shape);
    let off = 0;
    for (const x of xs) {
      backend().copyInto(x._view(), x.shape, { data: out, offset: off * strides[axis]!, strides });
      off += x.shape[axis]!;
    }
    return Tensor._fromBuffer(out, shape);
  },
  jvp: (xs, ts, { axis }) => bind(concatP, ts.map((t, i) => t ?? zeros(xs[i]!.shape, { dtype: xs[i]!.dtype })), { axis }),
  vjp: (ct, xs, { axis }, _o, which) => {
    let off = 0;
    return xs.map((x, i) => {
      const begin = ct.shape.map((_, d) => (d === axis ? off : 0));
      const end = ct.shape.map((d, k) => (k === axis ? off + x.shape[axis]! : d));
      off += x.shape[axis]!;
      return which[i] ? bind(sliceP, [ct], { begin, end }) : null;
    });
  } });

/** Join tensors along an existing axis; all other axes must match. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new ShapeError('concat: needs at least one tensor');
  const first = xs[0]!;
  const a = normalizeAxis('concat', axis, first.ndim);
  for (const x of xs) {
    if (x.ndim !== first.ndim || x.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(`concat: shapes ${xs.map((t) => fmtShape(t.shape)).join(', ')} differ outside axis ${a}`);
    }
  }
  if (xs.length === 1) return first;
  const dtype = xs.some((x) => x.dtype === 'float64') ? 'float64' : 'float32';
  return bind(concatP, xs.map((x) => x.cast(dtype)), { axis: a });
}

/** Join tensors of identical shape along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new ShapeError('stack: needs at least one tensor');
  const a = normalizeAxis('stack', axis, xs[0]!.ndim + 1);
  for (const x of xs) {
    if (!shapesEqual(x.shape, xs[0]!.shape)) throw new ShapeError(`stack: shapes ${xs.map((t) => fmtShape(t.shape)).join(', ')} must all be equal`);
  }
  return concat(xs.map((x) => expandDims(x, a)), a);
}

