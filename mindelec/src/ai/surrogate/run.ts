/**
 * Config-driven surrogate runs for `mindelec surrogate generate|train|predict <config.json>`:
 *   generate: { "out", "family": "two-layer" | "patch", "count" (patch: optional, default the whole lattice), "seed", "workers",
 *               "grid": { "cell" (mm), "durationNs", "fMinGHz", "fMaxGHz", "nFreq"; patch also "pmlCells", "sideMm", "aboveMm", "belowMm" } }
 *   train:    { "dataset" (a path, or several with the same parameters and frequencies, concatenated),
 *               "model", "testFraction": 0.2, "splitSeed": 0, or "holdOut": { "parameter": "L", "values": [30, 38] },
 *               "net": { "width": 128, "depth": 5, "features": "raw" | "optical" | "fourier" | "patch" | "modes" | "patch+modes", "warp": "none" | "cavity" | "cavity2" | "mixed" | "blend", "warpPoints": 1601,
 *                        "anchors": "model" | "fitted", "blendWidth": 0.08, "blendFloor": 0.01, "scale": "output" | "global" | "both" },
 *               "train": { "steps", "batch", "lr", "lrDecay", "seed", "ensemble" }, "report" }
 *   predict:  { "model", "designs": [[epsA, dA, dB], ...], "out" }
 * train holds out a seeded split, reports relative / dB errors on it, and times batch-1 inference
 * against the FDTD run of the same design (same process, same machine).
 */
import { readFileSync } from 'node:fs';
import { ConfigReader } from '../config.ts';
import { writeFileAtomic } from '../../io/index.ts';
import { generateS11Dataset, progressBar, type S11Family } from './generate.ts';
import { DatasetError, readS11Dataset, type S11Dataset } from './dataset.ts';
import { layerS11Fdtd } from './layerFamily.ts';
import { patchS11Fdtd } from './patchFamily.ts';
import { parseS11Model, predictS11, predictS11Batch, s11Metrics, splitIndices, subset, trainS11Surrogate, writeS11Model, type S11Metrics } from './s11Surrogate.ts';
import { compileS11Predictor } from './s11Fast.ts';

/**
 * `mindelec surrogate generate <config.json>`: reads the config (schema in this file's header), then
 * {@link generateS11Dataset}. Defaults: family 'two-layer', seed 0, workers 2; two-layer grid cell 0.25 mm (<= 2),
 * durationNs 6, fMinGHz 2, fMaxGHz 10 (must exceed fMinGHz), nFreq 101, `count` required; patch grid cell 2 mm
 * (<= 4), durationNs 20, 1.5-4 GHz, nFreq 1001, pmlCells 6, sideMm 4, aboveMm 9, belowMm 3, `count` optional
 * (default the whole 275-design lattice). `out` is required. Progress goes
 * to stderr (a live bar on a TTY, every tenth otherwise).
 * @param file path of the JSON config.
 * @param log receives the summary line.
 * @throws ConfigError naming the file and field for a bad config; the fs error if it cannot be read;
 *   whatever generateS11Dataset throws.
 */
