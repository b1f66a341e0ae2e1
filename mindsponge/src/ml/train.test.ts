import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md17EthanolSnippet } from '@mindscience/datasets';
import { evaluateMetrics, fitElementReferences, initPotential, loadPotential, representationConfig, savePotential, trainPotential, withFittedReferences } from './index.ts';

const frames = md17EthanolSnippet();

describe('element references', () => {
  it('recovers per-element energies from mixed compositions (least squares)', () => {
    // E = 2 n_H - 5 n_C - 7 n_O exactly.
    const comps = [[0, 0, 1], [0, 1, 1, 2], [2, 2, 0, 1, 1], [0, 0, 0, 2], [1, 2]];
    const sp = comps.map((c) => Int32Array.from(c));
    const E = comps.map((c) => c.reduce((s, k) => s + [2, -5, -7][k]!, 0));
    const { shift } = fitElementReferences(3, sp, E);
    expect(Array.from(shift).map((v) => Number(v.toFixed(6)))).toEqual([2, -5, -7]);
  });
  it('a single composition gets the mean energy per atom', () => {
    const m = withFittedReferences(initPotential({ elements: [1, 6, 8], representation: representationConfig('schnet', { features: 8, rbf: 4, interactions: 1 }) }), frames);
    const perAtom = frames.reduce((s, f) => s + f.energy!, 0) / 3 / 9;
    for (const v of m.params.shift.data()) expect(v).toBeCloseTo(perAtom, 4);
  });
});

describe.each(['schnet', 'molct'] as const)('training %s on energies and forces', (kind) => {
  it('lowers the loss and the validation force error; the checkpoint reloads to identical predictions', () => {
    const model = initPotential({ elements: [1, 6, 8], representation: representationConfig(kind, { features: 8, rbf: 8, interactions: 1, heads: 2, cutoff: 0.4 }) }, 1);
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'nnp-'));
    try {
      const path = join(dir, 'model.ckpt');
      const before = evaluateMetrics(withFittedReferences(model, frames), frames);
      const r = trainPotential(model, frames, frames, { epochs: 40, batchSize: 3, learningRate: 5e-3, energyWeight: 0.001, forceWeight: 0.999, patience: 100, checkpointPath: path, log: (l) => lines.push(l) });
      expect(r.history).toHaveLength(40);
      const mean5 = (h: typeof r.history): number => h.reduce((s, e) => s + e.trainLoss, 0) / h.length;
      expect(mean5(r.history.slice(-5))).toBeLessThan(0.8 * mean5(r.history.slice(0, 5)));
      expect(r.best.forceMae).toBeLessThan(0.85 * before.forceMae);
      expect(lines[0]).toMatch(/^epoch 0: validation E MAE/);
      const { model: loaded, meta } = loadPotential(path);
      expect((meta as { epoch: number }).epoch).toBeGreaterThan(0);
      const a = evaluateMetrics(loaded, frames), b = evaluateMetrics(r.model, frames);
      expect(a.forceMae).toBe(b.forceMae);
      expect(a.energyMae).toBe(b.energyMae);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('errors', () => {
  const model = initPotential({ elements: [1, 6], representation: representationConfig('schnet', { features: 4, rbf: 4, interactions: 1 }) });
  it('names an element the model does not know', () => {
    expect(() => trainPotential(model, frames, frames)).toThrow(/atom 2 has element O \(Z=8\), the model knows Z = 1, 6/);
  });
  it('rejects a non-potential checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnp-'));
    try {
      savePotential(join(dir, 'm.ckpt'), model);
      expect(loadPotential(join(dir, 'm.ckpt')).model.config.elements).toEqual([1, 6]);
    } finally { rmSync(dir, { recursive: true, force: true }); }
    expect(() => trainPotential(model, [], frames)).toThrow(/training set is empty/);
    const periodic = [{ ...frames[0]!, cell: new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]) }];
    const hc = initPotential({ elements: [1, 6, 8], representation: representationConfig('schnet', { features: 4, rbf: 4, interactions: 1 }) });
    expect(() => trainPotential(hc, periodic, frames, { epochs: 1 })).toThrow(/frame 0 is periodic/);
  });
});
