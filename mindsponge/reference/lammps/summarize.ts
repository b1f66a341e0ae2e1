/**
 * Summarises the LAMMPS reference runs in this folder into reference.json: means with standard errors
 * from 10 block averages of the sampled columns (nvt_samples.txt, npt_samples.txt), and the step-0 /
 * timing lines of log.lj.lammps. Run by run.sh; `npx tsx mindsponge/reference/lammps/summarize.ts`.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function blockStats(values: number[], blocks = 10): { mean: number; stderr: number; samples: number } {
  const m = Math.floor(values.length / blocks);
  if (m < 1) throw new Error(`blockStats: ${values.length} samples, need at least ${blocks}`);
  const means: number[] = [];
  for (let b = 0; b < blocks; b++) means.push(values.slice(b * m, (b + 1) * m).reduce((s, v) => s + v, 0) / m);
  const mean = means.reduce((s, v) => s + v, 0) / blocks;
  const varm = means.reduce((s, v) => s + (v - mean) ** 2, 0) / (blocks - 1);
  return { mean, stderr: Math.sqrt(varm / blocks), samples: values.length };
}

function samples(file: string): Record<string, number[]> | null {
  const p = join(here, file);
  if (!existsSync(p)) return null;
  const lines = readFileSync(p, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const header = lines[0]!.trim().split(/\s+/);
  const cols: Record<string, number[]> = Object.fromEntries(header.map((h) => [h, []]));
  for (const l of lines.slice(1)) l.trim().split(/\s+/).forEach((v, k) => cols[header[k]!]!.push(Number(v)));
  return cols;
}

function logLj(): Record<string, number> | null {
  const p = join(here, 'log.lj.lammps');
  if (!existsSync(p)) return null;
  const t = readFileSync(p, 'utf8').split('\n');
  const h = t.findIndex((l) => l.trim().startsWith('Step'));
  const step0 = t[h + 1]!.trim().split(/\s+/).map(Number);
  const loop = /Loop time of ([\d.]+) on (\d+) procs for (\d+) steps with (\d+) atoms/.exec(t.join('\n'))!;
  return { step0_temperature: step0[1]!, step0_pe_per_atom: step0[2]!, step0_pressure: step0[3]!, loop_seconds: Number(loop[1]), steps: Number(loop[3]), atoms: Number(loop[4]), atom_steps_per_second: (Number(loop[3]) * Number(loop[4])) / Number(loop[1]) };
}

const version = (() => {
  const p = join(here, 'log.lj.lammps');
  return existsSync(p) ? readFileSync(p, 'utf8').split('\n')[0]!.trim() : 'unknown';
})();
const out: Record<string, unknown> = { lammps: version, note: 'produced by run.sh (in.lj, in.nvt, in.npt in this folder); means +- standard error of 10 block averages' };
const lj = logLj();
if (lj) out['in.lj'] = lj;
const nvt = samples('nvt_samples.txt');
if (nvt) out['nvt_rho0.8442_T0.72_rc2.5'] = { pe_per_atom: blockStats(nvt['pe_per_atom']!), pressure: blockStats(nvt['pressure']!), temperature: blockStats(nvt['temperature']!) };
const npt = samples('npt_samples.txt');
if (npt) out['npt_T1.5_P1.0_rc2.5'] = { density: blockStats(npt['density']!), pe_per_atom: blockStats(npt['pe_per_atom']!), pressure: blockStats(npt['pressure']!) };
const file = join(here, 'reference.json');
writeFileSync(`${file}.tmp`, JSON.stringify(out, null, 2) + '\n');
renameSync(`${file}.tmp`, file);
console.log(JSON.stringify(out, null, 2));
