/**
 * The wasm backend beyond the small conformance cases: GEMM sizes that cross its blocking (k > 256,
 * m > 128, ragged edges), transposed/sliced/broadcast operands, float64 against the js kernel and
 * float32 against a float64 product with the sgemm error bound; backend selection by name and
 * environment; the committed module equals a fresh build (when assemblyscript is installed).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { StridedArray } from '../backend.ts';
import { jsMatmul } from '../jsMatmul.ts';
import { availableBackends, backend, backendByName, backendReport, jsBackend, setBackend } from '../index.ts';
import { createWasmBackend, wasmBackend } from './index.ts';

const wasm = createWasmBackend({ minMatmulFlops: 0 });
const d = describe.skipIf(wasm === null);

function rand(seed: number, n: number, C: Float64ArrayConstructor | Float32ArrayConstructor) {
  let s = seed >>> 0;
  return new C(n).map(() => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
}

/** A as [m, k] in a buffer laid out row- or column-major with padding and an offset. */
function view(seed: number, rows: number, cols: number, C: Float64ArrayConstructor | Float32ArrayConstructor, transposed: boolean, pad: number, offset: number): StridedArray {
  const ld = (transposed ? rows : cols) + pad;
  const data = rand(seed, offset + ld * (transposed ? cols : rows), C);
  return { data, offset, strides: transposed ? [1, ld] : [ld, 1] };
}

d('wasm GEMM', () => {
  it('float64 agrees with the js kernel across blocking edges and layouts (1e-12)', () => {
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 2], [130, 300, 21], [67, 257, 131], [4, 600, 8], [200, 7, 5]] as const) {
      for (const [ta, tb, pad] of [[false, false, 0], [true, false, 3], [false, true, 1], [true, true, 0]] as const) {
        const A = view(m + k, m, k, Float64Array, ta, pad, 2), B = view(k + n, k, n, Float64Array, tb, pad, 1);
        const got = new Float64Array(m * n), want = new Float64Array(m * n);
        wasm!.matmul(A, B, [], m, k, n, got);
        jsMatmul(A, B, [], m, k, n, want);
        let worst = 0;
        for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
        expect(worst, `${m}x${k}x${n} transposed ${ta}/${tb}`).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('float32 stays within the sgemm bound k * 2^-23 * sum|a||b| of the float64 product', () => {
    for (const [m, k, n] of [[129, 513, 40], [9, 1000, 17]] as const) {
      const A = view(1, m, k, Float32Array, false, 0, 0), B = view(2, k, n, Float32Array, true, 2, 0);
      const got = new Float32Array(m * n);
      wasm!.matmul(A, B, [], m, k, n, got);
      let worst = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let exact = 0, mag = 0;
        for (let p = 0; p < k; p++) {
          const x = A.data[A.offset + i * A.strides[0]! + p * A.strides[1]!]! * B.data[B.offset + p * B.strides[0]! + j * B.strides[1]!]!;
          exact += x;
          mag += Math.abs(x);
        }
        worst = Math.max(worst, Math.abs(got[i * n + j]! - exact) / (k * 2 ** -23 * mag));
      }
      expect(worst, `${m}x${k}x${n}: error / bound`).toBeLessThanOrEqual(1);
    }
  });

  it('batched, with a stride-0 (broadcast) operand, matches the js kernel', () => {
    const [m, k, n] = [40, 70, 50];
    const a = rand(5, 3 * m * k, Float64Array), b = rand(6, k * n, Float64Array);
    const A = { data: a, offset: 0, strides: [m * k, k, 1] }, B = { data: b, offset: 0, strides: [0, n, 1] };
    const got = new Float64Array(3 * m * n), want = new Float64Array(3 * m * n);
    wasm!.matmul(A, B, [3], m, k, n, got);
    jsMatmul(A, B, [3], m, k, n, want);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 12);
  });

  it('random shapes and strides (property): float64 matches the js kernel', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.boolean(), (m, k, n, ta, tb) => {
      const A = view(m * 7 + k, m, k, Float64Array, ta, 1, 3), B = view(n * 5 + k, k, n, Float64Array, tb, 0, 0);
      const got = new Float64Array(m * n), want = new Float64Array(m * n);
      wasm!.matmul(A, B, [], m, k, n, got);
      jsMatmul(A, B, [], m, k, n, want);
      return got.every((g, i) => Math.abs(g - want[i]!) <= 1e-12 * (1 + Math.abs(want[i]!)));
    }), { numRuns: 60, seed: 4 });
  });
});

