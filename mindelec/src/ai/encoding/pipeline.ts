/**
 * Geometry -> tensor -> code -> S11: the encoder is trained self-supervised on the material blocks of the
 * training designs, every design is encoded, and an S11 surrogate (the same skip-MLP) is trained from
 * codes. `encodedS11` is the one call: material block(s) in, complex S11 out.
 * Splits use splitIndices with the same seed as the parametric surrogate, so the two are compared on
 * the same held-out designs.
 */
import { readFileSync } from 'node:fs';
import { randomKey, tensor, treeFlatten, treeUnflatten, type Tensor } from '@mindscience/core';
import { ConfigReader } from '../config.ts';
import { writeFileAtomic } from '../../io/index.ts';
import { readS11Dataset, S11_FORMAT, type S11Dataset } from '../surrogate/dataset.ts';
import { predictS11, s11Metrics, splitIndices, subset, trainS11Surrogate, s11ModelToJson, parseS11Model, type S11Metrics, type S11Model } from '../surrogate/s11Surrogate.ts';
import { COMPRESSION, encodeBlocks, reconstructionError, trainAutoencoder, initAutoencoder, type AutoencoderParams } from './autoencoder.ts';
import { layerBlocks } from './layerBlocks.ts';
import { patchBlocks } from './patchBlocks.ts';

export interface EncodedS11Model {
  autoencoder: AutoencoderParams;
  surrogate: S11Model;
}

/** Material blocks (flat [n * 4096 * 4]) -> complex S11 per block. */
export function encodedS11(model: EncodedS11Model, blocks: Float64Array): { re: number[][]; im: number[][] } {
  return predictS11(model.surrogate, encodeBlocks(model.autoencoder, blocks));
}

export interface EncodingReport {
  compression: number;
  reconstruction: { train: number; test: number };
  s11: { train: S11Metrics; test: S11Metrics };
  autoencoderSeconds: number;
  surrogateSeconds: number;
  oneCallMsPerDesign: number;
}

/**
 * The S11 dataset re-indexed by codes: same freqs, S11 and provenance, with `designs` = `codes` and one
 * dimensionless parameter `z<k>` per code entry whose min/max are the code's range over the training
 * rows (widened by 1e-6 when constant), so {@link trainS11Surrogate} maps codes to [-1, 1] as it does
 * physical parameters.
 * @param ds the source dataset (n designs).
 * @param codes [n][d] codes, row i = design i.
 * @param trainIdx rows whose code range sets the parameter bounds.
 */
export function codeDataset(ds: S11Dataset, codes: number[][], trainIdx: readonly number[]): S11Dataset {
  const d = codes[0]!.length;
  const parameters = Array.from({ length: d }, (_, k) => {
    let lo = Infinity, hi = -Infinity;
    for (const i of trainIdx) {
      lo = Math.min(lo, codes[i]![k]!);
      hi = Math.max(hi, codes[i]![k]!);
    }
    if (!(hi > lo)) hi = lo + 1e-6;
    return { name: `z${k}`, unit: '1', min: lo, max: hi };
  });
  return { format: S11_FORMAT, family: `${ds.family} (encoded)`, parameters, designs: codes, freqs: ds.freqs, s11: ds.s11, provenance: ds.provenance };
}

/**
 * `mindelec surrogate encode <config.json>`: on a two-layer or patch S11 dataset, builds the material blocks
 * ({@link layerBlocks} or {@link patchBlocks}), trains the autoencoder on the training split (autoencoder.steps 300, batch 8,
 * lr 3e-3, seed 0), encodes every design, trains the code -> S11 surrogate (surrogate.steps 3000, batch
 * 64, lr 3e-3, seed 0, width 128, depth 5), and measures reconstruction error, S11 metrics and the time
 * of one block -> code -> S11 call. Split: testFraction 0.2 (<= 0.9), splitSeed 0 (the same
 * splitIndices as the parametric surrogate). Writes `model` ({@link writeEncodedModel}) and `report`
 * (JSON) atomically when given.
 * @param file path of the JSON config (`dataset` required).
 * @param log receives progress lines.
 * @returns the report: compression (128), relative reconstruction errors (fractions), train/held-out
 *   {@link s11Metrics}, training times (s) and one-call time (ms per design).
 * @throws ConfigError for a bad config; DatasetError for an invalid dataset; Error if the dataset's
 *   parameters are neither epsA, dA, dB nor L, W, inset, or training diverges.
 */
