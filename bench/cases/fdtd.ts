/**
 * FDTD throughput vs Meep (2-D TM point source, 320 x 320 incl. 10-cell PML, 8000 steps) and openEMS
 * (3-D vacuum box with 8-cell PML, z dipole). Both sides single-threaded, same run. Rates are
 * cell-updates per second of CPU time (robust on a shared machine) and per wall second.
 * Environment: FDTD_BENCH_STEPS2D (default 8000), FDTD_BENCH_N3D (default 80), FDTD_BENCH_STEPS3D (200).
 * ratio = ours / peer for rates (higher is better).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchResult } from '../harness.ts';
import { fdtd2d, fdtd3d, modulatedGaussian } from '@mindscience/mindelec';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function peer(script: string, args: string[]): Record<string, number | string> | null {
  if (!existsSync('/usr/bin/python3')) return null;
  const r = spawnSync(join(root, 'scripts', 'peers', script), args, { encoding: 'utf8', timeout: 1_800_000 });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{"peer"'));
  return line ? (JSON.parse(line) as Record<string, number | string>) : null;
}

function measure(step: () => void, steps: number): { wall: number; cpu: number } {
  const w0 = performance.now();
  const c0 = process.cpuUsage();
  for (let t = 0; t < steps; t++) step();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - w0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const bench: Benchmark = {
  name: 'fdtd',
  description: 'FDTD cell-updates/s: 2-D TM 320x320 vs Meep, 3-D box vs openEMS (one thread each)',
  async run() {
    const rows: Omit<BenchResult, 'machine'>[] = [];
    // ---- 2-D TM
    const n = 320;
    const steps2 = Number(process.env.FDTD_BENCH_STEPS2D ?? 8000);
    const sim2 = fdtd2d({ nx: n, ny: n, dx: 1e-3, pol: 'TM', pml: { cells: 10 }, sources: [{ i: n / 2, j: n / 2, waveform: modulatedGaussian({ f0: 15e9, halfBandwidth: 15e9 }) }] });
    let s2 = sim2.init();
    for (let t = 0; t < 50; t++) s2 = sim2.step(s2); // warm-up (JIT)
    const m2 = measure(() => { s2 = sim2.step(s2); }, steps2);
    const ours2cpu = (n * n * steps2) / m2.cpu, ours2wall = (n * n * steps2) / m2.wall;
    const meep = peer('meep.sh', ['tm2d', String(n), String(steps2)]);
    const meepCpu = meep ? Number(meep.cell_updates_per_cpu_s) : null;
    const meepWall = meep ? Number(meep.cell_updates_per_s) : null;
    rows.push({ name: `tm2d-${n}x${n}-${steps2}`, metric: 'cell-updates per CPU second', unit: 'cells/s', ours: ours2cpu, peer: meep ? String(meep.peer) : 'none', peerValue: meepCpu, ratio: meepCpu ? ours2cpu / meepCpu : null, notes: `rates, higher is better; wall-clock: ours ${(ours2wall / 1e6).toFixed(1)} M/s, peer ${meepWall ? (meepWall / 1e6).toFixed(1) : '-'} M/s` });
    // ---- 3-D box
    const n3 = Number(process.env.FDTD_BENCH_N3D ?? 80);
    const steps3 = Number(process.env.FDTD_BENCH_STEPS3D ?? 200);
    const c = n3 >> 1;
    const sim3 = fdtd3d({ nx: n3, ny: n3, nz: n3, dx: 1e-3, pml: { cells: 8 }, sources: [{ component: 'ez', indices: Int32Array.of((c * n3 + c) * n3 + c), waveform: modulatedGaussian({ f0: 1e9, halfBandwidth: 1e9 }) }] });
    let s3 = sim3.init();
    for (let t = 0; t < 5; t++) s3 = sim3.step(s3);
    const m3 = measure(() => { s3 = sim3.step(s3); }, steps3);
    const cells3 = n3 ** 3;
    const ours3cpu = (cells3 * steps3) / m3.cpu, ours3wall = (cells3 * steps3) / m3.wall;
    const oems = peer('openems.sh', ['box3d', String(n3), String(steps3)]);
    const oemsCpu = oems ? Number(oems.cell_updates_per_cpu_s) : null;
    const oemsWall = oems ? Number(oems.cell_updates_per_s) : null;
    // the same box on two threads (wall clock: CPU time does not show a parallel speed-up)
    const sim3b = fdtd3d({ nx: n3, ny: n3, nz: n3, dx: 1e-3, threads: 2, pml: { cells: 8 }, sources: [{ component: 'ez', indices: Int32Array.of((c * n3 + c) * n3 + c), waveform: modulatedGaussian({ f0: 1e9, halfBandwidth: 1e9 }) }] });
    let s3b = sim3b.init();
    for (let t = 0; t < 5; t++) s3b = sim3b.step(s3b);
    const m3b = measure(() => { s3b = sim3b.step(s3b); }, steps3);
    sim3b.dispose();
    const ours3wall2 = (cells3 * steps3) / m3b.wall;
    rows.push({ name: `box3d-${n3}^3-${steps3}`, metric: 'cell-updates per CPU second', unit: 'cells/s', ours: ours3cpu, peer: oems ? String(oems.peer) : 'none', peerValue: oemsCpu, ratio: oemsCpu ? ours3cpu / oemsCpu : null, notes: `rates, higher is better; wall-clock: ours ${(ours3wall / 1e6).toFixed(1)} M/s, peer ${oemsWall ? (oemsWall / 1e6).toFixed(1) : '-'} M/s (openEMS engine only; its CPU rate is estimated from the process CPU share)` });
    rows.push({ name: `box3d-${n3}^3-${steps3}-2threads`, metric: 'cell-updates per wall second, ours on 2 threads vs openEMS on 1', unit: 'cells/s', ours: ours3wall2, peer: oems ? String(oems.peer) : 'none', peerValue: oemsWall, ratio: oemsWall ? ours3wall2 / oemsWall : null, notes: `wall-clock, sensitive to machine load; ours on 1 thread: ${(ours3wall / 1e6).toFixed(1)} M/s` });
    return rows;
  },
};
export default bench;
