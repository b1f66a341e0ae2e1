import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedDataPath } from '@mindscience/datasets';
import trainFf from '../cli/commands/train-ff.ts';
import { loadPotential, parseTrainConfig, TrainConfigError } from './index.ts';

const base = { data: 'x.xyz', split: { train: 1, validation: 1 }, model: { kind: 'schnet' }, output: 'm.ckpt' };

describe('train-ff config validation', () => {
  it('accepts a minimal config with defaults', () => {
    const c = parseTrainConfig(base);
    expect(c.split.seed).toBe(0);
    expect(c.model.kind).toBe('schnet');
  });
  it.each([
    [{ ...base, epochs: 3 }, /config\.epochs: unknown field/],
    [{ ...base, model: { kind: 'painn' } }, /model\.kind = "painn", expected "schnet" or "molct"/],
    [{ ...base, model: { kind: 'schnet', cutoff: 5 } }, /model\.cutoff = 5 nm; expected nm/],
    [{ ...base, model: { kind: 'schnet', features: 6.5 } }, /model\.features = 6\.5, expected a positive integer/],
    [{ ...base, training: { learningRate: '1e-3' } }, /training\.learningRate = "1e-3", expected a finite number/],
    [{ ...base, split: { train: 1 } }, /split\.validation: missing/],
    [[1, 2], /expected an object/],
  ])('rejects %j', (cfg, re) => {
    expect(() => parseTrainConfig(cfg)).toThrow(TrainConfigError);
    expect(() => parseTrainConfig(cfg)).toThrow(re);
  });
});

describe('mindsponge train-ff (end to end on the MD17 snippet)', () => {
  it('trains, writes a loadable model and a report, exit code 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainff-'));
    try {
      writeFileSync(join(dir, 'cfg.json'), JSON.stringify({
        data: shippedDataPath('md17_ethanol_snip.xyz'), energyUnit: 'kcal/mol',
        split: { train: 1, validation: 1, test: 1, seed: 2 },
        model: { kind: 'molct', features: 8, rbf: 6, interactions: 1, heads: 2, cutoff: 0.4 },
        training: { epochs: 3, batchSize: 1, learningRate: 1e-3 },
        output: 'model.ckpt', report: 'report.json',
      }));
      const log: string[] = [];
      const orig = console.log;
      console.log = (s: string) => log.push(s);
      let code: number;
      try { code = await trainFf.run([join(dir, 'cfg.json')]); } finally { console.log = orig; }
      expect(code).toBe(0);
      expect(log.at(-1)).toMatch(/test E MAE .* kcal\/mol.*model written/);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(report.sizes).toEqual({ train: 1, validation: 1, test: 1 });
      expect(report.test.forceMae).toBeGreaterThan(0);
      expect(loadPotential(join(dir, 'model.ckpt')).model.config.representation.kind).toBe('molct');
      expect(await trainFf.run(['--help'])).toBe(0);
      const err = console.error;
      console.error = () => {};
      try { expect(await trainFf.run([join(dir, 'missing.json')])).toBe(1); } finally { console.error = err; }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
