/**
 * N-d convolution and pooling over channels-first tensors (PyTorch/MindSpore layout):
 *   x [N, C, ...spatial], weight [O, C, ...kernel], bias [O] -> [N, O, ...outSpatial]
 *   out_i = floor((S_i + padLo_i + padHi_i - dilation_i (k_i - 1) - 1) / stride_i) + 1
 * (cross-correlation, as in every DL framework). Built by im2col from core ops only: pad, one
 * `gather` of all receptive-field entries along the flattened spatial axis, then one matmul. gather's
 * adjoint is scatterAdd, so convolutions differentiate to any order in both modes with no new
 * primitive. Memory is N·C·P·K for P output positions and K kernel entries (the price of im2col).
 * Pooling gathers the same windows and reduces with max or mean (valid windows only, no padding).
 */
import { add, gather, matmul, max, mean, pad, reshape, ShapeError, transpose, zeros, type DType, type RandomKey, type Tensor } from './deps.ts';
import { resolveInit, type InitFn, type InitName } from './init.ts';

export type Padding = 'valid' | 'same' | number | readonly number[];

export interface ConvOptions {
  stride?: number | readonly number[];
  padding?: Padding;
  dilation?: number | readonly number[];
}

export interface ConvParams {
  /** [O, C, ...kernel]. */
  w: Tensor;
  /** [O]. */
  b?: Tensor;
}

const shp = (s: readonly number[]) => `[${s.join(', ')}]`;

function perAxis(op: string, name: string, v: number | readonly number[], d: number, min: number): number[] {
  const a = typeof v === 'number' ? new Array<number>(d).fill(v) : [...v];
  if (a.length !== d || a.some((x) => !Number.isInteger(x) || x < min)) {
    throw new RangeError(`${op}: ${name} ${JSON.stringify(v)}; expected an integer >= ${min} or ${d} of them`);
  }
  return a;
}

/** im2col index: for every output position p and kernel offset q, the flat padded-input index. */
function windowIndex(padded: readonly number[], kernel: readonly number[], stride: readonly number[], dilation: readonly number[], outShape: readonly number[]): Int32Array {
  const d = padded.length;
  const P = outShape.reduce((a, b) => a * b, 1);
  const K = kernel.reduce((a, b) => a * b, 1);
  const strides = new Array<number>(d);
  let s = 1;
  for (let i = d - 1; i >= 0; i--) { strides[i] = s; s *= padded[i]!; }
  // Precompute the flat offsets of kernel taps and of output-window origins, then add.
  const tap = new Int32Array(K);
  const kpos = new Array<number>(d).fill(0);
  for (let q = 0; q < K; q++) {
    let off = 0;
    for (let i = 0; i < d; i++) off += kpos[i]! * dilation[i]! * strides[i]!;
    tap[q] = off;
    for (let i = d - 1; i >= 0; i--) { if (++kpos[i]! < kernel[i]!) break; kpos[i] = 0; }
  }
  const idx = new Int32Array(P * K);
  const opos = new Array<number>(d).fill(0);
  for (let p = 0; p < P; p++) {
    let origin = 0;
    for (let i = 0; i < d; i++) origin += opos[i]! * stride[i]! * strides[i]!;
    const base = p * K;
    for (let q = 0; q < K; q++) idx[base + q] = origin + tap[q]!;
    for (let i = d - 1; i >= 0; i--) { if (++opos[i]! < outShape[i]!) break; opos[i] = 0; }
  }
  return idx;
}

interface Geometry { padded: Tensor; outShape: number[]; idx: Int32Array; K: number; P: number }