export async function runGenerate(file: string, log: (s: string) => void): Promise<void> {
  const c = ConfigReader.parse(file, readFileSync(file, 'utf8'));
  c.only('', ['out', 'family', 'count', 'seed', 'workers', 'grid', 'comment']);
  const family = c.string('family', 'two-layer', ['two-layer', 'patch'] as const);
  const patch = family === 'patch';
  c.only('grid', patch ? ['cell', 'durationNs', 'fMinGHz', 'fMaxGHz', 'nFreq', 'pmlCells', 'sideMm', 'aboveMm', 'belowMm'] : ['cell', 'durationNs', 'fMinGHz', 'fMaxGHz', 'nFreq']);
  const grid = patch ? {
    cell: c.number('grid.cell', 2, { positive: true, max: 4 }),
    durationNs: c.number('grid.durationNs', 20, { positive: true }),
    fMinGHz: c.number('grid.fMinGHz', 1.5, { positive: true }),
    fMaxGHz: c.number('grid.fMaxGHz', 4, { positive: true }),
    nFreq: c.number('grid.nFreq', 1001, { integer: true, min: 2 }),
    pmlCells: c.number('grid.pmlCells', 6, { integer: true, min: 4 }),
    sideMm: c.number('grid.sideMm', 4, { min: 0 }),
    aboveMm: c.number('grid.aboveMm', 9, { positive: true }),
    belowMm: c.number('grid.belowMm', 3, { positive: true }),
  } : {
    cell: c.number('grid.cell', 0.25, { positive: true, max: 2 }),
    durationNs: c.number('grid.durationNs', 6, { positive: true }),
    fMinGHz: c.number('grid.fMinGHz', 2, { positive: true }),
    fMaxGHz: c.number('grid.fMaxGHz', 10, { positive: true }),
    nFreq: c.number('grid.nFreq', 101, { integer: true, min: 2 }),
  };
  if (!(grid.fMaxGHz > grid.fMinGHz)) c.fail('grid.fMaxGHz', grid.fMaxGHz, `> grid.fMinGHz (${grid.fMinGHz})`);
  const count = patch && c.root.count === undefined ? undefined : c.number('count', undefined, { integer: true, positive: true });
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  const ds = await generateS11Dataset({
    out: c.optionalString('out') ?? c.fail('out', undefined, 'the output dataset path'),
    family,
    count,
    seed: c.number('seed', 0, { integer: true, min: 0 }),
    workers: c.number('workers', 2, { integer: true, positive: true }),
    grid,
    onProgress: (d, t, s) => {
      if (tty) process.stderr.write(`\r${progressBar(d, t, s)}${d === t ? '\n' : ''}`);
      else if (Math.floor((10 * d) / t) > lastTenth) {
        lastTenth = Math.floor((10 * d) / t);
        process.stderr.write(progressBar(d, t, s) + '\n');
      }
    },
  });
  log(`wrote ${ds.designs.length} designs x ${ds.freqs.length} frequencies; FDTD ${(ds.provenance.fdtdSecondsPerDesign as number).toFixed(2)} s per design`);
}

export interface TrainReport {
  dataset: string;
  nTrain: number;
  nTest: number;
  train: S11Metrics;
  test: S11Metrics;
  trainSeconds: number;
  inferenceMsPerDesign: number;
  fdtdSecondsPerDesign: number;
  speedup: number;
  /** Per-design time of one batched float32 call over all held-out designs, and its speed-up. */
  batchedMsPerDesign: number;
  batchedSpeedup: number;
  /** Per-design time of the compiled one-design predictor (s11Fast.ts, float32 weights), and its speed-up. */
  compiledMsPerDesign: number;
  compiledSpeedup: number;
}

/** Concatenate datasets of the same family (same parameters and frequencies); provenance of the first. */
export function concatS11Datasets(files: readonly string[], sets: readonly S11Dataset[]): S11Dataset {
  const [first, ...rest] = sets;
  if (!first) throw new Error('concatS11Datasets: no datasets');
  rest.forEach((d, i) => {
    if (JSON.stringify(d.parameters) !== JSON.stringify(first.parameters)) throw new DatasetError(`${files[i + 1]}: parameters ${JSON.stringify(d.parameters)} differ from ${files[0]}'s ${JSON.stringify(first.parameters)}`);
    if (d.freqs.length !== first.freqs.length || d.freqs.some((f, q) => f !== first.freqs[q])) throw new DatasetError(`${files[i + 1]}: ${d.freqs.length} frequencies differ from ${files[0]}'s ${first.freqs.length}`);
  });
  return {
    ...first,
    designs: sets.flatMap((d) => d.designs),
    s11: { re: sets.flatMap((d) => d.s11.re), im: sets.flatMap((d) => d.s11.im) },
  };
}

/**
 * Which generator family a dataset came from: provenance.familyKey, else inferred from the parameter names
 * (epsA, dA, dB: 'two-layer'; L, W, inset: 'patch').
 * @throws DatasetError if neither applies.
 */
export function datasetFamily(ds: S11Dataset): S11Family {
  const key = ds.provenance.familyKey;
  if (key === 'two-layer' || key === 'patch') return key;
  const names = ds.parameters.map((p) => p.name).join(',');
  if (names === 'epsA,dA,dB') return 'two-layer';
  if (names === 'L,W,inset') return 'patch';
  throw new DatasetError(`dataset family: provenance.familyKey = ${JSON.stringify(key)} and parameters ${names}; expected a two-layer or patch dataset`);
}

/**
 * Reruns the FDTD of one design of a dataset with the grid recorded in its provenance (to time it against
 * the surrogate, or to check a prediction).
 * @param ds the dataset (its family, provenance.grid and frequencies are used).
 * @param d one design, in the dataset's parameter units.
 * @returns S11 at the dataset's frequencies and the run's wall seconds.
 */
