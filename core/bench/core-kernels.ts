/**
 * Core kernels vs TensorFlow.js (tfjs-core 4.22 with the pure-JS cpu backend, the nearest
 * TypeScript peer), same work, same run, float32 on both sides unless noted.
 * ratio = ours / peer CPU time (lower is better). Harness contract: bench/harness.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Benchmark, BenchResult } from '../../bench/harness.ts';
import { add, grad, laplacian, matmul, mean, mul, normal, randomKey, sin, split, square, sum, tanh, uniform, type Tensor } from '@mindscience/core';

/**
 * Values of a tfjs computation, intermediates freed. Never return a TypedArray from tf.tidy: tidy walks
 * its result looking for tensors, which for a 512x512 array costs ~250 ms and swamps the kernel time.
 */
function tfRead(fn: () => tf.Tensor): ArrayLike<number> {
  const t = tf.tidy(fn);
  const v = t.dataSync();
  t.dispose();
  return v;
}


type Row = Omit<BenchResult, 'machine'>;

/**
 * Median process CPU time (ms) per call. Both sides run single-threaded in this process, and on a
 * shared machine CPU time is far steadier than wall time (wall-clock medians varied 10x under load).
 */
async function timeIt(fn: () => unknown, repeats = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.cpuUsage();
    await fn();
    const d = process.cpuUsage(t0);
    times.push((d.user + d.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const bench: Benchmark = {
  name: 'core-kernels',
  description: 'matmul, elementwise, reduction and an MLP gradient: @mindscience/core js backend vs tfjs-cpu',
  async run() {
    await tf.setBackend('cpu');
    await tf.ready();
    const rows: Row[] = [];
    const keys = split(randomKey(0), 8);
    const row = (name: string, ours: number, peer: number, notes?: string): Row => ({
      name, metric: 'CPU time per call', unit: 'ms', ours, peer: 'tfjs-core 4.22 cpu', peerValue: peer, ratio: ours / peer, ...(notes ? { notes } : {}),
    });

    for (const n of [128, 256]) {
      const A = normal(keys[0]!, [n, n], { dtype: 'float32' }), B = normal(keys[1]!, [n, n], { dtype: 'float32' });
      const tA = tf.tensor2d(A.data() as Float32Array, [n, n]), tB = tf.tensor2d(B.data() as Float32Array, [n, n]);
      const ours = await timeIt(() => matmul(A, B), 7, 2);
      const peer = await timeIt(() => tfRead(() => tf.matMul(tA, tB)), 7, 2);
      rows.push(row(`matmul-${n}-f32`, ours, peer));
    }

    const N = 1_000_000;
    const x = normal(keys[2]!, [N], { dtype: 'float32' }), y = normal(keys[3]!, [N], { dtype: 'float32' });
    const tx = tf.tensor1d(x.data() as Float32Array), ty = tf.tensor1d(y.data() as Float32Array);
    rows.push(row('tanh(x)*y+1 1e6-f32',
      await timeIt(() => add(mul(tanh(x), y), 1), 7, 2),
      await timeIt(() => tfRead(() => tf.add(tf.mul(tf.tanh(tx), ty), 1)), 7, 2)));

    const M = normal(keys[4]!, [1000, 1000], { dtype: 'float32' });
    const tM = tf.tensor2d(M.data() as Float32Array, [1000, 1000]);
    rows.push(row('sum-axis1-1000x1000-f32',
      await timeIt(() => sum(M, 1), 7, 2),
      await timeIt(() => tfRead(() => tf.sum(tM, 1)), 7, 2)));

    // MLP loss gradient w.r.t. both weight matrices: batch 256, 64 -> 64 -> 1.
    const X = normal(keys[5]!, [256, 64], { dtype: 'float32' });
    const W1 = normal(keys[6]!, [64, 64], { dtype: 'float32', std: 0.1 }), W2 = normal(keys[7]!, [64, 1], { dtype: 'float32', std: 0.1 });
    const loss = (w1: Tensor, w2: Tensor) => mean(square(matmul(tanh(matmul(X, w1)), w2)));
    const g = grad(loss, [0, 1]);
    // tfjs-core's node bundle registers no gradient kernels (they come with the full @tensorflow/tfjs
    // package, not installed), so this row has no peer.
    rows.push({ name: 'mlp-grad-256x64x64x1-f32', metric: 'CPU time per call', unit: 'ms', ours: await timeIt(() => g(W1, W2), 7, 2), peer: 'none', peerValue: null, ratio: null });

    // PINN training step: grad w.r.t. weights of mean(Laplacian(u)^2), u a sin-MLP 2-32-32-32-1 on 400
    // points (reverse over forward over forward). tfjs cannot differentiate this (no nested gradients).
    const sizes = [2, 32, 32, 32, 1];
    const pk = split(randomKey(9), 8);
    const params = { W: sizes.slice(0, -1).map((d, i) => normal(pk[i]!, [d, sizes[i + 1]!], { std: 1 / Math.sqrt(d) })), b: sizes.slice(1).map((d, i) => normal(pk[i + 4]!, [d], { std: 0.1 })) };
    const net = (p: typeof params, Xp: Tensor) => p.W.reduce((h, W, i) => { const z = add(matmul(h, W), p.b[i]!); return i < 3 ? sin(z) : z; }, Xp);
    const Xp = uniform(randomKey(10), [400, 2]);
    const pinnGrad = grad((p: typeof params) => mean(square(laplacian(net, p, Xp))));
    rows.push({ name: 'pinn-laplacian-grad-400x(2-32-32-32-1)-f64', metric: 'CPU time per step', unit: 'ms', ours: await timeIt(() => pinnGrad(params), 5, 2), peer: 'none', peerValue: null, ratio: null, notes: 'tfjs has no second-order input derivatives to compare against' });
    return rows;
  },
};
export default bench;
