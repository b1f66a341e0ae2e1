/**
 * Incremental (auto-decoder) PINN: the 1-D Maxwell residuals vanish on the d'Alembert solution of each
 * medium and not on another medium's; rows are grouped by medium as the latent input expects; pretraining
 * lowers the loss over several media; latent-only fine-tuning leaves the network untouched and moves only
 * z; configs and checkpoints are validated with errors that name the field.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { add, exp, mean, mul, square, stack, sub, tensor, treeLeaves, type Tensor } from '@mindscience/core';
import { maxwell1DFamily, type Medium } from './maxwell1d.ts';
import { column } from './problem.ts';
import { autoDecoderNet, familyError, fineTuneAutoDecoder, pretrainAutoDecoder, searchLatent } from './incremental.ts';
import { parseIncrementalConfig, readAutoDecoderCheckpoint, runIncremental } from './incrementalRun.ts';
import { ConfigError } from '../config.ts';

const maxAbs = (t: Tensor) => Array.from(t.data()).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** The exact field of medium m as a tensor function, row layout as the constraints (S groups of n). */
function exactField(media: readonly Medium[], width: number) {
  return (_: null, X: Tensor): Tensor => {
    const n = X.shape[0]! / media.length;
    const vs: number[] = [], zs: number[] = [];
    for (const m of media) for (let i = 0; i < n; i++) { vs.push(1 / Math.sqrt(m.eps * m.mu)); zs.push(Math.sqrt(m.mu / m.eps)); }
    const x = column(X, 0), t = column(X, 1);
    const g = (s: Tensor) => exp(mul(square(s), -1 / (width * width)));
    const a = g(sub(x, mul(t, tensor(vs)))), b = g(add(x, mul(t, tensor(vs))));
    return stack([mul(add(a, b), 0.5), mul(sub(a, b), tensor(zs.map((z) => -0.5 / z)))], 1);
  };
}

describe('1-D Maxwell family', () => {
  const media = [{ eps: 1, mu: 1 }, { eps: 3, mu: 5 }, { eps: 5, mu: 1 }];
  const fam = maxwell1DFamily(media, { width: 0.2 });
  const cs = fam.constraints({ domain: 30, boundary: 10, initial: 12 }, 4);
  it('the d\'Alembert solution zeroes the PDE, Mur and initial residuals of every medium', () => {
    const u = exactField(media, 0.2);
    for (const c of cs) expect(maxAbs(c.residual(u, null, c.points))).toBeLessThan(1e-8);
  });
  it('another medium\'s solution does not satisfy the PDE or the boundary', () => {
    const wrong = exactField([media[1]!, media[2]!, media[0]!], 0.2);
    expect(maxAbs(cs[0]!.residual(wrong, null, cs[0]!.points))).toBeGreaterThan(0.1);
    // The outgoing pulse only reaches the boundary in the fast medium; check its group there.
    const fast = maxwell1DFamily([{ eps: 1, mu: 1 }], { width: 0.2, tEnd: 1.5 });
    const bc = fast.constraints({ domain: 4, boundary: 40, initial: 4 }, 1)[1]!;
    // Time-reversed (t -> 1.5 - t): the pulses now arrive from outside, which Mur must reject.
    const incoming = (_: null, X: Tensor) => exactField([{ eps: 1, mu: 1 }], 0.2)(null, stack([column(X, 0), sub(1.5, column(X, 1))], 1));
    expect(maxAbs(bc.residual(exactField([{ eps: 1, mu: 1 }], 0.2), null, bc.points))).toBeLessThan(1e-8);
    expect(maxAbs(bc.residual(incoming, null, bc.points))).toBeGreaterThan(0.1);
  });
  it('exact() matches the tensor form and rows come grouped by medium', () => {
    const pts = new Float64Array([0.1, 0.3, -0.4, 0.9, 0.25, 0.05]);
    const one = maxwell1DFamily([media[1]!], { width: 0.2 });
    const e = one.exact(0, pts);
    const t = exactField([media[1]!], 0.2)(null, tensor(pts, { shape: [3, 2] })).data();
    for (let i = 0; i < 6; i++) expect(t[i]).toBeCloseTo(e[i]!, 12);
    expect(fam.exact(1, pts)).toEqual(e);
    expect(cs.map((c) => c.points.shape[0])).toEqual([90, 30, 36]);
    expect(() => maxwell1DFamily([{ eps: 0, mu: 1 }])).toThrow(/media\[0\]: eps = 0; expected a positive relative permittivity/);
  });
});

