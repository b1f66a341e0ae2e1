/**
 * ala2: alanine dipeptide in vacuum (ff14SB prmtop, NoCutoff), Langevin "middle" 300 K, 1/ps, 2 fs,
 * H-bond constraints (RATTLE). ns/day, ours vs OpenMM CPU platform with one thread (taskset to one
 * core when available), run back to back in the same process tree. Higher is better; ratio = ours/peer.
 */
import { join } from 'node:path';
import type { Benchmark } from '../harness.ts';
import { amberForceField, createConstraints, KB_KJ_PER_MOL_K, loadAmberSystem, maxwellBoltzmann, nvtLangevin } from '@mindscience/mindsponge';
import { openmmRow, raceOpenmm } from '../lib/openmm.ts';

const root = join(import.meta.dirname, '..', '..');

const bench: Benchmark = {
  name: 'ala2',
  description: 'alanine dipeptide, vacuum, Langevin middle 300 K, 2 fs, H-bond constraints: ns/day vs OpenMM CPU (1 thread)',
  async run() {
    const dir = join(root, 'mindsponge/test-data/amber');
    const sys = loadAmberSystem(join(dir, 'ala_di.parm7'), join(dir, 'ala_di.rst7'));
    const ff = amberForceField(sys.params, { nonbondedMethod: 'NoCutoff' });
    const constraints = createConstraints(sys.params, { hBonds: true });
    const sim = nvtLangevin(ff, { dt: 0.002, temperature: 300, gamma: 1, scheme: 'middle', constraints });
    const v0 = maxwellBoltzmann(sys.params.masses, 300, KB_KJ_PER_MOL_K, 1);
    constraints.constrainVelocities(sys.positions!, v0, sys.params.masses, null);
    let s = sim.init({ positions: sys.positions!, masses: sys.params.masses, box: null, velocities: v0, seed: 1 });
    for (let k = 0; k < 2000; k++) s = sim.step(s); // warm-up (JIT)
    // The machine is shared: alternate ours and OpenMM three times and keep each side's best rate.
    const steps = 10000;
    const r = raceOpenmm({ rounds: 3, steps, dtPs: 0.002, step: () => { s = sim.step(s); }, peerArgs: ['ala2', String(steps)] });
    return [openmmRow('ala2-vacuum-langevin-2fs-hbonds', r, 0,
      `best of 3 alternating rounds of ${steps} steps each after warm-up; our final PE ${s.potentialEnergy.toFixed(1)} kJ/mol${r.peer ? `, OpenMM ${r.peer.potential.toFixed(1)}` : ''}`)];
  },
};
export default bench;