d('wasm GEMM on worker threads', () => {
  it('a product split across a worker is bit-identical to one thread (row and column splits, f64 and f32)', async () => {
    const par = createWasmBackend({ workers: 1, minThreadFlops: 1 })!;
    expect(await par.ready()).toBe(1);
    expect(par.workers).toBe(1);
    for (const C of [Float64Array, Float32Array]) {
      for (const [m, k, n] of [[203, 300, 37], [30, 270, 301]] as const) {
        const A = view(m, m, k, C, false, 0, 0), B = view(n, k, n, C, true, 1, 2);
        const one = new C(m * n), two = new C(m * n);
        wasm!.matmul(A, B, [], m, k, n, one);
        par.matmul(A, B, [], m, k, n, two);
        expect(two.every((v, i) => v === one[i]), `${C.name} ${m}x${k}x${n}`).toBe(true);
      }
    }
  });
});

d('wasm GEMM worker pool robustness', () => {
  // A product big enough to be split (m*k*n >= minThreadFlops) with a known single-thread answer.
  const [m, k, n] = [96, 64, 80];
  const A = view(11, m, k, Float64Array, false, 0, 0), B = view(12, k, n, Float64Array, false, 0, 0);
  const want = new Float64Array(m * n);
  wasm!.matmul(A, B, [], m, k, n, want);

  for (const fault of ['stall', 'exit'] as const) {
    it(`a worker that ${fault === 'stall' ? 'stalls' : 'dies'} mid-product cannot hang the process: bounded wait, warning, one-thread result`, async () => {
      const par = createWasmBackend({ workers: 1, minThreadFlops: 1, poolTimeoutMs: 200 })!;
      expect(await par.ready()).toBe(1);
      par.pool!.injectFault(0, fault);
      const warned: string[] = [];
      const warn = vi.spyOn(console, 'warn').mockImplementation((msg: unknown) => { warned.push(String(msg)); });
      const got = new Float64Array(m * n);
      const t0 = performance.now();
      try {
        par.matmul(A, B, [], m, k, n, got);
      } finally {
        warn.mockRestore();
      }
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(got.every((v, i) => v === want[i])).toBe(true);
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatch(/GEMM worker job 1 \(\d+x64x\d+ f64\) did not finish within 200 ms.*pool is closed/);
      expect(par.poolFailure).toMatch(/did not finish within 200 ms/);
      expect(par.workers).toBe(0);
      expect(backendReport(par).threads).toBe(1);
      // Later products run on one thread, correctly, with no further waiting or warnings.
      const again = new Float64Array(m * n);
      const t1 = performance.now();
      par.matmul(A, B, [], m, k, n, again);
      expect(performance.now() - t1).toBeLessThan(150);
      expect(again.every((v, i) => v === want[i])).toBe(true);
      // ...and the shared backend, on the same kernel memory, is unaffected by the abandoned staging area.
      const shared = new Float64Array(m * n);
      wasm!.matmul(A, B, [], m, k, n, shared);
      expect(shared.every((v, i) => v === want[i])).toBe(true);
    });
  }

  it('an idle worker (no slice of this product) that stalls is named as such; the result is still right', async () => {
    const par = createWasmBackend({ workers: 2, minThreadFlops: 1, minMatmulFlops: 0, poolTimeoutMs: 200 })!;
    expect(await par.ready()).toBe(2);
    par.pool!.injectFault(1, 'stall');
    // 8 x 64 x 8: rows split by 4 -> two slices (main + worker 0); worker 1 only wakes and reports.
    const [mm, kk, nn] = [8, 64, 8];
    const A8 = view(21, mm, kk, Float64Array, false, 0, 0), B8 = view(22, kk, nn, Float64Array, false, 0, 0);
    const want8 = new Float64Array(mm * nn), got8 = new Float64Array(mm * nn);
    wasm!.matmul(A8, B8, [], mm, kk, nn, want8);
    const warned: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((msg: unknown) => { warned.push(String(msg)); });
    try {
      par.matmul(A8, B8, [], mm, kk, nn, got8);
    } finally {
      warn.mockRestore();
    }
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/an idle GEMM worker did not report within 200 ms/);
    expect(got8.every((v, i) => v === want8[i])).toBe(true);
  });

  it('a worker that exited between products is noticed at once, without waiting for the deadline', async () => {
    const par = createWasmBackend({ workers: 1, minThreadFlops: 1, poolTimeoutMs: 60_000 })!;
    await par.ready();
    par.pool!.injectFault(0, 'terminate');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the exit event arrives while the main thread is idle
    const warned: string[] = [];
      const warn = vi.spyOn(console, 'warn').mockImplementation((msg: unknown) => { warned.push(String(msg)); });
    const got = new Float64Array(m * n);
    const t0 = performance.now();
    try {
      par.matmul(A, B, [], m, k, n, got);
    } finally {
      warn.mockRestore();
    }
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/GEMM worker 0 exited with code \d+; the GEMM worker pool is closed/);
    expect(got.every((v, i) => v === want[i])).toBe(true);
  });
});

