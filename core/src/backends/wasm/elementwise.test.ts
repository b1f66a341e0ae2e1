/**
 * The wasm SIMD exp/tanh kernels (core/wasm/elementwise.ts) against Math.exp / Math.tanh: float64
 * within 4 ulp over wide ranges (small, moderate, +-large, subnormals, the overflow/underflow edges),
 * float32 equal to Math.fround(Math.*(x)) within 1 ulp of float32 (~1.2e-7 relative) or exactly
 * (the kernels compute in float64), the special values +-0 (sign kept by tanh), +-Inf and NaN exact;
 * strided inputs fall back to js. add/sub/mul/div (dense, one-value or one-row operands) and neg are
 * bit-identical to js.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsBackend } from '../js.ts';
import { createWasmBackend } from './index.ts';

const wasm = createWasmBackend({ minElementwise: 0, workers: 0 });
const d = describe.skipIf(wasm === null);

/** Distance in units in the last place between two float64 values (0 for equal, NaN == NaN). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return Object.is(a, b) || a !== 0 ? 0 : Infinity; // +0 vs -0 counts as a miss
  const v = new BigInt64Array(new Float64Array([a, b]).buffer);
  const ord = (i: bigint) => (i < 0n ? -(i & 0x7fffffffffffffffn) : i);
  const diff = ord(v[0]!) - ord(v[1]!);
  return Number(diff < 0n ? -diff : diff);
}

function inputs(): Float64Array {
  const xs: number[] = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2e-308, -1e-310, 1e-300, 1e-8, -1e-8,
    709.78, 709.79, 710, -708.39, -745.13, -745.14, -746, 19.06, 22, 22.1, -22.1, 0.55, 0.625, 1e300, -1e300];
  let s = 12345;
  const rnd = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  for (let i = 0; i < 4000; i++) xs.push((rnd() - 0.5) * 4, (rnd() - 0.5) * 60, (rnd() - 0.5) * 1500, Math.sign(rnd() - 0.5) * Math.exp((rnd() - 0.5) * 1400));
  return Float64Array.from(xs);
}

d('wasm SIMD exp and tanh', () => {
  const xs = inputs();
  for (const op of ['exp', 'tanh'] as const) {
    const ref = op === 'exp' ? Math.exp : Math.tanh;

    it(`${op} float64: within 4 ulp of Math.${op} over +-1e300, subnormals, edges; specials exact`, () => {
      const out = new Float64Array(xs.length);
      wasm!.unary(op, { data: xs, offset: 0, strides: [1] }, [xs.length], out);
      let worst = 0, at = 0;
      for (let i = 0; i < xs.length; i++) {
        const u = ulps(out[i]!, ref(xs[i]!));
        if (u > worst) { worst = u; at = xs[i]!; }
      }
      expect(worst, `worst at x = ${at}: ${ref(at)}`).toBeLessThanOrEqual(4);
      for (let i = 0; i < 7; i++) expect(Object.is(out[i], ref(xs[i]!)), `${op}(${xs[i]})`).toBe(true);
    });

    it(`${op} float32: equal to fround(Math.${op}) within one float32 ulp, specials exact`, () => {
      const x32 = Float32Array.from(xs);
      const out = new Float32Array(x32.length);
      wasm!.unary(op, { data: x32, offset: 0, strides: [1] }, [x32.length], out);
      let worst = 0;
      for (let i = 0; i < x32.length; i++) {
        const want = Math.fround(ref(x32[i]!)), got = out[i]!;
        if (Object.is(want, got) || (Number.isNaN(want) && Number.isNaN(got))) continue;
        const rel = Math.abs(got - want) / Math.max(Math.abs(want), 2 ** -126);
        worst = Math.max(worst, Number.isNaN(rel) ? Infinity : rel);
      }
      expect(worst).toBeLessThanOrEqual(2 ** -23);
    });

    it(`${op}: random lengths, offsets and values (property) match Math.${op} to 4 ulp; odd tails handled`, () => {
      fc.assert(fc.property(fc.array(fc.double({ min: -800, max: 800 }), { minLength: 0, maxLength: 37 }), fc.nat(3), (vals, off) => {
        const data = new Float64Array(off + vals.length);
        data.set(vals, off);
        const out = new Float64Array(vals.length);
        wasm!.unary(op, { data, offset: off, strides: [1] }, [vals.length], out);
        return vals.every((v, i) => ulps(out[i]!, ref(v)) <= 4);
      }), { numRuns: 200 });
    });
  }

  it('strided and broadcast inputs take the js kernel and agree with it exactly', () => {
    const data = new Float64Array(64).map((_, i) => Math.sin(i) * 3);
    for (const view of [{ data, offset: 1, strides: [8, 2] }, { data, offset: 0, strides: [0, 1] }]) {
      const got = new Float64Array(12), want = new Float64Array(12);
      wasm!.unary('tanh', view, [3, 4], got);
      jsBackend.unary('tanh', view, [3, 4], want);
      expect([...got]).toEqual([...want]);
    }
  });

  it('add/sub/mul/div: bit-identical to js (IEEE: float32 through float64 rounds the same) for dense, one-value and one-row (bias) operands, odd lengths, specials', () => {
    const specials = [0, -0, Infinity, -Infinity, NaN, 5e-324, 1e308, -3.5, 2 ** -140];
    const layouts = ['dd', 'ds', 'sd', 'dr', 'rd', 'ss', 'rr', 'sr'] as const;
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 19 }), fc.constantFrom('add', 'sub', 'mul', 'div') as fc.Arbitrary<'add' | 'sub' | 'mul' | 'div'>,
      fc.constantFrom(Float64Array, Float32Array), fc.constantFrom(...layouts), fc.nat(2), (rows, p, op, C, layout, off) => {
        const n = rows * p;
        const a = new C(n + off).map((_, i) => (i % 5 === 0 ? specials[i % specials.length]! : Math.sin(i * 1.7) * 10 ** (i % 7 - 3)));
        const b = new C(n + off).map((_, i) => (i % 3 === 0 ? specials[(i * 7) % specials.length]! : Math.cos(i * 0.3)));
        const strides = (l: string) => (l === 's' ? [0, 0] : l === 'r' ? [0, 1] : [p, 1]);
        const A = { data: a, offset: off, strides: strides(layout[0]) }, B = { data: b, offset: off, strides: strides(layout[1]) };
        const got = new C(n), want = new C(n);
        wasm!.binary(op, A, B, [rows, p], got);
        jsBackend.binary(op, A, B, [rows, p], want);
        return got.every((v, i) => Object.is(v, want[i]));
      }), { numRuns: 400 });
  });

  it('arrays longer than the staging chunk (2^16) are processed in chunks: unary and every binary layout agree with js', () => {
    for (const C of [Float32Array, Float64Array]) {
      const [rows, p] = [1031, 131]; // 135061 elements: two full chunks and a ragged one; rows do not divide 2^16
      const n = rows * p;
      const a = new C(n + 3).map((_, i) => Math.sin(i * 0.01) * 5), b = new C(n + 3).map((_, i) => Math.cos(i * 0.02) + 2);
      for (const op of ['tanh', 'exp', 'neg'] as const) {
        const got = new C(n), want = new C(n);
        wasm!.unary(op, { data: a, offset: 3, strides: [1] }, [n], got);
        jsBackend.unary(op, { data: a, offset: 3, strides: [1] }, [n], want);
        const tol = op === 'neg' ? 0 : C === Float32Array ? 2 ** -23 : 1e-15;
        expect(got.every((v, i) => Math.abs(v - want[i]!) <= tol * Math.abs(want[i]!)), `${C.name} ${op}`).toBe(true);
      }
      for (const [sa, sb] of [[[p, 1], [p, 1]], [[0, 0], [p, 1]], [[p, 1], [0, 1]], [[0, 1], [p, 1]]]) {
        const got = new C(n), want = new C(n);
        wasm!.binary('div', { data: a, offset: 1, strides: sa! }, { data: b, offset: 2, strides: sb! }, [rows, p], got);
        jsBackend.binary('div', { data: a, offset: 1, strides: sa! }, { data: b, offset: 2, strides: sb! }, [rows, p], want);
        expect(got.every((v, i) => Object.is(v, want[i])), `${C.name} div ${JSON.stringify([sa, sb])}`).toBe(true);
      }
    }
  });

  it('neg (as x * -1) is exact, including the sign of zero', () => {
    for (const C of [Float64Array, Float32Array]) {
      const x = C.from([0, -0, 1.5, -2, Infinity, -Infinity, NaN, 5e-324, 3, 4, 5]);
      const got = new C(x.length);
      wasm!.unary('neg', { data: x, offset: 0, strides: [1] }, [x.length], got);
      expect(Array.from(got).every((v, i) => Object.is(v, -x[i]!)), C.name).toBe(true);
    }
  });

  it('other unary ops are the js kernels bit for bit', () => {
    const data = Float64Array.from({ length: 100 }, (_, i) => i * 0.37 - 10);
    for (const op of ['log', 'sin', 'cos', 'sqrt', 'sign', 'log1p'] as const) {
      const got = new Float64Array(100), want = new Float64Array(100);
      wasm!.unary(op, { data, offset: 0, strides: [1] }, [100], got);
      jsBackend.unary(op, { data, offset: 0, strides: [1] }, [100], want);
      expect(got.every((v, i) => Object.is(v, want[i])), op).toBe(true);
    }
  });
});
