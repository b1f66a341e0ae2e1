/**
 * The training loop: epochs of seeded minibatches, one optimizer update per batch, optional
 * validation, early stopping, periodic/best checkpoints, a TTY-only progress bar and a history.
 *
 *   loss(params, batch, ctx) -> scalar Tensor     (ctx.key: a per-step PRNG key for dropout etc.)
 *   fit({params, loss, optimizer, train, batchSize, epochs, key, ...}) -> {params, optState, history, ...}
 *
 * Train loss per epoch is the batch-size-weighted mean of the batch losses (at the parameters
 * before each update, as every framework reports it). A non-finite loss or gradient stops with a
 * TrainingError naming the epoch and step. Checkpoints hold {params, optState, epoch} and are written
 * atomically (checkpoint.ts); fit({..., params, optState, initialEpoch: epoch}) resumes bit-identically.
 */
import { split, treeLeaves, valueAndGrad, type RandomKey, type Tensor } from '../nn/deps.ts';
import type { Optimizer } from '../optim/types.ts';
import { clipByGlobalNorm, clipByValue } from '../optim/clip.ts';
import { batchIndices, datasetSize, takeRows, type Dataset } from './data.ts';
import { emptyHistory, type History } from './history.ts';
import { progressBar, type ProgressStream } from './progress.ts';
import { saveCheckpoint } from './checkpoint.ts';

/** Training blew up: a non-finite loss, gradient entry or gradient norm; the message names the epoch and step. */
export class TrainingError extends Error {
  override name = 'TrainingError';
}

export interface StepContext {
  key: RandomKey;
  training: boolean;
  epoch: number;
  step: number;
}

export type LossFn<P, D extends Dataset> = (params: P, batch: D, ctx: StepContext) => Tensor;

export interface FitOptions<P, D extends Dataset, S> {
  params: P;
  loss: LossFn<P, D>;
  optimizer: Optimizer<S>;
  /** Continue from a saved optimizer state (default: optimizer.init(params)). */
  optState?: S;
  train: D;
  validation?: D;
  /** Validation metric (default: loss with training = false). Lower is better. */
  validationLoss?: (params: P, data: D) => Tensor;
  batchSize: number;
  /** Train until this epoch count (Keras convention: with initialEpoch, the total, not the number to add). */
  epochs: number;
  /** Resume: epochs already done (from a checkpoint's `epoch`); shuffles and keys continue exactly. */
  initialEpoch?: number;
  /** Shuffling and per-step keys. */
  key: RandomKey;
  shuffle?: boolean;
  dropLast?: boolean;
  clip?: { maxNorm?: number; value?: number };
  earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean };
  /** `every` epochs to `path`; with `best`, also whenever the monitored loss improves (to bestPath). */
  checkpoint?: { path: string; every?: number; bestPath?: string };
  /** For the history's learning-rate column: the schedule the optimizer was built with. */
  schedule?: (step: number) => number;
  progress?: boolean | { stream: ProgressStream; enabled?: boolean };
  /** Called after each epoch; return 'stop' to end training. */
  onEpoch?: (info: { epoch: number; trainLoss: number; valLoss: number; params: P }) => void | 'stop';
}

export interface FitResult<P, S> {
  params: P;
  optState: S;
  history: History;
  epochsRun: number;
  steps: number;
  bestEpoch: number;
  bestLoss: number;
  stoppedEarly: boolean;
}

function assertFinite(what: string, v: number, epoch: number, step: number): void {
  if (!Number.isFinite(v)) throw new TrainingError(`fit: ${what} is ${v} at epoch ${epoch}, step ${step} (training blew up; lower the learning rate or clip gradients)`);
}

/**
 * Train `params` by minibatch gradient descent: per epoch, seeded (optionally shuffled) batches of `batchSize`
 * rows, one `optimizer.update` per batch, optional validation, clipping, early stopping (on stopping early the best
 * params are restored unless restoreBest is false), periodic/best checkpoints {params, optState, epoch} and a TTY-only progress bar.
 * Keys depend only on (key, epoch), so resuming with `initialEpoch` and a saved `optState` is bit-identical.
 * @param o See FitOptions; `epochs` is the total to reach (Keras convention), `loss` returns a scalar Tensor.
 * @returns Final params and optimizer state, the per-epoch History (train loss is the batch-size-weighted mean
 *   at the pre-update params), epochs and steps run, best epoch/loss, and whether it stopped early.
 * @throws TrainingError on a non-finite loss or gradient (naming epoch and step); RangeError on a bad epochs or
 *   initialEpoch.
 */
