import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseRunConfig, ConfigError } from './runConfig.ts';
import runCommand from './commands/run.ts';
import { readDcd } from '../io/dcd.ts';

const base = {
  units: 'reduced',
  system: { lattice: 'fcc', density: 0.8442, cells: [4, 4, 4] },
  potential: { lj: { epsilon: 1, sigma: 1, cutoff: 2.5, shift: true } },
  ensemble: 'nve',
  temperature: 1.0,
  dt: 0.005,
  steps: { equilibration: 0, production: 200 },
  seed: 3,
};
const quietly = async (argv: string[]): Promise<number> => {
  const log = console.log, err = console.error;
  const errors: string[] = [];
  console.log = () => {}; console.error = (m: string) => errors.push(m);
  try { return await runCommand.run(argv); } finally { console.log = log; console.error = err; if (errors.length) lastErrors = errors; }
};
let lastErrors: string[] = [];

describe('mindsponge run config', () => {
  it('names the field, the value and what was expected', () => {
    const bad = (patch: Record<string, unknown>): string => {
      try { parseRunConfig({ ...base, ...patch }, 'c.json'); } catch (e) { expect(e).toBeInstanceOf(ConfigError); return (e as Error).message; }
      return 'no error';
    };
    expect(bad({ dt: -1 })).toBe('c.json: dt = -1, expected a number > 0');
    expect(bad({ potential: { lj: { epsilon: 1, sigma: 1, cutof: 2.5 } } })).toMatch(/potential.lj: unknown field 'cutof'/);
    expect(bad({ potential: { lj: { epsilon: 1, sigma: 1, cutoff: '2.5' } } })).toBe(`c.json: potential.lj.cutoff = '2.5', expected a number > 0`);
    expect(bad({ ensemble: 'nvx' })).toMatch(/ensemble = 'nvx', expected one of 'nve', 'nvt', 'npt'/);
    expect(bad({ ensemble: 'nvt' })).toMatch(/needs a thermostat/);
    expect(bad({ system: { lattice: 'fcc', density: 0.8, cells: [4, 4] } })).toMatch(/system.cells = \[4,4\], expected three positive integers/);
    expect(bad({ steps: { production: 1.5 } })).toMatch(/steps.production = 1.5, expected an integer >= 0/);
    expect(bad({ units: 'molecular' })).toMatch(/system.mass is required in molecular units/);
  });

  it('fuzz: random JSON values either parse or raise ConfigError', () => {
    fc.assert(fc.property(fc.constantFrom('units', 'system', 'potential', 'ensemble', 'dt', 'steps', 'thermostat', 'barostat', 'outputs', 'seed'), fc.jsonValue(), (key, value) => {
      try { parseRunConfig({ ...base, [key]: value }); } catch (e) { expect(e).toBeInstanceOf(ConfigError); }
    }), { numRuns: 300 });
  });
});