describe('auto-decoder', () => {
  const net = { layers: 3, neurons: 12, numScales: 2, scaleFactor: 2, latentSize: 4 };
  const opts = { counts: { domain: 24, boundary: 8, initial: 16 }, weights: [1, 1, 10] as [number, number, number], lr: 1e-2, decayRate: 1, decayEvery: 1000, resampleEvery: 0, evalEvery: 15, seed: 3 };
  const media = [{ eps: 1, mu: 1 }, { eps: 3, mu: 3 }];
  const pre = pretrainAutoDecoder(media, net, { ...opts, steps: 30 });
  it('pretraining over two media lowers the loss and the error', () => {
    expect(pre.history.length).toBe(2);
    expect(pre.params.latent!.shape).toEqual([2, 4]);
    expect(pre.history[1]!.loss).toBeLessThan(pre.history[0]!.loss);
    expect(Math.max(...pre.history[1]!.l2)).toBeLessThan(2);
  });
  it('latent-only fine-tuning moves z and leaves every network weight bit-identical', () => {
    const r = fineTuneAutoDecoder({ eps: 2, mu: 2 }, net, pre.params, { ...opts, steps: 10, latentSteps: 10, latentLr: 1e-2, evalEvery: 5 });
    const before = treeLeaves(pre.params.scales), after = treeLeaves(r.params.scales);
    after.forEach((l, i) => expect(Array.from(l.data())).toEqual(Array.from(before[i]!.data())));
    const z0 = Array.from({ length: 4 }, (_, k) => (pre.params.latent!.data()[k]! + pre.params.latent!.data()[4 + k]!) / 2);
    const z = Array.from(r.params.latent!.data());
    expect(z.length).toBe(4);
    expect(z.some((v, k) => Math.abs(v - z0[k]!) > 1e-4)).toBe(true);
    expect(r.history[r.history.length - 1]!.step).toBe(10);
  });
  it('after the latent phase the network trains too, and the target stops training early', () => {
    const r = fineTuneAutoDecoder({ eps: 2, mu: 2 }, net, pre.params, { ...opts, steps: 10, latentSteps: 5, latentLr: 1e-2, evalEvery: 5 });
    const changed = treeLeaves(r.params.scales).some((l, i) => Array.from(l.data()).some((v, k) => v !== treeLeaves(pre.params.scales)[i]!.data()[k]));
    expect(changed).toBe(true);
    expect(r.history.map((h) => h.step)).toEqual([5, 10]);
    const stop = fineTuneAutoDecoder({ eps: 2, mu: 2 }, net, null, { ...opts, steps: 30, latentSteps: 0, latentLr: 1e-2, evalEvery: 5, target: 100 });
    expect(stop.stepsToTarget).toBe(5);
    expect(stop.history.length).toBe(1);
  });
  it('the latent search returns the lowest-loss blend of pretrained latents, and fine-tuning starts there', () => {
    const medium = { eps: 2, mu: 2 };
    const ch = searchLatent(medium, net, pre.params, opts);
    const L = pre.params.latent!.data();
    expect(Array.from(ch.z.data())).toEqual(Array.from({ length: 4 }, (_, d) => (1 - ch.a) * L[ch.i * 4 + d]! + ch.a * L[ch.j * 4 + d]!));
    // The reported loss is the weighted PINN loss of that latent, and no pure latent nor the mean beats it.
    const fam = maxwell1DFamily([medium]);
    const one = autoDecoderNet(net, 1, fam.tEnd);
    const cs = fam.constraints(opts.counts, opts.seed * 7919);
    const lossAt = (z: number[]) => cs.reduce((acc, c, n) => acc + opts.weights[n]! * mean(square(c.residual(one.apply, { scales: pre.params.scales, latent: tensor(z, { shape: [1, 4] }) }, c.points))).item(), 0);
    expect(lossAt(Array.from(ch.z.data()))).toBeCloseTo(ch.loss, 12);
    for (const z of [[0, 1, 2, 3].map((d) => L[d]!), [0, 1, 2, 3].map((d) => L[4 + d]!), [0, 1, 2, 3].map((d) => (L[d]! + L[4 + d]!) / 2)]) {
      expect(ch.loss).toBeLessThanOrEqual(lossAt(z) + 1e-15);
    }
    // latentInit 'search' with a vanishing latent-only rate keeps z at the searched blend.
    const r = fineTuneAutoDecoder(medium, net, pre.params, { ...opts, steps: 1, latentSteps: 1, latentLr: 1e-14, evalEvery: 1, latentInit: 'search' });
    Array.from(r.params.latent!.data()).forEach((v, d) => expect(v).toBeCloseTo(ch.z.data()[d]!, 10));
  });
});

