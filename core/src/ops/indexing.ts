/**
 * gather / scatterAdd along one axis with a 1-D integer index list — the message-passing pair of
 * neural potentials (SchNetPack's idx_i/idx_j): gather(x, idx, axis) reads rows x[idx[j]],
 * scatterAdd(src, idx, n, axis) sums rows into n bins. Each is the other's adjoint, which is exactly
 * their VJP rules. Indices are static (not differentiated) and bounds-checked once per call.
 */
import { backend } from '../backends/index.ts';
import { ShapeError, fmtShape } from '../errors.ts';
import { bind, definePrimitive, type Primitive } from '../primitive.ts';
import { normalizeAxis } from '../shape.ts';
import { Tensor } from '../tensor.ts';
import { kernelOut } from './util.ts';

export type IndexLike = Int32Array | readonly number[] | Tensor;

type GatherParams = { idx: Int32Array; axis: number };
type ScatterParams = { idx: Int32Array; axis: number; n: number };
const gatherP: Primitive<GatherParams> = definePrimitive<GatherParams>({ name: 'gather',
  impl: ([x], { idx, axis }) => {
    const shape = x!.shape.slice();
    shape[axis] = idx.length;
    return kernelOut(x!.dtype, shape, (out) => backend().gather(x!._view(), x!.shape, axis, idx, out));
  },
  jvp: (_p, [t], params) => bind(gatherP, [t!], params),
  vjp: (ct, [x], { idx, axis }) => [bind(scatterAddP, [ct], { idx, axis, n: x!.shape[axis]! })] });
const scatterAddP: Primitive<ScatterParams> = definePrimitive<ScatterParams>({ name: 'scatterAdd',
  impl: ([src], { idx, axis, n }) => {
    const shape = src!.shape.slice();
    shape[axis] = n;
    return kernelOut(src!.dtype, shape, (out) => backend().scatterAdd(src!._view(), src!.shape, axis, idx, n, out));
  },
  jvp: (_p, [t], params) => bind(scatterAddP, [t!], params),
  vjp: (ct, _p, { idx, axis }) => [bind(gatherP, [ct], { idx, axis })] });

/** Validate and convert indices; every entry must be an integer in [0, n). */
export function toIndexArray(op: string, indices: IndexLike, n: number): Int32Array {
  const src = indices instanceof Tensor ? indices.data() : indices;
  const out = src instanceof Int32Array ? src : new Int32Array(src.length);
  for (let j = 0; j < src.length; j++) {
    const v = src[j]!;
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new RangeError(`${op}: index ${v} at position ${j} is out of range; expected an integer in [0, ${n})`);
    }
    out[j] = v;
  }
  return out;
}

/** out[..., j, ...] = x[..., idx[j], ...] along `axis`; output axis length = idx.length. */
export function gather(x: Tensor, indices: IndexLike, axis = 0): Tensor {
  const a = normalizeAxis('gather', axis, x.ndim);
  return bind(gatherP, [x], { idx: toIndexArray('gather', indices, x.shape[a]!), axis: a });
}

/** out (axis length n) = zeros; out[..., idx[j], ...] += src[..., j, ...]. */
export function scatterAdd(src: Tensor, indices: IndexLike, n: number, axis = 0): Tensor {
  const a = normalizeAxis('scatterAdd', axis, src.ndim);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`scatterAdd: n ${n} must be a non-negative integer`);
  const idx = toIndexArray('scatterAdd', indices, n);
  if (idx.length !== src.shape[a]) {
    throw new ShapeError(`scatterAdd: ${idx.length} indices but src ${fmtShape(src.shape)} has ${src.shape[a]} entries along axis ${a}`);
  }
  return bind(scatterAddP, [src], { idx, axis: a, n });
}
