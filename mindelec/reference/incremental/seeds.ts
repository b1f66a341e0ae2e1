/**
 * The incremental-training comparison of `configs/incremental.json` repeated over other seeds: for each seed s
 * given on the command line, compareOnNewMedium runs the fine-tune from the shipped pretrained checkpoint and
 * the scratch run, both with seed s (point draws; the scratch network's initialisation), everything else as
 * in the config. Prints, per
 * seed, the first evaluated step at which max(L2 E, L2 H) <= each level for both runs and their ratio, then
 * writes them to seeds.json next to this file. (Seed 0 is what `npx mindelec pinn configs/incremental.json`
 * runs; the seed is part of the pretraining's checkpoint key, so it cannot be changed in the config alone.)
 *
 *   npx tsx mindelec/reference/incremental/seeds.ts 1 2 3 4      (about 70 s per seed on one core)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compareOnNewMedium, parseIncrementalConfig, readAutoDecoderCheckpoint } from '../../src/ai/pinn/incrementalRun.ts';
import { writeFileAtomic } from '../../src/io/index.ts';

const file = fileURLToPath(new URL('../../src/ai/configs/incremental.json', import.meta.url));
const cfg = parseIncrementalConfig(file, readFileSync(file, 'utf8'));
const ckFile = fileURLToPath(new URL('../../src/ai/configs/autodecoder-pretrained.json', import.meta.url));
const pre = readAutoDecoderCheckpoint(ckFile, cfg);
if (!pre) throw new Error(`${ckFile} is missing: run npx mindelec pinn ${file} first`);
const seeds = process.argv.slice(2).map(Number);
if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`usage: seeds.ts <seed> ...; got ${JSON.stringify(process.argv.slice(2))}`);
const rows = seeds.map((seed) => {
  const r = compareOnNewMedium(cfg, pre.params, seed);
  const ladder = r.ladder.map(({ l2, incrementalSteps, scratchSteps, speedupSteps }) => ({ l2, incrementalSteps, scratchSteps, speedupSteps }));
  console.log(`seed ${seed}: ` + ladder.map((l) => `${l.l2}: ${l.incrementalSteps ?? '-'} vs ${l.scratchSteps ?? '-'}${l.speedupSteps === null ? '' : ` (${l.speedupSteps.toFixed(1)}x)`}`).join('; '));
  return { seed, ladder };
});
writeFileAtomic(fileURLToPath(new URL('./seeds.json', import.meta.url)), JSON.stringify({ config: 'mindelec/src/ai/configs/incremental.json', created: new Date().toISOString(), rows }, null, 1) + '\n');
