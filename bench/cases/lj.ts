/**
 * LJ molecular dynamics vs LAMMPS (`lmp`/`lmp_serial`, one process, OMP_NUM_THREADS=1) in the same run:
 *  - in.lj: LAMMPS bench/in.lj — fcc 0.8442, 32000 atoms, rc 2.5, skin 0.3, 100 NVE steps (dt 0.005);
 *  - nvt-4000: fcc 0.8442, 4000 atoms, Nose-Hoover T 0.72, 1000 steps, neighbour check every step.
 * Metric: atom-steps per CPU second of the timed loop (setup and the first neighbour build excluded on
 * both sides, as LAMMPS's "Loop time"). CPU time, not wall time, because the benchmark machine is shared:
 * ours = process.cpuUsage() over the loop; LAMMPS = Loop time x its reported "% CPU use".
 * ratio = ours / LAMMPS (higher is better). Median of 3 runs each; wall-clock rates are in `notes`.
 * LAMMPS absent -> peer "none". Install it with scripts/peers/lammps.sh.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from '../harness.ts';
import { lattice, maxwellBoltzmann, lennardJones, nve, nvtNoseHoover, reducedUnits, type Simulator } from '@mindscience/mindsponge';

function findLammps(): string | null {
  for (const name of ['lmp', 'lmp_serial']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

const lammpsInput = (cells: number, ensemble: 'nve' | 'nvt', steps: number, neighEvery: string): string => `
units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 ${cells} 0 ${cells} 0 ${cells}
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create ${ensemble === 'nve' ? 1.44 : 0.72} 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify ${neighEvery}
timestep 0.005
fix 1 all ${ensemble === 'nve' ? 'nve' : 'nvt temp 0.72 0.72 0.5'}
thermo ${steps}
run ${steps}
`;

function runLammps(lmp: string, input: string): { seconds: number; wall: number; version: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lmp-bench-'));
  writeFileSync(join(dir, 'in.bench'), input);
  const out = execFileSync(lmp, ['-in', 'in.bench', '-log', 'none'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  const m = /Loop time of ([\d.eE+-]+) on 1 procs/.exec(out);
  if (!m) throw new Error(`bench lj: could not find "Loop time" in LAMMPS output:\n${out.slice(-2000)}`);
  const cpu = /([\d.]+)% CPU use/.exec(out);
  const version = /LAMMPS \(([^)]+)\)/.exec(out)?.[1] ?? 'unknown';
  const wall = Number(m[1]);
  return { seconds: cpu ? (wall * Number(cpu[1])) / 100 : wall, wall, version };
}

function runOurs(cells: number, ensemble: 'nve' | 'nvt', steps: number, threads = 1): { seconds: number; wall: number } {
  const sys = lattice({ kind: 'fcc', density: 0.8442, cells: [cells, cells, cells] });
  const lj = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, skin: 0.3, threads });
  const sim: Simulator = ensemble === 'nve'
    ? nve(lj, { dt: 0.005, units: reducedUnits })
    : nvtNoseHoover(lj, { dt: 0.005, units: reducedUnits, temperature: 0.72, tau: 0.5 });
  let s = sim.init({ ...sys, velocities: maxwellBoltzmann(sys.masses, ensemble === 'nve' ? 1.44 : 0.72, 1, 87287) });
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let k = 0; k < steps; k++) s = sim.step(s);
  const c = process.cpuUsage(c0);
  lj.close();
  return { seconds: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 };
}

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

const bench: Benchmark = {
  name: 'lj',
  description: 'LJ MD (LAMMPS in.lj 32000 atoms NVE; 4000 atoms NVT; in.lj on 2 threads) vs LAMMPS on one thread, atom-steps/s',
  async run() {
    const lmp = findLammps();
    const cases = [
      { name: 'in.lj-32000-nve-100', cells: 20, ensemble: 'nve' as const, steps: 100, neigh: 'delay 0 every 20 check no' },
      { name: 'nvt-4000-1000', cells: 10, ensemble: 'nvt' as const, steps: 1000, neigh: 'delay 0 every 1 check yes' },
    ];
    const rows = [];
    for (const c of cases) {
      const atoms = 4 * c.cells ** 3;
      const oursRuns = [0, 1, 2].map(() => runOurs(c.cells, c.ensemble, c.steps));
      const ours = median(oursRuns.map((r) => r.seconds)), oursWall = median(oursRuns.map((r) => r.wall));
      const oursRate = (atoms * c.steps) / ours;
      let peer = 'none', peerValue: number | null = null, peerWall = NaN;
      if (lmp) {
        const runs = [0, 1, 2].map(() => runLammps(lmp, lammpsInput(c.cells, c.ensemble, c.steps, c.neigh)));
        peer = `LAMMPS ${runs[0]!.version} (${lmp}, 1 thread)`;
        peerValue = (atoms * c.steps) / median(runs.map((r) => r.seconds));
        peerWall = (atoms * c.steps) / median(runs.map((r) => r.wall));
      }
      rows.push({
        name: c.name, metric: 'atom-steps per CPU second', unit: 'atom-steps/s', ours: Math.round(oursRate), peer, peerValue: peerValue && Math.round(peerValue),
        ratio: peerValue ? Number((oursRate / peerValue).toFixed(3)) : null,
        notes: `ratio = ours/LAMMPS CPU-time rate (higher is better); ours ${ours.toFixed(3)} CPU s for ${c.steps} steps of ${atoms} atoms; wall-clock rates: ours ${Math.round((atoms * c.steps) / oursWall)}, LAMMPS ${Math.round(peerWall)}; single thread`,
      });
    }
    // Both cores: worker_threads over SharedArrayBuffer; wall-clock rate (CPU time sums over threads).
    {
      const atoms = 32000, steps = 100;
      const wall = median([0, 1, 2].map(() => runOurs(20, 'nve', steps, 2).wall));
      let peerWall: number | null = null;
      if (lmp) peerWall = (atoms * steps) / median([0, 1].map(() => runLammps(lmp, lammpsInput(20, 'nve', steps, 'delay 0 every 20 check no')).wall));
      const rate = (atoms * steps) / wall;
      rows.push({
        name: 'in.lj-32000-nve-100-2threads', metric: 'atom-steps per wall second', unit: 'atom-steps/s', ours: Math.round(rate),
        peer: lmp ? 'LAMMPS 1 thread (wall clock)' : 'none', peerValue: peerWall && Math.round(peerWall), ratio: peerWall ? Number((rate / peerWall).toFixed(3)) : null,
        notes: 'ours with 2 threads (main + 1 worker) vs LAMMPS on 1 thread, wall clock; only meaningful on an otherwise idle 2-core machine',
      });
    }
    return rows;
  },
};
export default bench;
