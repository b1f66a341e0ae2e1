/**
 * Worker-thread pool for the wasm GEMM. Every worker instantiates the same compiled module on the
 * same shared WebAssembly.Memory; a product is split into row or column slices of C (multiples of
 * the micro-tile, so every element is computed exactly as single-threaded: results are
 * bit-identical), the main thread runs slice 0 and blocks on Atomics until the workers finish.
 * Control block (Int32Array on a SharedArrayBuffer): [0] job sequence, [1] finished count,
 * [2] error count, then 16 ints per worker: f64 flag, the 12 gemm arguments, active flag, the
 * sequence number of the last job it finished, a fault-injection flag (tests only).
 *
 * The main thread never waits unboundedly: after its own slice it waits at most
 * max(timeoutMs, 20 x its own slice time) for the workers (their slices are the same size). A worker
 * that has exited (seen between products) or misses that deadline closes the pool: `run` returns the
 * jobs left unfinished, the workers are terminated, and the caller recomputes on one thread (see
 * wasmBackend.ts, which also stops using the memory a late worker could still write).
 * Node only (worker_threads); started lazily and asynchronously, so callers never wait for it.
 */
import type { WasmKernels } from './instance.ts';

/** One gemm call: [f64 ? 1 : 0, a, rsA, csA, b, rsB, csB, c, m, k, n, ldc, work]. */
export type GemmJob = [number, number, number, number, number, number, number, number, number, number, number, number, number];

/** Why a run did not complete on the pool: the jobs left unfinished and a message naming them. */
export interface PoolFailure {
  /** Indexes into the `jobs` passed to `run` that did not finish (never 0: the main thread's own). */
  readonly unfinished: number[];
  readonly message: string;
}

export interface GemmPool {
  /** Workers besides the main thread. */
  readonly workers: number;
  /** False once a worker has exited or missed a deadline; a closed pool must not be given jobs. */
  readonly healthy: boolean;
  /**
   * Run jobs[0] here and jobs[1..] on workers (jobs.length <= workers + 1). Returns null when all are
   * done, else the failure (the pool is then closed and its workers terminated).
   */
  run(K: WasmKernels, jobs: GemmJob[]): PoolFailure | null;
  /** Terminate the workers (idempotent). */
  close(): void;
  /**
   * Fault injection for tests: worker `id` stalls (or exits) when it receives its next job, or is
   * terminated now ('terminate', as if it had crashed while idle).
   */
  injectFault(id: number, fault: 'stall' | 'exit' | 'terminate'): void;
}

export interface GemmPoolOptions {
  /** Least time (ms) the main thread waits for the workers after its own slice (default 5000). */
  timeoutMs?: number;
}

