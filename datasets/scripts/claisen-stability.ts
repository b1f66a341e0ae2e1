/**
 * Repeated guarded 600 K Langevin runs of a Claisen model (issue 7): how often the molecule stays intact,
 * and the largest C=C twist seen. For each seed, NVT Langevin (BAOAB, 0.5 fs, gamma 5/ps, 600 K start
 * velocities) from the extended reactant and from the product, `--steps` steps (default 2000 = 1 ps), with
 * the fragment guard (a split or collapsed molecule stops the run with the step number).
 *   npx tsx datasets/scripts/claisen-stability.ts [ckpt] [--seeds 4] [--steps 2000] [--T 600] [--out file.json]
 * Units: K, ps, degrees.
 */
import { readFileSync } from 'node:fs';
import { doubleBondTwist } from './claisen-geometry.ts';
import { loadPotential, maxwellBoltzmann, molecularUnits, neuralForceProvider, nvtLangevin, withFragmentGuard } from '@mindscience/mindsponge';
import { readLabelledXyz, writeFileAtomic, type LabelledFrame } from '../src/index.ts';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1]! : fallback;
}
const ckpt = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'datasets/data/models/claisen-molct.ckpt';
const seeds = Number(arg('seeds', '4')), steps = Number(arg('steps', '2000')), T = Number(arg('T', '600'));
const outPath = arg('out', '');
for (const [k, v] of [['seeds', seeds], ['steps', steps], ['T', T]] as const) if (!(v > 0) || !Number.isFinite(v)) throw new Error(`claisen-stability: --${k} ${v}: expected a positive number`);
const read = (f: string): LabelledFrame[] => readLabelledXyz(readFileSync(`datasets/data/${f}`, 'utf8'), { source: f });
const [reactant, , product] = read('claisen_structures.extxyz') as [LabelledFrame, LabelledFrame, LabelledFrame];
const symbols = reactant.symbols;
const masses = Float64Array.from(symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
const { model } = loadPotential(ckpt);

const runs: { start: string; seed: number; intact: boolean; stoppedAt: string | null; maxTwistDeg: number }[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  for (const [name, f] of [['reactant', reactant], ['product', product]] as const) {
    const twist = doubleBondTwist(symbols, f.positions);
    const sim = withFragmentGuard(nvtLangevin(neuralForceProvider(model, { atoms: symbols }), { dt: 0.0005, temperature: T, gamma: 5 }), symbols);
    let s = sim.init({ positions: f.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, T, molecularUnits.kB, 1000 + seed), seed: 2000 + seed });
    let stoppedAt: string | null = null, maxTwist = 0;
    for (let i = 0; i < steps; i++) {
      try { s = sim.step(s); } catch (e) { stoppedAt = (e as Error).message; break; }
      if (i % 10 === 9) maxTwist = Math.max(maxTwist, twist(s.positions));
    }
    runs.push({ start: name, seed, intact: stoppedAt === null, stoppedAt, maxTwistDeg: +maxTwist.toFixed(1) });
    console.log(`${ckpt} ${name} seed ${seed} ${T} K: ${stoppedAt ?? 'intact'}, max C=C twist ${maxTwist.toFixed(0)} deg`);
  }
}
const intact = runs.filter((r) => r.intact).length;
console.log(`${ckpt}: ${intact} / ${runs.length} runs intact at ${T} K over ${steps * 0.0005} ps; max twist ${Math.max(...runs.map((r) => r.maxTwistDeg)).toFixed(0)} deg`);
if (outPath) writeFileAtomic(outPath, JSON.stringify({ model: ckpt, temperatureK: T, steps, dtPs: 0.0005, intact, runs }, null, 1) + '\n');
