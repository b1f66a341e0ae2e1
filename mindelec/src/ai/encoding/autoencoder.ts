/**
 * Self-supervised 3-D convolutional autoencoder over material blocks (MindElec's CAD encoding: 25x50x25x4
 * blocks -> 496-dim code). Blocks here are 16x16x16 voxels x 4 channels — the material channels of the
 * cad tensor (mu_r, eps_r, sigma S/m, tan delta), normalised by `normaliseMaterial` — and the code has
 * 128 values: 16384 / 128 = 128x compression.
 *   encoder: conv k4 s2 (4->8) relu, conv k4 s2 (8->16) relu, flatten 1024, dense -> code
 *   decoder: dense -> 1024 relu, x2 nearest + conv k3 (16->16) relu, conv k3 (16->32) and a 2x
 *            sub-voxel shuffle to 16^3 x 4 (a stride-2 transposed conv: every voxel gets its own value,
 *            at the cost of convs at 8^3 rather than 16^3)
 * Loss: mean squared reconstruction error; reported as relative L2 ||x_hat - x|| / ||x|| per block.
 */
import { add, matmul, mean, relu, reshape, square, sub, tensor, valueAndGrad, randomKey, split, normal, zeros, type RandomKey, type Tensor } from '@mindscience/core';
import { adam, exponentialDecay } from '../adam.ts';
import { conv3d, convPlan, initConv3D, upsamplePlan, shufflePlan, applyGather, applyShuffle, type Conv3DParams, type Dims3 } from './conv3d.ts';
import type { DenseLayer } from '../nn.ts';
import { shuffledIndexStream } from '../indexStream.ts';

export const BLOCK: Dims3 = [16, 16, 16];
export const CHANNELS = 4;
export const CODE = 128;
const V = BLOCK[0] * BLOCK[1] * BLOCK[2];

export interface AutoencoderParams {
  e1: Conv3DParams;
  e2: Conv3DParams;
  eCode: DenseLayer;
  dCode: DenseLayer;
  d1: Conv3DParams;
  d2: Conv3DParams;
}

const plans = {
  e1: convPlan(BLOCK, 4, 2, 1), // 16 -> 8
  e2: convPlan([8, 8, 8], 4, 2, 1), // 8 -> 4
  up1: upsamplePlan([4, 4, 4], 2),
  d1: convPlan([8, 8, 8], 3, 1, 1),
  d2: convPlan([8, 8, 8], 3, 1, 1),
  shuffle: shufflePlan([8, 8, 8], 2),
};

/**
 * Many designs as stacked encoder blocks: Float64Array [n * 16*16*16*4], block i written by
 * `block(design, out, i * 16384)` (e.g. layerBlock, patchBlock).
 */
export function stackBlocks<D>(designs: readonly D[], block: (d: D, out: Float64Array<ArrayBuffer>, offset: number) => Float64Array): Float64Array<ArrayBuffer> {
  const per = BLOCK[0] * BLOCK[1] * BLOCK[2] * CHANNELS;
  const out = new Float64Array(designs.length * per);
  designs.forEach((d, i) => block(d, out, i * per));
  return out;
}

/**
 * Material values -> network channels: (mu_r - 1), (eps_r - 1) / 10, min(sigma / 0.05 S/m, 1), 10 tan delta.
 * The conductivity channel saturates at 1 from 0.05 S/m up, so a metal (sigma ~ 6e7 S/m, or PEC) reads 1
 * rather than swamping the other channels.
 */
export function normaliseMaterial(muR: number, epsR: number, sigma: number, tanDelta: number): [number, number, number, number] {
  return [muR - 1, (epsR - 1) / 10, Math.min(sigma / 0.05, 1), 10 * tanDelta];
}

/**
 * Initial autoencoder weights (architecture in this file's header): convs e1 (k4, 4 -> 8), e2 (k4, 8 -> 16),
 * d1 (k3, 16 -> 16), d2 (k3, 16 -> 32) by {@link initConv3D}; dense eCode [1024, 128] and dCode
 * [128, 1024] with std sqrt(1 / fan-in) and zero biases.
 * @param key random key (split six ways, one per layer).
 */
export function initAutoencoder(key: RandomKey): AutoencoderParams {
  const k = split(key, 6);
  const dense = (kk: RandomKey, a: number, b: number): DenseLayer => ({ w: normal(kk, [a, b], { std: Math.sqrt(1 / a) }), b: zeros([b]) });
  return {
    e1: initConv3D(k[0]!, 4, CHANNELS, 8),
    e2: initConv3D(k[1]!, 4, 8, 16),
    eCode: dense(k[2]!, 64 * 16, CODE),
    dCode: dense(k[3]!, CODE, 64 * 16),
    d1: initConv3D(k[4]!, 3, 16, 16),
    d2: initConv3D(k[5]!, 3, 16, 8 * CHANNELS),
  };
}

