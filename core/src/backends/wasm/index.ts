/**
 * The shared wasm backend instance: created lazily, once, after a self-check of its kernels against
 * the js kernel (float64 and float32, a transposed operand, a broadcast batch); null when the kernels
 * do not load or disagree, with the reason in `wasmUnavailableReason()`.
 */
import type { Backend } from '../backend.ts';
import { jsMatmul } from '../jsMatmul.ts';
import { wasmLoadError } from './instance.ts';
import { createWasmBackend } from './wasmBackend.ts';

let shared: Backend | null | undefined;
let reason = '';

function selfCheck(b: Backend): string | null {
  const [m, k, n] = [9, 11, 13];
  for (const C of [Float64Array, Float32Array]) {
    const a = new C(2 * m * k).map((_, i) => Math.sin(i * 0.7));
    const bm = new C(k * n).map((_, i) => Math.cos(i * 0.3));
    const A = { data: a, offset: 0, strides: [m * k, 1, m] }; // transposed matrices
    const B = { data: bm, offset: 0, strides: [0, n, 1] }; // broadcast over the batch
    const got = new C(2 * m * n), want = new C(2 * m * n);
    b.matmul(A, B, [2], m, k, n, got);
    jsMatmul(A, B, [2], m, k, n, want);
    const tol = C === Float64Array ? 1e-12 : 1e-5;
    for (let i = 0; i < got.length; i++) {
      if (!(Math.abs(got[i]! - want[i]!) <= tol * (1 + Math.abs(want[i]!)))) return `self-check failed (${C.name} element ${i}: ${got[i]} vs ${want[i]})`;
    }
  }
  return null;
}

/** The wasm backend (shared instance), or null when unavailable on this host. */
export function wasmBackend(): Backend | null {
  if (shared !== undefined) return shared;
  let b: Backend | null = null;
  try {
    b = createWasmBackend();
    if (!b) reason = wasmLoadError() ?? 'the kernels did not load';
    else {
      const probe = createWasmBackend({ minMatmulFlops: 0 })!;
      const bad = selfCheck(probe);
      if (bad) { reason = bad; b = null; }
    }
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
    b = null;
  }
  shared = b;
  return shared;
}

export function wasmUnavailableReason(): string {
  return shared === null ? reason : '';
}

export { createWasmBackend, plannedWorkers, type WasmBackendOptions, type WasmBackend } from './wasmBackend.ts';