function geometry(op: string, x: Tensor, kernel: readonly number[], options: ConvOptions): Geometry {
  const d = kernel.length;
  const spatial = x.shape.slice(2);
  const stride = perAxis(op, 'stride', options.stride ?? 1, d, 1);
  const dilation = perAxis(op, 'dilation', options.dilation ?? 1, d, 1);
  const padding = options.padding ?? 0;
  let pads: [number, number][];
  if (padding === 'valid') pads = kernel.map(() => [0, 0]);
  else if (padding === 'same') {
    // TF/Keras 'same': output = ceil(S / stride); the extra pad goes after.
    pads = kernel.map((k, i) => {
      const out = Math.ceil(spatial[i]! / stride[i]!);
      const total = Math.max(0, (out - 1) * stride[i]! + dilation[i]! * (k - 1) + 1 - spatial[i]!);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  } else pads = perAxis(op, 'padding', padding, d, 0).map((p) => [p, p]);
  const paddedShape = spatial.map((s, i) => s + pads[i]![0] + pads[i]![1]);
  const outShape = paddedShape.map((s, i) => Math.floor((s - dilation[i]! * (kernel[i]! - 1) - 1) / stride[i]!) + 1);
  if (outShape.some((o) => o < 1)) {
    throw new ShapeError(`${op}: input ${shp(x.shape)} with kernel ${shp(kernel)}, padding ${JSON.stringify(padding)}, dilation ${shp(dilation)} leaves no output positions (output ${shp(outShape)})`);
  }
  const padded = pads.some(([a, b]) => a > 0 || b > 0) ? pad(x, [[0, 0], [0, 0], ...pads]) : x;
  const idx = windowIndex(paddedShape, kernel, stride, dilation, outShape);
  return { padded, outShape, idx, K: kernel.reduce((a, b) => a * b, 1), P: outShape.reduce((a, b) => a * b, 1) };
}

/** Windows [N, C, P, K] of x for the given kernel geometry. */
function windows(x: Tensor, g: Geometry): Tensor {
  const [n, c] = x.shape as [number, number];
  const flat = reshape(g.padded, [n, c, -1]);
  return reshape(gather(flat, g.idx, 2), [n, c, g.P, g.K]);
}

/** N-d convolution (d = weight.ndim - 2). See the module header for shapes. */
export function convNd(params: ConvParams, x: Tensor, options: ConvOptions = {}): Tensor {
  const { w, b } = params;
  const d = w.ndim - 2;
  const op = `conv${d}d`;
  if (d < 1) throw new ShapeError(`conv: weight must be [O, C, ...kernel], got ${shp(w.shape)}`);
  if (x.ndim !== d + 2) throw new ShapeError(`${op}: input must be [N, C, ${d} spatial axes], got ${shp(x.shape)}`);
  const [n, c] = x.shape as [number, number];
  const o = w.shape[0]!;
  if (w.shape[1] !== c) throw new ShapeError(`${op}: input has ${c} channels (shape ${shp(x.shape)}), weight ${shp(w.shape)} expects ${w.shape[1]}`);
  if (b && (b.ndim !== 1 || b.shape[0] !== o)) throw new ShapeError(`${op}: bias ${shp(b.shape)} must be [${o}]`);
  const g = geometry(op, x, w.shape.slice(2), options);
  const cols = reshape(transpose(windows(x, g), [0, 2, 1, 3]), [n, g.P, c * g.K]); // [N, P, C*K]
  let y = matmul(cols, transpose(reshape(w, [o, c * g.K]))); // [N, P, O]
  if (b) y = add(y, b);
  return reshape(transpose(y, [0, 2, 1]), [n, o, ...g.outShape]);
}

function convFixed(d: number) {
  return (params: ConvParams, x: Tensor, options: ConvOptions = {}): Tensor => {
    if (params.w.ndim !== d + 2) throw new ShapeError(`conv${d}d: weight must be [O, C, ${d} kernel axes], got ${shp(params.w.shape)}`);
    return convNd(params, x, options);
  };
}
/** x [N, C, L] * w [O, C, k] -> [N, O, L']. */
export const conv1d = convFixed(1);
/** x [N, C, H, W] * w [O, C, kh, kw] -> [N, O, H', W']. */
export const conv2d = convFixed(2);
/** x [N, C, D, H, W] * w [O, C, kd, kh, kw] -> [N, O, D', H', W']. */
export const conv3d = convFixed(3);

/** He-uniform (fan-in over C·K) kernel and zero bias, as for ReLU conv nets. */
export function initConv(key: RandomKey, inChannels: number, outChannels: number, kernel: readonly number[], options: { init?: InitName | InitFn; bias?: boolean; dtype?: DType } = {}): ConvParams {
  const { init = 'heUniform', bias = true, dtype } = options;
  if (kernel.length < 1 || kernel.some((k) => !Number.isInteger(k) || k < 1)) throw new RangeError(`initConv: kernel ${shp(kernel)}; expected positive integers`);
  const w = resolveInit(init)(key, [outChannels, inChannels, ...kernel], { dtype });
  return bias ? { w, b: zeros([outChannels], { dtype }) } : { w };
}

export interface PoolOptions {
  /** Defaults to the window (non-overlapping). */
  stride?: number | readonly number[];
}

function pool(kind: 'max' | 'avg', x: Tensor, window: number | readonly number[], options: PoolOptions): Tensor {
  const d = x.ndim - 2;
  const op = `${kind}Pool${d}d`;
  if (d < 1) throw new ShapeError(`${kind}Pool: input must be [N, C, ...spatial], got ${shp(x.shape)}`);
  const kernel = perAxis(op, 'window', window, d, 1);
  const g = geometry(op, x, kernel, { stride: options.stride ?? kernel, padding: 'valid' });
  const win = windows(x, g);
  const r = kind === 'max' ? max(win, 3) : mean(win, 3);
  return reshape(r, [x.shape[0]!, x.shape[1]!, ...g.outShape]);
}

/** Max over each window (ties share the gradient); x [N, C, ...spatial]. */
export function maxPool(x: Tensor, window: number | readonly number[], options: PoolOptions = {}): Tensor {
  return pool('max', x, window, options);
}
/** Mean over each window; x [N, C, ...spatial]. */
export function avgPool(x: Tensor, window: number | readonly number[], options: PoolOptions = {}): Tensor {
  return pool('avg', x, window, options);
}
/** Mean over all spatial axes: [N, C, ...spatial] -> [N, C]. */
export function globalAvgPool(x: Tensor): Tensor {
  if (x.ndim < 3) throw new ShapeError(`globalAvgPool: input must be [N, C, ...spatial], got ${shp(x.shape)}`);
  return mean(x, x.shape.slice(2).map((_, i) => i + 2));
}
