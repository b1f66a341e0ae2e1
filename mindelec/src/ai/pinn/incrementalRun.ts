/**
 * The incremental-training experiment from a validated config (what `mindelec pinn <config.json>` runs
 * when "problem" is "maxwell1d-incremental"): pretrain the auto-decoder on the listed media (or load
 * the checkpoint it wrote before), then train on the new medium twice — incremental (latent, then all)
 * and from scratch — and report steps and CPU seconds to reach the target L2 for each.
 *
 * Config (JSON): {
 *   "problem": "maxwell1d-incremental",
 *   "incremental": { "pretrainMedia": [{"eps": 1, "mu": 1}, ...], "newMedium": {"eps": 2, "mu": 2},
 *                    "tEnd": 1, "width": 0.15, "targetL2": 0.05, "pretrainSteps": 1500,
 *                    "pretrainLr": 0.01, "pretrainDecayEvery": 1000, "fineTuneSteps": 2000, "latentSteps": 200,
 *                    "latentLr": 0.01, "fineTuneLr": 0.003, "fineTuneDecayEvery": 1000, "latentInit": "mean" | "search",
 *                    "scratchSteps": 3000, "scratchLr": 0.01, "scratchDecayEvery": 1000,
 *                    "checkpoint": "pretrained.json" },
 *   "net": { "layers": 4, "neurons": 32, "numScales": 3, "scaleFactor": 2, "latentSize": 16 },
 *   "counts": { "domain": 128, "boundary": 32, "initial": 64 },      per medium, per draw
 *   "train": { "lr": 3e-3, "decayRate": 0.5, "decayEvery": 1000, "resampleEvery": 20, "evalEvery": 50,
 *              "seed": 0, "weights": [1, 1, 10] },
 *   "out": "incremental.json"
 * }
 * The checkpoint stores the pretrained params with the settings that made them; a checkpoint made with
 * other settings is an error, not silently reused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomKey, tensor, treeFlatten, treeUnflatten, type MultiScaleFCParams } from '@mindscience/core';
import { ConfigError, ConfigReader } from '../config.ts';
import { writeFileAtomic } from '../../io/index.ts';
import { autoDecoderNet, fineTuneAutoDecoder, pretrainAutoDecoder, type AutoDecoderNetConfig, type FineTuneOptions, type IncrementalRecord, type TrainOutcome } from './incremental.ts';
import type { Medium } from './maxwell1d.ts';

export interface IncrementalConfig {
  problem: 'maxwell1d-incremental';
  incremental: {
    pretrainMedia: Medium[];
    newMedium: Medium;
    tEnd: number;
    width: number;
    targetL2: number;
    pretrainSteps: number;
    /** Learning rate and decay interval (steps) of each phase; each defaults to train.lr / train.decayEvery. */
    pretrainLr: number;
    pretrainDecayEvery: number;
    fineTuneDecayEvery: number;
    scratchLr: number;
    scratchDecayEvery: number;
    fineTuneSteps: number;
    latentSteps: number;
    latentLr: number;
    fineTuneLr?: number;
    latentInit: 'mean' | 'search';
    scratchSteps: number;
    checkpoint?: string;
  };
  net: AutoDecoderNetConfig;
  counts: { domain: number; boundary: number; initial: number };
  train: { lr: number; decayRate: number; decayEvery: number; resampleEvery: number; evalEvery: number; seed: number; weights: [number, number, number] };
  out?: string;
}

const NINE: Medium[] = [1, 3, 5].flatMap((eps) => [1, 3, 5].map((mu) => ({ eps, mu })));

/**
 * Parses and validates a `"problem": "maxwell1d-incremental"` config (schema in this file's header)
 * and fills defaults. Units are the normalised ones of {@link maxwell1DFamily} (tEnd in L0/c, width in
 * L0, eps/mu relative). Defaults: pretrainMedia the nine media eps, mu in {1, 3, 5}; newMedium {2, 2};
 * tEnd 1, width 0.15, targetL2 0.05, pretrainSteps 1500, fineTuneSteps 2000, latentSteps 200, latentLr
 * 1e-2, fineTuneLr absent (= train.lr), latentInit 'mean', pretrainLr and scratchLr = train.lr, pretrainDecayEvery, fineTuneDecayEvery and
 * scratchDecayEvery = train.decayEvery, scratchSteps 3000, no checkpoint; net layers 4 (>= 2), neurons
 * 32, numScales 3, scaleFactor 2, latentSize 16; counts (per medium, per draw) domain 128, boundary 32
 * (>= 2), initial 64; train lr 3e-3, decayRate 0.5 (<= 1), decayEvery 1000, resampleEvery 20, evalEvery
 * 50, seed 0, weights [1, 1, 10] (domain, boundary, initial).
 * @param file the config's name, used in error messages.
 * @param text the JSON text.
 * @throws ConfigError naming the file, field path, value and expectation (invalid JSON, unknown keys,
 *   a wrong `problem`, an empty pretrainMedia, a medium without positive eps/mu, out-of-range values).
 */
