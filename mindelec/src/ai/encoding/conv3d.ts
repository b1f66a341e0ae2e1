/**
 * 3-D convolution as gather + matmul (im2col), so the core's autodiff differentiates it (gather's
 * adjoint is scatterAdd) with no hand-written rule. Tensors are channels-last with the voxel axes
 * flattened: x [B, V, C], V = D*H*W (row-major, z fastest). A plan precomputes, for every output voxel
 * and kernel offset, the input voxel to read; reads outside the block point at an appended zero voxel
 * (zero padding). Nearest-neighbour upsampling is a gather plan too.
 * (A stand-in until core nn's conv3d is exported; the plan is built once per shape, not per call.)
 */
import { concat, gather, matmul, add, reshape, zeros, normal, type RandomKey, type Tensor } from '@mindscience/core';

export type Dims3 = readonly [number, number, number];

export interface GatherPlan {
  readonly inDims: Dims3;
  readonly outDims: Dims3;
  /** Taps per output voxel (k^3 for a conv, 1 for upsampling). */
  readonly taps: number;
  /** [outVoxels * taps] indices into the input voxels, inVoxels = the zero pad voxel. */
  readonly index: Int32Array;
}

const vox = (d: Dims3) => d[0] * d[1] * d[2];

/** Conv plan: kernel k, stride s, symmetric zero padding p. out = floor((n + 2p - k) / s) + 1. */
export function convPlan(inDims: Dims3, k: number, s: number, p: number): GatherPlan {
  const outDims = inDims.map((n) => Math.floor((n + 2 * p - k) / s) + 1) as unknown as Dims3;
  if (outDims.some((n) => n < 1)) throw new RangeError(`convPlan: input [${inDims.join(', ')}] is too small for kernel ${k}, stride ${s}, padding ${p}`);
  const taps = k * k * k, pad = vox(inDims);
  const index = new Int32Array(vox(outDims) * taps);
  let q = 0;
  for (let a = 0; a < outDims[0]; a++) for (let b = 0; b < outDims[1]; b++) for (let c = 0; c < outDims[2]; c++) {
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) {
      const x = a * s - p + i, y = b * s - p + j, z = c * s - p + l;
      const inside = x >= 0 && y >= 0 && z >= 0 && x < inDims[0] && y < inDims[1] && z < inDims[2];
      index[q++] = inside ? (x * inDims[1] + y) * inDims[2] + z : pad;
    }
  }
  return { inDims, outDims, taps, index };
}

/**
 * Sub-voxel shuffle (3-D depth-to-space, i.e. a stride-f transposed conv with a f^3 kernel when preceded
 * by a conv): x [B, V_in, f^3 C] viewed as [B, V_in f^3, C] (child-major per parent) -> [B, V_out, C].
 */
export function shufflePlan(inDims: Dims3, factor: number): GatherPlan {
  const outDims = inDims.map((n) => n * factor) as unknown as Dims3;
  const f3 = factor ** 3;
  const index = new Int32Array(vox(outDims));
  let q = 0;
  for (let a = 0; a < outDims[0]; a++) for (let b = 0; b < outDims[1]; b++) for (let c = 0; c < outDims[2]; c++) {
    const parent = (Math.floor(a / factor) * inDims[1] + Math.floor(b / factor)) * inDims[2] + Math.floor(c / factor);
    const child = ((a % factor) * factor + (b % factor)) * factor + (c % factor);
    index[q++] = parent * f3 + child;
  }
  return { inDims, outDims, taps: 1, index };
}

/** x [B, V_in, f^3 C] -> [B, V_in f^3, C] -> shuffled [B, V_out, C]. */
export function applyShuffle(x: Tensor, plan: GatherPlan, channels: number): Tensor {
  const [B, Vin] = x.shape as [number, number, number];
  return gather(reshape(x, [B, Vin * (vox(plan.outDims) / Vin), channels]), plan.index, 1);
}

/** Nearest-neighbour upsampling by an integer factor. */
export function upsamplePlan(inDims: Dims3, factor: number): GatherPlan {
  const outDims = inDims.map((n) => n * factor) as unknown as Dims3;
  const index = new Int32Array(vox(outDims));
  let q = 0;
  for (let a = 0; a < outDims[0]; a++) for (let b = 0; b < outDims[1]; b++) for (let c = 0; c < outDims[2]; c++) {
    index[q++] = (Math.floor(a / factor) * inDims[1] + Math.floor(b / factor)) * inDims[2] + Math.floor(c / factor);
  }
  return { inDims, outDims, taps: 1, index };
}

export interface Conv3DParams {
  /** [k^3 * Cin, Cout] (tap-major, channel-minor rows). */
  w: Tensor;
  b: Tensor;
}

/**
 * He-normal initialisation of a 3-D conv for {@link conv3d}: `w` [k^3 * cIn, cOut] with std
 * sqrt(2 / (k^3 cIn)), rows tap-major (the plan's kernel offset order, z fastest) then input channel;
 * `b` [cOut] zeros.
 * @param key random key.
 * @param k kernel size (voxels per side).
 * @param cIn input channels.
 * @param cOut output channels.
 */
export function initConv3D(key: RandomKey, k: number, cIn: number, cOut: number): Conv3DParams {
  return { w: normal(key, [k * k * k * cIn, cOut], { std: Math.sqrt(2 / (k * k * k * cIn)) }), b: zeros([cOut]) };
}

/** x [B, V_in, Cin] -> [B, V_out, Cout]. */
export function conv3d(params: Conv3DParams, x: Tensor, plan: GatherPlan): Tensor {
  const [B, V, C] = x.shape as [number, number, number];
  if (V !== vox(plan.inDims)) throw new Error(`conv3d: input has ${V} voxels, plan expects [${plan.inDims.join(', ')}] = ${vox(plan.inDims)}`);
  const padded = concat([x, zeros([B, 1, C])], 1);
  const cols = reshape(gather(padded, plan.index, 1), [B, vox(plan.outDims), plan.taps * C]);
  return add(matmul(cols, params.w), params.b);
}

/** x [B, V_in, C] -> [B, V_out, C] by a taps = 1 plan (upsampling). */
export function applyGather(x: Tensor, plan: GatherPlan): Tensor {
  return gather(x, plan.index, 1);
}
