/**
 * `mindscience tour [--out DIR] [--quick]`: the README's main job. On built-in defaults it runs one
 * small, real job per package through the same CLIs a user would call, and writes DIR (default
 * results/tour) with each step's config, raw outputs (CSV/JSON/NPY/VTI), SVG/PNG plots, and an
 * index.html that links them:
 *   1. md    — Lennard-Jones NVT (reduced units) with `mindsponge run`: thermo CSV, T and PE traces,
 *              and a 3-D trajectory view (md/trajectory.html, three.js) of traj.dcd.
 *   2. fdtd  — a dielectric slab's reflection |S11|^2 across frequency with 1-D FDTD vs the analytic
 *              transfer matrix (`mindelec validate slab --json`); complex S11 of a two-layer window
 *              (FDTD vs exact) as a Smith chart and in dB (tourSmith.ts).
 *   3. cad   — a STEP assembly shipped with occt-import-js to an (Nx,Ny,Nz,8) material tensor
 *              (`mindelec cad2tensor`): .npy, .vti, a slice picture, and a 3-D view of the meshes with
 *              the voxel ids overlaid (cad/view.html).
 *   4. pinn  — a Helmholtz PINN (`mindelec pinn`): relative L2 error vs the analytic solution.
 * `--quick` shrinks every step (used by the test suite). A failed step is reported on the page and
 * makes the command exit 1; nothing is reported as done that did not run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { linePlot } from '@mindscience/viz';
import { cadVoxelView, trajectoryView } from './tourViews.ts';
import { layerWindowPictures } from './tourSmith.ts';

interface StepResult {
  id: string;
  title: string;
  command: string;
  ok: boolean;
  seconds: number;
  /** Key numbers shown on the page. */
  facts: [string, string][];
  /** Files in the step folder (relative to the results folder). */
  files: string[];
  /** SVG/PNG pictures (relative paths). */
  pictures: string[];
  /** Interactive 3-D views (self-contained three.js pages, relative paths) with a one-line description. */
  views?: { href: string; label: string }[];
  error?: string;
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Runs a CLI main in-process with console output captured (so the tour's own log stays short). */
async function runCli(main: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const warn = console.warn;
  console.log = (...a: unknown[]) => { out.push(a.map(String).join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.map(String).join(' ')); };
  console.warn = console.error;
  try {
    const code = await main(argv);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
    console.warn = warn;
  }
}

function parseCsv(text: string): Record<string, number[]> {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = lines[0]!.split(',').map((h) => h.trim());
  const cols: Record<string, number[]> = Object.fromEntries(header.map((h) => [h, [] as number[]]));
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    header.forEach((h, k) => cols[h]!.push(Number(cells[k])));
  }
  return cols;
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

async function stepMd(root: string, quick: boolean): Promise<Omit<StepResult, 'seconds' | 'ok'>> {
  const dir = join(root, 'md');
  const temperature = 0.72;
  const config = {
    description: 'Lennard-Jones liquid, reduced units: fcc start at rho* = 0.8442, NVT at T* = 0.72, rc = 2.5 (LAMMPS in.lj state point)',
    units: 'reduced',
    system: { lattice: 'fcc', density: 0.8442, cells: quick ? [4, 4, 4] : [6, 6, 6] },
    potential: { lj: { epsilon: 1, sigma: 1, cutoff: 2.5 } },
    ensemble: 'nvt',
    thermostat: { kind: 'nose-hoover', temperature, tau: 0.5 },
    temperature: 1.44,
    dt: 0.005,
    steps: { equilibration: quick ? 200 : 2000, production: quick ? 400 : 4000 },
    seed: 2024,
    outputs: { directory: '.', thermo: { file: 'thermo.csv', every: 10 }, trajectory: { file: 'traj.dcd', every: 100, format: 'dcd' }, summary: 'summary.json' },
  };
  const cfgPath = join(dir, 'config.json');
  writeAtomic(cfgPath, JSON.stringify(config, null, 2) + '\n');
  const { main } = await import('@mindscience/mindsponge/cli');
  const r = await runCli(main, ['run', cfgPath, '--quiet']);
  if (r.code !== 0) throw new Error(`mindsponge run exited ${r.code}: ${r.stderr || r.stdout}`);
  const thermo = parseCsv(readFileSync(join(dir, 'thermo.csv'), 'utf8'));
  const time = thermo['time']!;
  const n = config.system.cells.reduce((a, b) => a * b, 4);
  const half = Math.floor(time.length / 2);
  const T = thermo['temperature']!;
  const pe = thermo['potential_energy']!.map((e) => e / n);
  writeAtomic(join(dir, 'temperature.svg'), linePlot([
    { label: 'T*', x: time, y: T },
    { label: 'target', x: [time[0]!, time[time.length - 1]!], y: [temperature, temperature], dashed: true },
  ], { title: `LJ NVT, ${n} atoms: temperature`, xLabel: 'time (tau)', yLabel: 'T*' }));
  writeAtomic(join(dir, 'potential.svg'), linePlot([{ label: 'PE / atom', x: time, y: pe }],
    { title: 'potential energy per atom', xLabel: 'time (tau)', yLabel: 'PE/N (epsilon)' }));
  const view = await trajectoryView(join(dir, 'traj.dcd'), join(dir, 'trajectory.html'), `LJ liquid, ${n} atoms, NVT at T* = ${temperature}`);
  return {
    id: 'md', title: 'Lennard-Jones NVT (MindSPONGE)',
    command: `npx mindsponge run ${relative(process.cwd(), cfgPath)}`,
    facts: [
      ['atoms', String(n)],
      ['mean T* (second half)', mean(T.slice(half)).toFixed(3)],
      ['mean PE/atom (second half)', mean(pe.slice(half)).toFixed(4)],
      ['LAMMPS reference PE/atom (32000 atoms, long run)', '-5.6415 ± 0.0006'],
      ['mean pressure* (second half)', mean(thermo['pressure']!.slice(half)).toFixed(3)],
    ],
    files: ['md/config.json', 'md/thermo.csv', 'md/traj.dcd', 'md/summary.json'],
    pictures: ['md/temperature.svg', 'md/potential.svg'],
    views: [{ href: 'md/trajectory.html', label: `3-D trajectory: ${view.atoms} atoms, ${view.frames} frames from traj.dcd, periodic box (three.js)` }],
  };
}

async function stepFdtd(root: string, quick: boolean): Promise<Omit<StepResult, 'seconds' | 'ok'>> {
  const dir = join(root, 'fdtd');
  const args = ['validate', 'slab', '--json', ...(quick ? ['--cells-per-wavelength', '20'] : [])];
  const { main } = await import('@mindscience/mindelec/cli');
  let r = await runCli(main, args);
  if (r.code !== 0 && quick) r = await runCli(main, ['validate', 'slab', '--json']);
  if (r.code !== 0) throw new Error(`mindelec validate slab exited ${r.code}: ${r.stderr || r.stdout}`);
  const res = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
    params: { epsR: number; thickness: number };
    ours: { freqs: number[]; R: number[]; T: number[] };
    analytic: { R: number[]; T: number[] };
  };
  writeAtomic(join(dir, 'slab.json'), JSON.stringify(res, null, 1) + '\n');
  const f = res.ours.freqs.map((v) => v / 1e9);
  const db = (p: number) => 10 * Math.log10(Math.max(p, 1e-12));
  writeAtomic(join(dir, 's11.svg'), linePlot([
    { label: '|S11|² FDTD', x: f, y: res.ours.R.map(db), markers: true },
    { label: '|S11|² analytic', x: f, y: res.analytic.R.map(db) },
    { label: '|S21|² FDTD', x: f, y: res.ours.T.map(db), markers: true },
    { label: '|S21|² analytic', x: f, y: res.analytic.T.map(db), dashed: true },
  ], { title: `dielectric slab eps_r = ${res.params.epsR}, d = ${res.params.thickness} m`, xLabel: 'frequency (GHz)', yLabel: 'dB' }));
  const maxErr = Math.max(...res.ours.R.map((v, i) => Math.abs(v - res.analytic.R[i]!)));
  const csv = ['frequency_hz,R_fdtd,T_fdtd,R_analytic,T_analytic', ...res.ours.freqs.map((fr, i) => `${fr},${res.ours.R[i]},${res.ours.T[i]},${res.analytic.R[i]},${res.analytic.T[i]}`)].join('\n') + '\n';
  writeAtomic(join(dir, 'slab.csv'), csv);
  const window = layerWindowPictures(dir);
  return {
    id: 'fdtd', title: 'FDTD: slab reflection |S11|² vs analytic (MindElec)',
    command: `npx mindelec ${args.join(' ')}`,
    facts: [['frequencies', String(f.length)], ['max | |R|²_FDTD − |R|²_analytic |', maxErr.toExponential(2)], ['tolerance (issue)', '0.01'],
      ['two-layer window (complex S11, Smith chart)', window.design],
      ['window: max |S11_FDTD − S11_exact|', window.maxError.toExponential(2)]],
    files: ['fdtd/slab.json', 'fdtd/slab.csv'],
    pictures: ['fdtd/s11.svg', 'fdtd/smith.svg', 'fdtd/s11-window.svg'],
  };
}

