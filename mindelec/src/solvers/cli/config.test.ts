import { mkdtempSync, readFileSync, existsSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseFdtdConfig } from './config.ts';
import fdtdCommand from '../../cli/commands/fdtd.ts';
import { readVti } from '../../io/index.ts';

const example = readFileSync(new URL('./examples/shunt2port.json', import.meta.url), 'utf8');
const patch = readFileSync(new URL('./examples/patch.json', import.meta.url), 'utf8');

describe('fdtd config parsing', () => {
  it('parses the examples', () => {
    const p = parseFdtdConfig(example, 'shunt2port.json');
    expect(p.ports).toHaveLength(2);
    expect(p.ports[0]).toMatchObject({ width: 0, axis: 'y' });
    const wide = JSON.parse(example);
    wide.ports[0].width = 0.002;
    wide.ports[0].axis = 'x';
    expect(parseFdtdConfig(JSON.stringify(wide), 'w.json').ports[0]).toMatchObject({ width: 0.002, axis: 'x' });
    const plasma = JSON.parse(example);
    plasma.materials.gas = { epsR: 1, drude: { omegaP: 2e9, gamma: 1e8 } };
    plasma.geometry.push({ shape: 'sphere', center: [0.01, 0.01, 0.01], radius: 0.003, material: 'gas' });
    expect(parseFdtdConfig(JSON.stringify(plasma), 'p.json').geometry[2]!.material).toMatchObject({ drude: { omegaP: 2e9, gamma: 1e8 } });
    expect(p.frequencies).toEqual([0.5e9, 1e9, 1.5e9]);
    expect(parseFdtdConfig(patch, 'patch.json').geometry).toHaveLength(3);
  });
  it.each([
    [(c: any) => (c.grid.cell[2] = 'abc'), /x\.json: grid\.cell\[2\]: expected a finite number \(m\), got "abc"/],
    [(c: any) => (c.grid.size = [10, 10]), /grid\.size: expected an array of 3 numbers/],
    [(c: any) => (c.ports[1].resistance = -5), /ports\[1\]\.resistance: expected a number > 0 \(ohm\), got -5/],
    [(c: any) => (c.geometry[0].material = 'gold'), /geometry\[0\]\.material: expected a name defined in materials \(copper\), got "gold"/],
    [(c: any) => (c.ports[0].position = [1, 0]), /ports\[0\]\.position\[0\]: expected a coordinate inside the grid \[0, 0\.021\] m, got 1/],
    [(c: any) => (c.waveform.type = 'sinc'), /waveform\.type: expected one of gaussian, cw, got "sinc"/],
    [(c: any) => (c.colour = 1), /colour: expected no such field/],
    [(c: any) => delete c.steps, /duration: expected 'duration' \(s\) or 'steps'/],
    [(c: any) => (c.materials.copper.epsR = 0.5), /materials\.copper\.epsR: expected a number >= 1/],
    [(c: any) => (c.ports[0].axis = 'z'), /ports\[0\]\.axis: expected one of x, y, got "z"/],
    [(c: any) => (c.materials.copper = { drude: { omegaP: -1 } }), /materials\.copper\.drude\.omegaP: expected a number > 0 \(rad\/s\), got -1/],
    [(c: any) => (c.materials.copper = { drude: { omegaP: 1e9 }, lorentz: { deltaEps: 1, omega0: 1e9 } }), /materials\.copper\.lorentz: expected either drude or lorentz/],
    [(c: any) => (c.ports[0].width = 0.05), /ports\[0\]\.width\[1\]: expected a coordinate inside the grid/],
  ])('names the field, value and expectation (%#)', (mutate, message) => {
    const c = JSON.parse(example);
    mutate(c);
    expect(() => parseFdtdConfig(JSON.stringify(c), 'x.json')).toThrow(message);
  });
  it('truncated or garbled text fails with a ConfigError, never anything else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: example.length - 1 }), fc.string({ maxLength: 3 }), (cut, junk) => {
        const text = example.slice(0, cut) + junk;
        try {
          parseFdtdConfig(text, 'x.json');
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as Error).message).toMatch(/^x\.json: /);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('any JSON value in any field gives a plan or a ConfigError (fuzz)', () => {
    const base = JSON.parse(example);
    const paths: string[][] = [];
    const walk = (v: unknown, p: string[]) => {
      paths.push(p);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: paths.length - 1 }), fc.jsonValue({ maxDepth: 2 }), (pi, value) => {
        const c = JSON.parse(example);
        const p = paths[pi]!;
        let o = c;
        for (const k of p.slice(0, -1)) o = o[k];
        o[p[p.length - 1]!] = value;
        try {
          const plan = parseFdtdConfig(JSON.stringify(c), 'x.json');
          expect(plan.size).toHaveLength(3);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('mindelec fdtd <config.json> end to end', () => {
  it('writes Touchstone, CSV and JSON; S21 ~ 1 for the shunt pair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mindelec-fdtd-'));
    const cfg = join(dir, 'shunt2port.json');
    copyFileSync(new URL('./examples/shunt2port.json', import.meta.url), cfg);
    const logs: string[] = [];
    const orig = console.log;
    console.log = (m: string) => logs.push(m);
    let rc: number;
    try {
      rc = await fdtdCommand.run([cfg, '--json', '--quiet']);
    } finally {
      console.log = orig;
    }
    expect(rc).toBe(0);
    const summary = JSON.parse(logs[0]!);
    expect(summary.runs).toBe(2);
    const ts = readFileSync(join(dir, 'out', 'shunt2port.s2p'), 'utf8').split('\n');
    expect(ts.find((l) => l.startsWith('#'))).toBe('# HZ S RI R 50');
    const row = ts.find((l) => /^\d/.test(l))!.trim().split(/\s+/).map(Number);
    expect(row).toHaveLength(9);
    const [, s11r, s11i, s21r, s21i, s12r, s12i] = row as number[];
    expect(Math.hypot(s21r!, s21i!)).toBeGreaterThan(0.97);
    expect(Math.hypot(s11r!, s11i!)).toBeLessThan(0.1);
    // reciprocity: S12 = S21
    expect(Math.hypot(s12r! - s21r!, s12i! - s21i!)).toBeLessThan(0.01);
    expect(existsSync(join(dir, 'out', 'shunt2port_sparams.csv'))).toBe(true);
    expect(readFileSync(join(dir, 'out', 'shunt2port_probes.csv'), 'utf8').split('\n')[0]).toBe('time_s,probe1_ez');
    // VTK: the material map (PEC plates = -1) and two field snapshots
    const eps = readVti(join(dir, 'out', 'shunt2port_eps.vti'));
    expect(eps.dims).toEqual([22, 22, 22]);
    const epsData = eps.fields.epsR!.data;
    expect(epsData[(9 * 22 + 10) * 22 + 10]).toBe(-1); // node (10, 10, 9): lower plate (x fastest)
    expect(epsData[0]).toBe(1);
    const snap = readVti(join(dir, 'out', 'shunt2port_000600.vti'));
    expect(Object.keys(snap.fields).sort()).toEqual(['ez', 'hy']);
    expect(existsSync(join(dir, 'out', 'shunt2port_001200.vti'))).toBe(true);
  });
  it('bad config: exit code 2 and a message naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mindelec-fdtd-'));
    const cfg = join(dir, 'bad.json');
    const c = JSON.parse(example);
    c.grid.cell = [1e-3, -1, 1e-3];
    writeFileSync(cfg, JSON.stringify(c));
    const errs: string[] = [];
    const orig = console.error;
    console.error = (m: string) => errs.push(m);
    try {
      expect(await fdtdCommand.run([cfg])).toBe(2);
    } finally {
      console.error = orig;
    }
    expect(errs[0]).toMatch(/bad\.json: grid\.cell\[1\]: expected a number > 0 \(m\), got -1/);
  });
});
