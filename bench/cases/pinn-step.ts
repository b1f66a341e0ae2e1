/**
 * pinn-step: one PINN training step for an MLP 2 -> 64 -> 64 -> 1 (tanh) on 1024 collocation points:
 * u, u_x and u_xx at every point and one Adam step (lr 1e-3) on the Poisson-type loss
 *   L = mean((u_xx + pi^2 sin(pi x))^2) + 1e-3 mean(u_x^2) + 1e-3 mean(u^2)
 * (third-order differentiation overall: params-gradient of a second input derivative).
 * Ours: u_x, u_xx by nested forward mode (core pinn helpers, O(N)), gradient by reverse mode, Adam.
 * Peer: TensorFlow.js 4.22, u_x and u_xx by nested tf.grad, params gradient by optimizer.minimize.
 * tfjs's native tanh gradient reuses the forward output and cannot be differentiated again
 * (tensorflow/tfjs#3252), so the peer uses a tf.customGrad tanh whose gradient is written with the
 * same custom tanh (differentiable to any order) — stated in the output. Same float32 initial weights
 * and points on both sides; the first-step losses are compared as a correctness check.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  add, adam, initMlp, mean, mlp, mul, randomKey, sin, slice, square, reshape, split, uniform, valueAndGrad,
  partialDerivative, secondDerivative, cast, type MlpParams, type Tensor,
} from '@mindscience/core';
import type { Benchmark, BenchResult } from '../harness.ts';
import { loadNote, peerName, profileKernels, timePair, useBackend, type TfBackend } from '../lib/tfjs.ts';

type Row = Omit<BenchResult, 'machine'>;
const SIZES = [2, 64, 64, 1];
const NPTS = 1024;

function oursStep(dtype: 'float32' | 'float64', p0: MlpParams, X: Tensor) {
  const params0 = dtype === 'float64' ? p0.map((l) => ({ w: cast(l.w, dtype), b: cast(l.b!, dtype) })) : p0;
  const x = cast(X, dtype);
  const f = mul(Math.PI ** 2, sin(mul(Math.PI, reshape(slice(x, [0, 0], [-1, 1]), [-1, 1]))));
  const u = (p: MlpParams, xx: Tensor) => mlp(p, xx, { activation: 'tanh' });
  const loss = (p: MlpParams) => {
    const uu = u(p, x);
    const ux = partialDerivative(u, p, x, 0);
    const uxx = secondDerivative(u, p, x, 0, 0);
    return add(add(mean(square(add(uxx, f))), mul(1e-3, mean(square(ux)))), mul(1e-3, mean(square(uu))));
  };
  const vg = valueAndGrad(loss);
  const opt = adam(1e-3);
  let params = params0;
  let state = opt.init(params);
  let first = NaN;
  const gradient0 = () => vg(params0)[1].flatMap((l) => [...l.w.data(), ...l.b!.data()]);
  const step = () => {
    const [l, g] = vg(params);
    if (Number.isNaN(first)) first = l.item();
    ({ params, state } = opt.update(g, state, params));
  };
  return { step, firstLoss: () => first, gradient0 };
}

function peerStep(p0: MlpParams, X: Tensor) {
  // tanh with a custom gradient written in terms of itself, so every order is differentiable.
  const tanhForward = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return { value: tf.tanh(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sub(1, tf.square(tanhC(saved[0]!)))) };
  };
  // customGrad's declared input type is a (Tensor | GradSaveFunc)[] rest parameter; ours is (x, save).
  const tanhC = tf.customGrad(tanhForward as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
  const vars = p0.flatMap((l) => [tf.variable(tf.tensor(l.w.data() as Float32Array, l.w.shape as number[])), tf.variable(tf.tensor(l.b!.data() as Float32Array, l.b!.shape as number[]))]);
  const x = tf.tensor2d(X.data() as Float32Array, [NPTS, 2]);
  const f = tf.mul(Math.PI ** 2, tf.sin(tf.mul(Math.PI, tf.slice(x, [0, 0], [-1, 1]))));
  const net = (xx: tf.Tensor): tf.Tensor => {
    let h: tf.Tensor = xx;
    for (let i = 0; i < vars.length; i += 2) {
      h = tf.add(tf.matMul(h as tf.Tensor2D, vars[i] as tf.Variable<tf.Rank.R2>), vars[i + 1]!);
      if (i < vars.length - 2) h = tanhC(h);
    }
    return h;
  };
  const col0 = (t: tf.Tensor) => tf.slice(t, [0, 0], [-1, 1]);
  const ux = (xx: tf.Tensor) => col0(tf.grad((xi: tf.Tensor) => tf.sum(net(xi)))(xx));
  const opt = tf.train.adam(1e-3);
  const lossFn = () => {
    const u = net(x);
    const uX = ux(x);
    const uXX = col0(tf.grad((xi: tf.Tensor) => tf.sum(ux(xi)))(x));
    return tf.add(tf.add(tf.mean(tf.square(tf.add(uXX, f))), tf.mul(1e-3, tf.mean(tf.square(uX)))), tf.mul(1e-3, tf.mean(tf.square(u)))) as tf.Scalar;
  };
  const gradient0 = () => tf.tidy(() => { const { grads } = tf.variableGrads(lossFn, vars); return vars.flatMap((v) => [...grads[v.name]!.dataSync()]); });
  let first = NaN;
  const step = () => {
    const l = opt.minimize(lossFn, true, vars);
    const v = l!.dataSync()[0]!;
    l!.dispose();
    if (Number.isNaN(first)) first = v;
  };
  return { step, firstLoss: () => first, gradient0, dispose: () => { vars.forEach((v) => v.dispose()); x.dispose(); f.dispose(); opt.dispose(); } };
}

const bench: Benchmark = {
  name: 'pinn-step',
  description: 'PINN step, MLP 2-64-64-1 tanh, 1024 points: u, u_x, u_xx + one Adam step, ours vs tfjs (custom-gradient tanh)',
  async run() {
    const [kp, kx] = split(randomKey(3), 2);
    const p0 = initMlp(kp!, SIZES, { dtype: 'float32' });
    const X = uniform(kx!, [NPTS, 2], { dtype: 'float32' });
    const rows: Row[] = [];
    const peerNote = 'tfjs uses a tf.customGrad tanh (its native tanh cannot be differentiated twice, tfjs#3252); u_x, u_xx by nested tf.grad';
    for (const b of ['wasm', 'cpu'] as const satisfies readonly TfBackend[]) {
      await useBackend(b);
      for (const dtype of (b === 'wasm' ? ['float32', 'float64'] : ['float32']) as ('float32' | 'float64')[]) {
        const ours = oursStep(dtype, p0, X);
        const peer = peerStep(p0, X);
        // Correctness first: the parameter gradients at the initial weights, ours vs peer.
        const ga = ours.gradient0(), gb = peer.gradient0();
        let num = 0, den = 0;
        for (let i = 0; i < ga.length; i++) { num = Math.max(num, Math.abs(ga[i]! - gb[i]!)); den = Math.max(den, Math.abs(gb[i]!)); }
        const t = await timePair(ours.step, peer.step, 3, 1);
        const agree = Math.abs(ours.firstLoss() - peer.firstLoss()) / Math.abs(peer.firstLoss());
        peer.dispose();
        const profile = b === 'wasm' ? `; ours: ${await profileKernels(ours.step)}` : '';
        rows.push({ name: `pinn-step-2x64x64x1-n${NPTS}-${dtype === 'float32' ? 'f32' : 'f64'}`, metric: 'CPU time per step', unit: 'ms', ours: t.ours, peer: peerName(b), peerValue: t.peer, ratio: t.ours / t.peer,
          notes: `${peerNote}; first-step loss ours ${ours.firstLoss().toPrecision(7)} vs peer ${peer.firstLoss().toPrecision(7)} (rel diff ${agree.toExponential(1)}${dtype === 'float64' ? ', ours in float64' : ''}), parameter gradients agree to ${(num / den).toExponential(1)} (max-norm relative); wall-clock medians ${t.oursMedian.toFixed(1)} / ${t.peerMedian.toFixed(1)} ms; ${loadNote()}${profile}` });
      }
    }
    return rows;
  },
};
export default bench;