describe('backend selection', () => {
  it('by name, with clear errors for unknown or absent backends', () => {
    const before = backend();
    try {
      setBackend('js');
      expect(backend()).toBe(jsBackend);
      if (wasmBackend()) {
        setBackend('wasm');
        expect(backend().name).toBe('wasm');
        expect(availableBackends().slice(0, 2)).toEqual(['js', 'wasm']);
      }
      if (!availableBackends().includes('gpu')) expect(() => backendByName('gpu')).toThrow(/backend 'gpu' is not available here: .*API\.md/);
      expect(() => backendByName('cuda' as never)).toThrow(/unknown backend "cuda"; expected one of 'js', 'wasm', 'gpu'/);
    } finally {
      setBackend(before);
    }
  });

  it('backendReport names the backend and its threads (what CLIs and benchmarks print)', () => {
    expect(backendReport(jsBackend)).toEqual({ name: 'js', threads: 1, description: 'js (typed-array loops)' });
    const w = createWasmBackend({ workers: 2 });
    if (w) {
      expect(backendReport(w)).toMatchObject({ name: 'wasm', threads: 3 });
      expect(backendReport(w).description).toBe('wasm (WebAssembly SIMD GEMM and elementwise, 3 threads for large products)');
      expect(backendReport(createWasmBackend({ workers: 0 })!).description).toMatch(/1 thread for/);
    }
    expect(backendReport({ ...jsBackend, name: 'mine' }).description).toBe('mine (custom backend)');
  });

  it('MINDSCIENCE_BACKEND picks the backend at load; a bad value is an error naming the variable', () => {
    const probe = (value: string) => spawnSync(process.execPath, ['--import', 'tsx', '-e',
      "import('@mindscience/core').then((c) => console.log(c.backend().name)).catch((e) => { console.log('ERR ' + e.message); })"],
    { env: { ...process.env, MINDSCIENCE_BACKEND: value }, encoding: 'utf8', cwd: fileURLToPath(new URL('../../../..', import.meta.url)) });
    expect(probe('js').stdout.trim()).toBe('js');
    expect(probe('nope').stdout).toMatch(/ERR environment variable MINDSCIENCE_BACKEND="nope": expected one of 'js', 'wasm', 'gpu'/);
    if (wasmBackend()) expect(probe('').stdout.trim()).toBe('wasm'); // the automatic default
  });
});

const asc = fileURLToPath(new URL('../../../../node_modules/assemblyscript/package.json', import.meta.url));
describe.skipIf(!existsSync(asc))('reproducible build', () => {
  it('rebuilding core/wasm/gemm.ts gives the committed kernels.wasm.ts byte for byte', () => {
    const script = fileURLToPath(new URL('../../../wasm/build.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('up to date');
    expect(r.status).toBe(0);
  });
});