export function fdtdOfDesign(ds: S11Dataset, d: readonly number[]): { s11: { re: number; im: number }[]; wallSeconds: number } {
  const g = (ds.provenance.grid ?? {}) as { cellMm?: number; durationNs?: number; pmlCells?: number; sideMm?: number; aboveMm?: number; belowMm?: number };
  const f = ds.freqs;
  const band = { fMinGHz: f[0]! / 1e9, fMaxGHz: f[f.length - 1]! / 1e9, nFreq: f.length };
  if (datasetFamily(ds) === 'patch') {
    return patchS11Fdtd({ L: d[0]!, W: d[1]!, inset: d[2]! }, { ...band, cell: g.cellMm, durationNs: g.durationNs, pmlCells: g.pmlCells, sideMm: g.sideMm, aboveMm: g.aboveMm, belowMm: g.belowMm });
  }
  return layerS11Fdtd({ epsA: d[0]!, dA: d[1]!, dB: d[2]! }, { ...band, cell: g.cellMm, durationNs: g.durationNs });
}

/**
 * A split that holds out every design whose `parameter` takes one of `values` (e.g. whole L columns of the
 * patch lattice: the surrogate then interpolates to lengths it never saw), instead of a random fraction.
 * @returns train and test row indices (ascending).
 * @throws via `fail(field, value, expected)` for an unknown parameter, values that are not a non-empty
 *   number array, or a split that leaves either side empty.
 */
function holdOutSplit(ds: S11Dataset, parameter: string, raw: Record<string, unknown>, fail: (field: string, value: unknown, expected: string) => never): { train: number[]; test: number[] } {
  const k = ds.parameters.findIndex((p) => p.name === parameter);
  if (k < 0) fail('holdOut.parameter', parameter, `one of ${ds.parameters.map((p) => p.name).join(', ')}`);
  const values = raw.values;
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'number')) fail('holdOut.values', values, 'a non-empty array of numbers');
  const held = new Set(values as number[]);
  const train: number[] = [], test: number[] = [];
  ds.designs.forEach((d, i) => (held.has(d[k]!) ? test : train).push(i));
  if (test.length === 0 || train.length < 2) fail('holdOut.values', values, `values of ${parameter} that hold out some but not all designs`);
  return { train, test };
}

/**
 * `mindelec surrogate train <config.json>`: loads one dataset or concatenates several
 * ({@link concatS11Datasets}), holds out a seeded split (testFraction default 0.2, <= 0.9; splitSeed 0) or,
 * with `holdOut`, every design whose parameter takes one of the listed values,
 * trains {@link trainS11Surrogate} (net.width 128, net.depth 5, net.features 'raw', net.warp 'none' (patch
 * datasets: 'cavity'), net.warpPoints 1601, net.anchors 'model', train.steps 3000,
 * batch 64, lr 1e-3, seed 0, ensemble 1, logEvery 500), writes the model to `model` if given, measures
 * train/held-out {@link s11Metrics}, and times batch-1 float64 inference (200 calls), batched
 * float32 inference and the compiled one-design predictor (200 calls, s11Fast.ts) against the FDTD of `fdtdTimingDesigns` (default 3) held-out designs, run here.
 * @param file path of the JSON config.
 * @param log receives progress and summary lines.
 * @returns the report (also written atomically to `report` if given): errors as fractions / dB, times
 *   in s (train, FDTD per design) and ms (inference per design), speed-ups = FDTD time / inference time.
 * @throws ConfigError for a bad config; DatasetError for an invalid dataset or datasets that differ in
 *   parameters or frequencies; Error from training (see trainS11Surrogate).
 */
