/**
 * Encoding: the gather-based conv3d equals a direct convolution loop and its gradients match finite
 * differences; upsampling repeats voxels; layer blocks conserve thickness through volume fractions; the
 * autoencoder compresses >= 100x and a few steps lower its reconstruction loss; model files round-trip.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, sum, square, normal, randomKey, split, checkGrads, type Tensor } from '@mindscience/core';
import { convPlan, upsamplePlan, shufflePlan, applyShuffle, conv3d, applyGather, initConv3D } from './conv3d.ts';
import { COMPRESSION, BLOCK, CHANNELS, initAutoencoder, encode, decode, trainAutoencoder, reconstructionError, normaliseMaterial } from './autoencoder.ts';
import { layerBlock, layerBlocks, BLOCK_DEPTH_MM } from './layerBlocks.ts';
import { patchBlock, patchBlocks } from './patchBlocks.ts';
import { encodedS11, writeEncodedModel, readEncodedModel } from './pipeline.ts';
import { trainS11Surrogate } from '../surrogate/s11Surrogate.ts';
import { S11_FORMAT } from '../surrogate/dataset.ts';

describe('gather conv3d', () => {
  const [kx, kw] = split(randomKey(4), 2);
  const dims = [5, 4, 6] as const, cIn = 2, cOut = 3, k = 3, s = 2, p = 1;
  const x = normal(kx!, [2, 5 * 4 * 6, cIn]);
  const params = initConv3D(kw!, k, cIn, cOut);
  it('equals a direct convolution with zero padding and stride', () => {
    const plan = convPlan(dims, k, s, p);
    expect(plan.outDims).toEqual([3, 2, 3]);
    const y = conv3d(params, x, plan).data();
    const X = x.data(), W = params.w.data(), b = params.b.data();
    const [D, H, Wd] = dims, [oD, oH, oW] = plan.outDims;
    for (let n = 0; n < 2; n++) for (let a = 0; a < oD; a++) for (let bb = 0; bb < oH; bb++) for (let c = 0; c < oW; c++) for (let o = 0; o < cOut; o++) {
      let acc = b[o]!;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) {
        const xi = a * s - p + i, yj = bb * s - p + j, zl = c * s - p + l;
        if (xi < 0 || yj < 0 || zl < 0 || xi >= D || yj >= H || zl >= Wd) continue;
        for (let ci = 0; ci < cIn; ci++) acc += X[(n * D * H * Wd + (xi * H + yj) * Wd + zl) * cIn + ci]! * W[((i * k + j) * k + l) * cIn * cOut + ci * cOut + o]!;
      }
      expect(y[((n * oD + a) * oH + bb) * oW * cOut + c * cOut + o]).toBeCloseTo(acc, 12);
    }
  });
  it('gradients w.r.t. input and weights match finite differences (fwd and rev, 2nd order)', () => {
    const plan = convPlan([3, 3, 3], 2, 1, 0);
    const xs = normal(randomKey(9), [1, 27, 2]);
    const ps = initConv3D(randomKey(10), 2, 2, 2);
    const f = (xx: Tensor, w: Tensor) => sum(square(conv3d({ w, b: ps.b }, xx, plan)));
    checkGrads(f, [xs, ps.w], { order: 2 });
  });
  it('nearest upsampling repeats each voxel factor^3 times; bad shapes are named', () => {
    const up = upsamplePlan([2, 1, 1], 2);
    const y = applyGather(tensor([[[1], [2]]]), up).data();
    expect(Array.from(y)).toEqual([...new Array<number>(8).fill(1), ...new Array<number>(8).fill(2)]);
    expect(() => conv3d(params, x, convPlan([4, 4, 4], 3, 1, 1))).toThrow(/input has 120 voxels, plan expects \[4, 4, 4\] = 64/);
    expect(() => convPlan([2, 2, 2], 5, 1, 0)).toThrow(/too small for kernel 5/);
    // shuffle: parent voxel p's channel block [child * C + c] lands at child voxel of p, channel c
    const sh = shufflePlan([1, 1, 2], 2);
    const src = tensor([[Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => 100 + i)]]); // [1, 2, 8 * 2]
    const out = applyShuffle(src, sh, 2).data(); // [1, 2*2*4 = 16 voxels, 2]
    // output voxel (a, b, c) = (1, 0, 3): parent (0, 0, 1), child (1, 0, 1) = 5 -> channels 10, 11 of parent 1
    const v = (1 * 2 + 0) * 4 + 3;
    expect([out[2 * v], out[2 * v + 1]]).toEqual([110, 111]);
  });
});

describe('layer blocks', () => {
  it('volume fractions conserve the layer thicknesses along z; laterally uniform', () => {
    const d = { epsA: 7, dA: 9.25, dB: 5.5 };
    const blk = layerBlock(d);
    const nz = BLOCK[2], dz = BLOCK_DEPTH_MM / nz;
    const [, eA] = normaliseMaterial(1, 7, 0, 0), [, eB, sB] = normaliseMaterial(1, 4, 0.05, 0);
    let epsInt = 0, sigInt = 0;
    for (let k = 0; k < nz; k++) {
      epsInt += blk[k * CHANNELS + 1]! * dz;
      sigInt += blk[k * CHANNELS + 2]! * dz;
    }
    expect(sigInt).toBeCloseTo(sB! * 5.5, 10);
    expect(epsInt).toBeCloseTo(eA! * 9.25 + eB! * 5.5, 10);
    const other = ((3 * BLOCK[1] + 7) * nz) * CHANNELS;
    expect(Array.from(blk.subarray(other, other + nz * CHANNELS))).toEqual(Array.from(blk.subarray(0, nz * CHANNELS)));
  });
});

describe('patch blocks', () => {
  const [nx, ny, nz] = BLOCK;
  const at = (b: Float64Array, i: number, j: number, k: number, c: number) => b[((i * ny + j) * nz + k) * CHANNELS + c]!;
  it('conductor fractions hold the patch area and the 4 mm^2 pin; ground all copper; substrate eps elsewhere', () => {
    const d = { L: 34, W: 40, inset: 6 };
    const b = patchBlock(d);
    let patchArea = 0, pinArea = 0;
    for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
      expect(at(b, i, j, 0, 2)).toBe(1);
      patchArea += at(b, i, j, nz - 1, 2) * 16; // 4 x 4 mm voxels
      pinArea += at(b, i, j, 5, 2) * 16;
      for (let k = 1; k < nz - 1; k++) {
        const f = at(b, i, j, k, 2);
        expect(at(b, i, j, k, 1)).toBeCloseTo((1 - f) * normaliseMaterial(1, 3.38, 0, 0)[1], 12);
      }
    }
    expect(patchArea).toBeCloseTo(34 * 40, 9);
    expect(pinArea).toBeCloseTo(4, 9);
    expect(normaliseMaterial(1, 1, 5.8e7, 0)[2]).toBe(1);
    // a 2 mm longer patch changes the block (sub-voxel steps survive), and the stack is what patchBlocks stacks
    const longer = patchBlock({ ...d, L: 36 });
    expect(longer.some((v, q) => v !== b[q])).toBe(true);
    const two = patchBlocks([d, { ...d, L: 36 }]);
    expect(Array.from(two.subarray(b.length))).toEqual(Array.from(longer));
    expect(() => patchBlock({ L: 35, W: 40, inset: 6 })).toThrow(/L = 35 mm; expected a multiple of 2 mm/);
  });
});

describe('autoencoder', () => {
  it('compresses 16x16x16x4 -> 128 (>= 100x) and training lowers the reconstruction error', () => {
    expect(COMPRESSION).toBeGreaterThanOrEqual(100);
    const designs = [{ epsA: 3, dA: 6, dB: 4 }, { epsA: 8, dA: 14, dB: 9 }, { epsA: 5, dA: 10, dB: 2.5 }, { epsA: 9.5, dA: 18, dB: 11 }];
    const blocks = layerBlocks(designs);
    const p0 = initAutoencoder(randomKey(0));
    const z = encode(p0, tensor(blocks.slice(0, 2 * blocks.length / 4), { shape: [2, 4096, 4] }));
    expect(z.shape).toEqual([2, 128]);
    expect(decode(p0, z).shape).toEqual([2, 4096, 4]);
    const e0 = reconstructionError(p0, blocks);
    const p1 = trainAutoencoder(blocks, { steps: 16, batch: 4, lr: 3e-3 });
    expect(reconstructionError(p1, blocks)).toBeLessThan(0.85 * e0);
    // one call: block -> code -> S11, and the model file round-trips
    const codes = Array.from({ length: 4 }, (_, i) => Array.from(encode(p1, tensor(blocks.slice(i * 16384, (i + 1) * 16384), { shape: [1, 4096, 4] })).data()));
    const ds = {
      format: S11_FORMAT, family: 't', parameters: codes[0]!.map((_, k) => ({ name: `z${k}`, unit: '1', min: -5, max: 5 })), designs: codes, freqs: [1e9, 2e9],
      s11: { re: [[0.1, 0.2], [0.3, 0.1], [0, 0], [0.5, 0.5]], im: [[0, 0], [0.1, 0.1], [0.2, 0.2], [0, 0.3]] }, provenance: {},
    } as const;
    const surrogate = trainS11Surrogate({ ...ds, parameters: [...ds.parameters], designs: [...codes], freqs: [...ds.freqs], s11: { re: ds.s11.re.map((r) => [...r]), im: ds.s11.im.map((r) => [...r]) }, provenance: {} }, [0, 1, 2, 3], { steps: 5, width: 16, depth: 1 });
    const model = { autoencoder: p1, surrogate };
    const file = join(mkdtempSync(join(tmpdir(), 'enc-')), 'm.json');
    writeEncodedModel(file, model);
    const back = readEncodedModel(file);
    expect(encodedS11(back, blocks.slice(0, 16384))).toEqual(encodedS11(model, blocks.slice(0, 16384)));
    expect(() => readEncodedModel(`${file}.missing`)).toThrow(/m\.json\.missing: cannot read the encoded S11 model/);
  }, 90_000);
});

describe('CAD tensor -> block', () => {
  it('a (32, 8, 64, 8) cad tensor of a layered stack box-averages to layerBlock of the same design', async () => {
    const { materialTensorBlock } = await import('./cadBlock.ts');
    const { TENSOR_CHANNELS } = await import('../../cad/index.ts');
    const d = { epsA: 6, dA: 9.5, dB: 4.5 }; // boundaries on the 0.5 mm fine grid
    const [nx, ny, nz] = [32, 8, 64];
    const data = new Float64Array(nx * ny * nz * 8);
    for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) for (let k = 0; k < nz; k++) {
      const z = (k + 0.5) * 0.5, q = ((i * ny + j) * nz + k) * 8;
      const [id, eps, sigma] = z < d.dA ? [1, d.epsA, 0] : z < d.dA + d.dB ? [2, 4, 0.05] : [0, 1, 0];
      data.set([i, j, z, id, 1, eps, sigma, 0], q);
    }
    const block = materialTensorBlock({ data, shape: [nx, ny, nz, 8], channels: TENSOR_CHANNELS });
    const ref = layerBlock(d);
    let worst = 0;
    for (let q = 0; q < ref.length; q++) worst = Math.max(worst, Math.abs(block[q]! - ref[q]!));
    expect(worst).toBeLessThan(1e-12);
    expect(() => materialTensorBlock({ data: new Float64Array(10), shape: [1, 1, 1, 8], channels: TENSOR_CHANNELS })).toThrow(/is not \(Nx, Ny, Nz, 8\)/);
  });
});
