/**
 * OpenMM peer for the MD benchmarks (ala2, water): runs mindsponge/reference/openmm/bench.py with
 * Debian's /usr/bin/python3 (pinned to one core with taskset when available) and alternates it with our
 * simulation, keeping each side's best ns/day. Rates use process CPU time, so a loaded machine's
 * time-slicing counts against neither side; wall-clock rates are kept for the notes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BenchResult } from '../harness.ts';

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

export interface RaceResult {
  /** Our best rate, ns per day of process CPU time. */
  ours: number;
  /** Our best wall-clock rate, ns/day. */
  oursWall: number;
  peer: PeerRate | null;
}

/**
 * `rounds` alternations of `steps` of ours (`step()` advances one time step of `dtPs` picoseconds) and
 * one OpenMM run with `peerArgs`; each side keeps its best rate.
 */
export function raceOpenmm(o: { rounds: number; steps: number; dtPs: number; step: () => void; peerArgs: string[] }): RaceResult {
  const ns = o.steps * o.dtPs * 1e-3;
  let ours = 0, oursWall = 0;
  let peer: PeerRate | null = null;
  for (let round = 0; round < o.rounds; round++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    for (let k = 0; k < o.steps; k++) o.step();
    const cpu = process.cpuUsage(c0);
    ours = Math.max(ours, ns / ((cpu.user + cpu.system) / 1e6 / 86400));
    oursWall = Math.max(oursWall, ns / ((performance.now() - t0) / 1000 / 86400));
    const p = openmmPeer(o.peerArgs);
    if (p && (!peer || p.nsPerCpuDay > peer.nsPerCpuDay)) peer = p;
  }
  return { ours, oursWall, peer };
}

/** The benchmark row for a race: ns/day per CPU time, ratio = ours / OpenMM (higher is better). */
export function openmmRow(name: string, r: RaceResult, digits: number, notes: string): Omit<BenchResult, 'machine'> {
  return {
    name,
    metric: 'simulation rate per CPU time',
    unit: 'ns/day',
    ours: r.ours,
    peer: r.peer ? `OpenMM ${r.peer.version} CPU 1 thread` : 'none',
    peerValue: r.peer ? r.peer.nsPerCpuDay : null,
    ratio: r.peer ? r.ours / r.peer.nsPerCpuDay : null,
    notes: `higher is better; ratio = ours/OpenMM; ns per day of process CPU time; wall-clock ns/day: ours ${r.oursWall.toFixed(digits)}, OpenMM ${r.peer ? r.peer.nsPerDay.toFixed(digits) : '-'}; ${notes}`,
  };
}