export function runEncoding(file: string, log: (s: string) => void): EncodingReport {
  const c = ConfigReader.parse(file, readFileSync(file, 'utf8'));
  c.only('', ['dataset', 'testFraction', 'splitSeed', 'autoencoder', 'surrogate', 'model', 'report', 'comment']);
  c.only('autoencoder', ['steps', 'batch', 'lr', 'seed']);
  c.only('surrogate', ['steps', 'batch', 'lr', 'seed', 'width', 'depth']);
  const dsPath = c.optionalString('dataset') ?? c.fail('dataset', undefined, 'a dataset path');
  const ds = readS11Dataset(dsPath);
  const names = ds.parameters.map((p) => p.name).join();
  if (names !== 'epsA,dA,dB' && names !== 'L,W,inset') throw new Error(`${dsPath}: encoding needs the two-layer (parameters epsA, dA, dB) or patch (L, W, inset) family, got ${ds.parameters.map((p) => p.name).join(', ')}`);
  const { train, test } = splitIndices(ds.designs.length, c.number('testFraction', 0.2, { positive: true, max: 0.9 }), c.number('splitSeed', 0, { integer: true, min: 0 }));
  const blocks = names === 'L,W,inset' ? patchBlocks(ds.designs.map((d) => ({ L: d[0]!, W: d[1]!, inset: d[2]! }))) : layerBlocks(ds.designs.map((d) => ({ epsA: d[0]!, dA: d[1]!, dB: d[2]! })));
  const per = blocks.length / ds.designs.length;
  const pick = (idx: readonly number[]) => {
    const out = new Float64Array(idx.length * per);
    idx.forEach((i, r) => out.set(blocks.subarray(i * per, (i + 1) * per), r * per));
    return out;
  };
  const trainBlocks = pick(train), testBlocks = pick(test);
  let t0 = performance.now();
  const ae = trainAutoencoder(trainBlocks, {
    steps: c.number('autoencoder.steps', 300, { integer: true, positive: true }),
    batch: c.number('autoencoder.batch', 8, { integer: true, positive: true }),
    lr: c.number('autoencoder.lr', 3e-3, { positive: true }),
    seed: c.number('autoencoder.seed', 0, { integer: true, min: 0 }),
    onLog: (s, v) => log(`autoencoder step ${s}  mse ${v.toExponential(3)}`),
  });
  const autoencoderSeconds = (performance.now() - t0) / 1000;
  const reconstruction = { train: reconstructionError(ae, trainBlocks), test: reconstructionError(ae, testBlocks) };
  log(`autoencoder: ${COMPRESSION}x compression, relative reconstruction error train ${(100 * reconstruction.train).toFixed(2)}%, held-out ${(100 * reconstruction.test).toFixed(2)}%`);
  const codes = encodeBlocks(ae, blocks);
  const cds = codeDataset(ds, codes, train);
  t0 = performance.now();
  const surrogate = trainS11Surrogate(cds, train, {
    steps: c.number('surrogate.steps', 3000, { integer: true, positive: true }),
    batch: c.number('surrogate.batch', 64, { integer: true, positive: true }),
    lr: c.number('surrogate.lr', 3e-3, { positive: true }),
    seed: c.number('surrogate.seed', 0, { integer: true, min: 0 }),
    width: c.number('surrogate.width', 128, { integer: true, positive: true }),
    depth: c.number('surrogate.depth', 5, { integer: true, min: 0 }),
    onLog: (s, v) => log(`code->S11 step ${s}  mse ${v.toExponential(3)}`),
    logEvery: 500,
  });
  const surrogateSeconds = (performance.now() - t0) / 1000;
  const model: EncodedS11Model = { autoencoder: ae, surrogate };
  const mTrain = s11Metrics(encodedS11(model, trainBlocks), subset(ds, train));
  const mTest = s11Metrics(encodedS11(model, testBlocks), subset(ds, test));
  const one = testBlocks.subarray(0, per);
  encodedS11(model, Float64Array.from(one));
  const reps = 20, ti = performance.now();
  for (let r = 0; r < reps; r++) encodedS11(model, Float64Array.from(one));
  const oneCallMs = (performance.now() - ti) / reps;
  log(`code->S11 held-out (${test.length}): ${(100 * mTest.relativeComplex).toFixed(2)}% complex, ${(100 * mTest.relativeDb).toFixed(2)}% |S11| dB curve, ${mTest.meanAbsDb.toFixed(3)} dB; one call (block -> code -> S11) ${oneCallMs.toFixed(2)} ms`);
  const report: EncodingReport = { compression: COMPRESSION, reconstruction, s11: { train: mTrain, test: mTest }, autoencoderSeconds, surrogateSeconds, oneCallMsPerDesign: oneCallMs };
  const modelPath = c.optionalString('model');
  if (modelPath) {
    writeEncodedModel(modelPath, model);
  }
  const reportPath = c.optionalString('report');
  if (reportPath) writeFileAtomic(reportPath, JSON.stringify(report, null, 1) + '\n');
  return report;
}

