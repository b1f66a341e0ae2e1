/**
 * Backend selection. Primitives call `backend()` for their kernels.
 *   - 'js': tight typed-array loops, always present (the reference the others are tested against);
 *   - 'wasm': WebAssembly SIMD GEMM (+ worker threads for large products) and hot elementwise ops, js for the rest;
 *   - 'gpu': optional, float32 matmul through gpu.js when scripts/install-gpu.sh has installed it and a GL
 *     context exists (headless: xvfb-run), wasm/js for the rest (gpu/gpuBackend.ts).
 * The default is chosen once, at load: env MINDSCIENCE_BACKEND if set ('js' | 'wasm' | 'gpu'), else 'wasm'
 * when its kernels load and pass a self-check on this host, else 'js'. `setBackend` overrides it.
 */
import type { Backend } from './backend.ts';
import { jsBackend } from './js.ts';
import { wasmBackend, wasmUnavailableReason, type WasmBackend } from './wasm/index.ts';
import { createGpuBackend, gpuUnavailableReason } from './gpu/gpuBackend.ts';

export type BackendName = 'js' | 'wasm' | 'gpu';
const NAMES: readonly BackendName[] = ['js', 'wasm', 'gpu'];

/** The named backend; throws an Error saying why when it is not available on this host. */
export function backendByName(name: BackendName): Backend {
  if (name === 'js') return jsBackend;
  if (name === 'wasm') {
    const w = wasmBackend();
    if (!w) throw new Error(`backend 'wasm' is not available here: ${wasmUnavailableReason()}`);
    return w;
  }
  if (name === 'gpu') {
    const g = gpuBackend();
    if (!g) throw new Error(`backend 'gpu' is not available here: ${gpuUnavailableReason()} (see core/API.md, Backends)`);
    return g;
  }
  throw new Error(`unknown backend ${JSON.stringify(name)}; expected one of ${NAMES.map((n) => `'${n}'`).join(', ')}`);
}

let sharedGpu: Backend | null | undefined;
/** The shared gpu backend (created on first use), or null when gpu.js or a GL context is missing. */
function gpuBackend(): Backend | null {
  if (sharedGpu === undefined) sharedGpu = createGpuBackend();
  return sharedGpu;
}

/** Names of the backends that load on this host (probing 'gpu' loads gpu.js once, if installed). */
export function availableBackends(): BackendName[] {
  const names: BackendName[] = wasmBackend() ? ['js', 'wasm'] : ['js'];
  if (gpuBackend()) names.push('gpu');
  return names;
}

function initialBackend(): Backend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.MINDSCIENCE_BACKEND;
  if (env !== undefined && env !== '') {
    if (!NAMES.includes(env as BackendName)) {
      throw new Error(`environment variable MINDSCIENCE_BACKEND=${JSON.stringify(env)}: expected one of ${NAMES.map((n) => `'${n}'`).join(', ')}`);
    }
    return backendByName(env as BackendName);
  }
  return wasmBackend() ?? jsBackend;
}

let active: Backend = initialBackend();

/** The kernel backend every primitive runs on now (`js`, `wasm` or `gpu`; see `setBackend`, `backendReport`). */
export function backend(): Backend {
  return active;
}

/** Switch the kernel backend, by name or by object (e.g. to run the same test suite against another backend). */
export function setBackend(b: Backend | BackendName): void {
  active = typeof b === 'string' ? backendByName(b) : b;
}

/** What the CLIs and benchmarks print about the kernels in use. */
export interface BackendReport {
  /** Backend name ('js', 'wasm', or a custom backend's name). */
  readonly name: string;
  /** Threads its large products use (1 + worker threads; 1 for js). */
  readonly threads: number;
  /** One line, e.g. "wasm (WebAssembly SIMD GEMM and elementwise, 2 threads for large products)". */
  readonly description: string;
}

/** The active backend (or `b`) as name, threads and a one-line description. */
export function backendReport(b: Backend = active): BackendReport {
  const threads = typeof (b as Partial<WasmBackend>).threads === 'number' ? (b as WasmBackend).threads : 1;
  const what = b === jsBackend ? 'typed-array loops'
    : b.name === 'gpu' ? 'gpu.js float32 matmul for large products, WebAssembly SIMD for the rest'
    : 'ready' in b ? `WebAssembly SIMD GEMM and elementwise, ${threads} thread${threads === 1 ? '' : 's'} for large products`
    : 'custom backend';
  return { name: b.name, threads, description: `${b.name} (${what})` };
}

export type { Backend, StridedArray, UnaryOp, BinaryOp, ReduceOp } from './backend.ts';
export { jsBackend } from './js.ts';
export { createGpuBackend, gpuUnavailableReason, type GpuBackendOptions } from './gpu/gpuBackend.ts';
export { wasmBackend, createWasmBackend, plannedWorkers, type WasmBackendOptions, type WasmBackend } from './wasm/index.ts';