export function parseIncrementalConfig(file: string, text: string): IncrementalConfig {
  const c = ConfigReader.parse(file, text);
  c.only('', ['problem', 'incremental', 'net', 'counts', 'train', 'out', 'comment']);
  c.only('incremental', ['pretrainMedia', 'newMedium', 'tEnd', 'width', 'targetL2', 'pretrainSteps', 'pretrainLr', 'pretrainDecayEvery', 'fineTuneSteps', 'latentSteps', 'latentLr', 'fineTuneLr', 'fineTuneDecayEvery', 'latentInit', 'scratchSteps', 'scratchLr', 'scratchDecayEvery', 'checkpoint']);
  c.only('incremental.newMedium', ['eps', 'mu']);
  c.only('net', ['layers', 'neurons', 'numScales', 'scaleFactor', 'latentSize']);
  c.only('counts', ['domain', 'boundary', 'initial']);
  c.only('train', ['lr', 'decayRate', 'decayEvery', 'resampleEvery', 'evalEvery', 'seed', 'weights']);
  c.string('problem', undefined, ['maxwell1d-incremental'] as const);
  const raw = (c.root.incremental as Record<string, unknown> | undefined)?.pretrainMedia;
  let pretrainMedia = NINE;
  if (raw !== undefined) {
    if (!Array.isArray(raw) || raw.length === 0) c.fail('incremental.pretrainMedia', raw, 'a non-empty array of {eps, mu}');
    pretrainMedia = (raw as unknown[]).map((_, i) => {
      c.only(`incremental.pretrainMedia.${i}`, ['eps', 'mu']);
      return { eps: c.number(`incremental.pretrainMedia.${i}.eps`, undefined, { positive: true }), mu: c.number(`incremental.pretrainMedia.${i}.mu`, undefined, { positive: true }) };
    });
  }
  const weights = c.numbers('train.weights', [1, 1, 10], { length: 3, positive: true });
  const decayEvery = c.number('train.decayEvery', 1000, { positive: true });
  const lr = c.number('train.lr', 3e-3, { positive: true });
  return {
    problem: 'maxwell1d-incremental',
    incremental: {
      pretrainMedia,
      newMedium: { eps: c.number('incremental.newMedium.eps', 2, { positive: true }), mu: c.number('incremental.newMedium.mu', 2, { positive: true }) },
      tEnd: c.number('incremental.tEnd', 1, { positive: true }),
      width: c.number('incremental.width', 0.15, { positive: true }),
      targetL2: c.number('incremental.targetL2', 0.05, { positive: true }),
      pretrainSteps: c.number('incremental.pretrainSteps', 1500, { integer: true, min: 0 }),
      pretrainLr: c.number('incremental.pretrainLr', lr, { positive: true }),
      pretrainDecayEvery: c.number('incremental.pretrainDecayEvery', decayEvery, { positive: true }),
      fineTuneDecayEvery: c.number('incremental.fineTuneDecayEvery', decayEvery, { positive: true }),
      scratchLr: c.number('incremental.scratchLr', lr, { positive: true }),
      scratchDecayEvery: c.number('incremental.scratchDecayEvery', decayEvery, { positive: true }),
      fineTuneSteps: c.number('incremental.fineTuneSteps', 2000, { integer: true, min: 1 }),
      latentSteps: c.number('incremental.latentSteps', 200, { integer: true, min: 0 }),
      latentLr: c.number('incremental.latentLr', 1e-2, { positive: true }),
      ...(c.root.incremental && (c.root.incremental as Record<string, unknown>).fineTuneLr !== undefined ? { fineTuneLr: c.number('incremental.fineTuneLr', undefined, { positive: true }) } : {}),
      latentInit: c.string('incremental.latentInit', 'mean', ['mean', 'search'] as const),
      scratchSteps: c.number('incremental.scratchSteps', 3000, { integer: true, min: 1 }),
      checkpoint: c.optionalString('incremental.checkpoint'),
    },
    net: {
      layers: c.number('net.layers', 4, { integer: true, min: 2 }),
      neurons: c.number('net.neurons', 32, { integer: true, positive: true }),
      numScales: c.number('net.numScales', 3, { integer: true, positive: true }),
      scaleFactor: c.number('net.scaleFactor', 2, { positive: true }),
      latentSize: c.number('net.latentSize', 16, { integer: true, positive: true }),
    },
    counts: {
      domain: c.number('counts.domain', 128, { integer: true, positive: true }),
      boundary: c.number('counts.boundary', 32, { integer: true, min: 2 }),
      initial: c.number('counts.initial', 64, { integer: true, positive: true }),
    },
    train: {
      lr,
      decayRate: c.number('train.decayRate', 0.5, { positive: true, max: 1 }),
      decayEvery,
      resampleEvery: c.number('train.resampleEvery', 20, { integer: true, min: 0 }),
      evalEvery: c.number('train.evalEvery', 50, { integer: true, positive: true }),
      seed: c.number('train.seed', 0, { integer: true, min: 0 }),
      weights: [weights[0]!, weights[1]!, weights[2]!],
    },
    out: c.optionalString('out'),
  };
}

