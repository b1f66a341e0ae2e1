/**
 * Side by side: runs our engine (`mindsponge run` on ours-nvt.json / ours-npt.json, the same state
 * points and protocol as in.nvt / in.npt) and prints it against the committed LAMMPS numbers in
 * reference.json; writes compare.json. Long (minutes per point): this is the script, not a test.
 *   npx tsx mindsponge/reference/lammps/compare.ts [nvt] [npt]          (run, then compare)
 *   npx tsx mindsponge/reference/lammps/compare.ts --summarize [nvt] [npt]  (compare the existing ours-nvt or ours-npt summary.json)
 */
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunConfig } from '../../src/cli/runConfig.ts';
import { executeRun, type RunSummary } from '../../src/cli/execute.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ref = JSON.parse(readFileSync(join(here, 'reference.json'), 'utf8')) as Record<string, Record<string, { mean: number; stderr: number }>>;
const args = process.argv.slice(2);
const summarizeOnly = args.includes('--summarize');
const named = args.filter((a) => !a.startsWith('--'));
const wanted = named.length ? named : ['nvt', 'npt'];
const file = join(here, 'compare.json');
const out: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const points: Record<string, { config: string; ref: string; quantities: [ours: string, lammps: string][] }> = {
  nvt: { config: 'ours-nvt.json', ref: 'nvt_rho0.8442_T0.72_rc2.5', quantities: [['potential_energy_per_atom', 'pe_per_atom'], ['pressure', 'pressure'], ['temperature', 'temperature']] },
  npt: { config: 'ours-npt.json', ref: 'npt_T1.5_P1.0_rc2.5', quantities: [['density', 'density'], ['potential_energy_per_atom', 'pe_per_atom'], ['pressure', 'pressure']] },
};
for (const w of wanted) {
  const p = points[w];
  if (!p) throw new Error(`compare: unknown point '${w}', expected nvt or npt`);
  const path = join(here, p.config);
  const config = parseRunConfig(JSON.parse(readFileSync(path, 'utf8')), path);
  const summary: RunSummary = summarizeOnly
    ? JSON.parse(readFileSync(join(here, config.outputs.directory, config.outputs.summary ?? 'summary.json'), 'utf8'))
    : executeRun(config, { baseDir: here, progress: 'auto' });
  const rows = p.quantities.map(([q, l]) => {
    const o = summary.averages[q]!, r = ref[p.ref]![l]!;
    const z = (o.mean - r.mean) / Math.hypot(o.stderr, r.stderr);
    return { quantity: q, ours: o.mean, oursStderr: o.stderr, lammps: r.mean, lammpsStderr: r.stderr, difference: o.mean - r.mean, zScore: Number(z.toFixed(2)) };
  });
  console.log(`\n${w}: ${summary.simulator}, ${summary.atoms} atoms, ${(summary.atomStepsPerSecond / 1e6).toFixed(3)} M atom-steps/s`);
  console.table(rows);
  out[w] = { simulator: summary.simulator, atoms: summary.atoms, steps: summary.steps, atomStepsPerSecond: summary.atomStepsPerSecond, rows };
  // re-read so that concurrent runs of different points do not overwrite each other
  const latest: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  latest[w] = out[w];
  writeFileSync(`${file}.tmp-${process.pid}`, JSON.stringify(latest, null, 2) + '\n');
  renameSync(`${file}.tmp-${process.pid}`, file);
}
