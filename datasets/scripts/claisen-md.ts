/**
 * The trained Claisen model (datasets/data/models/claisen-molct.ckpt) against GFN2-xTB and in MD:
 *  1. energy profile along the GFN2 minimum-energy path (claisen_path.extxyz) and the barrier / reaction
 *     energy from the optimised reactant, TS and product (claisen_structures.extxyz), model vs xtb;
 *  2. NVE (velocity Verlet, 0.5 fs, 300 K start velocities) from the extended reactant: total-energy drift
 *     (linear fit) and RMS next to the kinetic-energy RMS;
 *  3. NVT Langevin (BAOAB, 5/ps) at 300 and 600 K from the reactant and the product, with the fragment
 *     guard (the run stops with the step number if the molecule splits or collapses);
 *  4. a driven run: Langevin 300 K with a harmonic restraint on xi = d(C1-C6) - d(O3-C4), target swept
 *     linearly from the chair reactant (path start) to the product side, then released;
 *  5. xtb single points on frames the model generated (NVT 600 K and the driven run): energy error after
 *     removing the mean offset, and force MAE; the largest C=C twist seen in NVT (a check on the pi-torsion
 *     wall, which the first trained model lacked).
 *   npx tsx datasets/scripts/claisen-md.ts [ckpt] [--steps 2000] [--out datasets/data/models/claisen-molct.md.json]
 * Writes the JSON summary and the traces (xi, target, energies per 10 steps) for the notebook. Units:
 * kJ/mol, nm, ps, K (kcal/mol and Angstrom where named).
 */
import { readFileSync } from 'node:fs';
import { doubleBondTwist } from './claisen-geometry.ts';
import {
  distanceCombination, kineticEnergy, loadPotential, maxwellBoltzmann, molecularUnits, neuralForceProvider, nve, nvtLangevin,
  reactionCoordinateRestraint, sumProviders, temperature, withFragmentGuard, evaluate, type MDState, type Simulator,
} from '@mindscience/mindsponge';
import { labelWithXtb, readLabelledXyz, writeFileAtomic, xtbAvailable, type LabelledFrame } from '../src/index.ts';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1]! : fallback;
}
const ckpt = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'datasets/data/models/claisen-molct.ckpt';
const steps = Number(arg('steps', '2000'));
const outPath = arg('out', 'datasets/data/models/claisen-molct.md.json');
const t0 = performance.now();
const log = (s: string): void => console.error(`claisen-md [${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}`);

const { model } = loadPotential(ckpt);
const read = (f: string): LabelledFrame[] => readLabelledXyz(readFileSync(`datasets/data/${f}`, 'utf8'), { source: f });
const [reactant, ts, product] = read('claisen_structures.extxyz') as [LabelledFrame, LabelledFrame, LabelledFrame];
const path = read('claisen_path.extxyz');
const symbols = reactant.symbols;
const masses = Float64Array.from(symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
const XI = [{ i: 0, j: 5, c: 1 }, { i: 2, j: 3, c: -1 }];
const provider = (): ReturnType<typeof neuralForceProvider> => neuralForceProvider(model, { atoms: symbols });
const modelEnergy = (x: Float64Array): number => evaluate(provider(), x, null).energy;
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
const rms = (a: number[]): number => { const m = mean(a); return Math.sqrt(mean(a.map((v) => (v - m) ** 2))); };
const KCAL = 4.184;

// 1. Profile and barrier.
const eModel = path.map((f) => modelEnergy(f.positions)), eXtb = path.map((f) => f.energy!);
const profile = path.map((f, k) => ({ xiAngstrom: 10 * distanceCombination(XI, f.positions), xtbKcal: (eXtb[k]! - eXtb[0]!) / KCAL, modelKcal: (eModel[k]! - eModel[0]!) / KCAL }));
const profileMae = mean(profile.map((p) => Math.abs(p.modelKcal - p.xtbKcal)));
const [mR, mT, mP] = [reactant, ts, product].map((f) => modelEnergy(f.positions)) as [number, number, number];
const barrier = { xtbKcal: (ts.energy! - reactant.energy!) / KCAL, modelKcal: (mT - mR) / KCAL };
const reaction = { xtbKcal: (product.energy! - reactant.energy!) / KCAL, modelKcal: (mP - mR) / KCAL };
const pathTop = { xtbKcal: Math.max(...profile.map((p) => p.xtbKcal)), modelKcal: Math.max(...profile.map((p) => p.modelKcal)) };
log(`barrier xtb ${barrier.xtbKcal.toFixed(2)} model ${barrier.modelKcal.toFixed(2)} kcal/mol; reaction ${reaction.xtbKcal.toFixed(2)} / ${reaction.modelKcal.toFixed(2)}; path MAE ${profileMae.toFixed(2)} kcal/mol`);

// MD helper: runs a simulator, records every 10 steps, catches the guard's error.
interface Trace { t: number[]; xi: number[]; potential: number[]; conserved: number[]; kinetic: number[]; temperature: number[]; target: number[] }
function run(sim: Simulator, start: Float64Array, T0: number, seed: number, n: number, onStep?: (i: number) => void): { trace: Trace; state: MDState; frames: Float64Array[]; stoppedAt: string | null } {
  let s = sim.init({ positions: start.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, T0, molecularUnits.kB, seed), seed: seed + 100 });
  const trace: Trace = { t: [], xi: [], potential: [], conserved: [], kinetic: [], temperature: [], target: [] };
  const frames: Float64Array[] = [];
  let stoppedAt: string | null = null;
  for (let i = 0; i < n; i++) {
    onStep?.(i);
    try { s = sim.step(s); } catch (e) { stoppedAt = (e as Error).message; break; }
    if (i % 10 === 9) {
      const ke = kineticEnergy(s.velocities, masses);
      trace.t.push(s.time); trace.xi.push(10 * distanceCombination(XI, s.positions)); trace.potential.push(s.potentialEnergy);
      trace.conserved.push(sim.conserved(s)); trace.kinetic.push(ke); trace.temperature.push(temperature(ke, sim.dof(s), molecularUnits.kB));
    }
    if (i % Math.max(1, Math.floor(n / 20)) === Math.floor(n / 20) - 1) frames.push(s.positions.slice());
  }
  return { trace, state: s, frames, stoppedAt };
}
const dt = 0.0005;