describe('incremental config and checkpoint', () => {
  it('the shipped config matches the shipped checkpoint, whose params reproduce its recorded error', () => {
    const file = new URL('../configs/incremental.json', import.meta.url).pathname;
    const c = parseIncrementalConfig(file, readFileSync(file, 'utf8'));
    const ck = readAutoDecoderCheckpoint(new URL('../configs/autodecoder-pretrained.json', import.meta.url).pathname, c)!;
    expect(ck).not.toBeNull();
    const last = ck.history.at(-1)!;
    expect(last.step).toBe(c.incremental.pretrainSteps);
    const fam = maxwell1DFamily(c.incremental.pretrainMedia, { tEnd: c.incremental.tEnd, width: c.incremental.width });
    const [e, h] = familyError(fam, autoDecoderNet(c.net, 9, fam.tEnd), ck.params);
    expect(e).toBeCloseTo(last.l2[0], 9);
    expect(h).toBeCloseTo(last.l2[1], 9);
    expect(Math.max(e, h)).toBeLessThan(0.03);
  });
  it('defaults to the nine MindElec media and names bad fields', () => {
    const c = parseIncrementalConfig('i.json', '{"problem": "maxwell1d-incremental"}');
    expect(c.incremental.pretrainMedia.length).toBe(9);
    expect(c.incremental.newMedium).toEqual({ eps: 2, mu: 2 });
    expect(() => parseIncrementalConfig('i.json', '{"problem": "maxwell1d-incremental", "incremental": {"pretrainMedia": [{"eps": 1, "mu": -2}]}}')).toThrow(/i\.json: incremental\.pretrainMedia\.0\.mu = -2; expected a number > 0/);
    expect(() => parseIncrementalConfig('i.json', '{"problem": "maxwell1d-incremental", "incremental": {"pretrainMedia": []}}')).toThrow(/incremental\.pretrainMedia = \[\]; expected a non-empty array/);
    expect(() => parseIncrementalConfig('i.json', '{"problem": "maxwell1d-incremental", "train": {"weights": [1, 2]}}')).toThrow(/train\.weights = \[1,2\]/);
    expect(() => parseIncrementalConfig('i.json', '{"problem": "maxwell1d-incremental", "net": {"latent": 3}}')).toThrow(/unknown field 'net\.latent'/);
  });
  it('fuzz: arbitrary JSON either parses or raises ConfigError', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      for (const text of [JSON.stringify({ problem: 'maxwell1d-incremental', incremental: a, train: b }), JSON.stringify({ problem: 'maxwell1d-incremental', net: a, counts: b })]) {
        try {
          parseIncrementalConfig('f.json', text);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }
    }), { numRuns: 200 });
  });
  it('a run writes a checkpoint, reuses it, and refuses one made with other settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incr-'));
    const ck = join(dir, 'pre.json');
    const text = (steps: number, extra: Record<string, unknown> = {}) => JSON.stringify({
      problem: 'maxwell1d-incremental',
      incremental: { pretrainMedia: [{ eps: 1, mu: 1 }, { eps: 3, mu: 1 }], pretrainSteps: steps, fineTuneSteps: 4, latentSteps: 2, scratchSteps: 4, targetL2: 1e-9, checkpoint: ck, ...extra },
      net: { layers: 2, neurons: 6, numScales: 1, latentSize: 2 }, counts: { domain: 8, boundary: 4, initial: 8 }, train: { evalEvery: 2 },
    });
    const a = runIncremental(parseIncrementalConfig('a.json', text(4)));
    expect(a.pretrain.loaded).toBe(false);
    expect(a.incremental.stepsToTarget).toBeNull();
    expect(a.speedupSteps).toBeNull();
    const b = runIncremental(parseIncrementalConfig('a.json', text(4)));
    expect(b.pretrain.loaded).toBe(true);
    expect(b.incremental.history.map((h) => h.l2)).toEqual(a.incremental.history.map((h) => h.l2));
    expect(() => runIncremental(parseIncrementalConfig('a.json', text(5)))).toThrow(/pre\.json: made with other settings/);
    // The ladder compares both runs at every level down to the target.
    expect(a.ladder.map((l) => l.l2)).toEqual([0.1, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02, 1e-9]);
    // Settings of the fine-tune and scratch phases do not touch the pretraining; its own rate does.
    expect(runIncremental(parseIncrementalConfig('a.json', text(4, { scratchLr: 0.05, scratchDecayEvery: 7, fineTuneDecayEvery: 9, latentInit: 'search' }))).pretrain.loaded).toBe(true);
    expect(() => runIncremental(parseIncrementalConfig('a.json', text(4, { pretrainLr: 0.05 })))).toThrow(/made with other settings/);
    expect(() => parseIncrementalConfig('a.json', text(4, { latentInit: 'best' }))).toThrow(/incremental\.latentInit = "best"/);
    const good = readFileSync(ck, 'utf8');
    const cfg = parseIncrementalConfig('a.json', text(4));
    // fuzz: truncated or altered checkpoints are refused with a ConfigError naming the file, never read half
    fc.assert(fc.property(fc.integer({ min: 0, max: good.length - 2 }), fc.integer({ min: 0, max: good.length - 1 }), fc.constantFrom('x', '9', ']', '"', '-1e309'), (cut, at, ch) => {
      for (const bad of [good.slice(0, cut), good.slice(0, at) + ch + good.slice(at + 1)]) {
        if (bad === good) continue;
        writeFileSync(ck, bad);
        try {
          const r = readAutoDecoderCheckpoint(ck, cfg);
          // an edit inside a number can leave a valid checkpoint; its tensors must still have the right shapes
          expect(r!.params.latent!.shape).toEqual([2, 2]);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as Error).message).toContain(ck);
        }
      }
    }), { numRuns: 60 });
    writeFileSync(ck, '{"format": "x"}');
    expect(() => runIncremental(parseIncrementalConfig('a.json', text(4)))).toThrow(/format = "x"; expected "mindscience-autodecoder\/1"/);
  });
});
