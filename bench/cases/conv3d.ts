/**
 * conv3d: a 3-D convolution layer of MindElec's voxel-model size, x [2, 8, 16, 16, 16] * w [16, 8, 3, 3, 3]
 * (padding 1, stride 1, float32): the forward pass, and forward + gradients w.r.t. x and w of
 * sum(y * r). Ours: core `conv3d` (im2col by gather, then one matmul; its adjoint is scatterAdd) on the
 * active backend. Peer: TensorFlow.js 4.22 `tf.conv3d` (wasm SIMD pinned to one thread, and cpu),
 * NDHWC layout, gradients by tf.grads. Same values on both sides (transposed once, untimed); outputs
 * and gradients are compared for correctness. Best-of-N process CPU time, interleaved (bench/lib/tfjs.ts).
 * Found by that check (tfjs 4.22): tfjs-wasm's dL/dx (Conv3DBackpropInputV2) differs from both ours and
 * tfjs-cpu, which agree to 2e-7; its forward and dL/dw agree. The row notes print all three differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv3d, grad, mul, normal, randomKey, split, sum, transpose, type Tensor } from '@mindscience/core';
import type { Benchmark, BenchResult } from '../harness.ts';
import { loadNote, peerName, profileKernels, tfRead, timePair, useBackend } from '../lib/tfjs.ts';

type Row = Omit<BenchResult, 'machine'>;
const [N, C, S, O, KS] = [2, 8, 16, 16, 3];

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i]! - b[i]!)); den = Math.max(den, Math.abs(b[i]!)); }
  return num / den;
}

const bench: Benchmark = {
  name: 'conv3d',
  description: `conv3d x [${N}, ${C}, ${S}^3] * w [${O}, ${C}, ${KS}^3], pad 1, f32: forward and forward+backward, ours vs tfjs wasm-simd and cpu`,
  async run() {
    const [kx, kw, kr] = split(randomKey(11), 3);
    const x = normal(kx!, [N, C, S, S, S], { dtype: 'float32' });
    const w = normal(kw!, [O, C, KS, KS, KS], { dtype: 'float32', std: 0.1 });
    const r = normal(kr!, [N, O, S, S, S], { dtype: 'float32' });
    // Channels-last copies for tfjs: x NDHWC, filter [kd, kh, kw, in, out], r NDHWC.
    const xl = transpose(x, [0, 2, 3, 4, 1]).data() as Float32Array;
    const wl = transpose(w, [2, 3, 4, 1, 0]).data() as Float32Array;
    const rl = transpose(r, [0, 2, 3, 4, 1]).data() as Float32Array;
    const oursForward = () => conv3d({ w }, x, { padding: 1 }).data();
    const loss = (p: { w: Tensor; x: Tensor }) => sum(mul(conv3d({ w: p.w }, p.x, { padding: 1 }), r));
    const g = grad(loss);
    const oursBoth = () => { const d = g({ w, x }); d.w.data(); return d.x.data(); };
    const flop = 2 * N * O * S ** 3 * C * KS ** 3;
    const rows: Row[] = [];
    for (const b of ['wasm', 'cpu'] as const) {
      await useBackend(b);
      const tx = tf.tensor5d(xl, [N, S, S, S, C]), tw = tf.tensor5d(wl, [KS, KS, KS, C, O]), tr = tf.tensor5d(rl, [N, S, S, S, O]);
      const peerForward = () => tfRead(() => tf.conv3d(tx as tf.Tensor5D, tw as tf.Tensor5D, 1, 'same'));
      const tfGrads = tf.grads((a: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(tf.conv3d(a as tf.Tensor5D, f as tf.Tensor5D, 1, 'same'), tr)));
      const peerBoth = () => { const [dx, dw] = tfGrads([tx, tw]); dw!.dataSync(); const v = dx!.dataSync(); dx!.dispose(); dw!.dispose(); return v; };
      // Correctness: forward values and both gradients, ours (channels-first) vs the peer (channels-last).
      const yOurs = transpose(conv3d({ w }, x, { padding: 1 }), [0, 2, 3, 4, 1]).data();
      const fwdDiff = maxRelDiff(yOurs, peerForward());
      const d = g({ w, x });
      const [pdx, pdw] = tfGrads([tx, tw]);
      const gxDiff = maxRelDiff(transpose(d.x, [0, 2, 3, 4, 1]).data(), pdx!.dataSync());
      const gwDiff = maxRelDiff(transpose(d.w, [2, 3, 4, 1, 0]).data(), pdw!.dataSync());
      pdx!.dispose(); pdw!.dispose();
      const check = `max-norm relative difference to the peer: forward ${fwdDiff.toExponential(1)}, dL/dx ${gxDiff.toExponential(1)}, dL/dw ${gwDiff.toExponential(1)}`;
      const tF = await timePair(oursForward, peerForward, 3, 1);
      const tB = await timePair(oursBoth, peerBoth, 3, 1);
      const prof = b === 'wasm' ? `; ours forward ${await profileKernels(oursForward)}; ours forward+backward ${await profileKernels(oursBoth)}` : '';
      rows.push({ name: `conv3d-${N}x${C}x${S}^3-o${O}-k${KS}-f32-forward`, metric: 'CPU time per call', unit: 'ms', ours: tF.ours, peer: peerName(b), peerValue: tF.peer, ratio: tF.ours / tF.peer,
        notes: `${check}; ours ${(flop / tF.ours / 1e6).toFixed(2)} GFLOP/s, peer ${(flop / tF.peer / 1e6).toFixed(2)}; wall-clock medians ${tF.oursMedian.toFixed(1)} / ${tF.peerMedian.toFixed(1)} ms; ${loadNote()}${prof}` });
      rows.push({ name: `conv3d-${N}x${C}x${S}^3-o${O}-k${KS}-f32-forward+backward`, metric: 'CPU time per call', unit: 'ms', ours: tB.ours, peer: peerName(b), peerValue: tB.peer, ratio: tB.ours / tB.peer,
        notes: `gradients w.r.t. x and w of sum(y * r); wall-clock medians ${tB.oursMedian.toFixed(1)} / ${tB.peerMedian.toFixed(1)} ms; ${loadNote()}` });
      tx.dispose(); tw.dispose(); tr.dispose();
    }
    return rows;
  },
};
export default bench;
