/** Kernel conformance of the js backend against the naive reference (add one line per new backend). */
import { describe, expect, it } from 'vitest';
import { jsBackend } from './js.ts';
import type { Backend } from './backend.ts';
import { backendConformance } from '../testing/backendConformance.ts';
import { naiveBackend } from '../testing/naiveBackend.ts';
import { coalesce } from './js.ts';
import { createWasmBackend, wasmBackend } from './wasm/index.ts';

// Every backend present on this host; the wasm one also with its size threshold off, so its kernels see the small cases.
const BACKENDS = [jsBackend, wasmBackend(), createWasmBackend({ minMatmulFlops: 0, minElementwise: 0, name: 'wasm (all sizes)' })].filter((b): b is Backend => b !== null);

describe('backend conformance', () => {
  for (const backend of BACKENDS) {
    it(`${backend.name}: every kernel matches the naive reference on random strided views`, () => {
      expect(backendConformance(backend, { cases: 300, seed: 7 })).toEqual([]);
    });
  }
  it('the conformance check itself catches a broken kernel', () => {
    const broken = { ...jsBackend, name: 'broken', reduce: naiveBackend.reduce, matmul: jsBackend.matmul, unary: jsBackend.unary,
      binary: (op: Parameters<typeof jsBackend.binary>[0], ...rest: [never, never, never, never]) => jsBackend.binary(op === 'sub' ? 'add' : op, ...rest) };
    const bad = backendConformance(broken, { cases: 40, seed: 3 });
    expect(bad.some((m) => m.kernel === 'binary.sub')).toBe(true);
  });
  it('coalesce merges jointly contiguous axes and drops size-1 axes', () => {
    expect(coalesce([2, 3, 4], [[12, 4, 1], [0, 0, 1]])).toEqual({ shape: [6, 4], strides: [[4, 1], [0, 1]] });
    expect(coalesce([2, 1, 4], [[4, 99, 1]])).toEqual({ shape: [8], strides: [[1]] });
    expect(coalesce([1, 1], [[5, 5]])).toEqual({ shape: [1], strides: [[0]] });
  });
});
