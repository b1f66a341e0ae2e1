// %% [markdown]
// # Benchmarking against reference engines
//
// How fast is the suite next to the engines scientists already use? Two parts:
// 1. **Live**, side by side in this kernel, where the peer is an npm package: TensorFlow.js 4.22
//    (wasm backend with SIMD, one thread) against `@mindscience/core` on a 512×512 matrix product and
//    on one PINN gradient evaluation (second input derivatives inside a parameter gradient).
// 2. **Committed** results from `npm run bench` (`bench/results/*.json`) for the peers that are not
//    installed in CI — LAMMPS, OpenMM, Meep, openEMS, xtb — with each row's note on how it was measured.
//
// Times are process CPU time (user + system), best of N, ours and the peer interleaved so both see the
// same machine load; this host is shared, so wall-clock numbers swing with its load.
// %%
import * as tslab from 'tslab';
import { readFileSync, readdirSync } from 'fs';
import { join, dirname } from 'path';
import { cpus, loadavg, tmpdir } from 'os';
import { buildSync } from 'esbuild';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import {
  add, backendReport, initMlp, matmul, mean, mlp, mul, normal, partialDerivative, randomKey, reshape,
  secondDerivative, sin, slice, split, square, uniform, valueAndGrad, type MlpParams, type Tensor,
} from '@mindscience/core';