describe('mindsponge run', () => {
  it('--help exits 0; a bad config exits 1 with the field in the message', async () => {
    expect(await quietly(['--help'])).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...base, dt: 'x' }));
    expect(await quietly([join(dir, 'bad.json')])).toBe(1);
    expect(lastErrors.join('\n')).toMatch(/dt = 'x', expected a number > 0/);
  });

  it('runs NVE with thermo CSV, DCD and checkpoints, and a resumed run reproduces the thermo rows exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const cfg = { ...base, outputs: { directory: 'a', thermo: { every: 50 }, trajectory: { file: 't.dcd', every: 100 }, checkpoint: { file: 'restart.json', every: 100 } } };
    writeFileSync(join(dir, 'a.json'), JSON.stringify(cfg));
    expect(await quietly([join(dir, 'a.json'), '--quiet'])).toBe(0);
    const rows = readFileSync(join(dir, 'a', 'thermo.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^step,time,temperature,pressure,potential_energy,kinetic_energy,total_energy,conserved_energy,volume,density/);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['step', '0', '50', '100', '150', '200']);
    const e = rows.slice(1).map((r) => Number(r.split(',')[6]));
    expect(Math.max(...e) - Math.min(...e)).toBeLessThan(0.5); // NVE total energy (256 atoms)
    expect(readDcd(join(dir, 'a', 't.dcd')).nSet).toBe(3); // steps 0, 100, 200
    // a run stopped at step 100, then resumed from its checkpoint to step 200, writes the same rows
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...base, steps: { production: 100 }, outputs: { directory: 'b', thermo: { every: 50 }, checkpoint: { file: 'restart.json', every: 100 } } }));
    expect(await quietly([join(dir, 'b.json'), '--quiet'])).toBe(0);
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...base, resume: 'b/restart.json', outputs: { directory: 'b', thermo: { every: 50 } } }));
    expect(await quietly([join(dir, 'c.json'), '--quiet'])).toBe(0);
    const resumed = readFileSync(join(dir, 'b', 'thermo.csv'), 'utf8').trim().split('\n');
    expect(resumed).toEqual(rows);
  });

  for (const barostat of [{ kind: 'mtk', pressure: 1, tau: 2 }, { kind: 'monte-carlo', pressure: 1, frequency: 5 }, { kind: 'berendsen', pressure: 1, tau: 2 }]) {
    it(`runs NPT with the ${barostat.kind} barostat and the volume responds`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'run-'));
      const cfg = { ...base, potential: { lj: { epsilon: 1, sigma: 1, cutoff: 2.5, tailCorrection: true } }, ensemble: 'npt', thermostat: { kind: 'nose-hoover', temperature: 1.5, tau: 0.5 }, barostat, steps: { production: 300 }, outputs: { directory: '.', thermo: { every: 300 } } };
      writeFileSync(join(dir, 'npt.json'), JSON.stringify(cfg));
      expect(await quietly([join(dir, 'npt.json'), '--quiet'])).toBe(0);
      const rows = readFileSync(join(dir, 'thermo.csv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split(',').map(Number));
      expect(rows).toHaveLength(2);
      expect(Math.abs(rows[1]![8]! - rows[0]![8]!)).toBeGreaterThan(1); // the crystal starts at P = -5: the box responds
    });
  }

  for (const [thermostat, integrator] of [['langevin', 'baoab'], ['langevin', 'middle'], ['bussi', 'verlet'], ['berendsen', 'leapfrog'], ['andersen', 'verlet'], ['nose-hoover', 'verlet']] as const) {
    it(`runs NVT with ${thermostat} / ${integrator} and approaches the target temperature`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'run-'));
      const cfg = { ...base, temperature: 0.5, ensemble: 'nvt', integrator, thermostat: { kind: thermostat, temperature: 1.0, tau: 0.1, gamma: 5, collisionFrequency: 10 }, steps: { equilibration: 300, production: 300 }, outputs: { directory: '.', thermo: false, sampleEvery: 5 } };
      writeFileSync(join(dir, 'nvt.json'), JSON.stringify(cfg));
      expect(await quietly([join(dir, 'nvt.json'), '--quiet'])).toBe(0);
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { averages: { temperature: { mean: number } } };
      expect(Math.abs(summary.averages.temperature.mean - 1.0)).toBeLessThan(0.12);
    });
  }

  it('reads the system from an extxyz file (species from names, two LJ species)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const { lattice } = await import('../system.ts');
    const { formatXyzFrame } = await import('../io/xyz.ts');
    const s = lattice({ kind: 'fcc', density: 0.8, cells: [4, 4, 4] });
    const names = Array.from({ length: 256 }, (_, i) => (i % 2 ? 'B' : 'A'));
    writeFileSync(join(dir, 'start.extxyz'), formatXyzFrame(names, s.positions, s.box, { lengthScale: 1 }));
    const cfg = { ...base, system: { file: 'start.extxyz', mass: 1 }, potential: { lj: { epsilon: [1, 0.5], sigma: [1, 0.9], cutoff: 2.5 } }, steps: { production: 50 }, outputs: { directory: 'o', thermo: { every: 50 }, trajectory: { file: 't.extxyz', every: 50 } } };
    writeFileSync(join(dir, 'f.json'), JSON.stringify(cfg));
    expect(await quietly([join(dir, 'f.json'), '--quiet'])).toBe(0);
    const traj = readFileSync(join(dir, 'o', 't.extxyz'), 'utf8');
    expect(traj.split('\n')[2]!.startsWith('A ')).toBe(true);
    expect(traj.split('\n')[3]!.startsWith('B ')).toBe(true);
  });

  it('runs an Amber system (alanine dipeptide, vacuum, HBonds constraints, Langevin) from prmtop/rst7', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const data = join(dirname(fileURLToPath(import.meta.url)), '../../test-data/amber');
    const cfg = {
      units: 'molecular', system: { amber: { prmtop: join(data, 'ala_di.parm7'), rst7: join(data, 'ala_di.rst7') } },
      ensemble: 'nvt', thermostat: { kind: 'langevin', temperature: 300, gamma: 5 }, dt: 0.002, minimize: { maxSteps: 200 },
      steps: { equilibration: 100, production: 400 }, seed: 2, outputs: { directory: '.', thermo: { every: 100 }, trajectory: { file: 'ala.xyz', every: 250 }, sampleEvery: 2 },
    };
    writeFileSync(join(dir, 'ala.json'), JSON.stringify(cfg));
    expect(await quietly([join(dir, 'ala.json'), '--quiet'])).toBe(0);
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { atoms: number; averages: { temperature: { mean: number } } };
    expect(s.atoms).toBe(22);
    expect(Math.abs(s.averages.temperature.mean - 300)).toBeLessThan(60); // 22 atoms, short run
    expect(readFileSync(join(dir, 'ala.xyz'), 'utf8').split('\n')[0]).toBe('22');
  });

  it('stops a blow-up with exit code 3 naming the step and the atom', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    writeFileSync(join(dir, 'x.json'), JSON.stringify({ ...base, dt: 0.5, outputs: { directory: '.', thermo: false, summary: false } }));
    expect(await quietly([join(dir, 'x.json'), '--quiet'])).toBe(3);
    expect(lastErrors.join('\n')).toMatch(/(blow-up|runaway) at step \d+.*atom \d+/);
  });
});