async function stepCad(root: string, quick: boolean): Promise<Omit<StepResult, 'seconds' | 'ok'>> {
  const dir = join(root, 'cad');
  mkdirSync(dir, { recursive: true });
  const require = createRequire(import.meta.url);
  const step = join(dirname(require.resolve('occt-import-js/package.json')), 'test', 'testfiles', 'cax-if', 'as1_pe_203.stp');
  if (!existsSync(step)) throw new Error(`CAD sample not found: ${step}`);
  const args = ['cad2tensor', step, '--points', quick ? '20000' : '400000', '--material', 'fr4', '--margin', '5',
    '--out', join(dir, 'tensor.npy'), '--ids', join(dir, 'ids.npy'), '--vtk', join(dir, 'tensor.vti'),
    '--png', join(dir, 'slice.png'), '--svg', join(dir, 'slice.svg'), '--json', join(dir, 'summary.json'), '--quiet'];
  const { main } = await import('@mindscience/mindelec/cli');
  let r = await runCli(main, args);
  if (r.code !== 0 && /material/i.test(r.stderr)) {
    args.splice(args.indexOf('--material'), 2);
    r = await runCli(main, args);
  }
  if (r.code !== 0) throw new Error(`mindelec cad2tensor exited ${r.code}: ${r.stderr || r.stdout}`);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
    grid: { dims: number[] }; spacing_mm: number[]; solids: { meshVolume: number; voxelVolume: number; watertight: { watertight: boolean } }[];
  };
  const view = await cadVoxelView(step, join(dir, 'ids.npy'), join(dir, 'summary.json'), join(dir, 'view.html'));
  const meshVolume = summary.solids.reduce((a, s) => a + s.meshVolume, 0);
  const voxelVolume = summary.solids.reduce((a, s) => a + s.voxelVolume, 0);
  return {
    id: 'cad', title: 'CAD (STEP assembly) to material tensor (MindElec)',
    command: `npx mindelec ${args.map((a) => (a.startsWith('/') ? relative(process.cwd(), a) : a)).join(' ')}`,
    facts: [
      ['model', 'as1_pe_203.stp (CAx-IF assembly, shipped with occt-import-js)'],
      ['grid (cells)', summary.grid.dims.join(' × ')],
      ['spacing (mm)', summary.spacing_mm.map((v) => v.toFixed(1)).join(' × ')],
      ['solids (watertight)', `${summary.solids.length} (${summary.solids.filter((s) => s.watertight.watertight).length})`],
      ['voxel vs mesh volume', `${(100 * (voxelVolume / meshVolume - 1)).toFixed(1)} % (coarse grid; converges with spacing)`],
    ],
    files: ['cad/tensor.npy', 'cad/ids.npy', 'cad/tensor.vti', 'cad/summary.json'],
    pictures: ['cad/slice.svg', 'cad/slice.png'],
    views: [{ href: 'cad/view.html', label: `3-D view: ${view.solids} solids (${view.triangles} triangles) with the voxel material ids overlaid (three.js)` }],
  };
}

