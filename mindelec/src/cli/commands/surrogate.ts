/**
 * `mindelec surrogate generate|train|predict <config.json>` — the parametric S11 surrogate pipeline:
 * FDTD dataset generation (worker_threads, resumable), training with a held-out report (errors and
 * speed-up vs FDTD), prediction for new designs, and the encoded pipeline (block -> code -> S11). Field formats: mindelec/src/ai/surrogate/run.ts.
 */
import { ConfigError } from '../../ai/config.ts';
import { DatasetError } from '../../ai/surrogate/dataset.ts';
import { runGenerate, runPredict, runTrain } from '../../ai/surrogate/run.ts';
import { runEncoding } from '../../ai/encoding/pipeline.ts';

const HELP = `usage: mindelec surrogate <generate|train|predict|encode> <config.json>

  generate  simulate a design family with our FDTD (worker_threads, progress bar, resumable from
            <out>.partial.jsonl) and write a mindscience-s11/1 dataset. family "two-layer": a Latin
            hypercube of 1-D dielectric windows; family "patch": the 3-D microstrip patch antenna
            lattice (L, W, inset in mm; 275 designs at 2 mm, 1001 frequencies 1.5-4 GHz)
            config: { out, family, count, seed, workers, grid: { cell (mm), durationNs, fMinGHz, fMaxGHz, nFreq } }
  train     train the skip-MLP surrogate (MindElec: 7 dense layers of 128, cumulative skips), report
            relative and dB errors on a held-out split and the inference speed-up over the FDTD
            config: { dataset (path or [paths], concatenated), model, testFraction, splitSeed,
                      net: { width, depth, features: "raw" | "optical" (adds sqrt(epsA) dA),
                             warp: "none" | "cavity" (patch: learn S11 against f / f_TM10) | "cavity2"
                                   (TM10 and TM02 anchored) | "mixed" (half the ensemble each) },
                      train: { steps, batch, lr, seed, ensemble (networks averaged) }, report }
  predict   S11 of new designs from a trained model
            config: { model, designs: [[epsA, dA (mm), dB (mm)] or [L, W, inset (mm)], ...], out }
  encode    train the 3-D conv autoencoder on the designs' 16x16x16x4 material blocks (128x compression),
            then an S11 surrogate from the codes; reports reconstruction and S11 errors on the held-out split
            config: { dataset, testFraction, splitSeed, autoencoder: { steps, batch, lr, seed },
                      surrogate: { steps, batch, lr, seed, width, depth }, model, report }
examples: mindelec/src/ai/configs/s11-*.json`;

export default {
  summary: 'S11 surrogate: generate an FDTD dataset, train, predict (JSON configs)',
  async run(argv: string[]): Promise<number> {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      console.log(HELP);
      return argv.length === 0 ? 2 : 0;
    }
    const [sub, file, ...extra] = argv;
    if (!['generate', 'train', 'predict', 'encode'].includes(sub!) || !file || extra.length > 0) {
      console.error(`mindelec surrogate: expected 'generate|train|predict|encode <config.json>', got ${JSON.stringify(argv)}\n\n${HELP}`);
      return 2;
    }
    const log = (s: string) => console.log(s);
    try {
      if (sub === 'generate') await runGenerate(file, log);
      else if (sub === 'train') runTrain(file, log);
      else if (sub === 'predict') runPredict(file, log);
      else runEncoding(file, log);
      return 0;
    } catch (e) {
      if (e instanceof ConfigError || e instanceof DatasetError || (e as NodeJS.ErrnoException).code === 'ENOENT' || (e instanceof RangeError)) {
        console.error(`mindelec surrogate ${sub}: ${(e as Error).message}`);
        return 2;
      }
      throw e;
    }
  },
};
