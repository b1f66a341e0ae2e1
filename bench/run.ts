/** `npm run bench [-- name ...]`: runs benchmarks from bench/cases and writes bench/results/<name>.json. */
import { readdirSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { backendReport } from '@mindscience/core';
import { machineDescription, type Benchmark, type BenchResult } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = join(here, 'cases');
const resultsDir = join(here, 'results');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const available = readdirSync(casesDir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`bench: unknown benchmark(s) ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
mkdirSync(resultsDir, { recursive: true });
const machine = machineDescription();
for (const name of wanted.length ? wanted : available) {
  const mod = (await import(pathToFileURL(join(casesDir, `${name}.ts`)).href)) as { default: Benchmark };
  console.log(`\n== ${name}: ${mod.default.description}`);
  // The backend "ours" used: the active one once the case has run (a case that switches backends per row sets its own).
  const raw = await mod.default.run();
  const used = backendReport();
  const rows: BenchResult[] = raw.map((r) => ({ ...r, machine, backend: r.backend ?? used.name, threads: r.threads ?? used.threads }));
  console.log(`  ours: ${used.description}`);
  console.table(rows.map((r) => ({ case: r.name, metric: r.metric, unit: r.unit, ours: r.ours, peer: r.peer, peerValue: r.peerValue, ratio: r.ratio, backend: `${r.backend}/${r.threads}t` })));
  for (const r of rows) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
  const file = join(resultsDir, `${name}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(rows, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}