// 2. NVE from the extended reactant.
const nveRun = run(withFragmentGuard(nve(provider(), { dt }), symbols), reactant.positions, 300, 1, steps);
const { t, conserved, kinetic } = nveRun.trace;
const tm = mean(t), em = mean(conserved);
const drift = t.reduce((a, ti, i) => a + (ti - tm) * (conserved[i]! - em), 0) / t.reduce((a, ti) => a + (ti - tm) ** 2, 0);
log(`NVE: drift ${drift.toFixed(4)} kJ/mol/ps, RMS(E) ${rms(conserved).toFixed(3)} / RMS(K) ${rms(kinetic).toFixed(3)} kJ/mol${nveRun.stoppedAt ? `; STOPPED: ${nveRun.stoppedAt}` : ''}`);

// 3. NVT at 300 and 600 K, reactant and product.
const nvt: Record<string, { meanK: number; stoppedAt: string | null; xiRangeAngstrom: [number, number]; maxDoubleBondTwistDeg: number }> = {};
const sampled: { x: Float64Array; group: string }[] = [];
for (const [name, f] of [['reactant', reactant], ['product', product]] as const) {
  for (const T of [300, 600]) {
    const twist = doubleBondTwist(symbols, f.positions);
    let maxTwist = 0, lastState: MDState | null = null;
    const sim = withFragmentGuard(nvtLangevin(provider(), { dt, temperature: T, gamma: 5 }), symbols);
    const tracked: Simulator = { ...sim, step: (st) => { lastState = sim.step(st); if (lastState.step % 10 === 0) maxTwist = Math.max(maxTwist, twist(lastState.positions)); return lastState; } };
    const r = run(tracked, f.positions, T, T + (name === 'product' ? 7 : 0), steps);
    nvt[`${name}-${T}K`] = { meanK: mean(r.trace.temperature.slice(r.trace.temperature.length >> 2)), stoppedAt: r.stoppedAt, xiRangeAngstrom: [Math.min(...r.trace.xi), Math.max(...r.trace.xi)], maxDoubleBondTwistDeg: maxTwist };
    if (T === 600) sampled.push(...r.frames.slice(5, 15).map((x) => ({ x, group: 'nvt600' })));
    log(`NVT ${name} ${T} K: mean T ${nvt[`${name}-${T}K`]!.meanK.toFixed(0)} K, max C=C twist ${maxTwist.toFixed(0)} deg, xi ${r.trace.xi.length ? `${Math.min(...r.trace.xi).toFixed(2)}..${Math.max(...r.trace.xi).toFixed(2)}` : '-'} A${r.stoppedAt ? `; STOPPED: ${r.stoppedAt}` : ''}`);
  }
}

