/**
 * ala2: alanine dipeptide in vacuum (ff14SB prmtop, NoCutoff), Langevin "middle" 300 K, 1/ps, 2 fs,
 * H-bond constraints (RATTLE). ns/day, ours vs OpenMM CPU platform with one thread (taskset to one
 * core when available), run back to back in the same process tree. Higher is better; ratio = ours/peer.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Benchmark } from '../harness.ts';
import { amberForceField, createConstraints, KB_KJ_PER_MOL_K, loadAmberSystem, maxwellBoltzmann, nvtLangevin } from '@mindscience/mindsponge';

const root = join(import.meta.dirname, '..', '..');

export interface PeerRate { nsPerDay: number; nsPerCpuDay: number; version: string; potential: number }

/** Runs mindsponge/reference/openmm/bench.py; null when OpenMM (or /usr/bin/python3) is missing. */
export function openmmPeer(args: string[]): PeerRate | null {
  const script = join(root, 'mindsponge/reference/openmm/bench.py');
  const hasTaskset = spawnSync('sh', ['-c', 'command -v taskset'], { encoding: 'utf8' }).status === 0;
  const cmd = hasTaskset ? ['taskset', ['-c', '0', '/usr/bin/python3', script, ...args]] as const : ['/usr/bin/python3', [script, ...args]] as const;
  const r = spawnSync(cmd[0], [...cmd[1]], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return null;
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const j = JSON.parse(line) as { nsPerDay: number; nsPerCpuDay: number; openmm: string; potential: number };
    return { nsPerDay: j.nsPerDay, nsPerCpuDay: j.nsPerCpuDay, version: j.openmm, potential: j.potential };
  } catch {
    return null;
  }
}

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
    // Rates use process CPU time (wall time is also reported), so time-slicing on a loaded machine
    // does not count against either side.
    let ours = 0, oursWall = 0;
    let peer: PeerRate | null = null;
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      for (let k = 0; k < steps; k++) s = sim.step(s);
      const cpu = process.cpuUsage(c0);
      ours = Math.max(ours, (steps * 0.002e-3) / ((cpu.user + cpu.system) / 1e6 / 86400));
      oursWall = Math.max(oursWall, (steps * 0.002e-3) / ((performance.now() - t0) / 1000 / 86400));
      const p = openmmPeer(['ala2', String(steps)]);
      if (p && (!peer || p.nsPerCpuDay > peer.nsPerCpuDay)) peer = p;
    }
    return [{
      name: 'ala2-vacuum-langevin-2fs-hbonds',
      metric: 'simulation rate per CPU time',
      unit: 'ns/day',
      ours,
      peer: peer ? `OpenMM ${peer.version} CPU 1 thread` : 'none',
      peerValue: peer ? peer.nsPerCpuDay : null,
      ratio: peer ? ours / peer.nsPerCpuDay : null,
      notes: `higher is better; ratio = ours/OpenMM; ns per day of process CPU time; wall-clock ns/day: ours ${oursWall.toFixed(0)}, OpenMM ${peer ? peer.nsPerDay.toFixed(0) : '-'}; best of 3 alternating rounds of ${steps} steps each after warm-up; our final PE ${s.potentialEnergy.toFixed(1)} kJ/mol${peer ? `, OpenMM ${peer.potential.toFixed(1)}` : ''}`,
    }];
  },
};
export default bench;
