/**
 * `mindelec pinn <config.json> [--out result.json] [--quiet]` — train a physics-informed network
 * (2-D Helmholtz or 2-D TE Maxwell) from a validated JSON config and report the relative L2 error of
 * each output against the analytic / FDTD reference. See mindelec/src/ai/pinn/run.ts for the fields.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../io/index.ts';
import { parsePinnConfig, runPinn } from '../../ai/pinn/run.ts';
import { writePinnModel } from '../../ai/pinn/model.ts';
import { parseIncrementalConfig, runIncremental } from '../../ai/pinn/incrementalRun.ts';
import { ConfigError } from '../../ai/config.ts';

const HELP = `usage: mindelec pinn <config.json> [--out result.json] [--quiet]

Trains a PINN and reports relative L2 errors (MindElec: Helmholtz 0.0173; TE Maxwell Ex 0.0356,
Ey 0.0343, Hz 0.0230). Config fields (all but "problem" optional):
  problem      "helmholtz" | "maxwell-te2d" | "maxwell1d-incremental"
  helmholtz    { k, min: [x, y], max: [x, y] }                    (default k 2 on [0, pi]^2)
  maxwell      { frequency (Hz), lengthUnit (m), tEnd, sigma, amplitude, center, cellsPerUnit,
                 waveform: "ricker"|"gauss", boundary: "mur1"|"mur2" }
  net          { widths: [in, ..., out], scales: [1, 2, 4], omega0 }
  counts       { domain, boundary, initial }                      sample points per draw
  train        { steps, lr, decayRate, decayEvery, resampleEvery, weighting: "uncertainty"|"fixed", seed, logEvery,
                 curriculum }
  out          result JSON path (history, final L2, timings)
  model        trained-weights JSON path (read back with readPinnModel)
  init         weights to start from (a model file of the same separable network; fresh Adam moments)
  separable PINN (maxwell-te2d): net { kind: "separable", rank, hidden: [64, 64, 64], omega0, headScale,
               quasiStatic: true|false, quasiStaticRadius },
               counts { perAxis (x, y, t samples per step), boundaryPerAxis, nearFraction }, train { causal, boundaryWeight }
  maxwell-te2d errors are reported against the open-domain FDTD and the first-order Mur box.
examples: mindelec/src/ai/configs/helmholtz.json, mindelec/src/ai/configs/maxwell.json,
  mindelec/src/ai/configs/maxwell-separable.json, mindelec/src/ai/configs/maxwell-mindelec.json

"maxwell1d-incremental" (auto-decoder incremental training; fields in mindelec/src/ai/pinn/incrementalRun.ts):
  incremental  { pretrainMedia: [{eps, mu}, ...] (default eps, mu in {1,3,5}), newMedium: {eps, mu},
                 tEnd, width, targetL2, pretrainSteps, pretrainLr, pretrainDecayEvery, fineTuneSteps,
                 latentSteps, latentLr, fineTuneLr, fineTuneDecayEvery, latentInit: "mean"|"search",
                 scratchSteps, scratchLr, scratchDecayEvery, checkpoint (pretrained params, reused when present) }
  net          { layers, neurons, numScales, scaleFactor, latentSize }
  counts       { domain, boundary, initial }                      per medium, per draw
  train        { lr, decayRate, decayEvery, resampleEvery, evalEvery, seed, weights: [domain, boundary, initial] }
  Reports steps and CPU seconds to reach targetL2 on the new medium, incremental vs from scratch.
example: mindelec/src/ai/configs/incremental.json`;

export default {
  summary: 'train a Maxwell/Helmholtz PINN from a JSON config; report L2 error vs reference',
  async run(argv: string[]): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(HELP);
      return 0;
    }
    const quiet = argv.includes('--quiet');
    const rest = argv.filter((a) => a !== '--quiet');
    let out: string | undefined;
    const oi = rest.indexOf('--out');
    if (oi >= 0) {
      out = rest[oi + 1];
      if (!out) {
        console.error('mindelec pinn: --out needs a file name');
        return 2;
      }
      rest.splice(oi, 2);
    }
    if (rest.length !== 1 || rest[0]!.startsWith('--')) {
      console.error(`mindelec pinn: expected one config file, got ${JSON.stringify(rest)}\n\n${HELP}`);
      return 2;
    }
    const file = rest[0]!;
    try {
      const text = readFileSync(file, 'utf8');
      if (/"problem"\s*:\s*"maxwell1d-incremental"/.test(text)) {
        const config = parseIncrementalConfig(file, text);
        const r = runIncremental(config, quiet ? undefined : (line) => console.log(line));
        const to = (o: { stepsToTarget: number | null; cpuSecondsToTarget: number | null }) => (o.stepsToTarget === null ? 'not reached' : `${o.stepsToTarget} steps, ${o.cpuSecondsToTarget!.toFixed(0)} cpu s`);
        console.log(`incremental (auto-decoder) to L2 ${r.targetL2}: ${to(r.incremental)}; from scratch: ${to(r.scratch)}; speed-up ${r.speedupSteps === null ? 'n/a' : r.speedupSteps.toFixed(1) + 'x steps'}${r.speedupCpu === null ? '' : ', ' + r.speedupCpu.toFixed(1) + 'x cpu'} (pretraining ${r.pretrain.cpuSeconds.toFixed(0)} cpu s${r.pretrain.loaded ? ', from checkpoint' : ''})`);
        const n = (v: number | null) => (v === null ? '-' : String(v));
        for (const l of r.ladder) console.log(`  L2 <= ${l.l2}: incremental ${n(l.incrementalSteps)} steps, scratch ${n(l.scratchSteps)} steps${l.speedupSteps === null ? '' : ` (${l.speedupSteps.toFixed(1)}x)`}`);
        const target = out ?? config.out;
        if (target) writeFileAtomic(target, JSON.stringify({ config, ...r }, null, 1) + '\n');
        return 0;
      }
      const config = parsePinnConfig(file, text);
      const result = runPinn(config, quiet ? undefined : (line) => console.log(line));
      const { state: _state, predict: _predict, ...summary } = result;
      const mur = result.l2Mur ? ` (against the ${config.maxwell.boundary === 'mur2' ? 'second' : 'first'}-order Mur box: ${result.outputs.map((o, i) => `${o} ${result.l2Mur![i]!.toFixed(4)}`).join(', ')})` : '';
      console.log(`${result.problem}: L2 ${result.outputs.map((o, i) => `${o} ${result.l2[i]!.toFixed(4)}`).join(', ')}${mur}; ${result.parameters} parameters, train ${result.trainSeconds.toFixed(1)} s, reference ${result.referenceSeconds.toFixed(1)} s`);
      const target = out ?? config.out;
      if (target) writeFileAtomic(target, JSON.stringify({ config, ...summary }, null, 1) + '\n');
      if (config.model) {
        const p = result.state.params;
        writePinnModel(config.model, config, 'axes' in p ? p.axes : p.net.nets);
        console.log(`trained weights written to ${config.model} (readPinnModel)`);
      }
      return 0;
    } catch (e) {
      if (e instanceof ConfigError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
        console.error(`mindelec pinn: ${(e as Error).message}`);
        return 2;
      }
      throw e;
    }
  },
};
