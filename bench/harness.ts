/**
 * Benchmark harness contract. Each file in bench/cases/<name>.ts default-exports a `Benchmark`.
 * A benchmark runs our code and the peer on the same work in the same run and returns rows;
 * `bench/run.ts` prints them as a table and writes bench/results/<name>.json atomically.
 * ratio = ours / peer for times (lower is better); for rates (higher is better) state it in `notes`.
 */
import os from 'node:os';

export interface BenchResult {
  /** Benchmark case, e.g. "matmul-512-f32". */
  name: string;
  /** What is measured, e.g. "time per call", "atom-steps/s". */
  metric: string;
  unit: string;
  ours: number;
  /** Peer name, e.g. "tfjs-wasm", "LAMMPS 20220623", or "none" when the peer is not installed. */
  peer: string;
  peerValue: number | null;
  ratio: number | null;
  machine: string;
  /** Kernel backend "ours" ran on (core `backendReport().name`); filled in by bench/run.ts unless a case sets it. */
  backend?: string;
  /** Threads "ours" could use for large products (1 + wasm worker threads); filled in like `backend`. */
  threads?: number;
  notes?: string;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Omit<BenchResult, 'machine'>[]>;
}

export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length}x ${cpus[0]?.model ?? 'cpu'}, node ${process.version}`;
}

/** Median wall time in ms of `fn` over `repeats` runs after `warmup` runs. */
export async function timeIt(fn: () => unknown | Promise<unknown>, repeats = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