async function stepPinn(root: string, quick: boolean): Promise<Omit<StepResult, 'seconds' | 'ok'>> {
  const dir = join(root, 'pinn');
  const config = {
    comment: 'MindElec frequency-domain example: (lap + k^2) u = 0, k = 2, u = sin(kx) on the boundary of [0, pi]^2',
    problem: 'helmholtz',
    helmholtz: { k: 2 },
    net: { widths: [2, 32, 32, 1], scales: [1] },
    counts: { domain: quick ? 100 : 400, boundary: quick ? 60 : 200 },
    train: { steps: quick ? 150 : 1500, lr: 3e-3, decayRate: 0.5, decayEvery: quick ? 100 : 750, resampleEvery: 50, logEvery: quick ? 10 : 50 },
  };
  const cfgPath = join(dir, 'config.json');
  writeAtomic(cfgPath, JSON.stringify(config, null, 2) + '\n');
  const outPath = join(dir, 'result.json');
  const { main } = await import('@mindscience/mindelec/cli');
  const r = await runCli(main, ['pinn', cfgPath, '--out', outPath, '--quiet']);
  if (r.code !== 0) throw new Error(`mindelec pinn exited ${r.code}: ${r.stderr || r.stdout}`);
  const res = JSON.parse(readFileSync(outPath, 'utf8')) as { l2: number[]; outputs: string[]; trainSeconds: number; history: { step: number; total: number; l2: number[] }[] };
  const steps = res.history.map((e) => e.step);
  writeAtomic(join(dir, 'training.svg'), linePlot([
    { label: 'total loss', x: steps, y: res.history.map((e) => e.total) },
    { label: 'relative L2 error of u', x: steps, y: res.history.map((e) => e.l2[0]!), dashed: true },
  ], { title: 'Helmholtz PINN training', xLabel: 'step', yLabel: 'loss / error', yLog: true }));
  const pictures = ['pinn/training.svg'];
  return {
    id: 'pinn', title: 'Physics-informed network: 2-D Helmholtz (MindElec)',
    command: `npx mindelec pinn ${relative(process.cwd(), cfgPath)} --out ${relative(process.cwd(), outPath)}`,
    facts: [
      ['relative L2 error of u', res.l2[0]!.toFixed(4)],
      ['MindElec published (longer training)', '0.0173'],
      ['training time', `${res.trainSeconds.toFixed(1)} s`],
    ],
    files: ['pinn/config.json', 'pinn/result.json'],
    pictures,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function page(results: StepResult[], quick: boolean): string {
  const cards = results.map((r) => `
<section>
  <h2>${r.ok ? '✔' : '✘'} ${escapeHtml(r.title)} <small>${r.seconds.toFixed(1)} s</small></h2>
  <pre>${escapeHtml(r.command)}</pre>
  ${r.error ? `<p class="err">failed: ${escapeHtml(r.error)}</p>` : ''}
  <table>${r.facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
  <div>${r.pictures.map((p) => `<img src="${p}" alt="${p}">`).join('\n')}</div>
  ${(r.views ?? []).map((v) => `<p class="view">▸ <a href="${v.href}">${escapeHtml(v.label)}</a></p>`).join('\n')}
  <p>files: ${r.files.map((f) => `<a href="${f}">${f}</a>`).join(' · ')}</p>
</section>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>MindScience-TS tour</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}section{border:1px solid #ddd;border-radius:6px;padding:1em;margin:1em 0}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto}th{text-align:left;padding-right:1em;font-weight:normal;color:#555}img{max-width:520px;margin:4px;border:1px solid #eee}.err{color:#b00}.view{font-size:1.05em}small{color:#888;font-weight:normal}</style>
</head><body>
<h1>MindScience-TS tour${quick ? ' (quick)' : ''}</h1>
<p>Generated ${new Date().toISOString()} by <code>npx mindscience tour</code>. Each section ran the command shown; its inputs and outputs are in the linked files.</p>
${cards}
</body></html>
`;
}

const HELP = `usage: mindscience tour [--out DIR] [--quick] [--only md,fdtd,cad,pinn]

Runs one small job per package on built-in defaults and writes DIR (default results/tour):
  md    Lennard-Jones NVT with mindsponge run (thermo CSV, DCD, plots, 3-D trajectory view)
  fdtd  dielectric slab |S11|^2 with 1-D FDTD vs the analytic transfer matrix; Smith chart of a
        two-layer window's complex S11 (FDTD vs exact)
  cad   a STEP assembly to an (Nx,Ny,Nz,8) material tensor (.npy, .vti, slice pictures,
        3-D view of the meshes with the voxels overlaid)
  pinn  a 2-D Helmholtz physics-informed network, relative L2 error vs the exact solution
then DIR/index.html linking everything. --quick shrinks each job (seconds instead of minutes).`;

export async function runTour(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { console.log(HELP); return 0; }
  let out = 'results/tour';
  let only: string[] | null = null;
  const quick = argv.includes('--quick');
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--out') out = argv[++k] ?? '';
    else if (a === '--only') only = (argv[++k] ?? '').split(',');
    else if (a !== '--quick') { console.error(`mindscience tour: unknown option '${a}'\n\n${HELP}`); return 2; }
  }
  if (!out) { console.error('mindscience tour: --out needs a directory'); return 2; }
  const root = resolve(out);
  mkdirSync(root, { recursive: true });
  const steps: [string, string, (root: string, quick: boolean) => Promise<Omit<StepResult, 'seconds' | 'ok'>>][] = [
    ['md', 'Lennard-Jones NVT', stepMd],
    ['fdtd', 'FDTD slab S11', stepFdtd],
    ['cad', 'CAD to tensor', stepCad],
    ['pinn', 'Helmholtz PINN', stepPinn],
  ];
  const unknown = (only ?? []).filter((o) => !steps.some(([id]) => id === o));
  if (unknown.length) { console.error(`mindscience tour: unknown step(s) ${unknown.join(', ')}; steps: ${steps.map(([id]) => id).join(', ')}`); return 2; }
  const results: StepResult[] = [];
  for (const [id, label, fn] of steps) {
    if (only && !only.includes(id)) continue;
    process.stdout.write(`tour: ${label} ... `);
    const t0 = performance.now();
    try {
      const r = await fn(root, quick);
      const seconds = (performance.now() - t0) / 1000;
      results.push({ ...r, ok: true, seconds });
      console.log(`done in ${seconds.toFixed(1)} s: ${r.facts.slice(0, 3).map(([k, v]) => `${k} ${v}`).join('; ')}`);
    } catch (e) {
      const seconds = (performance.now() - t0) / 1000;
      const msg = e instanceof Error ? e.message : String(e);
      results.push({ id, title: label, command: '', ok: false, seconds, facts: [], files: [], pictures: [], error: msg });
      console.log(`FAILED after ${seconds.toFixed(1)} s: ${msg}`);
    }
  }
  writeAtomic(join(root, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeAtomic(join(root, 'index.html'), page(results, quick));
  console.log(`tour: wrote ${relative(process.cwd(), join(root, 'index.html'))}`);
  return results.every((r) => r.ok) ? 0 : 1;
}
