/**
 * Separable PINN network (Cho, Nam, Yang, Yun, Hong & Park 2023, "Separable physics-informed neural
 * networks", NeurIPS): a field of d inputs and m outputs is a rank-R CP sum of per-axis factors,
 *   u_c(x_1, ..., x_d) = sum_r f_1[c, r](x_1) * f_2[c, r](x_2) * ... * f_d[c, r](x_d),
 * each f_a: R -> R^(m R) a sine MLP of its own coordinate only. On a factorised grid (N_1 x ... x N_d
 * points built from per-axis samples) the networks run on N_1 + ... + N_d points instead of
 * N_1 N_2 ... N_d, a partial derivative along axis a changes only f_a (one forward-mode pass of a
 * one-input network), and the contraction of the factors over the grid is one GEMM ({@link cpGrid}).
 *
 * Shapes: a factor is [N, m, R] (N samples of that axis); {@link component} takes output c as [N, R].
 * Coordinates are in the caller's units; axis a's range [lo, hi] is mapped to [-1, 1] before its network,
 * and `vanishAtLo` multiplies that axis's factor by (x - lo) / (hi - lo), so every output is exactly zero
 * at x = lo (a hard zero initial condition when the axis is time).
 */
import { concat, expandDims, jvp, matmul, mul, ones, reshape, slice, sum, tensor, transpose, type RandomKey, type Tensor, split } from '@mindscience/core';
import { initSinMlp, sinMlp, type SinMlpParams } from '../nn.ts';

export interface SeparableAxis {
  /** Coordinate range [lo, hi] (caller's units), mapped to [-1, 1] before the axis network. */
  range: readonly [number, number];
  /** Multiply this axis's factor by (x - lo) / (hi - lo): every output is exactly 0 at x = lo. */
  vanishAtLo?: boolean;
}

export interface SeparableNetOptions {
  axes: readonly SeparableAxis[];
  /** Outputs m. */
  outputs: number;
  /** CP rank R per output. */
  rank: number;
  /** Hidden widths of every axis network (default [64, 64, 64]). */
  hidden?: readonly number[];
  /** SIREN first-layer frequency of the axis networks (default 8). */
  omega0?: number;
  /** Scale of the axis networks' output layer at initialisation (default 3: factors of order 0.15). */
  headScale?: number;
}

export interface SeparableParams {
  /** One sine MLP [1, ...hidden, m R] per axis. */
  axes: SinMlpParams[];
}

export interface AxisFactors {
  /** [N, m, R] */
  value: Tensor;
  /** [N, m, R]: d value / d coordinate (caller's units). */
  deriv: Tensor;
}

export interface SeparableNet {
  readonly dims: number;
  readonly outputs: number;
  readonly rank: number;
  init(key: RandomKey): SeparableParams;
  /** Axis a's factor at N coordinates: [N, m, R]. */
  factor(params: SeparableParams, axis: number, coords: Float64Array): Tensor;
  /** Axis a's factor and its derivative along the coordinate at N coordinates (one jvp). */
  factorWithDerivative(params: SeparableParams, axis: number, coords: Float64Array): AxisFactors;
  /** Pointwise field X [n, d] -> [n, m], differentiable in params and X (for checks against pointwise residuals). */
  apply(params: SeparableParams, X: Tensor): Tensor;
  /** Flat row-major [n * d] points -> [n * m] values (pointwise, no grid). */
  predict(params: SeparableParams, points: Float64Array): Float64Array;
  /** Number of weights. */
  parameterCount(params: SeparableParams): number;
}

/** Output c of a factor [N, m, R] as [N, R]. */
export function component(f: Tensor, c: number): Tensor {
  return reshape(slice(f, [0, c, 0], [-1, 1, -1]), [f.shape[0]!, f.shape[2]!]);
}

/**
 * CP contraction over a 3-D factorised grid: out[i * Nb + j, k] = sum_r A[i, r] B[j, r] C[k, r].
 * @param A [Na, R], B [Nb, R], C [Nc, R] (same R).
 * @returns [Na * Nb, Nc].
 */