/** x [B, 4096, 4] -> codes [B, 128]. */
export function encode(p: AutoencoderParams, x: Tensor): Tensor {
  const B = x.shape[0]!;
  const h1 = relu(conv3d(p.e1, x, plans.e1));
  const h2 = relu(conv3d(p.e2, h1, plans.e2));
  return add(matmul(reshape(h2, [B, 64 * 16]), p.eCode.w), p.eCode.b);
}

/** codes [B, 128] -> x_hat [B, 4096, 4]. */
export function decode(p: AutoencoderParams, z: Tensor): Tensor {
  const B = z.shape[0]!;
  const h = relu(add(matmul(z, p.dCode.w), p.dCode.b));
  const u1 = applyGather(reshape(h, [B, 64, 16]), plans.up1);
  const h1 = relu(conv3d(p.d1, u1, plans.d1));
  return applyShuffle(conv3d(p.d2, h1, plans.d2), plans.shuffle, CHANNELS);
}

export interface AutoencoderTrainOptions {
  steps?: number;
  batch?: number;
  lr?: number;
  seed?: number;
  onLog?: (step: number, loss: number) => void;
  logEvery?: number;
}

/** blocks: flat [n * 4096 * 4] normalised material blocks. */
export function trainAutoencoder(blocks: Float64Array, o: AutoencoderTrainOptions = {}): AutoencoderParams {
  const per = V * CHANNELS, n = blocks.length / per;
  if (!Number.isInteger(n) || n < 1) throw new Error(`trainAutoencoder: ${blocks.length} values is not a whole number of ${BLOCK.join('x')}x${CHANNELS} blocks`);
  const steps = o.steps ?? 300, batch = Math.min(o.batch ?? 8, n);
  let params = initAutoencoder(randomKey(o.seed ?? 0));
  const opt = adam({ lr: exponentialDecay(o.lr ?? 2e-3, 0.1, steps) });
  let state = opt.init(params);
  const xb = new Float64Array(batch * per);
  const nextRow = shuffledIndexStream(n, o.seed ?? 0);
  for (let step = 0; step < steps; step++) {
    for (let b = 0; b < batch; b++) {
      const r = nextRow();
      xb.set(blocks.subarray(r * per, (r + 1) * per), b * per);
    }
    const x = tensor(xb, { shape: [batch, V, CHANNELS] });
    const [value, g] = valueAndGrad((p: AutoencoderParams) => mean(square(sub(decode(p, encode(p, x)), x))))(params);
    const v = value.item();
    if (!Number.isFinite(v)) throw new Error(`trainAutoencoder: loss ${v} at step ${step}`);
    ({ params, state } = opt.step(params, g as AutoencoderParams, state));
    if (o.onLog && (step % (o.logEvery ?? 50) === 0 || step === steps - 1)) o.onLog(step, v);
  }
  return params;
}

/** Codes of many blocks, in batches: flat blocks -> [n][128]. */
export function encodeBlocks(p: AutoencoderParams, blocks: Float64Array, batch = 16): number[][] {
  const per = V * CHANNELS, n = blocks.length / per, out: number[][] = [];
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s);
    const z = encode(p, tensor(blocks.slice(s * per, (s + m) * per), { shape: [m, V, CHANNELS] })).data();
    for (let r = 0; r < m; r++) out.push(Array.from(z.subarray(r * CODE, (r + 1) * CODE)));
  }
  return out;
}

/** Mean per-block relative L2 reconstruction error. */
export function reconstructionError(p: AutoencoderParams, blocks: Float64Array, batch = 16): number {
  const per = V * CHANNELS, n = blocks.length / per;
  let acc = 0;
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s);
    const x = blocks.slice(s * per, (s + m) * per);
    const xh = decode(p, encode(p, tensor(x, { shape: [m, V, CHANNELS] }))).data();
    for (let r = 0; r < m; r++) {
      let num = 0, den = 0;
      for (let q = r * per; q < (r + 1) * per; q++) {
        num += (xh[q]! - x[q]!) ** 2;
        den += x[q]! ** 2;
      }
      acc += Math.sqrt(num / Math.max(den, 1e-30));
    }
  }
  return acc / n;
}

export const COMPRESSION = (V * CHANNELS) / CODE;
