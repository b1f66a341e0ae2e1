/**
 * Generates a GFN2-xTB-labelled conformer set: high-temperature Born-Oppenheimer MD with xtb's own
 * integrator (GFN2, Berendsen NVT, H mass 1 amu, no SHAKE) samples conformers like MD17's 500 K AIMD;
 * every dumped frame after the equilibration is relabelled with `labelWithXtb` (energy + forces), the
 * relabelled energy is checked against the trajectory's, and the set is written as extended XYZ (eV, Å).
 *
 *   npx tsx datasets/scripts/label-xtb.ts --molecule datasets/data/md17_ethanol_snip.xyz \
 *     --frames 2500 --temperature 500 --dump 10 --equilibrate 1 --out datasets/data/ethanol_xtb.extxyz
 *
 * Options: --molecule (xyz; first frame is the start), --frames, --temperature K, --dump fs (spacing),
 * --step fs (MD time step, default 0.5), --equilibrate ps, --charge, --uhf, --out.
 * Alternatively --perturb SIGMA_ANGSTROM samples Gaussian displacements of the start geometry instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelWithXtb, readLabelledXyz, seededUniform, writeLabelledXyz, type LabelledFrame } from '../src/index.ts';

function arg(name: string, fallback?: string): string {
  const k = process.argv.indexOf(`--${name}`);
  if (k >= 0 && process.argv[k + 1] !== undefined) return process.argv[k + 1]!;
  if (fallback === undefined) throw new Error(`label-xtb: missing --${name}`);
  return fallback;
}

const molecule = arg('molecule');
const frames = Number(arg('frames', '2500'));
const temperature = Number(arg('temperature', '500'));
const dumpFs = Number(arg('dump', '10'));
const stepFs = Number(arg('step', '0.5'));
const equilibratePs = Number(arg('equilibrate', '1'));
const perturb = Number(arg('perturb', '0'));
const charge = Number(arg('charge', '0'));
const uhf = Number(arg('uhf', '0'));
const out = arg('out');
const seed = Number(arg('seed', '1'));

const start = readLabelledXyz(readFileSync(molecule, 'utf8'), { source: molecule, energyUnit: 'kcal/mol' })[0]!;
const n = start.symbols.length;
let conformers: Float64Array[] = [];
const trjEnergies: number[] = [];

if (perturb > 0) {
  const u = seededUniform(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  for (let f = 0; f < frames; f++) conformers.push(Float64Array.from(start.positions, (x) => x + 0.1 * perturb * gauss()));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'xtbmd-'));
  const xyz = [String(n), 'start', ...start.symbols.map((s, i) => `${s} ${start.positions[3 * i]! * 10} ${start.positions[3 * i + 1]! * 10} ${start.positions[3 * i + 2]! * 10}`)];
  writeFileSync(join(dir, 'mol.xyz'), xyz.join('\n') + '\n');
  const timePs = equilibratePs + (frames * dumpFs) / 1000;
  writeFileSync(join(dir, 'md.inp'), `$md\n   temp=${temperature}\n   time=${timePs}\n   dump=${dumpFs}\n   step=${stepFs}\n   hmass=1\n   shake=0\n   nvt=true\n$end\n`);
  console.log(`label-xtb: xtb MD ${timePs} ps at ${temperature} K in ${dir}`);
  const t0 = performance.now();
  const r = spawnSync('xtb', ['mol.xyz', '--gfn', '2', '--md', '--input', 'md.inp', '--chrg', String(charge), '--uhf', String(uhf)], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`label-xtb: xtb --md failed with status ${r.status}`);
  console.log(`label-xtb: MD done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const trj = readFileSync(join(dir, 'xtb.trj'), 'utf8').split('\n');
  const all: { x: Float64Array; e: number }[] = [];
  for (let li = 0; li + n + 2 <= trj.length && trj[li]!.trim() !== ''; li += n + 2) {
    const e = Number(/energy:\s*(\S+)/.exec(trj[li + 1]!)?.[1]);
    const x = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const f = trj[li + 2 + i]!.trim().split(/\s+/);
      for (let d = 0; d < 3; d++) x[3 * i + d] = Number(f[d + 1]) * 0.1;
    }
    all.push({ x, e });
  }
  const skip = Math.round((equilibratePs * 1000) / dumpFs);
  for (const fr of all.slice(skip, skip + frames)) { conformers.push(fr.x); trjEnergies.push(fr.e); }
  rmSync(dir, { recursive: true, force: true });
}

const labelled: LabelledFrame[] = [];
const t1 = performance.now();
let maxDev = 0;
conformers.forEach((x, k) => {
  const { energy, forces } = labelWithXtb(start.symbols, x, { charge, uhf });
  if (trjEnergies[k] !== undefined) maxDev = Math.max(maxDev, Math.abs(energy / 2625.4996394798254 - trjEnergies[k]!));
  labelled.push({ symbols: start.symbols, positions: x, energy, forces, cell: null, info: { source: 'GFN2-xTB' } });
  if ((k + 1) % 250 === 0) console.log(`label-xtb: ${k + 1}/${conformers.length} labelled (${((performance.now() - t1) / (k + 1)).toFixed(1)} ms/call)`);
});
conformers = [];
console.log(`label-xtb: max |E(relabel) - E(trajectory)| = ${maxDev.toExponential(2)} Hartree`);
writeLabelledXyz(out, labelled, { energyUnit: 'eV', lengthUnit: 'Angstrom', precision: 9 });
console.log(`label-xtb: wrote ${labelled.length} frames to ${out}`);