interface Checkpoint {
  format: 'mindscience-autodecoder/1';
  key: string;
  leaves: { shape: number[]; data: number[] }[];
  history: IncrementalRecord[];
  cpuSeconds: number;
}

/** What the pretrained params depend on; a checkpoint with another key is refused. */
const checkpointKey = (c: IncrementalConfig) => {
  const { pretrainMedia: media, tEnd, width, pretrainSteps: steps, pretrainLr: lr, pretrainDecayEvery: decayEvery } = c.incremental;
  const { decayRate, resampleEvery, seed, weights } = c.train;
  return JSON.stringify({ media, tEnd, width, steps, net: c.net, counts: c.counts, train: { lr, decayRate, decayEvery, resampleEvery, seed, weights } });
};

/**
 * The pretrained auto-decoder saved by runIncremental (null when the file does not exist). A file that is
 * not a checkpoint, or one made with other settings, is a ConfigError naming the file (the CLI exits 2).
 */
export function readAutoDecoderCheckpoint(file: string, c: IncrementalConfig): TrainOutcome | null {
  if (!existsSync(file)) return null;
  let v: Checkpoint;
  try {
    v = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
  } catch (e) {
    throw new ConfigError(`${file}: not a valid checkpoint (${(e as Error).message})`);
  }
  if (v === null || typeof v !== 'object') throw new ConfigError(`${file}: expected a checkpoint object, got ${JSON.stringify(v)}`);
  if (v.format !== 'mindscience-autodecoder/1') throw new ConfigError(`${file}: format = ${JSON.stringify(v.format)}; expected "mindscience-autodecoder/1"`);
  if (!Array.isArray(v.leaves)) throw new ConfigError(`${file}: leaves = ${JSON.stringify(v.leaves)?.slice(0, 40)}; expected an array of {shape, data}`);
  if (!Array.isArray(v.history) || typeof v.cpuSeconds !== 'number') throw new ConfigError(`${file}: history (array) and cpuSeconds (number) are required`);
  v.leaves.forEach((l, i) => {
    const ok = l !== null && typeof l === 'object' && Array.isArray(l.shape) && l.shape.every((d) => Number.isInteger(d) && d >= 0)
      && Array.isArray(l.data) && l.data.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (!ok) throw new ConfigError(`${file}: leaves[${i}] is not {shape: integer[], data: finite number[]}`);
  });
  v.history.forEach((h, i) => {
    if (h === null || typeof h !== 'object' || typeof h.step !== 'number' || !Array.isArray(h.l2) || h.l2.length !== 2 || h.l2.some((x) => typeof x !== 'number')) {
      throw new ConfigError(`${file}: history[${i}] is not {step, cpuSeconds, loss, l2: [E, H]}`);
    }
  });
  if (v.key !== checkpointKey(c)) throw new ConfigError(`${file}: made with other settings (${v.key}); expected ${checkpointKey(c)}. Delete it or name another checkpoint.`);
  const template = autoDecoderNet(c.net, c.incremental.pretrainMedia.length, c.incremental.tEnd).init(randomKey(0));
  const { treedef, leaves } = treeFlatten(template);
  if (leaves.length !== v.leaves.length) throw new ConfigError(`${file}: ${v.leaves.length} tensors, the network has ${leaves.length}`);
  const restored = v.leaves.map((l, i) => {
    const want = leaves[i]!.shape;
    if (l.shape.length !== want.length || l.shape.some((d, k) => d !== want[k]) || l.data.length !== leaves[i]!.size) {
      throw new ConfigError(`${file}: tensor ${i} has shape [${l.shape.join(', ')}] and ${l.data.length} values, expected [${want.join(', ')}]`);
    }
    return tensor(l.data, { shape: l.shape });
  });
  return { params: treeUnflatten<MultiScaleFCParams>(treedef, restored), history: v.history, stepsToTarget: null, cpuSecondsToTarget: null, cpuSeconds: v.cpuSeconds };
}

