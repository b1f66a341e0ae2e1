/**
 * The optional gpu backend (gpu.js). Where gpu.js is not installed (scripts/install-gpu.sh) these tests
 * are skipped and their titles say why. gpu.js's 'cpu' mode runs the same kernel source in JavaScript,
 * so the backend's own code (packing of strided/transposed/batched operands, kernel cache, fallback for
 * float64 and small products) is tested without a GL context; the 'headlessgl' mode (real WebGL) is
 * tested when a context can be created, i.e. under an X display (xvfb-run).
 */
import { describe, expect, it } from 'vitest';
import { backendConformance } from '../../testing/backendConformance.ts';
import { jsMatmul } from '../jsMatmul.ts';
import { backendReport } from '../index.ts';
import { createWasmBackend } from '../wasm/index.ts';
import { createGpuBackend, gpuUnavailableReason } from './gpuBackend.ts';

const cpuMode = createGpuBackend({ mode: 'cpu', minMatmulFlops: 0 });
const cpuWhy = cpuMode ? '' : ` (skipped: ${gpuUnavailableReason()})`;
const glMode = cpuMode ? createGpuBackend({ minMatmulFlops: 0 }) : null;
const glWhy = glMode ? '' : ` (skipped: ${cpuMode ? gpuUnavailableReason() : 'gpu.js is not installed'})`;

function rand(seed: number, n: number) {
  let s = seed >>> 0;
  return new Float32Array(n).map(() => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
}

function checkProducts(gpu: NonNullable<typeof cpuMode>) {
  // Batched, A transposed and offset, B broadcast over the batch: against a float64 product, sgemm bound.
  const [m, k, n] = [37, 130, 29];
  const a = rand(1, 2 * m * k + 3), b = rand(2, k * n);
  const A = { data: a, offset: 3, strides: [m * k, 1, m] }, B = { data: b, offset: 0, strides: [0, n, 1] };
  const got = new Float32Array(2 * m * n);
  gpu.matmul(A, B, [2], m, k, n, got);
  const a64 = Float64Array.from(a), b64 = Float64Array.from(b), want = new Float64Array(2 * m * n);
  jsMatmul({ ...A, data: a64 }, { ...B, data: b64 }, [2], m, k, n, want);
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / (k * 2 ** -23));
  expect(worst).toBeLessThanOrEqual(1);
  // float64 goes to the fallback (wasm), bit for bit.
  const wasm = createWasmBackend({ minMatmulFlops: 0, workers: 0 })!;
  const g64 = new Float64Array(2 * m * n), w64 = new Float64Array(2 * m * n);
  gpu.matmul({ ...A, data: a64 }, { ...B, data: b64 }, [2], m, k, n, g64);
  wasm.matmul({ ...A, data: a64 }, { ...B, data: b64 }, [2], m, k, n, w64);
  expect(g64.every((v, i) => v === w64[i])).toBe(true);
}

describe('gpu backend (gpu.js)', () => {
  it.skipIf(!cpuMode)(`gpu.js cpu mode: float32 products within the sgemm bound, float64 on the fallback${cpuWhy}`, () => {
    checkProducts(cpuMode!);
    expect(backendReport(cpuMode!).description).toMatch(/^gpu \(gpu\.js float32 matmul/);
  });

  it.skipIf(!cpuMode)(`gpu.js cpu mode: every kernel matches the naive reference${cpuWhy}`, () => {
    expect(backendConformance(cpuMode!, { cases: 120, seed: 9 })).toEqual([]);
  });

  it.skipIf(!glMode)(`headless WebGL: float32 products within the sgemm bound, float64 on the fallback${glWhy}`, () => {
    checkProducts(glMode!);
  });

  it('without gpu.js or a GL context, creation returns null and says why', () => {
    expect(createGpuBackend({ GPU: class { constructor() { throw new Error('no GL here'); } } as never })).toBeNull();
    expect(gpuUnavailableReason()).toMatch(/could not run a kernel.*no GL here.*xvfb-run/);
  });
});
