/**
 * schnet: neural force-field cost per call (energy + forces through the network), ours vs the GFN2-xTB
 * call it replaces (`xtb --gfn 2 --grad`, one process per call, as the dataset generator uses it):
 *  - ethanol (9 atoms, free space), SchNet 64 features / 32 RBFs / 3 interactions, cutoff 0.5 nm;
 *  - 333 rigid-geometry waters (999 atoms, periodic 2.2 nm box), same model, engine neighbour list;
 *    xtb peer only with BENCH_XTB_LARGE=1 (GFN2 on 999 atoms as a non-periodic cluster: 118 s here, and
 *    xtb needs `ulimit -s unlimited` for it or it segfaults);
 *  - allyl vinyl ether (14 atoms), the shipped Claisen MolCT checkpoint (datasets/data/models/claisen-molct.ckpt)
 *    at the GFN2 transition state, vs the xtb call that labelled its training set;
 *  - training throughput: energy+force loss steps/s on ethanol, batch 16 (no peer: PyTorch not installed).
 * Lower is better for times; ratio = ours / xtb.
 */
import type { Benchmark, BenchResult } from '../harness.ts';
import { timeIt } from '../harness.ts';
import { evaluate, initPotential, loadPotential, makeBox, neuralForceProvider, representationConfig, trainPotential, waterBox } from '@mindscience/mindsponge';
import { existsSync, readFileSync } from 'node:fs';
import { labelWithXtb, md17EthanolSnippet, readLabelledXyz, shippedDataPath, xtbAvailable } from '@mindscience/datasets';

const bench: Benchmark = {
  name: 'schnet',
  description: 'SchNet energy+forces per call (ethanol, 999-atom water box) vs the GFN2-xTB call; training steps/s',
  async run() {
    const rows: Omit<BenchResult, 'machine'>[] = [];
    const model = initPotential({ elements: [1, 6, 8], representation: representationConfig('schnet') }, 0);
    const eth = md17EthanolSnippet()[0]!;
    const pEth = neuralForceProvider(model, { atoms: eth.symbols });
    const ours9 = await timeIt(() => evaluate(pEth, eth.positions, null), 20, 3);
    const haveXtb = xtbAvailable();
    const xtb9 = haveXtb ? await timeIt(() => labelWithXtb(eth.symbols, eth.positions), 10, 2) : null;
    rows.push({
      name: 'ethanol-9-atoms-energy-forces', metric: 'time per call', unit: 'ms', ours: ours9,
      peer: haveXtb ? 'xtb 6.5.1 GFN2 (process per call)' : 'none', peerValue: xtb9, ratio: xtb9 ? ours9 / xtb9 : null,
      notes: 'lower is better; SchNet 64/32/3, 72 directed pairs; xtb time includes process start and file I/O',
    });

    const claisenCkpt = shippedDataPath('models/claisen-molct.ckpt');
    if (existsSync(claisenCkpt)) {
      const { model: molct } = loadPotential(claisenCkpt);
      const ts = readLabelledXyz(readFileSync(shippedDataPath('claisen_structures.extxyz'), 'utf8'))[1]!;
      const pTs = neuralForceProvider(molct, { atoms: ts.symbols });
      const ours14 = await timeIt(() => evaluate(pTs, ts.positions, null), 20, 3);
      const xtb14 = haveXtb ? await timeIt(() => labelWithXtb(ts.symbols, ts.positions), 10, 2) : null;
      const rep = molct.config.representation;
      rows.push({
        name: 'claisen-14-atoms-molct-energy-forces', metric: 'time per call', unit: 'ms', ours: ours14,
        peer: haveXtb ? 'xtb 6.5.1 GFN2 (process per call)' : 'none', peerValue: xtb14, ratio: xtb14 ? ours14 / xtb14 : null,
        notes: `lower is better; shipped Claisen MolCT ${rep.features} features / ${rep.interactions} interactions at the chair TS; xtb time includes process start`,
      });
    }

    const wb = waterBox({ model: 'TIP3P', count: 333, density: 0.997, seed: 1 });
    const atoms = Array.from({ length: 999 }, (_, i) => (i % 3 === 0 ? 'O' : 'H'));
    const box = makeBox(wb.edge, wb.edge, wb.edge);
    const pW = neuralForceProvider(model, { atoms, skin: 0.1 });
    const oursW = await timeIt(() => evaluate(pW, wb.positions, box), 3, 1);
    let xtbW: number | null = null;
    if (haveXtb && process.env['BENCH_XTB_LARGE'] === '1') xtbW = await timeIt(() => labelWithXtb(atoms, wb.positions, { timeoutMs: 1_800_000 }), 1, 0);
    rows.push({
      name: 'water-999-atoms-periodic-energy-forces', metric: 'time per call', unit: 'ms', ours: oursW,
      peer: xtbW ? 'xtb 6.5.1 GFN2 (cluster, non-periodic)' : 'none', peerValue: xtbW, ratio: xtbW ? oursW / xtbW : null,
      notes: `lower is better; box ${wb.edge.toFixed(3)} nm, cutoff 0.5 nm + 0.1 skin; set BENCH_XTB_LARGE=1 for the xtb peer`,
    });

    const frames = Array.from({ length: 32 }, (_, k) => md17EthanolSnippet()[k % 3]!);
    const r = trainPotential(model, frames, frames.slice(0, 3), { epochs: 1, batchSize: 16 });
    rows.push({
      name: 'ethanol-train-step-batch16', metric: 'training steps per second', unit: 'steps/s', ours: r.stepsPerSecond,
      peer: 'none', peerValue: null, ratio: null,
      notes: 'higher is better; energy+force loss (reverse over reverse), SchNet 64/32/3, Adam; PyTorch not installed',
    });
    return rows;
  },
};
export default bench;