function saveCheckpoint(file: string, c: IncrementalConfig, r: TrainOutcome): void {
  const leaves = treeFlatten(r.params).leaves.map((l) => ({ shape: [...l.shape], data: Array.from(l.data()) }));
  const ck: Checkpoint = { format: 'mindscience-autodecoder/1', key: checkpointKey(c), leaves, history: r.history, cpuSeconds: r.cpuSeconds };
  writeFileAtomic(file, JSON.stringify(ck) + '\n');
}

export interface IncrementalResult {
  pretrain: { cpuSeconds: number; finalL2: [number, number] | null; loaded: boolean };
  incremental: Omit<TrainOutcome, 'params'>;
  scratch: Omit<TrainOutcome, 'params'>;
  targetL2: number;
  /** scratch / incremental, steps and CPU seconds to the target (null when either missed it). */
  speedupSteps: number | null;
  speedupCpu: number | null;
  /**
   * The same comparison at every looser error level on the way (L2 0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02
   * down to targetL2, and targetL2 itself): first evaluated step and CPU seconds at which max(L2 E, L2 H)
   * <= l2 for each run (null if never), and scratch / incremental steps.
   */
  ladder: { l2: number; incrementalSteps: number | null; scratchSteps: number | null; incrementalCpu: number | null; scratchCpu: number | null; speedupSteps: number | null }[];
}

/** One progress line per evaluation, tagged with the phase. */
const logLine = (tag: string, onLog: (line: string) => void) => (r: IncrementalRecord) =>
  onLog(`${tag} step ${r.step}  loss ${r.loss.toExponential(3)}  L2 E ${r.l2[0].toFixed(4)} H ${r.l2[1].toFixed(4)}  (${r.cpuSeconds.toFixed(0)} cpu s)`);

/** First history record with max(L2 E, L2 H) <= level (null if none). */
const firstAt = (h: readonly IncrementalRecord[], level: number) => h.find((r) => Math.max(r.l2[0], r.l2[1]) <= level) ?? null;

/**
 * Runs the incremental-training experiment: pretrains the auto-decoder on `pretrainMedia` (or loads
 * `incremental.checkpoint` when it exists and matches the settings; a fresh pretraining is saved there
 * atomically), then trains on `newMedium` twice, incrementally ({@link fineTuneAutoDecoder} from the
 * pretrained params, `fineTuneSteps`) and from scratch (`scratchSteps`), each stopping early at
 * max(L2 E, L2 H) <= targetL2. Does not write `config.out` (the CLI does).
 * @param config from {@link parseIncrementalConfig}.
 * @param onLog receives one progress line per evaluation of each phase.
 * @returns `pretrain` {cpuSeconds, finalL2 [E, H] or null, loaded}, the `incremental` and `scratch`
 *   outcomes without params (history, stepsToTarget, CPU seconds), `targetL2`, and `speedupSteps` /
 *   `speedupCpu` = scratch / incremental to the target (null when either missed it), and the `ladder` of
 *   the same comparison at the looser levels on the way. Times are process CPU seconds (user + system).
 * @throws ConfigError if the checkpoint file is not a valid checkpoint or was made with other settings;
 *   Error naming the step if a loss becomes non-finite.
 */
