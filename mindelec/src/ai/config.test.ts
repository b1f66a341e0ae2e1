/**
 * Config validation and the two CLI commands' argument handling: every error names the file, the field,
 * the value and what was expected; --help exits 0; fuzzed configs never crash with anything but a
 * ConfigError.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConfigReader } from './config.ts';
import { parsePinnConfig } from './pinn/run.ts';
import pinnCommand from '../cli/commands/pinn.ts';
import surrogateCommand from '../cli/commands/surrogate.ts';

describe('pinn config', () => {
  it('defaults fill a minimal config; widths must match the problem', () => {
    const c = parsePinnConfig('p.json', '{"problem": "helmholtz"}');
    expect(c.net.widths[0]).toBe(2);
    expect(c.helmholtz.k).toBe(2);
    expect(c.train.weighting).toBe('uncertainty');
    expect(() => parsePinnConfig('p.json', '{"problem": "maxwell-te2d", "net": {"widths": [2, 8, 3]}}')).toThrow(/p\.json: net\.widths\[0\] = 2; expected 3 \(inputs of maxwell-te2d\)/);
  });
  it('names the bad field, value and expectation', () => {
    expect(() => parsePinnConfig('p.json', '{"problem": "wave"}')).toThrow(/p\.json: problem = "wave"; expected one of helmholtz, maxwell-te2d/);
    expect(() => parsePinnConfig('p.json', '{"problem": "helmholtz", "train": {"steps": -1}}')).toThrow(/train\.steps = -1; expected an integer >= 0/);
    expect(() => parsePinnConfig('p.json', '{"problem": "helmholtz", "net": {"widths": [2, 0, 1]}}')).toThrow(/net\.widths\[1\] = 0; expected an integer > 0/);
    expect(() => parsePinnConfig('p.json', '{"problem": "helmholtz", "trian": {}}')).toThrow(/unknown field 'trian'/);
    expect(() => parsePinnConfig('p.json', '{"problem": "helmholtz", "helmholtz": {"min": [1, 1], "max": [0, 2]}}')).toThrow(/helmholtz\.max = \[0,2\]; expected components greater than helmholtz\.min/);
    expect(() => parsePinnConfig('p.json', '[1]')).toThrow(/p\.json: expected a JSON object at the top level, got an array/);
    expect(() => parsePinnConfig('p.json', '{"problem": ')).toThrow(/p\.json: not valid JSON/);
    expect(() => parsePinnConfig('p.json', '{}')).toThrow(/p\.json: missing required field problem/);
  });
  it('fuzz: arbitrary JSON values either parse or raise ConfigError', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      for (const text of [JSON.stringify(a), JSON.stringify({ problem: 'helmholtz', net: a, train: b }), JSON.stringify({ problem: 'maxwell-te2d', maxwell: a, counts: b })]) {
        try {
          parsePinnConfig('f.json', text);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }
    }), { numRuns: 300 });
  });
  it('ConfigReader.only rejects non-objects', () => {
    const r = new ConfigReader('x.json', { net: 3 });
    expect(() => r.only('net', ['a'])).toThrow(/x\.json: net = 3; expected an object/);
  });
});

describe('commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  it('--help exits 0 and prints usage', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await pinnCommand.run(['--help'])).toBe(0);
    expect(await surrogateCommand.run(['--help'])).toBe(0);
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/usage: mindelec pinn[\s\S]*usage: mindelec surrogate/);
    log.mockRestore();
  });
  it('bad configs and arguments exit 2 with the field named', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const f = join(dir, 'bad.json');
    writeFileSync(f, '{"problem": "helmholtz", "counts": {"domain": 1.5}}');
    expect(await pinnCommand.run([f])).toBe(2);
    writeFileSync(join(dir, 'pred.json'), '{"model": "m.json", "designs": []}');
    expect(await surrogateCommand.run(['predict', join(dir, 'pred.json')])).toBe(2);
    expect(await surrogateCommand.run(['fly', f])).toBe(2);
    expect(await surrogateCommand.run(['train', join(dir, 'missing.json')])).toBe(2);
    const msgs = err.mock.calls.map((c) => String(c[0])).join('\n');
    expect(msgs).toMatch(/counts\.domain = 1\.5; expected an integer > 0/);
    expect(msgs).toMatch(/expected 'generate\|train\|predict\|encode <config\.json>'/);
    expect(msgs).toMatch(/missing\.json/);
    err.mockRestore();
  });
});