console.log(`ours: ${backendReport().description}`);
console.log(`${cpus().length}x ${cpus()[0]!.model}, load average ${loadavg()[0]!.toFixed(1)}`);
// %% [markdown]
// ## The TensorFlow.js peer
// The wasm backend is pinned to one thread. tfjs-core's Node bundle registers no gradients (the full
// `@tensorflow/tfjs` package does), so we bundle its gradient registry from tfjs-core's own sources once,
// as `bench/lib/tfjs.ts` does.
// %%
const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
setWasmPaths(wasmDist);
setThreadsCount(1);
const gradsBundle = join(tmpdir(), `nb09-tfjs-grads-${process.pid}.cjs`);
buildSync({ entryPoints: [join(dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist/register_all_gradients.js')], bundle: true, format: 'cjs', platform: 'node', outfile: gradsBundle, logLevel: 'error' });
require(gradsBundle);
await tf.setBackend('wasm');
await tf.ready();
console.log(`tfjs ${tf.version_core} on ${tf.getBackend()}, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}`);

/** Best-of-N process CPU ms for `ours` and `peer`, run alternately after a warm-up. */
function timePair(ours: () => unknown, peer: () => unknown, repeats = 5): { ours: number; peer: number } {
  ours(); peer();
  const best = [Infinity, Infinity];
  for (let r = 0; r < repeats; r++) {
    [ours, peer].forEach((fn, k) => {
      const c = process.cpuUsage();
      fn();
      const d = process.cpuUsage(c);
      best[k] = Math.min(best[k]!, (d.user + d.system) / 1000);
    });
  }
  return { ours: best[0]!, peer: best[1]! };
}
const live: { case: string; metric: string; ours: number; tfjs: number; speedup: number }[] = [];
// %% [markdown]
// ## Live 1: 512×512 matrix product (float32)
// Both sides read the result back into a typed array. GFLOP/s = 2n³/t.
// %%
const N = 512;
const [ka, kb] = split(randomKey(0), 2);
const A = normal(ka!, [N, N], { dtype: 'float32' }), B = normal(kb!, [N, N], { dtype: 'float32' });
const tA = tf.tensor2d(Float32Array.from(A.data()), [N, N]), tB = tf.tensor2d(Float32Array.from(B.data()), [N, N]);
const peerMatmul = () => { const t = tf.matMul(tA, tB); const v = t.dataSync(); t.dispose(); return v; };
const ourProduct = matmul(A, B).data(), peerProduct = peerMatmul();
let maxDiff = 0;
for (let k = 0; k < ourProduct.length; k++) maxDiff = Math.max(maxDiff, Math.abs(ourProduct[k]! - peerProduct[k]!));
const mm = timePair(() => matmul(A, B).data(), peerMatmul, 7);
const gflops = (ms: number) => (2 * N ** 3) / (ms * 1e6);
console.log(`max |ours - tfjs| = ${maxDiff.toExponential(1)}; ours ${mm.ours.toFixed(1)} ms (${gflops(mm.ours).toFixed(1)} GFLOP/s), tfjs-wasm ${mm.peer.toFixed(1)} ms (${gflops(mm.peer).toFixed(1)} GFLOP/s)`);
void live.push({ case: 'matmul 512 f32', metric: 'CPU ms per product', ours: mm.ours, tfjs: mm.peer, speedup: mm.peer / mm.ours });
// %% [markdown]
// ## Live 2: one PINN gradient (MLP 2-64-64-1, tanh, 1024 points)
// Loss L = mean((u_xx + π² sin πx)²) + 10⁻³ mean(u_x²) + 10⁻³ mean(u²), and its gradient with respect to
// all weights — third-order differentiation overall. Ours: u_x, u_xx by nested forward mode per point
// (`partialDerivative`, `secondDerivative`), the weight gradient by reverse mode. tfjs: nested `tf.grad`,
// with a `tf.customGrad` tanh because tfjs's own tanh gradient cannot be differentiated again
// (tensorflow/tfjs#3252). Same float32 weights and points; the losses and gradients are compared first.
// %%
const [kp, kx] = split(randomKey(3), 2);
const p0 = initMlp(kp!, [2, 64, 64, 1], { dtype: 'float32' });
const X = uniform(kx!, [1024, 2], { dtype: 'float32' });
const forcing = mul(Math.PI ** 2, sin(mul(Math.PI, reshape(slice(X, [0, 0], [-1, 1]), [-1, 1]))));
const u = (p: MlpParams, x: Tensor) => mlp(p, x, { activation: 'tanh' });
const oursLoss = (p: MlpParams) => add(add(
  mean(square(add(secondDerivative(u, p, X, 0, 0), forcing))),
  mul(1e-3, mean(square(partialDerivative(u, p, X, 0))))), mul(1e-3, mean(square(u(p, X)))));
const oursGrad = valueAndGrad(oursLoss);
const oursFlat = () => { const [l, g] = oursGrad(p0); return { loss: l.item(), grad: g.flatMap((layer) => [...layer.w.data(), ...layer.b!.data()]) }; };

const tanhC = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return { value: tf.tanh(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sub(1, tf.square(tanhC(saved[0]!)))) };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
const vars = p0.flatMap((l) => [tf.variable(tf.tensor(l.w.data() as Float32Array, l.w.shape as number[])), tf.variable(tf.tensor(l.b!.data() as Float32Array, l.b!.shape as number[]))]);
const tx = tf.tensor2d(X.data() as Float32Array, [1024, 2]);
const tf0 = tf.mul(Math.PI ** 2, tf.sin(tf.mul(Math.PI, tf.slice(tx, [0, 0], [-1, 1]))));
const net = (x: tf.Tensor): tf.Tensor => {
  let h: tf.Tensor = x;
  for (let i = 0; i < vars.length; i += 2) {
    h = tf.add(tf.matMul(h as tf.Tensor2D, vars[i] as tf.Variable<tf.Rank.R2>), vars[i + 1]!);
    if (i < vars.length - 2) h = tanhC(h);
  }
  return h;
};
const col0 = (t: tf.Tensor) => tf.slice(t, [0, 0], [-1, 1]);
const ux = (x: tf.Tensor) => col0(tf.grad((xi: tf.Tensor) => tf.sum(net(xi)))(x));
const peerLoss = () => tf.add(tf.add(
  tf.mean(tf.square(tf.add(col0(tf.grad((xi: tf.Tensor) => tf.sum(ux(xi)))(tx)), tf0))),
  tf.mul(1e-3, tf.mean(tf.square(ux(tx))))), tf.mul(1e-3, tf.mean(tf.square(net(tx))))) as tf.Scalar;
const peerFlat = () => tf.tidy(() => {
  const { value, grads } = tf.variableGrads(peerLoss, vars);
  return { loss: value.dataSync()[0]!, grad: vars.flatMap((v) => [...grads[v.name]!.dataSync()]) };
});
const a = oursFlat(), b = peerFlat();
let gd = 0, gn = 0;
a.grad.forEach((v, k) => { gd = Math.max(gd, Math.abs(v - b.grad[k]!)); gn = Math.max(gn, Math.abs(b.grad[k]!)); });
console.log(`loss ours ${a.loss.toPrecision(7)} vs tfjs ${b.loss.toPrecision(7)}; gradients agree to ${(gd / gn).toExponential(1)} (max-norm relative, float32)`);
const pinn = timePair(oursFlat, peerFlat, 3);
console.log(`PINN loss + gradient: ours ${pinn.ours.toFixed(0)} ms, tfjs-wasm ${pinn.peer.toFixed(0)} ms`);
live.push({ case: 'PINN loss+grad 2-64-64-1, 1024 pts, f32', metric: 'CPU ms per evaluation', ours: pinn.ours, tfjs: pinn.peer, speedup: pinn.peer / pinn.ours });
console.table(live.map((r) => ({ ...r, ours: +r.ours.toFixed(2), tfjs: +r.tfjs.toFixed(2), speedup: +r.speedup.toFixed(2) })));
tA.dispose(); tB.dispose(); tx.dispose(); tf0.dispose(); vars.forEach((v) => v.dispose());
// %% [markdown]
// ## Committed results for the peers not installed in CI
// `npx tsx bench/run.ts <case>` runs ours and the peer in one process and writes `bench/results/<case>.json`:
// one row per comparison with the metric, unit, both values, ratio = ours/peer in the metric's own sense,
// the machine, and notes on how it was measured. For one picture we turn every row into a **speed ratio**
// (> 1: ours faster): peer/ours for times, ours/peer for rates. Rows without a peer and the internal
// kernel comparisons (`kernels.json`: our wasm vs our js backend) are left out of the chart.
// %%
interface Row { name: string; metric: string; unit: string; ours: number; peer: string; peerValue: number | null; ratio: number | null; machine: string; notes?: string }
const dir = '../bench/results';
const results = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Row[]).map((r) => ({ file: f, ...r })));
const isTime = (r: Row) => r.unit === 'ms' || r.unit === 's';
const compared = results.filter((r) => r.file !== 'kernels.json' && r.peerValue !== null && r.peer !== 'none' && r.ratio !== null && r.metric !== 'throughput');
const speed = (r: Row) => (isTime(r) ? r.peerValue! / r.ours : r.ours / r.peerValue!);
const fmt = (v: number) => (Math.abs(v) >= 1e4 ? v.toExponential(3) : +v.toPrecision(4));
console.table(compared.map((r) => ({ file: r.file, case: r.name, metric: `${r.metric} (${r.unit})`, ours: fmt(r.ours), peer: r.peer, peerValue: fmt(r.peerValue!), speedRatio: +speed(r).toFixed(2) })));
// %% [markdown]
// ### Speed ratio per comparison (log scale; the dashed line is parity)
// %%
function barChart(labels: string[], values: number[], title: string): string {
  const W = 960, rowH = 22, left = 500, right = 60, top = 40, H = top + rowH * labels.length + 40;
  const lo = Math.log10(Math.min(0.02, ...values)), hi = Math.log10(Math.max(50, ...values));
  const xOf = (v: number) => left + ((Math.log10(v) - lo) / (hi - lo)) * (W - left - right);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="15">${esc(title)}</text>`];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
    const x = xOf(10 ** e);
    out.push(`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${H - 32}" stroke="#ddd"/><text x="${x}" y="${H - 16}" text-anchor="middle">${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)}</text>`);
  }
  labels.forEach((label, k) => {
    const y = top + k * rowH, v = values[k]!, x1 = xOf(1), x2 = xOf(v);
    out.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(label)}</text>`,
      `<rect x="${Math.min(x1, x2)}" y="${y + 3}" width="${Math.abs(x2 - x1)}" height="${rowH - 6}" fill="${v >= 1 ? '#2ca02c' : '#d62728'}"/>`,
      `<text x="${v >= 1 ? x2 + 4 : x1 + 4}" y="${y + 15}">${v.toFixed(2)}×</text>`);
  });
  out.push(`<line x1="${xOf(1)}" y1="${top - 4}" x2="${xOf(1)}" y2="${H - 32}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<text x="${left + (W - left - right) / 2}" y="${H - 2}" text-anchor="middle">speed ratio (ours faster →)</text></svg>`);
  return out.join('');
}
const chartRows = [
  ...live.map((r) => ({ label: `${r.case} vs tfjs-wasm (live)`, v: r.speedup })),
  ...compared.map((r) => ({ label: `${r.name} vs ${r.peer.split(' (')[0]!.replace(/ - Update.*$/, '')}`, v: speed(r) })),
];
tslab.display.html(barChart(chartRows.map((r) => r.label), chartRows.map((r) => r.v), 'ours vs reference engines'));
// %% [markdown]
// ### How each committed number was measured
// The notes are the benchmark's own (machine load, which time was measured, correctness checks run
// alongside, such as matching first losses or energies).
// %%
for (const r of results) console.log(`• ${r.file} / ${r.name} [${r.machine}]: ${r.notes ?? '(no notes)'}\n`);
