/**
 * Benchmark: time per design of the S11 surrogate's inference (batch 1, compiled forward pass) against the
 * 1-D FDTD run it replaces, on designs of the shipped dataset, and of one batched float32 call over 1000
 * designs (core GEMM, wasm SIMD). The network is trained briefly — inference cost does not depend on how
 * well it is trained. ratio = surrogate / FDTD (lower is better).
 */
import { layerS11Fdtd, predictS11, predictS11Batch, readS11Dataset, splitIndices, trainS11Surrogate } from '@mindscience/mindelec';
import type { Benchmark } from '../harness.ts';

const DATASET = new URL('../../datasets/data/s11/two-layer-1200.json', import.meta.url).pathname;

const bench: Benchmark = {
  name: 's11-surrogate',
  description: 'S11 surrogate inference (skip-MLP 7x128, 202 outputs) vs the 1-D FDTD run per design',
  async run() {
    const ds = readS11Dataset(DATASET);
    const { train, test } = splitIndices(ds.designs.length, 0.2, 0);
    const model = trainS11Surrogate(ds, train, { steps: 50 });
    const designs = test.slice(0, 3).map((i) => ds.designs[i]!);
    const f = ds.freqs;
    const fdtdMs: number[] = designs.map((d) => 1000 * layerS11Fdtd({ epsA: d[0]!, dA: d[1]!, dB: d[2]! }, { fMinGHz: f[0]! / 1e9, fMaxGHz: f[f.length - 1]! / 1e9, nFreq: f.length }).wallSeconds);
    const reps = 2000;
    predictS11(model, [designs[0]!]);
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) predictS11(model, [designs[r % designs.length]!]);
    const ours = (performance.now() - t0) / reps;
    fdtdMs.sort((a, b) => a - b);
    const peer = fdtdMs[1]!;
    const many = ds.designs.slice(0, 1000);
    predictS11Batch(model, many);
    const tb = performance.now();
    for (let r = 0; r < 10; r++) predictS11Batch(model, many);
    const batched = (performance.now() - tb) / (10 * many.length);
    const fdtdName = 'mindelec fdtd1d (same design, 0.25 mm, 6 ns, 2 runs)';
    return [{
      name: 's11-per-design', metric: 'time per design', unit: 'ms', ours, peer: fdtdName,
      peerValue: peer, ratio: ours / peer, notes: `batch 1, float64 compiled forward; speed-up ${(peer / ours).toFixed(0)}x; MindElec target >= 1000x`,
    }, {
      name: 's11-per-design-batched', metric: 'time per design', unit: 'ms', ours: batched, peer: fdtdName,
      peerValue: peer, ratio: batched / peer, notes: `1000 designs per call, float32 core GEMM; speed-up ${(peer / batched).toFixed(0)}x; MindElec target >= 1000x`,
    }];
  },
};

export default bench;