/** Model file: { autoencoder: [{shape, data}] leaves in tree order, surrogate: (s11 model file) }. */
export function writeEncodedModel(file: string, m: EncodedS11Model): void {
  const { leaves } = treeFlatten(m.autoencoder);
  const surrogate = s11ModelToJson(m.surrogate);
  writeFileAtomic(file, JSON.stringify({ format: 'mindscience-encoded-s11/1', autoencoder: leaves.map((t: Tensor) => ({ shape: t.shape, data: Array.from(t.data()) })), surrogate }) + '\n');
}

export function readAutoencoder(leavesJson: { shape: number[]; data: number[] }[]): AutoencoderParams {
  const { treedef, leaves } = treeFlatten(initAutoencoder(randomKey(0)));
  if (leavesJson.length !== leaves.length) throw new Error(`autoencoder: ${leavesJson.length} weight arrays, expected ${leaves.length}`);
  return treeUnflatten<AutoencoderParams>(treedef, leavesJson.map((l, i) => {
    if (l.shape.join() !== leaves[i]!.shape.join()) throw new Error(`autoencoder: weight ${i} has shape [${l.shape.join(', ')}], expected [${leaves[i]!.shape.join(', ')}]`);
    return tensor(l.data, { shape: l.shape });
  }));
}

/**
 * Reads an encoded S11 model written by {@link writeEncodedModel} (`mindscience-encoded-s11/1`: the
 * autoencoder's leaves as {shape, data} in tree order, plus the S11 surrogate model).
 * @throws Error naming the file if it cannot be read or is not valid JSON (both reported as "not valid
 *   JSON"), has the wrong format, has autoencoder leaves of the wrong count or shape, or an invalid
 *   surrogate ({@link parseS11Model}).
 */
export function readEncodedModel(file: string): EncodedS11Model {
  let v: { format?: unknown; autoencoder?: unknown; surrogate?: unknown };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read the encoded S11 model (${(e as Error).message})`);
  }
  try {
    v = JSON.parse(text) as typeof v;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${file}: expected a JSON object (an encoded S11 model), got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  if (v.format !== 'mindscience-encoded-s11/1') throw new Error(`${file}: format = ${JSON.stringify(v.format)}; expected "mindscience-encoded-s11/1"`);
  if (!Array.isArray(v.autoencoder)) throw new Error(`${file}: autoencoder must be an array of {shape, data}`);
  return { autoencoder: readAutoencoder(v.autoencoder as { shape: number[]; data: number[] }[]), surrogate: parseS11Model(`${file} (surrogate)`, JSON.stringify(v.surrogate)) };
}
