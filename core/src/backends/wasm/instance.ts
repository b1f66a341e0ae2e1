/**
 * Loads the wasm kernel module (built from core/wasm/gemm.ts and elementwise.ts, embedded as base64 in kernels.wasm.ts)
 * on one shared WebAssembly.Memory that grows as needed. `wasmKernels()` returns null when
 * WebAssembly, SIMD or SharedArrayBuffer is unavailable, so callers fall back to the js kernels.
 * The module is compiled once (synchronously: it is a few KB) and can be instantiated again on the
 * same memory by worker threads (`kernelModule`, `kernelMemory`).
 */
import { KERNELS_WASM_BASE64 } from './kernels.wasm.ts';

export interface KernelExports {
  gemm64(a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, m: number, k: number, n: number, ldc: number, work: number): void;
  gemm32(a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, m: number, k: number, n: number, ldc: number, work: number): void;
  workBytes64(m: number, k: number, n: number): number;
  workBytes32(m: number, k: number, n: number): number;
  /** out[i] = exp(x[i]) / tanh(x[i]) for i < n; byte pointers, dense, out == x allowed (core/wasm/elementwise.ts). */
  exp64(x: number, out: number, n: number): void;
  tanh64(x: number, out: number, n: number): void;
  exp32(x: number, out: number, n: number): void;
  tanh32(x: number, out: number, n: number): void;
  /** out[i] = a[i*sa] op b[i*sb], op 0..3 = add sub mul div, sa/sb 1 dense or 0 one value (elementwise.ts). */
  binary64(op: number, a: number, sa: number, b: number, sb: number, out: number, n: number): void;
  binary32(op: number, a: number, sa: number, b: number, sb: number, out: number, n: number): void;
  /** `rows` rows of p: operand s = 1 dense, 2 one row repeated (elementwise.ts). */
  binaryRows64(op: number, a: number, sa: number, b: number, sb: number, out: number, rows: number, p: number): void;
  binaryRows32(op: number, a: number, sa: number, b: number, sb: number, out: number, rows: number, p: number): void;
}

export interface WasmKernels {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** Ensure the memory holds at least `bytes`; returns the (possibly new) buffer. */
  reserve(bytes: number): ArrayBufferLike;
}

/** Maximum pages declared by the module (--maximumMemory in core/wasm/build.mjs): 2 GiB. */
export const MAX_PAGES = 32768;
const PAGE = 65536;

export function decodeBase64(s: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(s, 'base64'));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  return new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernels: abort'); } } }).exports as unknown as KernelExports;
}

let cached: WasmKernels | null | undefined;
let loadError: string | null = null;

/** The kernels on this host, or null (see `wasmLoadError()` for why). */
export function wasmKernels(): WasmKernels | null {
  if (cached !== undefined) return cached;
  try {
    if (typeof WebAssembly === 'undefined') throw new Error('WebAssembly is not available');
    if (typeof SharedArrayBuffer === 'undefined') throw new Error('SharedArrayBuffer is not available (browsers need cross-origin isolation)');
    const module = new WebAssembly.Module(new Uint8Array(decodeBase64(KERNELS_WASM_BASE64)));
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const exports = instantiateKernels(module, memory);
    cached = {
      module, memory, exports,
      reserve(bytes: number) {
        const have = memory.buffer.byteLength;
        if (bytes > have) {
          const pages = Math.ceil((bytes - have) / PAGE);
          if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`wasm backend: ${bytes} bytes requested, the kernel memory is limited to ${MAX_PAGES * PAGE} bytes`);
          memory.grow(pages);
        }
        return memory.buffer;
      },
    };
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    cached = null;
  }
  return cached;
}

export function wasmLoadError(): string | null {
  return loadError;
}
