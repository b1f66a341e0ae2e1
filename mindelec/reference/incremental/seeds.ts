/**
 * The incremental-training comparison of `configs/incremental.json` repeated over other seeds: for each seed s
 * given on the command line, the fine-tune from the shipped pretrained checkpoint and the scratch run both use
 * seed s (point draws; the scratch network's initialisation), everything else as in the config. Prints, per
 * seed, the first evaluated step at which max(L2 E, L2 H) <= each level for both runs and their ratio, then
 * writes them to seeds.json next to this file. (Seed 0 is what `npx mindelec pinn configs/incremental.json`
 * runs; the seed is part of the pretraining's checkpoint key, so it cannot be changed in the config alone.)
 *
 *   npx tsx mindelec/reference/incremental/seeds.ts 1 2 3 4      (about 70 s per seed on one core)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIncrementalConfig, readAutoDecoderCheckpoint } from '../../src/ai/pinn/incrementalRun.ts';
import { fineTuneAutoDecoder, type IncrementalRecord } from '../../src/ai/pinn/incremental.ts';
import { writeFileAtomic } from '../../src/io/index.ts';

const file = fileURLToPath(new URL('../../src/ai/configs/incremental.json', import.meta.url));
const cfg = parseIncrementalConfig(file, readFileSync(file, 'utf8'));
const ckFile = fileURLToPath(new URL('../../src/ai/configs/autodecoder-pretrained.json', import.meta.url));
const pre = readAutoDecoderCheckpoint(ckFile, cfg);
if (!pre) throw new Error(`${ckFile} is missing: run npx mindelec pinn ${file} first`);
const seeds = process.argv.slice(2).map(Number);
if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`usage: seeds.ts <seed> ...; got ${JSON.stringify(process.argv.slice(2))}`);
const inc = cfg.incremental, t = cfg.train;
const problem = { tEnd: inc.tEnd, width: inc.width };
const levels = [0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02].filter((l) => l >= inc.targetL2);
const first = (h: IncrementalRecord[], l: number) => h.find((r) => Math.max(r.l2[0], r.l2[1]) <= l)?.step ?? null;
const rows = seeds.map((seed) => {
  const base = { counts: cfg.counts, weights: t.weights, lr: t.lr, decayRate: t.decayRate, resampleEvery: t.resampleEvery, evalEvery: t.evalEvery, seed, latentSteps: inc.latentSteps, latentLr: inc.latentLr, target: inc.targetL2 };
  const a = fineTuneAutoDecoder(inc.newMedium, cfg.net, pre.params, { ...base, decayEvery: inc.fineTuneDecayEvery, steps: inc.fineTuneSteps, latentInit: inc.latentInit, ...(inc.fineTuneLr ? { fineTuneLr: inc.fineTuneLr } : {}) }, problem);
  const b = fineTuneAutoDecoder(inc.newMedium, cfg.net, null, { ...base, lr: inc.scratchLr, decayEvery: inc.scratchDecayEvery, steps: inc.scratchSteps, latentSteps: 0 }, problem);
  const ladder = levels.map((l2) => {
    const x = first(a.history, l2), y = first(b.history, l2);
    return { l2, incrementalSteps: x, scratchSteps: y, speedupSteps: x !== null && y !== null ? y / x : null };
  });
  console.log(`seed ${seed}: ` + ladder.map((r) => `${r.l2}: ${r.incrementalSteps ?? '-'} vs ${r.scratchSteps ?? '-'}${r.speedupSteps === null ? '' : ` (${r.speedupSteps.toFixed(1)}x)`}`).join('; '));
  return { seed, ladder };
});
writeFileAtomic(fileURLToPath(new URL('./seeds.json', import.meta.url)), JSON.stringify({ config: 'mindelec/src/ai/configs/incremental.json', created: new Date().toISOString(), rows }, null, 1) + '\n');
