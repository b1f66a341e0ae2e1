/**
 * TensorFlow.js peer for the core benchmarks (matmul, pinn-step, mlp-train): loads tfjs-core with the
 * wasm (SIMD, pinned to one thread) and cpu backends plus its gradient registry, and times ours against
 * it. Shared here so the cases in bench/cases stay one benchmark per file.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backend, setBackend, type Backend } from '@mindscience/core';

/**
 * Values of a tfjs computation, intermediates freed. Never return a TypedArray from tf.tidy: tidy walks
 * its result looking for tensors, which for a 512x512 array costs ~250 ms and swamps the kernel time.
 */
export function tfRead(fn: () => tf.Tensor): ArrayLike<number> {
  const t = tf.tidy(fn);
  const v = t.dataSync();
  t.dispose();
  return v;
}


export type TfBackend = 'wasm' | 'cpu';

let ready: Promise<typeof tf> | null = null;
/**
 * tfjs-core with the wasm (SIMD) and cpu backends and its gradient registry. The node bundle of
 * tfjs-core ships no gradients (the full @tensorflow/tfjs package registers them), so the gradient
 * configs are bundled from tfjs-core's own ESM sources with esbuild; registries and the engine live
 * on the global object, so they serve the node bundle too.
 */
export function tfjsPeer(): Promise<typeof tf> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
    setWasmPaths(wasmDist);
    // The issue compares against tfjs-wasm on one thread; in Node tfjs loads its threaded SIMD build,
    // whose pthreads would otherwise use every core (and thrash on a loaded host).
    setThreadsCount(1);
    const coreDir = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
    const out = join(tmpdir(), `mindscience-tfjs-grads-${process.pid}.mjs`);
    buildSync({ entryPoints: [join(coreDir, 'dist/register_all_gradients.js')], bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'error' });
    await import(pathToFileURL(out).href);
    await tf.setBackend('wasm');
    await tf.ready();
    if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) console.warn('matmul: tfjs-wasm runs without SIMD on this host');
    if (tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') && getThreadsCount() !== 1) console.warn(`matmul: tfjs-wasm uses ${getThreadsCount()} threads`);
    return tf;
  })();
  return ready;
}

export async function useBackend(name: TfBackend): Promise<void> {
  await tfjsPeer();
  await tf.setBackend(name);
  await tf.ready();
}

/**
 * Times of `ours` and `peer`, run alternately so both see the same machine load. The primary number is
 * best-of-N process CPU time (user + system, ms): this host is shared by many jobs and wall-clock
 * medians vary up to 10x with its load, while both sides here run on one thread. Wall-clock medians
 * are returned too, for the notes.
 */
export async function timePair(ours: () => unknown, peer: () => unknown, repeats = 5, warmup = 1): Promise<{ ours: number; peer: number; oursMedian: number; peerMedian: number }> {
  for (let i = 0; i < warmup; i++) { await ours(); await peer(); }
  const cpu: [number[], number[]] = [[], []], wall: [number[], number[]] = [[], []];
  const one = async (fn: () => unknown, k: 0 | 1) => {
    const c = process.cpuUsage(), t = performance.now();
    await fn();
    const dc = process.cpuUsage(c);
    wall[k].push(performance.now() - t);
    cpu[k].push((dc.user + dc.system) / 1000);
  };
  for (let i = 0; i < repeats; i++) { await one(ours, 0); await one(peer, 1); }
  const med = (x: number[]) => x.slice().sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
  return { ours: Math.min(...cpu[0]), peer: Math.min(...cpu[1]), oursMedian: med(wall[0]), peerMedian: med(wall[1]) };
}

export const loadNote = () => `values are best-of-N process CPU time, interleaved with the peer (wall-clock medians above); host load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;

/**
 * Where our time goes: runs `fn` once with every kernel of the current backend timed, and returns
 * the wall time and a "kernel ms" summary (the rest is tracing, allocation and JS op overhead).
 */
export async function profileKernels(fn: () => unknown): Promise<string> {
  const inner = backend();
  const spent: Record<string, number> = {};
  const timed = new Proxy(inner, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const t = performance.now();
        try { return (v as (...a: unknown[]) => unknown).apply(target, args); } finally { spent[String(prop)] = (spent[String(prop)] ?? 0) + performance.now() - t; }
      };
    },
  }) as Backend;
  setBackend(timed);
  const t0 = performance.now();
  try { await fn(); } finally { setBackend(inner); }
  const total = performance.now() - t0;
  const kernels = Object.values(spent).reduce((a, b) => a + b, 0);
  const top = Object.entries(spent).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${((100 * v) / total).toFixed(0)}%`).join(', ');
  return `profile of one run: ${total.toFixed(0)} ms, kernels ${((100 * kernels) / total).toFixed(0)}% (${top}), the rest is op dispatch/tracing/allocation`;
}

export const peerName = (b: TfBackend) => (b === 'wasm' ? 'tfjs 4.22 wasm-simd f32' : 'tfjs 4.22 cpu f32');

