// %% [markdown]
// # MindElec AI: Maxwell/Helmholtz PINNs, a parametric S11 surrogate and geometry encoding
//
// Three pipelines on data our own solvers generate (SI units unless stated):
// 1. **PINNs** through a Problem/Solver API: a problem declares residuals over sampled geometry, a
//    solver trains a multi-scale sin network with uncertainty-weighted losses. 2-D Helmholtz
//    (lap + k^2) u = 0 with u = sin(kx) on the boundary, and 2-D TE Maxwell with a point source and a Mur
//    boundary (our Ricker variant, and MindElec's own setup), checked against `solvers/fdtd2d`.
// 2. **S11 surrogate**: FDTD-simulated two-layer dielectric windows (3 design parameters, 101
//    frequencies) and 3-D FDTD-simulated microstrip patch antennas (L, W, feed inset; 1001 frequencies)
//    -> MindElec's skip-MLP -> complex S11 of new designs.
// 3. **Encoding**: a 3-D conv autoencoder compresses 16x16x16x4 material blocks 128x; S11 from codes.
// 4. **Incremental training** (latent auto-decoder): one network pretrained over nine media
//    (eps_r, mu_r in {1, 3, 5}) adapts to a new medium by optimising a 16-number latent first.
//
// Full runs (minutes each) use the CLI: `npx mindelec pinn mindelec/src/ai/configs/helmholtz.json`,
// `npx mindelec surrogate train mindelec/src/ai/configs/s11-train.json`,
// `npx mindelec surrogate encode mindelec/src/ai/configs/s11-encode.json`,
// `npx mindelec pinn mindelec/src/ai/configs/incremental.json`. This notebook runs short
// versions (< 2 min).
// %%
import * as tslab from 'tslab';
import { existsSync, readFileSync } from 'node:fs';
import { randomKey } from '@mindscience/core';
import {
  helmholtzProblem, multiScaleSinNet, pinnSolver, relativeL2, exponentialDecay, maxwellTE2D, maxwellTE2DReference, separableMaxwell,
  readS11Dataset, splitIndices, trainS11Surrogate, predictS11, s11Metrics, s11Subset, layerS11Exact,
  layerBlocks, trainAutoencoder, reconstructionError, COMPRESSION, predictS11Batch, compileS11Predictor,
  parseIncrementalConfig, readAutoDecoderCheckpoint, fineTuneAutoDecoder, type IncrementalRecord,
} from '@mindscience/mindelec';
import { linePlot, heatmap } from '@mindscience/viz';
// %% [markdown]
// ## Helmholtz PINN (MindElec: relative L2 0.0173)
// 200 Adam steps of a small sin network; the full config reaches 0.0009 in 2000 steps.
// %%
const helm = helmholtzProblem({ k: 2 });
const solver = pinnSolver({
  net: multiScaleSinNet([2, 24, 24, 1], { scales: [1] }), problem: helm, counts: { domain: 300, boundary: 150 },
  optimizer: { lr: exponentialDecay(5e-3, 0.5, 200) }, resampleEvery: 50,
});
let state = solver.init(randomKey(0));
const grid = helm.geometry.sampleInterior(900, { sampler: 'grid' });
const history: { step: number; l2: number }[] = [];
for (let b = 0; b < 4; b++) {
  state = solver.train(state, 50);
  history.push({ step: state.step, l2: relativeL2(solver.predict(state.params.net, grid), helm.exact(grid), 1)[0]! });
}
console.log(history.map((h) => `step ${h.step}: L2 ${h.l2.toFixed(4)}`).join('\n'));
tslab.display.html(linePlot([{ label: 'relative L2 vs sin(2x)', x: history.map((h) => h.step), y: history.map((h) => h.l2) }], { title: 'Helmholtz PINN', xLabel: 'step', yLabel: 'L2', yLog: true }));
// %% [markdown]
// ## The TE Maxwell problem and its FDTD reference
// Hz from `solvers/fdtd2d` (open domain, CPML) at t = 0.6 (2 ns) for the Ricker source at 1 GHz —
// what the PINN's Ex, Ey, Hz are compared with at the Yee positions.
// %%
const maxwell = maxwellTE2D({ tEnd: 0.6 });
const ref = maxwellTE2DReference(maxwell, { cellsPerUnit: 100, times: [0.6], stride: 2 });
console.log(`FDTD reference: ${ref.steps} steps in ${(ref.wallMs / 1000).toFixed(1)} s, ${ref.Hz.values.length} Hz samples`);
const n = Math.round(Math.sqrt(ref.Hz.values.length));
const hz = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hz[j * n + i] = ref.Hz.values[i * n + j]!; // rows = y
tslab.display.html(heatmap(hz, n, n, { title: 'Hz (FDTD) at t = 2 ns', symmetric: true }));
// %% [markdown]
// ## TE Maxwell as a separable PINN (our Ricker variant of MindElec's problem)
// Each field is a rank-R sum of products of per-axis sine networks, u_c = sum_r X_r(x) Y_r(y) T_r(t)
// (Cho et al. 2023), so one step evaluates the residuals on a whole N^3 space-time grid for the cost of
// 3N network evaluations and a few GEMMs; zero initial fields are exact (T vanishes at t = 0). A short run on
// [0, 2 ns] here; `npx mindelec pinn mindelec/src/ai/configs/maxwell-separable.json` trains the full 4 ns problem
// (L2 Ex 0.050, Ey 0.050, Hz 0.051 after 60 000 steps, 44 min on one core).
// %%
const sep = separableMaxwell({ problem: maxwell, rank: 32, hidden: [48, 48], perAxis: { x: 32, y: 32, t: 24 }, boundaryPerAxis: 24, optimizer: { lr: exponentialDecay(2e-3, 0.5, 400) } });
let sepState = sep.init(randomKey(0));
const sepErr = () => (['Ex', 'Ey', 'Hz'] as const).map((f, c) => {
  const p = sep.predict(sepState.params, ref[f].points); // [n, 3] rows (Ex, Ey, Hz)
  return relativeL2(Float64Array.from({ length: p.length / 3 }, (_, i) => p[3 * i + c]!), ref[f].values, 1)[0]!;
});
for (let b = 0; b < 4; b++) {
  for (let i = 0; i < 150; i++) sepState = sep.step(sepState);
  const e = sepErr();
  console.log(`step ${sepState.step}: L2 Ex ${e[0]!.toFixed(3)}, Ey ${e[1]!.toFixed(3)}, Hz ${e[2]!.toFixed(3)}`);
}
const hzPinn = sep.predict(sepState.params, ref.Hz.points);
const hzP = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) hzP[j * n + i] = hzPinn[3 * (i * n + j) + 2]!;
tslab.display.html(heatmap(hzP, n, n, { title: `Hz (separable PINN, ${sepState.step} steps) at t = 2 ns`, symmetric: true }));
// %% [markdown]
// ## MindElec's own TE setup, with singularity subtraction
// MindElec's example (its `src/maxwell.py` and `config.json`) drives the problem with a Gaussian pulse
// exp(-((t - t0)/tau)^2), tau = sqrt(2.3)/(pi f), t0 = 3.65 tau, from a source only sigma = 0.0025 m wide at
// (0.4975, 0.4975), and closes it with second-order Mur on Hz. A source that narrow dominates the loss. With
// `quasiStatic: true` the network learns only what is left after subtracting the source's closed-form
// quasi-static near field (E_q = w chi e with curl e = -A g, Hz_q = w' chi h with h the smoothed log r, under a
// window chi of radius rho). A short run here; `npx mindelec pinn mindelec/src/ai/configs/maxwell-mindelec.json`
// trains the full problem: L2 Ex 0.0124, Ey 0.0122, Hz 0.0136 against the open-domain FDTD after 60 000 steps
// (52 min on one core); MindElec reports 0.0356, 0.0343, 0.0230.
// %%
const me = maxwellTE2D({ sigma: 0.0025, amplitude: 2000, center: [0.4975, 0.4975], waveform: 'gauss', boundary: 'mur2' });
const meRef = maxwellTE2DReference(me, { cellsPerUnit: 400, times: [0.6 * me.tEnd], stride: 8 });
const meSep = separableMaxwell({
  problem: me, quasiStatic: true, quasiStaticRadius: 0.1, rank: 32, hidden: [48, 48], perAxis: { x: 32, y: 32, t: 24 },
  boundaryPerAxis: 24, nearFraction: 0, optimizer: { lr: exponentialDecay(1e-3, 0.5, 400) },
});
let meState = meSep.init(randomKey(0));
const meErr = () => (['Ex', 'Ey', 'Hz'] as const).map((f, c) => {
  const p = meSep.predict(meState.params, meRef[f].points);
  return relativeL2(Float64Array.from({ length: p.length / 3 }, (_, i) => p[3 * i + c]!), meRef[f].values, 1)[0]!;
});
for (let b = 0; b < 4; b++) {
  for (let i = 0; i < 150; i++) meState = meSep.step(meState);
  const e = meErr();
  console.log(`step ${meState.step}: L2 at t = 2.4 ns Ex ${e[0]!.toFixed(3)}, Ey ${e[1]!.toFixed(3)}, Hz ${e[2]!.toFixed(3)}`);
}
const mn = Math.round(Math.sqrt(meRef.Hz.values.length));
const meHz = meSep.predict(meState.params, meRef.Hz.points);
const meMap = new Float64Array(mn * mn);
for (let i = 0; i < mn; i++) for (let j = 0; j < mn; j++) meMap[j * mn + i] = meHz[3 * (i * mn + j) + 2]!;
tslab.display.html(heatmap(meMap, mn, mn, { title: `Hz (separable PINN with subtraction, ${meState.step} steps) at t = 2.4 ns`, symmetric: true }));
// %% [markdown]
// ## S11 surrogate on the shipped FDTD dataset (MindElec: 1.02% vs CST)
// A short training (800 steps) on 960 designs, with the first layer's optical thickness sqrt(epsA) dA
// as a fourth input; `surrogate train` with longer runs and more designs gives the numbers in
// mindelec/src/ai/RESULTS.md. Inference is timed batched (float32, one GEMM per layer).
// %%
const dsPath = ['datasets/data/s11/two-layer-1200.json', '../datasets/data/s11/two-layer-1200.json'].find((p) => existsSync(p))!;
const ds = readS11Dataset(dsPath);
const { train, test } = splitIndices(ds.designs.length, 0.2, 0);
const model = trainS11Surrogate(ds, train, { steps: 800, lr: 3e-3, features: 'optical' });
const m = s11Metrics(predictS11(model, test.map((i) => ds.designs[i]!)), s11Subset(ds, test));
console.log(`held-out ${m.n} designs: ${(100 * m.relativeComplex).toFixed(2)}% complex, ${m.meanAbsDb.toFixed(3)} dB mean |dB error|`);
predictS11Batch(model, ds.designs);
const tBatch = performance.now();
predictS11Batch(model, ds.designs);
const msPerDesign = (performance.now() - tBatch) / ds.designs.length;
const fdtdSeconds = ds.provenance.fdtdSecondsPerDesign as number;
console.log(`batched inference ${msPerDesign.toFixed(4)} ms per design vs the FDTD's ${fdtdSeconds.toFixed(2)} s when the set was made: ${(fdtdSeconds * 1000 / msPerDesign).toFixed(0)}x`);
const i0 = test[0]!, d0 = ds.designs[i0]!;
const pred = predictS11(model, [d0]);
const db = (re: number[], im: number[]) => re.map((r, q) => 10 * Math.log10(r * r + im[q]! ** 2));
const exact = layerS11Exact({ epsA: d0[0]!, dA: d0[1]!, dB: d0[2]! }, ds.freqs);
const ghz = ds.freqs.map((f) => f / 1e9);
tslab.display.html(linePlot([
  { label: 'FDTD', x: ghz, y: db(ds.s11.re[i0]!, ds.s11.im[i0]!) },
  { label: 'surrogate', x: ghz, y: db(pred.re[0]!, pred.im[0]!), dashed: true },
  { label: 'transfer matrix', x: ghz, y: db(exact.map((c) => c.re), exact.map((c) => c.im)), markers: true },
], { title: `|S11| of held-out design epsA ${d0[0]}, dA ${d0[1]} mm, dB ${d0[2]} mm`, xLabel: 'f (GHz)', yLabel: 'dB' }));
// %% [markdown]
// ## A 3-D antenna family: 275 FDTD-simulated microstrip patches (MindElec: 495 designs x 3 parameters x 1001 frequencies)
// Patch length L (24-44 mm), width W (28-44 mm) and feed inset (2-10 mm) on the 2 mm grid of `fdtd3d`, eps_r 3.38
// substrate 1.524 mm thick, 50 ohm probe feed; complex S11 at 1001 frequencies over 1.5-4 GHz (~10 s of 3-D FDTD per
// design here). The surrogate learns S11 against a normalised frequency that puts the TM10 resonance at 1 and the
// TM02 resonance at 2 (`warp: 'cavity2'`), so the dips sit in the same place for every design instead of moving by
// two of their widths between neighbouring L. The resonances are the cavity model's, calibrated on the training
// designs' own input-resistance peaks (`anchors: 'fitted'`: the model alone is 5-9% off on this grid), and the
// network gets the cavity model's coupling and resonances as extra inputs (`features: 'patch'`). A short training here (width 64, 1500 steps); `npx mindelec surrogate train mindelec/src/ai/configs/s11-train-patch.json`
// trains MindElec's full network (numbers in mindelec/src/ai/RESULTS.md).
// %%
const patchPath = ['datasets/data/s11/patch-275.json', '../datasets/data/s11/patch-275.json'].find((p) => existsSync(p))!;
const pds = readS11Dataset(patchPath);
const ps = splitIndices(pds.designs.length, 0.15, 0);
const pModel = trainS11Surrogate(pds, ps.train, { width: 64, depth: 3, steps: 1500, lr: 3e-3, warp: 'cavity2', anchors: 'fitted', features: 'patch', warpPoints: 801 });
const pm = s11Metrics(predictS11(pModel, ps.test.map((i) => pds.designs[i]!)), s11Subset(pds, ps.test));
console.log(`patch, held-out ${pm.n} designs: ${(100 * pm.relativeComplex).toFixed(2)}% complex S11, ${pm.meanAbsDb.toFixed(3)} dB mean |dB error|`);
const pFdtd = pds.provenance.fdtdSecondsPerDesign as number;
predictS11Batch(pModel, pds.designs);
const tp = performance.now();
predictS11Batch(pModel, pds.designs);
const pMs = (performance.now() - tp) / pds.designs.length;
console.log(`batched inference ${pMs.toFixed(4)} ms per design vs ${pFdtd.toFixed(1)} s of 3-D FDTD: ${(pFdtd * 1000 / pMs).toFixed(0)}x`);
// One design per call (a design loop, an optimiser): the compiled predictor reads only the outputs the design needs.
const pFast = compileS11Predictor(pModel);
pFast(pds.designs[0]!);
const tf = performance.now();
for (let r = 0; r < 50; r++) pFast(pds.designs[r]!);
const fMs = (performance.now() - tf) / 50;
console.log(`one design per call (compileS11Predictor): ${fMs.toFixed(3)} ms, ${(pFdtd * 1000 / fMs).toFixed(0)}x the 3-D FDTD`);
const pGhz = pds.freqs.map((f) => f / 1e9);
tslab.display.html(linePlot(ps.test.slice(0, 3).flatMap((i, r) => {
  const d = pds.designs[i]!, p = predictS11(pModel, [d]);
  return [
    { label: `FDTD L ${d[0]} W ${d[1]} inset ${d[2]}`, x: pGhz, y: db(pds.s11.re[i]!, pds.s11.im[i]!) },
    { label: `surrogate ${r + 1}`, x: pGhz, y: db(p.re[0]!, p.im[0]!), dashed: true },
  ];
}), { title: '|S11| of held-out patch designs: 3-D FDTD vs surrogate', xLabel: 'f (GHz)', yLabel: 'dB' }));
// %% [markdown]
// ## Encoding: 16x16x16x4 material blocks -> 128 numbers
// %%
const blocks = layerBlocks(train.slice(0, 32).map((i) => ({ epsA: ds.designs[i]![0]!, dA: ds.designs[i]![1]!, dB: ds.designs[i]![2]! })));
const ae = trainAutoencoder(blocks, { steps: 20, batch: 8, lr: 3e-3 });
console.log(`${COMPRESSION}x compression; relative reconstruction error after 20 steps ${(100 * reconstructionError(ae, blocks)).toFixed(1)}%`);
// %% [markdown]
// ## Incremental training with a latent auto-decoder (MindElec: ~10x faster than from scratch)
// 1-D Maxwell, eps E_t = H_x, mu H_t = E_x, a Gaussian pulse at t = 0 and exact Mur boundaries; the
// d'Alembert solution is the reference. The network (core's multiScaleFC with a 16-number latent input)
// was pretrained jointly over the nine media eps_r, mu_r in {1, 3, 5} by
// `npx mindelec pinn mindelec/src/ai/configs/incremental.json`, which ships its checkpoint. On the new
// medium (eps = mu = 2) the network starts from the pretrained weights and the blend of two pretrained
// latents with the lowest physics loss on the new medium (no data: `latentInit: "search"`), and is
// fine-tuned at a lower rate; the same network from scratch is the comparison. Short runs here; full numbers in RESULTS.md.
// %%
const cfgPath = ['mindelec/src/ai/configs/incremental.json', '../mindelec/src/ai/configs/incremental.json'].find((p) => existsSync(p))!;
const incConfig = parseIncrementalConfig(cfgPath, readFileSync(cfgPath, 'utf8'));
const ckPath = cfgPath.replace('incremental.json', 'autodecoder-pretrained.json');
const pre = readAutoDecoderCheckpoint(ckPath, incConfig);
if (!pre) throw new Error(`${ckPath} is missing: make it with npx mindelec pinn ${cfgPath}`);
console.log(`pretrained over 9 media: mean L2 E ${pre.history.at(-1)!.l2[0].toFixed(3)}, H ${pre.history.at(-1)!.l2[1].toFixed(3)} (${pre.cpuSeconds.toFixed(0)} cpu s when made)`);
const t = incConfig.train;
const inc = incConfig.incremental;
const tuneOpts = { counts: incConfig.counts, weights: t.weights, lr: t.lr, decayRate: t.decayRate, decayEvery: inc.fineTuneDecayEvery, resampleEvery: t.resampleEvery, evalEvery: 25, seed: t.seed, steps: 300, latentSteps: inc.latentSteps, latentLr: inc.latentLr, fineTuneLr: inc.fineTuneLr, latentInit: inc.latentInit };
const problem1d = { tEnd: inc.tEnd, width: inc.width };
const tuned = fineTuneAutoDecoder(inc.newMedium, incConfig.net, pre.params, tuneOpts, problem1d);
// The scratch baseline uses its own tuned rate and decay (the best of a grid, see RESULTS.md).
const fresh = fineTuneAutoDecoder(inc.newMedium, incConfig.net, null, { ...tuneOpts, lr: inc.scratchLr, decayEvery: inc.scratchDecayEvery, latentSteps: 0 }, problem1d);
const worst = (h: IncrementalRecord[]) => h.map((r) => Math.max(r.l2[0], r.l2[1]));
console.log(`after 300 steps: incremental ${worst(tuned.history).at(-1)!.toFixed(3)} (${tuned.cpuSeconds.toFixed(1)} cpu s), scratch ${worst(fresh.history).at(-1)!.toFixed(3)} (${fresh.cpuSeconds.toFixed(1)} cpu s)`);
tslab.display.html(linePlot([
  { label: 'incremental (pretrained, searched latent)', x: tuned.history.map((r) => r.step), y: worst(tuned.history) },
  { label: 'from scratch', x: fresh.history.map((r) => r.step), y: worst(fresh.history), dashed: true },
], { title: 'new medium eps = mu = 2: max(L2 E, L2 H) vs step', xLabel: 'step', yLabel: 'relative L2', yLog: true }));