export function runIncremental(config: IncrementalConfig, onLog: (line: string) => void = () => {}): IncrementalResult {
  const inc = config.incremental, t = config.train;
  let pre = inc.checkpoint ? readAutoDecoderCheckpoint(inc.checkpoint, config) : null;
  const loaded = pre !== null;
  if (pre) onLog(`pretrain: loaded ${inc.checkpoint} (${pre.cpuSeconds.toFixed(0)} cpu s when made)`);
  else {
    const options = { counts: config.counts, weights: t.weights, steps: inc.pretrainSteps, lr: inc.pretrainLr, decayRate: t.decayRate, decayEvery: inc.pretrainDecayEvery, resampleEvery: t.resampleEvery, evalEvery: t.evalEvery, seed: t.seed };
    pre = pretrainAutoDecoder(inc.pretrainMedia, config.net, options, { tEnd: inc.tEnd, width: inc.width }, logLine('pretrain', onLog));
    if (inc.checkpoint) saveCheckpoint(inc.checkpoint, config, pre);
  }
  const last = pre.history[pre.history.length - 1];
  return {
    pretrain: { cpuSeconds: pre.cpuSeconds, finalL2: last ? last.l2 : null, loaded },
    ...compareOnNewMedium(config, pre.params, config.train.seed, onLog),
  };
}

/** What {@link compareOnNewMedium} returns: IncrementalResult without the pretraining. */
export type NewMediumComparison = Omit<IncrementalResult, 'pretrain'>;

/**
 * The comparison on `newMedium` given pretrained params: the incremental run ({@link fineTuneAutoDecoder}
 * from `pretrained`, `fineTuneSteps`, fine-tune rate and decay) and the scratch run (`scratchSteps`,
 * scratch rate and decay), both with draw seed `seed` (the scratch network is initialised from it too),
 * each stopping at targetL2; then the speed-ups and the ladder of {@link IncrementalResult}.
 * @param config from {@link parseIncrementalConfig}.
 * @param pretrained the auto-decoder's params after pretraining.
 * @param seed point-draw seed of both runs (runIncremental passes train.seed).
 * @param onLog receives one progress line per evaluation.
 */
export function compareOnNewMedium(config: IncrementalConfig, pretrained: MultiScaleFCParams, seed: number, onLog: (line: string) => void = () => {}): NewMediumComparison {
  const inc = config.incremental, t = config.train;
  const problem = { tEnd: inc.tEnd, width: inc.width };
  const tune: FineTuneOptions = {
    counts: config.counts, weights: t.weights, lr: t.lr, decayRate: t.decayRate, decayEvery: inc.fineTuneDecayEvery, resampleEvery: t.resampleEvery, evalEvery: t.evalEvery, seed,
    steps: inc.fineTuneSteps, latentSteps: inc.latentSteps, latentLr: inc.latentLr, latentInit: inc.latentInit, target: inc.targetL2, ...(inc.fineTuneLr ? { fineTuneLr: inc.fineTuneLr } : {}),
  };
  const { params: _a, ...incremental } = fineTuneAutoDecoder(inc.newMedium, config.net, pretrained, tune, problem, logLine('incremental', onLog));
  const { params: _b, ...scratch } = fineTuneAutoDecoder(inc.newMedium, config.net, null, { ...tune, lr: inc.scratchLr, decayEvery: inc.scratchDecayEvery, steps: inc.scratchSteps, latentSteps: 0 }, problem, logLine('scratch', onLog));
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
  const levels = [...[0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02].filter((l) => l > inc.targetL2), inc.targetL2];
  const ladder = levels.map((l2) => {
    const a = firstAt(incremental.history, l2), b = firstAt(scratch.history, l2);
    return { l2, incrementalSteps: a?.step ?? null, scratchSteps: b?.step ?? null, incrementalCpu: a?.cpuSeconds ?? null, scratchCpu: b?.cpuSeconds ?? null, speedupSteps: ratio(b?.step ?? null, a?.step ?? null) };
  });
  return {
    incremental, scratch, targetL2: inc.targetL2,
    speedupSteps: ratio(scratch.stepsToTarget, incremental.stepsToTarget),
    speedupCpu: ratio(scratch.cpuSecondsToTarget, incremental.cpuSecondsToTarget),
    ladder,
  };
}
