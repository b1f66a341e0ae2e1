/**
 * `mindsponge run <config.json>`: molecular dynamics from a JSON config (NVE/NVT/NPT, LJ systems).
 * The config format is documented in mindsponge/README.md; errors name the field and the value.
 * Exit codes: 0 done, 1 bad config/input, 2 usage, 3 blow-up (NaN or runaway; message names step and atom).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from '../main.ts';
import { ConfigError, parseRunConfig } from '../runConfig.ts';
import { executeRun } from '../execute.ts';
import { BlowUpError } from '../../simulate/state.ts';

const HELP = `usage: mindsponge run <config.json> [--quiet] [--no-progress] [--set key=value ...]

Runs molecular dynamics as described by a JSON config (see mindsponge/README.md, "Run config"):
units, system (lattice/density/cells or an extxyz file), potential.lj {epsilon, sigma, cutoff, shift,
tailCorrection}, ensemble nve|nvt|npt, thermostat, barostat, dt, steps {equilibration, production},
seed, outputs {directory, thermo, trajectory, checkpoint, summary}, resume.

options:
  --quiet          print only errors
  --no-progress    no progress bar (it is shown on a terminal only anyway)
  --set a.b=v      override a config field (v parsed as JSON, else as a string), e.g. --set steps.production=1000
  --help           this text`;

function setPath(obj: Record<string, unknown>, path: string, raw: string): void {
  let value: unknown;
  try { value = JSON.parse(raw); } catch { value = raw; }
  const keys = path.split('.');
  let o: Record<string, unknown> = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

const command: Command = {
  summary: 'run NVE/NVT/NPT molecular dynamics from a JSON config',
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) { console.log(HELP); return 0; }
    const quiet = argv.includes('--quiet');
    const sets: string[] = [];
    const files: string[] = [];
    for (let k = 0; k < argv.length; k++) {
      const a = argv[k]!;
      if (a === '--set') { const v = argv[++k]; if (!v || !v.includes('=')) { console.error(`mindsponge run: --set needs key=value, got '${v ?? ''}'`); return 2; } sets.push(v); }
      else if (a === '--quiet' || a === '--no-progress') continue;
      else if (a.startsWith('-')) { console.error(`mindsponge run: unknown option '${a}'\n\n${HELP}`); return 2; }
      else files.push(a);
    }
    if (files.length !== 1) { console.error(`mindsponge run: expected one config file, got ${files.length}\n\n${HELP}`); return 2; }
    const path = resolve(files[0]!);
    try {
      let json: Record<string, unknown>;
      try { json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>; } catch (e) {
        throw new ConfigError(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(e as Error).message})`}`);
      }
      for (const s of sets) { const i = s.indexOf('='); setPath(json, s.slice(0, i), s.slice(i + 1)); }
      const config = parseRunConfig(json, path);
      const summary = executeRun(config, { baseDir: dirname(path), progress: argv.includes('--no-progress') || quiet ? false : 'auto', log: quiet ? undefined : (l) => console.log(l) });
      if (!quiet) {
        console.log(`${summary.simulator}: ${summary.atoms} atoms, ${summary.steps.final} steps, ${(summary.atomStepsPerSecond / 1e6).toFixed(3)} M atom-steps/s`);
        for (const [k, v] of Object.entries(summary.averages)) if (v.samples) console.log(`  ${k.padEnd(28)} ${v.mean.toPrecision(7)} +- ${v.stderr.toPrecision(2)}`);
      }
      return 0;
    } catch (e) {
      if (e instanceof BlowUpError) { console.error(`mindsponge run: ${e.message}`); return 3; }
      if (e instanceof Error && ['ConfigError', 'XyzError', 'CheckpointError', 'BoxError', 'RangeError'].includes(e.name)) { console.error(`mindsponge run: ${e.message}`); return 1; }
      throw e;
    }
  },
};
export default command;
