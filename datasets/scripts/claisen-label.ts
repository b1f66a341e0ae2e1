/**
 * The Claisen training set: conformers along and around the GFN2-xTB reaction path of allyl vinyl ether
 * -> 4-pentenal, labelled with GFN2-xTB energies and forces (`labelWithXtb`), written as extended XYZ
 * (eV, Angstrom; `origin` and `xi` = d(C1-C6) - d(O3-C4) in Angstrom on every comment line).
 *
 *   npx tsx datasets/scripts/claisen-path.ts            # first: writes /tmp/claisen-work/grid.xyz
 *   npx tsx datasets/scripts/claisen-label.ts [--work /tmp/claisen-work] [--seed 1] [--out datasets/data/claisen_xtb.extxyz]
 *
 * Sources (origin):
 *  - grid: the relaxed 2-D scan points up to 45 kcal/mol above the reactant (the TS is at 19.8);
 *  - perturbed: every path point and the TS, 10 Gaussian displacements each at sigma 0.03 and 0.05 Angstrom
 *    per coordinate (seeded; roughly 300-600 K of potential energy);
 *  - umbrella: xtb MD, 500 K, 1 ps, d(C1-C6) and d(O3-C4) restrained (0.05 Hartree/bohr^2, about 0.1 A
 *    spread) at 8 path points and the TS; first 0.2 ps dropped, one frame per 20 fs;
 *  - md-reactant, md-product, md-chair: free xtb MD at 600 K (extended reactant and product) and
 *    500 K (chair-like reactant, path start), 2.5 ps, first 0.5 ps dropped, one frame per 10 fs.
 * xtb MD: Berendsen NVT, 0.5 fs, H mass 1 amu, no SHAKE; xtb seeds its own velocities, so a rerun gives
 * an equivalent, not identical, set. At most two xtb processes run at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelWithXtb, readLabelledXyz, seededUniform, writeLabelledXyz, type LabelledFrame } from '../src/index.ts';
import { HARTREE_KCAL, reactionCoordinate, readXtbFrames, SYMBOLS, xtbMdAsync, type DistanceConstraint } from './claisen-xtb.ts';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1]! : fallback;
}
const work = arg('work', '/tmp/claisen-work');
const out = arg('out', 'datasets/data/claisen_xtb.extxyz');
const seed = Number(arg('seed', '1'));
const t0 = performance.now();
const log = (s: string): void => console.log(`claisen-label [${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}`);

const scan = JSON.parse(readFileSync('datasets/data/claisen_scan.json', 'utf8')) as { energyHartree: number[]; reactantHartree: number; path: [number, number][]; d16Angstrom: number[]; d34Angstrom: number[] };
const grid = readXtbFrames(readFileSync(join(work, 'grid.xyz'), 'utf8'));
const nB = scan.d34Angstrom.length;
const structures = readLabelledXyz(readFileSync('datasets/data/claisen_structures.extxyz', 'utf8'), { source: 'claisen_structures.extxyz' });
const toAngstrom = (x: Float64Array): Float64Array => x.map((v) => v * 10);
const [reactant, ts, product] = structures.map((f) => toAngstrom(f.positions)) as [Float64Array, Float64Array, Float64Array];

const candidates: { x: Float64Array; origin: string }[] = [];
// Grid.
grid.forEach((g, c) => { if ((scan.energyHartree[c]! - scan.reactantHartree) * HARTREE_KCAL < 45) candidates.push({ x: g.x, origin: 'grid' }); });
// Perturbed path points and TS.
const u = seededUniform(seed);
const gauss = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
const pathX = scan.path.map(([a, b]) => grid[a * nB + b]!.x);
for (const x of [...pathX, ts]) for (const sigma of [0.03, 0.05]) for (let r = 0; r < 10; r++) candidates.push({ x: x.map((v) => v + sigma * gauss()), origin: 'perturbed' });
log(`${candidates.length} grid and perturbed structures`);

// MD jobs, two at a time.
const restraint = (a: number, b: number): DistanceConstraint[] => [{ i: 0, j: 5, angstrom: scan.d16Angstrom[a]! }, { i: 2, j: 3, angstrom: scan.d34Angstrom[b]! }];
const windows = Array.from({ length: 8 }, (_, k) => Math.round(6 + (k * (scan.path.length - 13)) / 7));
const jobs: { origin: string; run: () => Promise<{ x: Float64Array }[]>; skip: number }[] = [
  ...windows.map((w) => { const [a, b] = scan.path[w]!; return { origin: 'umbrella', skip: 10, run: () => xtbMdAsync(pathX[w]!, { temperature: 500, ps: 1, dumpFs: 20, constraints: restraint(a, b), forceConstant: 0.05 }) }; }),
  { origin: 'umbrella', skip: 10, run: () => xtbMdAsync(ts, { temperature: 500, ps: 1, dumpFs: 20, constraints: [{ i: 0, j: 5, angstrom: dist(ts, 0, 5) }, { i: 2, j: 3, angstrom: dist(ts, 2, 3) }], forceConstant: 0.05 }) },
  { origin: 'md-reactant', skip: 50, run: () => xtbMdAsync(reactant, { temperature: 600, ps: 2.5, dumpFs: 10 }) },
  { origin: 'md-product', skip: 50, run: () => xtbMdAsync(product, { temperature: 600, ps: 2.5, dumpFs: 10 }) },
  { origin: 'md-chair', skip: 50, run: () => xtbMdAsync(pathX[0]!, { temperature: 500, ps: 2.5, dumpFs: 10 }) },
];
let next = 0;
const runNext = async (): Promise<void> => {
  while (next < jobs.length) {
    const job = jobs[next++]!;
    const frames = await job.run();
    for (const f of frames.slice(job.skip)) candidates.push({ x: f.x, origin: job.origin });
    log(`MD ${job.origin}: ${frames.length - job.skip} frames`);
  }
};
const md = Promise.all([runNext(), runNext()]);

// Label while the MD runs (yielding between calls so finished MD jobs hand over to the next).
const labelled: LabelledFrame[] = [];
let mdDone = false, failures = 0;
void md.then(() => { mdDone = true; });
for (let k = 0; ; k++) {
  while (k >= candidates.length && !mdDone) await new Promise((r) => setTimeout(r, 200));
  if (k >= candidates.length) break;
  const c = candidates[k]!;
  const positions = c.x.map((v) => v / 10);
  try {
    const l = labelWithXtb(SYMBOLS, positions);
    labelled.push({ symbols: SYMBOLS.slice(), positions, energy: l.energy, forces: l.forces, cell: null, info: { origin: c.origin, xi: reactionCoordinate(c.x).toFixed(4) } });
  } catch (e) {
    failures++;
    log(`frame ${k} (${c.origin}): ${(e as Error).message}`);
  }
  if ((k + 1) % 250 === 0) log(`${k + 1} labelled`);
  await new Promise((r) => setImmediate(r));
}
await md;
writeLabelledXyz(out, labelled, { energyUnit: 'eV', lengthUnit: 'Angstrom', precision: 7 });
const counts: Record<string, number> = {};
for (const f of labelled) counts[f.info['origin']!] = (counts[f.info['origin']!] ?? 0) + 1;
const e = labelled.map((f) => f.energy!), eMin = Math.min(...e);
log(`wrote ${labelled.length} frames to ${out} (${failures} xtb failures): ${JSON.stringify(counts)}; energy range ${((Math.max(...e) - eMin) / 4.184).toFixed(1)} kcal/mol`);

function dist(x: Float64Array, i: number, j: number): number {
  return Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
}
