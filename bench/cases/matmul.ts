/**
 * matmul: 512x512 @ 512x512, ours (core default backend, float32 and float64) vs TensorFlow.js 4.22
 * (tfjs-backend-wasm with SIMD, and the pure-JS cpu backend; tfjs has float32 only). Reports median
 * time per product (result read back to a typed array on both sides; best-of-N process CPU time, see
 * timePair) and GFLOP/s = 2 n^3 / t.
 * The tfjs peer setup and timing helpers are shared with pinn-step and mlp-train in bench/lib/tfjs.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { matmul, normal, randomKey, split } from '@mindscience/core';
import type { Benchmark, BenchResult } from '../harness.ts';
import { loadNote, peerName, tfRead, timePair, useBackend } from '../lib/tfjs.ts';

type Row = Omit<BenchResult, 'machine'>;

const N = 512;
const gflops = (ms: number) => (2 * N ** 3) / (ms * 1e6);

const bench: Benchmark = {
  name: 'matmul',
  description: '512x512 matrix product: ours (f32, f64) vs tfjs wasm-simd and cpu (f32)',
  async run() {
    const [ka, kb] = split(randomKey(0), 2);
    const rows: Row[] = [];
    for (const dtype of ['float32', 'float64'] as const) {
      const A = normal(ka!, [N, N], { dtype }), B = normal(kb!, [N, N], { dtype });
      const a32 = Float32Array.from(A.data()), b32 = Float32Array.from(B.data());
      const tag = `matmul-512-${dtype === 'float32' ? 'f32' : 'f64'}`;
      for (const b of ['wasm', 'cpu'] as const) {
        await useBackend(b);
        const tA = tf.tensor2d(a32, [N, N]), tB = tf.tensor2d(b32, [N, N]);
        const t = await timePair(() => matmul(A, B).data(), () => tfRead(() => tf.matMul(tA, tB)), 5, 1);
        tA.dispose(); tB.dispose();
        const note = dtype === 'float64' ? 'peer is float32 (tfjs has no float64); ' : '';
        rows.push({ name: tag, metric: 'CPU time per product', unit: 'ms', ours: t.ours, peer: peerName(b), peerValue: t.peer, ratio: t.ours / t.peer,
          notes: `${note}ours ${gflops(t.ours).toFixed(2)} GFLOP/s, peer ${gflops(t.peer).toFixed(2)} GFLOP/s; wall-clock medians ${t.oursMedian.toFixed(1)} / ${t.peerMedian.toFixed(1)} ms; ${loadNote()}` });
        if (b === 'wasm') {
          rows.push({ name: tag, metric: 'throughput', unit: 'GFLOP/s', ours: gflops(t.ours), peer: peerName(b), peerValue: gflops(t.peer), ratio: gflops(t.ours) / gflops(t.peer),
            notes: 'rate: higher is better; ratio = ours/peer rate' });
        }
      }
    }
    return rows;
  },
};
export default bench;