export function fit<P, D extends Dataset, S>(o: FitOptions<P, D, S>): FitResult<P, S> {
  const n = datasetSize(o.train);
  if (!Number.isInteger(o.epochs) || o.epochs < 0) throw new RangeError(`fit: epochs ${o.epochs}; expected a non-negative integer`);
  if (o.validation) datasetSize(o.validation);
  const vg = valueAndGrad((p: P, batch: D, ctx: StepContext) => o.loss(p, batch, ctx));
  const valFn = o.validationLoss ?? ((p: P, d: D) => o.loss(p, d, { key: o.key, training: false, epoch: -1, step: -1 }));
  const stream = typeof o.progress === 'object' ? o.progress.stream : undefined;
  const progressEnabled = typeof o.progress === 'boolean' ? o.progress : typeof o.progress === 'object' ? o.progress.enabled : undefined;

  let params = o.params;
  let optState = o.optState ?? o.optimizer.init(params);
  const history = emptyHistory();
  let step = 0, bestLoss = Infinity, bestEpoch = -1, bestParams = params, sinceBest = 0, stoppedEarly = false;
  const initialEpoch = o.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new RangeError(`fit: initialEpoch ${initialEpoch}; expected a non-negative integer`);
  // The optimizer's own step count (when it keeps one) continues the schedule after a resume.
  const stepOf = (s: unknown): number => (s && typeof s === 'object' && typeof (s as { step?: unknown }).step === 'number' ? (s as { step: number }).step : step);
  let epoch = initialEpoch;
  for (; epoch < o.epochs; epoch++) {
    const t0 = performance.now();
    // Epoch e's keys depend only on (key, e), so a resumed run reproduces an uninterrupted one.
    const [kShuffle, kSteps] = split(split(o.key, epoch + 1)[epoch]!, 2);
    const idxs = batchIndices(n, o.batchSize, { key: o.shuffle === false ? undefined : kShuffle, dropLast: o.dropLast });
    const stepKeys = split(kSteps!, idxs.length);
    const bar = progressBar(idxs.length, { enabled: progressEnabled, stream, label: `epoch ${epoch + 1}/${o.epochs} ` });
    let sum = 0, count = 0;
    for (let b = 0; b < idxs.length; b++) {
      const batch = takeRows(o.train, idxs[b]!);
      const [lossT, g0] = vg(params, batch, { key: stepKeys[b]!, training: true, epoch, step });
      const loss = lossT.item();
      assertFinite('the loss', loss, epoch, step);
      let g = g0 as P;
      if (o.clip?.value !== undefined) g = clipByValue(g, -o.clip.value, o.clip.value);
      if (o.clip?.maxNorm !== undefined) {
        const c = clipByGlobalNorm(g, o.clip.maxNorm);
        assertFinite('the gradient norm', c.norm, epoch, step);
        g = c.grads;
      } else {
        for (const leaf of treeLeaves(g)) { const d = leaf.data(); for (let j = 0; j < d.length; j++) if (!Number.isFinite(d[j]!)) assertFinite('a gradient entry', d[j]!, epoch, step); }
      }
      ({ params, state: optState } = o.optimizer.update(g, optState, params));
      sum += loss * idxs[b]!.length;
      count += idxs[b]!.length;
      step++;
      bar.update(b + 1, `loss ${(sum / count).toExponential(3)}`);
    }
    const trainLoss = count > 0 ? sum / count : NaN;
    const valLoss = o.validation ? valFn(params, o.validation).item() : NaN;
    bar.done(`loss ${trainLoss.toExponential(3)}${o.validation ? ` val ${valLoss.toExponential(3)}` : ''}`);
    history.epoch.push(epoch + 1);
    history.trainLoss.push(trainLoss);
    history.valLoss.push(valLoss);
    history.learningRate.push(o.schedule ? o.schedule(Math.max(0, stepOf(optState) - 1)) : NaN);
    history.seconds.push((performance.now() - t0) / 1000);

    const monitored = o.validation ? valLoss : trainLoss;
    const minDelta = o.earlyStopping?.minDelta ?? 0;
    if (monitored < bestLoss - minDelta) {
      bestLoss = monitored;
      bestEpoch = epoch + 1;
      bestParams = params;
      sinceBest = 0;
      if (o.checkpoint?.bestPath) saveCheckpoint(o.checkpoint.bestPath, { params, optState, epoch: epoch + 1 }, { kind: 'best', loss: monitored });
    } else sinceBest++;
    if (o.checkpoint && (epoch + 1) % (o.checkpoint.every ?? 1) === 0) {
      saveCheckpoint(o.checkpoint.path, { params, optState, epoch: epoch + 1 }, { kind: 'periodic', loss: monitored });
    }
    const verdict = o.onEpoch?.({ epoch: epoch + 1, trainLoss, valLoss, params });
    if (verdict === 'stop') { epoch++; break; }
    if (o.earlyStopping && sinceBest >= o.earlyStopping.patience) {
      stoppedEarly = true;
      epoch++;
      break;
    }
  }
  if (stoppedEarly && (o.earlyStopping?.restoreBest ?? true)) params = bestParams;
  return { params, optState, history, epochsRun: epoch - initialEpoch, steps: step, bestEpoch, bestLoss, stoppedEarly };
}