export function cpGrid(A: Tensor, B: Tensor, C: Tensor): Tensor {
  const R = A.shape[1]!;
  if (B.shape[1] !== R || C.shape[1] !== R) throw new Error(`cpGrid: ranks ${A.shape[1]}, ${B.shape[1]}, ${C.shape[1]} differ`);
  const AB = reshape(mul(expandDims(A, 1), expandDims(B, 0)), [A.shape[0]! * B.shape[0]!, R]);
  return matmul(AB, transpose(C));
}

/**
 * Builds a separable network over `axes.length` inputs and `outputs` outputs of CP rank `rank`.
 * @throws RangeError on a non-positive rank or outputs, an empty axis list or an empty range.
 */
export function separableNet(options: SeparableNetOptions): SeparableNet {
  const { axes, outputs: m, rank: R } = options;
  const hidden = options.hidden ?? [64, 64, 64];
  const omega0 = options.omega0 ?? 8;
  const headScale = options.headScale ?? 3;
  if (axes.length === 0) throw new RangeError('separableNet: no axes');
  for (const [name, v] of [['outputs', m], ['rank', R]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`separableNet: ${name} = ${v}; expected a positive integer`);
  }
  axes.forEach((a, i) => {
    if (!(a.range[1] > a.range[0])) throw new RangeError(`separableNet: axes[${i}].range [${a.range.join(', ')}] must be increasing`);
  });

  /** Axis a's factor as a differentiable function of its [N, 1] coordinate tensor. */
  const factorFn = (params: SeparableParams, a: number) => (x: Tensor): Tensor => {
    const [lo, hi] = axes[a]!.range;
    const z = mul(x.sub(lo), 2 / (hi - lo)).sub(1);
    let y = sinMlp(params.axes[a]!, z); // [N, m R]
    if (axes[a]!.vanishAtLo) y = mul(y, mul(x.sub(lo), 1 / (hi - lo)));
    return reshape(y, [x.shape[0]!, m, R]);
  };
  const coordTensor = (coords: Float64Array) => tensor(coords, { shape: [coords.length, 1] });

  const net: SeparableNet = {
    dims: axes.length,
    outputs: m,
    rank: R,
    init(key) {
      const keys = split(key, axes.length);
      return {
        axes: axes.map((_, a) => {
          const layers = initSinMlp(keys[a]!, [1, ...hidden, m * R], omega0);
          const last = layers[layers.length - 1]!;
          layers[layers.length - 1] = { w: mul(last.w, headScale), b: mul(last.b, 0) };
          return layers;
        }),
      };
    },
    factor(params, a, coords) {
      return factorFn(params, a)(coordTensor(coords));
    },
    factorWithDerivative(params, a, coords) {
      const X = coordTensor(coords);
      const [value, deriv] = jvp(factorFn(params, a), [X], [ones([coords.length, 1])]);
      return { value, deriv };
    },
    apply(params, X) {
      let prod: Tensor | null = null;
      for (let a = 0; a < axes.length; a++) {
        const f = factorFn(params, a)(reshape(slice(X, [0, a], [-1, 1]), [X.shape[0]!, 1]));
        prod = prod === null ? f : mul(prod, f);
      }
      return sum(prod!, 2);
    },
    predict(params, points) {
      const d = axes.length, n = points.length / d;
      if (!Number.isInteger(n)) throw new Error(`separableNet.predict: ${points.length} values is not a multiple of d = ${d}`);
      return Float64Array.from(net.apply(params, tensor(points, { shape: [n, d] })).data()); // [n, m] row-major
    },
    parameterCount(params) {
      return params.axes.reduce((acc, layers) => acc + layers.reduce((b, l) => b + l.w.size + l.b.size, 0), 0);
    },
  };
  return net;
}

/** Concatenates [N, R_i] blocks along the rank axis (the CP terms of one residual). */
export function ranks(...blocks: Tensor[]): Tensor {
  return concat(blocks, 1);
}