const SLOTS = 16;
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, ctrl, id } = workerData;
const inst = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernels: abort'); } } });
const { gemm64, gemm32 } = inst.exports;
const c = new Int32Array(ctrl);
const o = 4 + id * ${SLOTS};
let seq = Atomics.load(c, 0);
// Report ready only after reading the sequence number: a job posted before this read would be missed
// and the main thread would wait forever.
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(c, 0, seq);
  seq = Atomics.load(c, 0);
  const fault = Atomics.load(c, o + 15);
  if (fault === 2) process.exit(3);
  while (Atomics.load(c, o + 15) === 1) Atomics.wait(c, o + 15, 1, 50);
  if (c[o + 13] === 1) {
    try {
      (c[o] === 1 ? gemm64 : gemm32)(c[o + 1], c[o + 2], c[o + 3], c[o + 4], c[o + 5], c[o + 6], c[o + 7], c[o + 8], c[o + 9], c[o + 10], c[o + 11], c[o + 12]);
    } catch (e) { Atomics.add(c, 2, 1); }
  }
  Atomics.store(c, o + 14, seq);
  Atomics.add(c, 1, 1);
  Atomics.notify(c, 1);
}
`;

function runJob(K: WasmKernels, j: GemmJob): void {
  const f = j[0] === 1 ? K.exports.gemm64 : K.exports.gemm32;
  f(j[1], j[2], j[3], j[4], j[5], j[6], j[7], j[8], j[9], j[10], j[11], j[12]);
}

const describeJob = (j: GemmJob) => `${j[8]}x${j[9]}x${j[10]} ${j[0] === 1 ? 'f64' : 'f32'}`;

/** Start `workers` threads on the kernels' module and memory; resolves to null where worker_threads is absent. */
export async function startGemmPool(K: WasmKernels, workers: number, options: GemmPoolOptions = {}): Promise<GemmPool | null> {
  if (workers < 1) return null;
  let wt: typeof import('node:worker_threads');
  try {
    wt = await import('node:worker_threads');
  } catch {
    return null;
  }
  const { timeoutMs = 5000 } = options;
  const ctrl = new SharedArrayBuffer(4 * (4 + SLOTS * workers));
  const c = new Int32Array(ctrl);
  const started: Promise<void>[] = [];
  const threads: import('node:worker_threads').Worker[] = [];
  let healthy = true, closed = false, exitNote = '';
  for (let id = 0; id < workers; id++) {
    const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { module: K.module, memory: K.memory, ctrl, id } });
    threads.push(w);
    // Referenced until ready (so awaiting the start keeps the process alive), then unref'd: an idle
    // pool never keeps the process alive. 'ready' (not 'online') is sent after the worker has read the
    // job sequence number, so no job can be posted before the worker is listening for it.
    started.push(new Promise((resolve, reject) => { w.once('message', () => { w.unref(); resolve(); }); w.once('error', reject); }));
    // Seen only while the main thread is not blocked in a product: the next product then runs on one thread.
    w.once('exit', (code) => { if (!closed) { healthy = false; exitNote ||= `GEMM worker ${id} exited with code ${code}`; } });
    w.on('error', () => { healthy = false; });
  }
  await Promise.all(started);
  const close = () => {
    if (closed) return;
    closed = true;
    healthy = false;
    for (const w of threads) void w.terminate();
  };
  return {
    workers,
    get healthy() { return healthy; },
    close,
    injectFault(id, fault) {
      if (fault === 'terminate') void threads[id]!.terminate();
      else Atomics.store(c, 4 + id * SLOTS + 15, fault === 'stall' ? 1 : 2);
    },
    run(Kmain, jobs) {
      if (!healthy) {
        const message = exitNote || 'the GEMM worker pool is closed';
        close();
        return { unfinished: jobs.map((_, i) => i).slice(1), message };
      }
      const n = jobs.length - 1;
      Atomics.store(c, 1, 0);
      for (let id = 0; id < workers; id++) {
        const o = 4 + id * SLOTS;
        const job = jobs[id + 1];
        c[o + 13] = job ? 1 : 0;
        if (job) for (let q = 0; q < 13; q++) c[o + q] = job[q]!;
      }
      const seq = Atomics.add(c, 0, 1) + 1;
      Atomics.notify(c, 0);
      const t0 = performance.now();
      runJob(Kmain, jobs[0]!);
      const tMain = performance.now() - t0;
      const limit = Math.max(timeoutMs, 20 * tMain);
      const deadline = performance.now() + limit;
      for (let done = Atomics.load(c, 1); done < workers; done = Atomics.load(c, 1)) {
        const left = deadline - performance.now();
        if (left <= 0 || Atomics.wait(c, 1, done, left) === 'timed-out') {
          if (Atomics.load(c, 1) >= workers) break;
          const unfinished: number[] = [];
          for (let id = 0; id < n; id++) if (Atomics.load(c, 4 + id * SLOTS + 14) !== seq) unfinished.push(id + 1);
          close();
          const what = unfinished.length
            ? `GEMM worker job${unfinished.length > 1 ? 's' : ''} ${unfinished.map((j) => `${j} (${describeJob(jobs[j]!)})`).join(', ')} did not finish`
            : 'an idle GEMM worker did not report';
          return { unfinished, message: `${what} within ${limit.toFixed(0)} ms (the main thread's slice took ${tMain.toFixed(1)} ms)` };
        }
      }
      if (Atomics.load(c, 2) > 0) {
        Atomics.store(c, 2, 0);
        close();
        return { unfinished: jobs.map((_, i) => i).slice(1), message: `a GEMM worker threw (${n} worker jobs)` };
      }
      return null;
    },
  };
}
