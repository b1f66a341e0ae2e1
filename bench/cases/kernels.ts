/**
 * kernels: the core's kernel backends side by side, below the op layer.
 *  - GEMM 512^3 float64/float32: wasm SIMD (one thread) vs the js backend; GFLOP/s and the fraction of
 *    one core's nominal peak (the issue's 150 GFLOP/s f64 on 2 cores = 75 per core, f32 twice that)
 *    and of the 128-bit wasm SIMD ceiling (no FMA in baseline wasm SIMD: 2 mul + 2 add vector ops per
 *    cycle = 4 f64 / 8 f32 flops per cycle per pipe pair at the cpu's clock).
 *  - GEMM 512^3 float64 on 1 vs 2 threads (wall time; CPU time cannot show a parallel speedup).
 *  - GEMM 512^3 float32 on the optional gpu backend (gpu.js) vs wasm, when gpu.js and a GL context are there.
 *  - Elementwise mul/tanh/exp on 2^16 and 2^20 elements, float32/float64: the wasm SIMD kernels
 *    (copies in and out included) vs the js loops; and an add of 2^20 float64 on js vs only the copies.
 * Times are best-of-N process CPU time except the threads row (best-of-N wall time).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createGpuBackend, createWasmBackend, gpuUnavailableReason, jsBackend, type Backend } from '@mindscience/core';
import type { Benchmark, BenchResult } from '../harness.ts';

type Row = Omit<BenchResult, 'machine'>;
const N = 512;

function best(fn: () => void, repeats: number, clock: 'cpu' | 'wall'): number {
  fn();
  let b = Infinity;
  for (let r = 0; r < repeats; r++) {
    const c = process.cpuUsage(), t = performance.now();
    fn();
    const d = process.cpuUsage(c);
    b = Math.min(b, clock === 'cpu' ? (d.user + d.system) / 1000 : performance.now() - t);
  }
  return b;
}

function gemmTimer(be: Backend, C: Float64ArrayConstructor | Float32ArrayConstructor) {
  const a = new C(N * N).map((_, i) => Math.sin(i)), b = new C(N * N).map((_, i) => Math.cos(i)), out = new C(N * N);
  const A = { data: a, offset: 0, strides: [N, 1] }, B = { data: b, offset: 0, strides: [N, 1] };
  return () => be.matmul(A, B, [], N, N, N, out);
}

const bench: Benchmark = {
  name: 'kernels',
  description: 'core kernel backends: wasm SIMD GEMM vs js, threads, wasm elementwise (with its copies) vs js',
  async run() {
    const rows: Row[] = [];
    const one = createWasmBackend({ workers: 0 });
    const two = createWasmBackend({ workers: 1, minThreadFlops: 1 });
    if (!one || !two) return [{ name: 'kernels', metric: 'wasm backend', unit: '-', ours: 0, peer: 'none', peerValue: null, ratio: null, notes: 'wasm backend unavailable on this host' }];
    await two.ready();
    // os.cpus() reports speed 0 on some VMs; /proc/cpuinfo has the clock.
    let mhz = cpus()[0]?.speed ?? 0;
    if (!mhz) { try { mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 0); } catch { mhz = 0; } }
    const ghz = mhz / 1000;
    const flop = 2 * N ** 3;
    for (const [C, tag, peakCore, lanes] of [[Float64Array, 'f64', 75, 2], [Float32Array, 'f32', 150, 4]] as const) {
      const tw = best(gemmTimer(one, C), 5, 'cpu');
      const tj = best(gemmTimer(jsBackend, C), 2, 'cpu');
      const gw = flop / tw / 1e6, gj = flop / tj / 1e6;
      const ceiling = 2 * 2 * lanes * ghz; // two vector mul + two vector add per cycle
      rows.push({ name: `gemm-512-${tag}`, metric: 'CPU time per product', unit: 'ms', ours: tw, peer: 'core js backend', peerValue: tj, ratio: tw / tj, backend: 'wasm', threads: 1,
        notes: `wasm ${gw.toFixed(1)} GFLOP/s = ${((100 * gw) / peakCore).toFixed(0)}% of one core's nominal ${peakCore} GFLOP/s peak, ${((100 * gw) / ceiling).toFixed(0)}% of the 128-bit wasm SIMD ceiling ${ceiling.toFixed(1)} GFLOP/s at ${ghz.toFixed(2)} GHz; js ${gj.toFixed(2)} GFLOP/s` });
    }
    // The optional gpu backend (gpu.js), when installed and a GL context exists (xvfb-run): float32 GEMM.
    const gpu = createGpuBackend({ minMatmulFlops: 0 });
    if (gpu) {
      const tg = best(gemmTimer(gpu, Float32Array), 3, 'wall'), tw = best(gemmTimer(one, Float32Array), 5, 'wall');
      rows.push({ name: 'gemm-512-f32-gpu', metric: 'wall time per product', unit: 'ms', ours: tg, peer: 'wasm, 1 thread', peerValue: tw, ratio: tg / tw, backend: 'gpu', threads: 1,
        notes: `gpu.js WebGL kernel (${(flop / tg / 1e6).toFixed(2)} GFLOP/s) vs wasm SIMD (${(flop / tw / 1e6).toFixed(1)} GFLOP/s), best-of-N wall time; on a host without a GPU the GL context is a software rasteriser` });
    } else console.log(`  gemm-512-f32-gpu not measured: ${gpuUnavailableReason()}`);
    const t1 = best(gemmTimer(one, Float64Array), 7, 'wall'), t2 = best(gemmTimer(two, Float64Array), 7, 'wall');
    rows.push({ name: 'gemm-512-f64-threads', metric: 'wall time per product', unit: 'ms', ours: t2, peer: 'wasm, 1 thread', peerValue: t1, ratio: t2 / t1, backend: 'wasm', threads: 2,
      notes: `2 threads (main + 1 worker) vs 1; best-of-7 wall time, host load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (a loaded host hides the speedup)` });
    // Elementwise: the wasm kernels copy operands into the kernel memory and the result out; that pays
    // for cache-sized arrays (a training step's 1024x64 activations), not for memory-bound 1M ones.
    for (const M of [1 << 16, 1 << 20]) {
      for (const [C, tag] of [[Float32Array, 'f32'], [Float64Array, 'f64']] as const) {
        const x = new C(M).map((_, i) => Math.sin(i) * 3), y = new C(M).map((_, i) => Math.cos(i)), out = new C(M);
        const X = { data: x, offset: 0, strides: [1] }, Y = { data: y, offset: 0, strides: [1] };
        const reps = M > 1e5 ? 5 : 20;
        const size = M === 1 << 16 ? '64k' : '1M';
        for (const [op, run] of [
          ['mul', (be: Backend) => () => be.binary('mul', X, Y, [M], out)],
          ['tanh', (be: Backend) => () => be.unary('tanh', X, [M], out)],
          ['exp', (be: Backend) => () => be.unary('exp', X, [M], out)],
        ] as const) {
          const tw = best(run(one), reps, 'cpu'), tj = best(run(jsBackend), reps, 'cpu');
          rows.push({ name: `${op}-${size}-${tag}`, metric: 'CPU time per call', unit: 'ms', ours: tw, peer: 'core js backend', peerValue: tj, ratio: tw / tj, backend: 'wasm', threads: 1,
            notes: `wasm SIMD kernel including the copies in and out of the kernel memory, vs the js loop${op === 'mul' ? '' : ` (Math.${op})`}; ${((M / tw) / 1e3).toFixed(0)} vs ${((M / tj) / 1e3).toFixed(0)} M elements/s` });
        }
      }
    }
    const M = 1 << 20;
    const x = new Float64Array(M).fill(1.5), y = new Float64Array(M).fill(2.5), out = new Float64Array(M);
    const X = { data: x, offset: 0, strides: [1] }, Y = { data: y, offset: 0, strides: [1] };
    const staging = new Float64Array(new SharedArrayBuffer(3 * 8 * M));
    const tAdd = best(() => jsBackend.binary('add', X, Y, [M], out), 7, 'cpu');
    const tCopy = best(() => { staging.set(x, 0); staging.set(y, M); out.set(staging.subarray(2 * M)); }, 7, 'cpu');
    rows.push({ name: 'add-1M-f64-copies', metric: 'CPU time', unit: 'ms', ours: tAdd, peer: 'copies alone for a wasm kernel', peerValue: tCopy, ratio: tAdd / tCopy, backend: 'js', threads: 1,
      notes: 'js add kernel vs only the 3 TypedArray.set copies (2 in, 1 out) a wasm kernel on JS-owned tensors needs' });
    return rows;
  },
};

export default bench;
