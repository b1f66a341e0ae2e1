/**
 * water: periodic box of 1000 rigid TIP3P waters (3000 atoms, 3.1 nm), PME (ewaldErrorTolerance 5e-4),
 * cutoff 0.9 nm, LJ long-range correction, SETTLE, Langevin middle 300 K, 1/ps, 2 fs.
 * ns/day, ours vs OpenMM CPU platform with one thread from the same starting coordinates.
 * Higher is better; ratio = ours/peer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from '../harness.ts';
import { amberForceField, createConstraints, KB_KJ_PER_MOL_K, makeBox, maxwellBoltzmann, nvtLangevin, waterBox } from '@mindscience/mindsponge';
import { openmmRow, raceOpenmm } from '../lib/openmm.ts';

const bench: Benchmark = {
  name: 'water',
  description: '1000 TIP3P waters, PME, 0.9 nm cutoff, SETTLE, Langevin 300 K, 2 fs: ns/day vs OpenMM CPU (1 thread)',
  async run() {
    const count = 1000, cutoff = 0.9;
    const wb = waterBox({ model: 'TIP3P', count, density: 0.997, seed: 1 });
    const ff = amberForceField(wb.params, { nonbondedMethod: 'PME', cutoff, ewaldErrorTolerance: 5e-4, dispersionCorrection: true });
    const constraints = createConstraints(wb.params);
    const box = makeBox(wb.edge, wb.edge, wb.edge);
    const sim = nvtLangevin(ff, { dt: 0.002, temperature: 300, gamma: 1, scheme: 'middle', constraints });
    const v0 = maxwellBoltzmann(wb.params.masses, 300, KB_KJ_PER_MOL_K, 1);
    constraints.constrainVelocities(wb.positions, v0, wb.params.masses, box);
    let s = sim.init({ positions: wb.positions, masses: wb.params.masses, box, velocities: v0, seed: 1 });
    for (let k = 0; k < 100; k++) s = sim.step(s); // warm-up, and past the hottest part of the lattice start

    const dir = mkdtempSync(join(tmpdir(), 'water-bench-'));
    const file = join(dir, 'system.json');
    const m = wb.model;
    writeFileSync(file, JSON.stringify({
      edge: wb.edge, cutoff, dOH: m.dOH, dHH: 2 * m.dOH * Math.sin((m.angleHOH * Math.PI) / 360),
      positions: Array.from(wb.positions), masses: Array.from(wb.params.masses), charges: Array.from(wb.params.charges),
      sigma: Array.from({ length: 3 * count }, (_, a) => (a % 3 === 0 ? m.sigma : 1)),
      epsilon: Array.from({ length: 3 * count }, (_, a) => (a % 3 === 0 ? m.epsilon : 0)),
    }));
    // The machine is shared: alternate ours and OpenMM twice and keep each side's best rate.
    const steps = 100;
    const b0 = ff.pairStats().builds;
    const r = raceOpenmm({ rounds: 2, steps, dtPs: 0.002, step: () => { s = sim.step(s); }, peerArgs: ['water', '500', file] });
    const builds = ff.pairStats().builds - b0;
    rmSync(dir, { recursive: true, force: true });
    return [openmmRow('water-1000-tip3p-pme-langevin-2fs', r, 2,
      `best of 2 alternating rounds (ours ${steps} steps, OpenMM 500) after warm-up; PME grid ${JSON.stringify(ff.reciprocal)}; ${builds} neighbour-list builds in ${2 * steps} steps`)];
  },
};
export default bench;