// 4. Driven run: restraint on xi swept from the path start to the product side over 2*steps, then released for steps/2.
const restraint = reactionCoordinateRestraint(XI, { forceConstant: 5e4, target: distanceCombination(XI, path[0]!.positions) });
const xiStart = restraint.target, xiEnd = distanceCombination(XI, path[path.length - 1]!.positions);
const nDrive = 2 * steps, nFree = steps / 2;
const targets: number[] = [];
const driven = run(withFragmentGuard(nvtLangevin(sumProviders([provider(), restraint]), { dt, temperature: 300, gamma: 5 }), symbols), path[0]!.positions, 300, 11, nDrive + nFree, (i) => {
  restraint.target = i < nDrive ? xiStart + ((xiEnd - xiStart) * (i + 1)) / nDrive : xiEnd;
  restraint.forceConstant = i < nDrive ? 5e4 : 0;
  if (i % 10 === 9) targets.push(10 * restraint.target);
});
driven.trace.target = targets.slice(0, driven.trace.t.length);
const x = driven.state.positions, d = (i: number, j: number): number => 10 * Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
const final = { c1c6: d(0, 5), o3c4: d(2, 3), c2o3: d(1, 2), xi: d(0, 5) - d(2, 3) };
const rearranged = final.c1c6 < 1.7 && final.o3c4 > 2.4 && final.c2o3 < 1.3;
log(`driven: xi ${(10 * xiStart).toFixed(2)} -> ${(10 * xiEnd).toFixed(2)} A, final C1-C6 ${final.c1c6.toFixed(2)} O3-C4 ${final.o3c4.toFixed(2)} C2-O3 ${final.c2o3.toFixed(2)} A: ${rearranged ? 'rearranged to 4-pentenal' : 'NOT rearranged'}${driven.stoppedAt ? `; STOPPED: ${driven.stoppedAt}` : ''}`);
sampled.push(...driven.frames.map((x) => ({ x, group: 'driven' })));

// 5. xtb single points on model-generated frames.
interface RelabelStats { frames: number; xtbFailures: number; energyOffsetKcal: number; energyMaeAfterOffsetKcal: number; forceMaeKcalPerAngstrom: number }
let relabel: Record<string, RelabelStats> | null = null;
if (xtbAvailable()) {
  relabel = {};
  for (const group of ['nvt600', 'driven', 'all']) {
    const dE: number[] = [], dF: number[] = [];
    let failures = 0;
    for (const { x: f } of sampled.filter((q) => group === 'all' || q.group === group)) {
      try {
        const ref = labelWithXtb(symbols, f);
        const out = evaluate(provider(), f, null);
        dE.push(out.energy - ref.energy);
        for (let k = 0; k < f.length; k++) dF.push(Math.abs(out.forces[k]! - ref.forces[k]!));
      } catch { failures++; }
    }
    const off = mean(dE);
    relabel[group] = { frames: dE.length, xtbFailures: failures, energyOffsetKcal: off / KCAL, energyMaeAfterOffsetKcal: mean(dE.map((v) => Math.abs(v - off))) / KCAL, forceMaeKcalPerAngstrom: mean(dF) / (10 * KCAL) };
    log(`xtb on ${dE.length} ${group} model MD frames: E MAE ${relabel[group]!.energyMaeAfterOffsetKcal.toFixed(2)} kcal/mol (offset removed, offset ${(off / KCAL).toFixed(2)}), F MAE ${relabel[group]!.forceMaeKcalPerAngstrom.toFixed(2)} kcal/mol/A`);
  }
}

const every = (a: number[], k = 1): number[] => a.filter((_, i) => i % k === 0).map((v) => +v.toFixed(4));
writeFileAtomic(outPath, JSON.stringify({
  model: ckpt, steps, dtPs: dt,
  profile: { points: profile.map((p) => ({ xiAngstrom: +p.xiAngstrom.toFixed(4), xtbKcal: +p.xtbKcal.toFixed(3), modelKcal: +p.modelKcal.toFixed(3) })), maeKcal: profileMae, pathTop },
  barrier, reaction,
  nve: { driftKJPerMolPerPs: drift, totalEnergyRms: rms(conserved), kineticEnergyRms: rms(kinetic), stoppedAt: nveRun.stoppedAt },
  nvt,
  driven: { forceConstantKJPerMolNm2: 5e4, xiStartAngstrom: 10 * xiStart, xiEndAngstrom: 10 * xiEnd, drivePs: nDrive * dt, releasePs: nFree * dt, finalAngstrom: final, rearranged, stoppedAt: driven.stoppedAt, trace: { t: every(driven.trace.t), xi: every(driven.trace.xi), target: every(driven.trace.target), potential: every(driven.trace.potential) } },
  relabel,
  seconds: (performance.now() - t0) / 1000,
}, null, 1) + '\n');
log(`wrote ${outPath}`);
