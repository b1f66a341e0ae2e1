/**
 * The training loop learns (an MLP fits sin x to MSE < 1e-4; a PINN solves u'' = -pi^2 sin(pi x),
 * u(0) = u(1) = 0 to relative L2 < 1e-2), and its machinery behaves: seeded batches, early
 * stopping, blow-up detection with the step number, checkpoints/resume, quiet progress off a TTY,
 * a plottable history.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linePlot } from '@mindscience/viz';
import {
  Tensor, tensor, randomKey, linspace, reshape, sin, mul, add, mean, square, valueAndGrad, secondDerivative, normal,
} from '../index.ts';
import { initMlp, mlp, type MlpParams } from '../nn/layers.ts';
import { mse, relativeL2 } from '../nn/losses.ts';
import { adam } from '../optim/adam.ts';
import { sgd } from '../optim/sgd.ts';
import { lbfgs } from '../optim/lbfgs.ts';
import { cosineDecay } from '../optim/schedules.ts';
import { batches, batchIndices, datasetSize, trainValidationSplit } from './data.ts';
import { fit, TrainingError } from './loop.ts';
import { loadCheckpoint } from './checkpoint.ts';
import { historySeries } from './history.ts';
import { progressBar } from './progress.ts';

type XY = { x: Tensor; y: Tensor };

describe('datasets and batches', () => {
  const data = { x: reshape(linspace(0, 9, 10), [10, 1]), y: linspace(0, 9, 10) };
  it('every sample once per epoch, reproducible per key, dropLast', () => {
    const idx = batchIndices(10, 3, { key: randomKey(4) });
    expect(idx.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect([...idx.flatMap((b) => Array.from(b))].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batchIndices(10, 3, { key: randomKey(4) })).toEqual(idx);
    expect(batchIndices(10, 3, { key: randomKey(5) })).not.toEqual(idx);
    expect(batchIndices(10, 3, { dropLast: true }).length).toBe(3);
    const bs = batches(data, 4, { key: randomKey(1) });
    expect(bs.map((b) => b.x.shape[0])).toEqual([4, 4, 2]);
    bs.forEach((b) => expect(Array.from(b.x.data())).toEqual(Array.from(b.y.data())));
  });
  it('split and errors', () => {
    const { train, validation } = trainValidationSplit(data, 0.3, randomKey(2));
    expect([datasetSize(train), datasetSize(validation)]).toEqual([7, 3]);
    expect(() => datasetSize({ x: tensor([[1], [2]]), y: tensor([1]) })).toThrow(/field 'y' has 1 samples, field 'x' has 2/);
    expect(() => batchIndices(10, 0)).toThrow(/batchSize 0; expected a positive integer/);
  });
});

describe('training learns', () => {
  it('an MLP fits sin(x) on [-pi, pi] to MSE < 1e-4 (Adam, cosine schedule, minibatches)', () => {
    const x = reshape(linspace(-Math.PI, Math.PI, 256), [-1, 1]);
    const data = { x, y: sin(x) };
    const schedule = cosineDecay(1e-2, 1000, 0.01);
    const r = fit({
      params: initMlp(randomKey(0), [1, 32, 32, 1]), loss: (p: MlpParams, b: XY) => mse(mlp(p, b.x), b.y),
      optimizer: adam(schedule), schedule, train: data, batchSize: 64, epochs: 250, key: randomKey(1),
    });
    expect(r.steps).toBe(1000);
    const final = mse(mlp(r.params, x), data.y).item();
    expect(final).toBeLessThan(1e-4);
    expect(r.history.trainLoss[0]).toBeGreaterThan(100 * final);
    expect(r.history.learningRate.at(-1)).toBeCloseTo(schedule(999), 15);
    const svg = linePlot(historySeries(r.history), { yLog: true, xLabel: 'epoch', yLabel: 'MSE' });
    expect(svg).toMatch(/^<svg[\s\S]*train loss[\s\S]*<\/svg>\s*$/);
  });
  it("a PINN solves u'' = -pi^2 sin(pi x), u(0) = u(1) = 0 to relative L2 < 1e-2 (Adam warm start, then L-BFGS)", () => {
    const X = reshape(linspace(0, 1, 64), [-1, 1]);
    const boundary = tensor([[0], [1]]);
    const source = mul(Math.PI ** 2, sin(mul(Math.PI, X)));
    const u = (p: MlpParams, x: Tensor) => mlp(p, x);
    const loss = (p: MlpParams) => add(mean(square(add(secondDerivative(u, p, X, 0, 0), source))), mean(square(u(p, boundary))));
    const vg = valueAndGrad(loss);
    let params = initMlp(randomKey(0), [1, 16, 16, 1]);
    const opt = adam(1e-2);
    let st = opt.init(params);
    for (let i = 0; i < 100; i++) ({ params, state: st } = opt.update(vg(params)[1], st, params));
    const r = lbfgs(vg, { gtol: 1e-8 }).run(params, 200);
    const Xt = reshape(linspace(0, 1, 101), [-1, 1]);
    const err = relativeL2(u(r.params, Xt), sin(mul(Math.PI, Xt))).item();
    expect(err).toBeLessThan(1e-2);
    expect(r.value).toBeLessThan(1e-3);
  });
});

describe('loop machinery', () => {
  const x = normal(randomKey(3), [40, 2]);
  const data = { x, y: add(mul(x, tensor([1, -2])).sum(1, true), 0.5) };
  const lin = (p: { w: Tensor; b: Tensor }, b: XY) => mse(add(b.x.matmul(p.w), p.b), b.y);
  const p0 = { w: tensor([[0], [0]]), b: tensor([0]) };
  it('early stopping restores the best parameters; validation is recorded', () => {
    let calls = 0;
    const { train, validation } = trainValidationSplit(data, 0.25, randomKey(0));
    const r = fit({
      params: p0, loss: lin, optimizer: sgd(0.05), train, validation, batchSize: 10, epochs: 50, key: randomKey(2),
      // a validation metric that stops improving after epoch 3
      validationLoss: () => { calls++; return tensor(Math.max(5 - calls, 2)); },
      earlyStopping: { patience: 2 },
    });
    expect(r.stoppedEarly).toBe(true);
    expect(r.bestEpoch).toBe(3);
    expect(r.epochsRun).toBe(5);
    expect(r.history.valLoss).toEqual([4, 3, 2, 2, 2]);
    expect(historySeries(r.history).map((s) => s.label)).toEqual(['train loss', 'validation loss']);
  });
  it('blow-up is reported with the epoch and step', () => {
    expect(() => fit({ params: p0, loss: lin, optimizer: sgd(100), train: data, batchSize: 10, epochs: 20, key: randomKey(2) }))
      .toThrow(/fit: (the loss|a gradient entry) is (NaN|Infinity|-Infinity) at epoch \d+, step \d+ \(training blew up/);
    try { fit({ params: p0, loss: lin, optimizer: sgd(100), train: data, batchSize: 10, epochs: 20, key: randomKey(2) }); } catch (e) { expect(e).toBeInstanceOf(TrainingError); }
  });
  it('checkpoints every epoch and resumes to the same result as an uninterrupted run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-'));
    const path = join(dir, 'last.ckpt');
    const common = { loss: lin, train: data, batchSize: 8 };
    const full = fit({ ...common, params: p0, optimizer: adam(0.05), epochs: 4, key: randomKey(9) });
    const first = fit({ ...common, params: p0, optimizer: adam(0.05), epochs: 2, key: randomKey(9), checkpoint: { path } });
    const saved = loadCheckpoint<{ params: typeof p0; optState: ReturnType<ReturnType<typeof adam>['init']>; epoch: number }>(path).tree;
    expect(saved.epoch).toBe(2);
    expect(Array.from(saved.params.w.data())).toEqual(Array.from(first.params.w.data()));
    const resumed = fit({ ...common, params: saved.params, optState: saved.optState, optimizer: adam(0.05), epochs: 4, initialEpoch: saved.epoch, key: randomKey(9) });
    expect(resumed.steps).toBe(10);
    expect(resumed.epochsRun).toBe(2);
    expect(resumed.history.epoch).toEqual([3, 4]);
    expect(Array.from(resumed.params.w.data())).toEqual(Array.from(full.params.w.data()));
    expect(Array.from(resumed.params.b.data())).toEqual(Array.from(full.params.b.data()));
    expect(resumed.history.trainLoss).toEqual(full.history.trainLoss.slice(2));
    expect(full.history.epoch).toEqual([1, 2, 3, 4]);
  });
  it('progress bar is silent off a TTY and in CI, draws on a TTY', () => {
    const out: string[] = [];
    const stream = { write: (s: string) => out.push(s), isTTY: false };
    fit({ params: p0, loss: lin, optimizer: sgd(0.01), train: data, batchSize: 10, epochs: 1, key: randomKey(2), progress: { stream } });
    expect(out).toEqual([]);
    const tty = { write: (s: string) => out.push(s), isTTY: true, columns: 80 };
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      const bar = progressBar(4, { stream: tty, minIntervalMs: 0, label: 'epoch 1/1 ' });
      bar.update(2, 'loss 1');
      bar.done('loss 0.5');
      expect(out.join('')).toMatch(/\repoch 1\/1 \[#+\.+\]  50% loss 1[\s\S]*100% loss 0.5[\s\S]*\n$/);
      process.env.CI = 'true';
      expect(progressBar(4, { stream: tty }).enabled).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CI; else process.env.CI = saved;
    }
  });
});
