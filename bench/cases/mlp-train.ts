/**
 * mlp-train: one training epoch of MindElec's S11 surrogate size, MLP 3 -> 128 -> 128 -> 128 -> 128 -> 1001
 * (ReLU, as MindElec's S-parameter predictor), MSE loss, Adam (lr 1e-3), 512 samples in minibatches of
 * 32 (16 steps), float32. Ours: the core `fit` loop (seeded shuffle, gather, valueAndGrad, Adam).
 * Peer: TensorFlow.js 4.22 (wasm SIMD and cpu backends), the same batches (same index order), the same
 * initial weights, tf.train.adam + optimizer.minimize. The first-step loss is compared for correctness.
 */
import * as tf from '@tensorflow/tfjs-core';
import { adam, batchIndices, fit, gather, initMlp, mlp, mse, normal, randomKey, split, uniform, type MlpParams, type Tensor } from '@mindscience/core';
import type { Benchmark, BenchResult } from '../harness.ts';
import { loadNote, peerName, profileKernels, timePair, useBackend } from '../lib/tfjs.ts';

type Row = Omit<BenchResult, 'machine'>;
const SIZES = [3, 128, 128, 128, 128, 1001];
const NSAMPLES = 512;
const BATCH = 32;
type XY = { x: Tensor; y: Tensor };

const bench: Benchmark = {
  name: 'mlp-train',
  description: 'one epoch, MLP 3-128x4-1001 ReLU, 512 samples, batch 32, Adam, f32: ours (fit) vs tfjs wasm-simd and cpu',
  async run() {
    const [kp, kx, ky, kshuffle] = split(randomKey(5), 4);
    const p0 = initMlp(kp!, SIZES, { dtype: 'float32' });
    const data: XY = { x: uniform(kx!, [NSAMPLES, 3], { dtype: 'float32' }), y: normal(ky!, [NSAMPLES, 1001], { dtype: 'float32', std: 0.1 }) };
    // fit's epoch-0 shuffle key is split(split(key, 1)[0], 2)[0]; give the peer the same order.
    const epochKey = split(split(kshuffle!, 1)[0]!, 2)[0]!;
    const order = batchIndices(NSAMPLES, BATCH, { key: epochKey });

    const oursEpoch = () => {
      const r = fit({ params: p0, loss: (p: MlpParams, b: XY) => mse(mlp(p, b.x, { activation: 'relu' }), b.y), optimizer: adam(1e-3), train: data, batchSize: BATCH, epochs: 1, key: kshuffle!, progress: false });
      if (r.steps !== order.length) throw new Error('mlp-train: unexpected number of steps');
      return r;
    };
    // first-step loss on our side, for the correctness check
    const oursFirst = mse(mlp(p0, gather(data.x, order[0]!, 0), { activation: 'relu' }), gather(data.y, order[0]!, 0)).item();

    const rows: Row[] = [];
    for (const b of ['wasm', 'cpu'] as const) {
      await useBackend(b);
      const tx = tf.tensor2d(data.x.data() as Float32Array, [NSAMPLES, 3]);
      const ty = tf.tensor2d(data.y.data() as Float32Array, [NSAMPLES, 1001]);
      const idx = order.map((o) => tf.tensor1d(o, 'int32'));
      let peerFirst = NaN;
      const peerEpoch = () => {
        const vars = p0.flatMap((l) => [tf.variable(tf.tensor(l.w.data() as Float32Array, l.w.shape as number[])), tf.variable(tf.tensor(l.b!.data() as Float32Array, l.b!.shape as number[]))]);
        const opt = tf.train.adam(1e-3);
        idx.forEach((ix, s) => {
          const l = opt.minimize(() => tf.tidy(() => {
            let h: tf.Tensor = tf.gather(tx, ix);
            for (let i = 0; i < vars.length; i += 2) {
              h = tf.add(tf.matMul(h as tf.Tensor2D, vars[i] as tf.Variable<tf.Rank.R2>), vars[i + 1]!);
              if (i < vars.length - 2) h = tf.relu(h);
            }
            return tf.mean(tf.square(tf.sub(h, tf.gather(ty, ix)))) as tf.Scalar;
          }), true, vars);
          if (s === 0) peerFirst = l!.dataSync()[0]!;
          l!.dispose();
        });
        vars.forEach((v) => v.dispose());
        opt.dispose();
      };
      const t = await timePair(oursEpoch, peerEpoch, 3, 1);
      tx.dispose(); ty.dispose(); idx.forEach((i) => i.dispose());
      const check = `first-step loss ours ${oursFirst.toPrecision(7)} vs peer ${peerFirst.toPrecision(7)}`;
      const profile = b === 'wasm' ? `; ${await profileKernels(oursEpoch)}` : '';
      rows.push({ name: `mlp-train-3x128x4x1001-n${NSAMPLES}-b${BATCH}-f32`, metric: 'CPU time per epoch', unit: 'ms', ours: t.ours, peer: peerName(b), peerValue: t.peer, ratio: t.ours / t.peer,
        notes: `${check}; wall-clock medians ${t.oursMedian.toFixed(0)} / ${t.peerMedian.toFixed(0)} ms; ${loadNote()}${profile}` });
    }
    return rows;
  },
};
export default bench;