export function runTrain(file: string, log: (s: string) => void): TrainReport {
  const c = ConfigReader.parse(file, readFileSync(file, 'utf8'));
  c.only('', ['dataset', 'model', 'testFraction', 'splitSeed', 'holdOut', 'net', 'train', 'report', 'fdtdTimingDesigns', 'comment']);
  c.only('holdOut', ['parameter', 'values']);
  c.only('net', ['width', 'depth', 'features', 'warp', 'warpPoints', 'anchors', 'blendWidth', 'blendFloor', 'scale']);
  c.only('train', ['steps', 'batch', 'lr', 'lrDecay', 'seed', 'logEvery', 'ensemble']);
  // Every scalar field is read before training starts, so a bad value fails in seconds, not after it.
  const nTime = c.number('fdtdTimingDesigns', 3, { integer: true, positive: true });
  const modelPath = c.optionalString('model');
  const reportPath = c.optionalString('report');
  const rawDs = c.root.dataset;
  const paths = Array.isArray(rawDs) ? rawDs : [c.optionalString('dataset') ?? c.fail('dataset', undefined, 'a dataset path or an array of them')];
  paths.forEach((p, i) => {
    if (typeof p !== 'string' || p.length === 0) c.fail(`dataset[${i}]`, p, 'a dataset path');
  });
  if (paths.length === 0) c.fail('dataset', rawDs, 'a dataset path or a non-empty array of them');
  const dsPath = (paths as string[]).join(' + ');
  const ds = concatS11Datasets(paths as string[], (paths as string[]).map((p) => readS11Dataset(p)));
  const { train, test } = c.root.holdOut === undefined
    ? splitIndices(ds.designs.length, c.number('testFraction', 0.2, { positive: true, max: 0.9 }), c.number('splitSeed', 0, { integer: true, min: 0 }))
    : holdOutSplit(ds, c.optionalString('holdOut.parameter') ?? c.fail('holdOut.parameter', undefined, 'a parameter name'), c.root.holdOut as Record<string, unknown>, (f, v, e) => c.fail(f, v, e));
  const t0 = performance.now();
  const model = trainS11Surrogate(ds, train, {
    width: c.number('net.width', 128, { integer: true, positive: true }),
    depth: c.number('net.depth', 5, { integer: true, min: 0 }),
    steps: c.number('train.steps', 3000, { integer: true, positive: true }),
    batch: c.number('train.batch', 64, { integer: true, positive: true }),
    lr: c.number('train.lr', 1e-3, { positive: true }),
    lrDecay: c.number('train.lrDecay', 0.1, { positive: true, max: 1 }),
    seed: c.number('train.seed', 0, { integer: true, min: 0 }),
    ensemble: c.number('train.ensemble', 1, { integer: true, positive: true }),
    features: c.string('net.features', 'raw', ['raw', 'optical', 'fourier', 'patch', 'modes', 'patch+modes'] as const),
    warp: c.string('net.warp', 'none', ['none', 'cavity', 'cavity2', 'mixed', 'blend'] as const),
    warpPoints: c.number('net.warpPoints', 1601, { integer: true, min: 2 }),
    anchors: c.string('net.anchors', 'model', ['model', 'fitted'] as const),
    scale: c.string('net.scale', 'output', ['output', 'global', 'both'] as const),
    blendWidth: c.number('net.blendWidth', 0.08, { positive: true }),
    blendFloor: c.number('net.blendFloor', 0.01, { min: 0 }),
    logEvery: c.number('train.logEvery', 500, { integer: true, positive: true }),
    onLog: (s, v) => log(`step ${s}  mse ${v.toExponential(3)}`),
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  if (modelPath) writeS11Model(modelPath, model);
  const mTrain = s11Metrics(predictS11(model, train.map((i) => ds.designs[i]!)), subset(ds, train));
  const mTest = s11Metrics(predictS11(model, test.map((i) => ds.designs[i]!)), subset(ds, test));
  // Speed: batch-1 inference vs the FDTD of the same held-out designs, both timed here.
  const timed = test.slice(0, nTime).map((i) => ds.designs[i]!);
  let fdtd = 0;
  for (const d of timed) fdtd += fdtdOfDesign(ds, d).wallSeconds;
  // ms per call of fn(r), r = 0 .. reps - 1, after one warm-up call
  const msPerCall = (reps: number, fn: (r: number) => unknown) => {
    fn(0);
    const t = performance.now();
    for (let r = 0; r < reps; r++) fn(r);
    return (performance.now() - t) / reps;
  };
  const inferenceMs = msPerCall(200, (r) => predictS11(model, [timed[r % timed.length]!]));
  const fdtdSeconds = fdtd / timed.length;
  const testDesigns = test.map((i) => ds.designs[i]!);
  const batchedMs = msPerCall(5, () => predictS11Batch(model, testDesigns)) / testDesigns.length;
  const fast = compileS11Predictor(model);
  const compiledMs = msPerCall(200, (r) => fast(timed[r % timed.length]!));
  const report: TrainReport = {
    dataset: dsPath, nTrain: train.length, nTest: test.length, train: mTrain, test: mTest, trainSeconds,
    inferenceMsPerDesign: inferenceMs, fdtdSecondsPerDesign: fdtdSeconds, speedup: (fdtdSeconds * 1000) / inferenceMs,
    batchedMsPerDesign: batchedMs, batchedSpeedup: (fdtdSeconds * 1000) / batchedMs,
    compiledMsPerDesign: compiledMs, compiledSpeedup: (fdtdSeconds * 1000) / compiledMs,
  };
  log(`held-out (${test.length} designs): relative error ${(100 * mTest.relativeComplex).toFixed(2)}% (complex S11), ${(100 * mTest.relativeDb).toFixed(2)}% (|S11| dB curve), mean |dB error| ${mTest.meanAbsDb.toFixed(3)} dB`);
  log(`train (${train.length}): ${(100 * mTrain.relativeComplex).toFixed(2)}% complex, ${mTrain.meanAbsDb.toFixed(3)} dB; trained in ${trainSeconds.toFixed(0)} s`);
  log(`inference ${inferenceMs.toFixed(3)} ms per design vs FDTD ${fdtdSeconds.toFixed(2)} s: ${report.speedup.toFixed(0)}x faster (batch 1, float64)`);
  log(`batched float32 inference (${testDesigns.length} designs per call): ${batchedMs.toFixed(4)} ms per design, ${report.batchedSpeedup.toFixed(0)}x faster than the FDTD`);
  log(`compiled one-design inference (float32 weights): ${compiledMs.toFixed(3)} ms per design, ${report.compiledSpeedup.toFixed(0)}x faster than the FDTD`);
  if (reportPath) writeFileAtomic(reportPath, JSON.stringify(report, null, 1) + '\n');
  return report;
}

/**
 * `mindelec surrogate predict <config.json>`: loads `model` ({@link parseS11Model}) and predicts S11 for
 * `designs` ([n][p], each value in its parameter's unit and range), logging the minimum |S11| in dB and
 * its frequency (GHz) per design; with `out`, writes {freqs (Hz), predictions: [{design, re [F], im [F],
 * db [F]}]} atomically.
 * @param file path of the JSON config.
 * @param log receives one line per design.
 * @throws ConfigError naming the file and field for a missing model, an empty designs array, or a design
 *   of the wrong length or with a value outside its parameter range; Error for an invalid model file.
 */
export function runPredict(file: string, log: (s: string) => void): void {
  const c = ConfigReader.parse(file, readFileSync(file, 'utf8'));
  c.only('', ['model', 'designs', 'out', 'comment']);
  const modelPath = c.optionalString('model') ?? c.fail('model', undefined, 'a model path');
  const model = parseS11Model(modelPath, readFileSync(modelPath, 'utf8'));
  const raw: unknown = c.root.designs;
  if (!Array.isArray(raw) || raw.length === 0) c.fail('designs', raw, `a non-empty array of [${model.parameters.map((p) => p.name).join(', ')}]`);
  const designs = (raw as unknown[]).map((d, i) => {
    if (!Array.isArray(d) || d.length !== model.parameters.length) c.fail(`designs[${i}]`, d, `[${model.parameters.map((p) => `${p.name} (${p.unit})`).join(', ')}]`);
    return (d as unknown[]).map((x: unknown, k: number) => {
      const p = model.parameters[k]!;
      if (typeof x !== 'number' || !(x >= p.min && x <= p.max)) c.fail(`designs[${i}][${k}]`, x, `${p.name} in ${p.min}..${p.max} ${p.unit}`);
      return x as number;
    });
  });
  const s = predictS11(model, designs);
  const out = c.optionalString('out');
  const rows = designs.map((d, i) => ({ design: Object.fromEntries(model.parameters.map((p, k) => [p.name, d[k]])), re: s.re[i], im: s.im[i], db: s.re[i]!.map((r, q) => 10 * Math.log10(r * r + s.im[i]![q]! ** 2)) }));
  if (out) writeFileAtomic(out, JSON.stringify({ freqs: model.freqs, predictions: rows }) + '\n');
  for (const r of rows) {
    const minDb = Math.min(...r.db);
    const q = r.db.indexOf(minDb);
    log(`${JSON.stringify(r.design)}: min |S11| ${minDb.toFixed(2)} dB at ${(model.freqs[q]! / 1e9).toFixed(2)} GHz`);
  }
}
