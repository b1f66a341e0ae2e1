/**
 * Worker-thread pool for the wasm GEMM. Every worker instantiates the same compiled module on the
 * same shared WebAssembly.Memory; a product is split into row or column slices of C (multiples of
 * the micro-tile, so every element is computed exactly as single-threaded: results are
 * bit-identical), the main thread runs slice 0 and blocks on Atomics until the workers finish.
 * Control block (Int32Array on a SharedArrayBuffer): [0] job sequence, [1] finished count,
 * [2] error count, then 16 ints per worker: f64 flag, the 12 gemm arguments, active flag.
 * Node only (worker_threads); started lazily and asynchronously, so callers never wait for it.
 */
import type { WasmKernels } from './instance.ts';

/** One gemm call: [f64 ? 1 : 0, a, rsA, csA, b, rsB, csB, c, m, k, n, ldc, work]. */
export type GemmJob = [number, number, number, number, number, number, number, number, number, number, number, number, number];

export interface GemmPool {
  /** Workers besides the main thread. */
  readonly workers: number;
  /** Run jobs[0] here and jobs[1..] on workers (jobs.length <= workers + 1); returns when all are done. */
  run(K: WasmKernels, jobs: GemmJob[]): void;
}

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, ctrl, id } = workerData;
const inst = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernels: abort'); } } });
const { gemm64, gemm32 } = inst.exports;
const c = new Int32Array(ctrl);
const o = 4 + id * 16;
let seq = Atomics.load(c, 0);
// Report ready only after reading the sequence number: a job posted before this read would be missed
// and the main thread would wait forever.
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(c, 0, seq);
  seq = Atomics.load(c, 0);
  if (c[o + 13] === 1) {
    try {
      (c[o] === 1 ? gemm64 : gemm32)(c[o + 1], c[o + 2], c[o + 3], c[o + 4], c[o + 5], c[o + 6], c[o + 7], c[o + 8], c[o + 9], c[o + 10], c[o + 11], c[o + 12]);
    } catch (e) { Atomics.add(c, 2, 1); }
  }
  Atomics.add(c, 1, 1);
  Atomics.notify(c, 1);
}
`;

function runJob(K: WasmKernels, j: GemmJob): void {
  const f = j[0] === 1 ? K.exports.gemm64 : K.exports.gemm32;
  f(j[1], j[2], j[3], j[4], j[5], j[6], j[7], j[8], j[9], j[10], j[11], j[12]);
}

/** Start `workers` threads on the kernels' module and memory; resolves to null where worker_threads is absent. */
export async function startGemmPool(K: WasmKernels, workers: number): Promise<GemmPool | null> {
  if (workers < 1) return null;
  let wt: typeof import('node:worker_threads');
  try {
    wt = await import('node:worker_threads');
  } catch {
    return null;
  }
  const ctrl = new SharedArrayBuffer(4 * (4 + 16 * workers));
  const c = new Int32Array(ctrl);
  const started: Promise<void>[] = [];
  for (let id = 0; id < workers; id++) {
    const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { module: K.module, memory: K.memory, ctrl, id } });
    // Referenced until ready (so awaiting the start keeps the process alive), then unref'd: an idle
    // pool never keeps the process alive. 'ready' (not 'online') is sent after the worker has read the
    // job sequence number, so no job can be posted before the worker is listening for it.
    started.push(new Promise((resolve, reject) => { w.once('message', () => { w.unref(); resolve(); }); w.once('error', reject); }));
  }
  await Promise.all(started);
  return {
    workers,
    run(Kmain, jobs) {
      const n = jobs.length - 1;
      Atomics.store(c, 1, 0);
      for (let id = 0; id < workers; id++) {
        const o = 4 + id * 16;
        const job = jobs[id + 1];
        c[o + 13] = job ? 1 : 0;
        if (job) for (let q = 0; q < 13; q++) c[o + q] = job[q]!;
      }
      Atomics.add(c, 0, 1);
      Atomics.notify(c, 0);
      runJob(Kmain, jobs[0]!);
      for (let done = Atomics.load(c, 1); done < workers; done = Atomics.load(c, 1)) Atomics.wait(c, 1, done);
      if (Atomics.load(c, 2) > 0) {
        Atomics.store(c, 2, 0);
        throw new Error(`wasm backend: a GEMM worker failed (${n} worker jobs)`);
      }
    },
  };
}
