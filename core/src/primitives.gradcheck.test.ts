/**
 * Generated from the primitive registry: every registered primitive is checked forward and reverse
 * against central differences (checkGrads, float64) to 2nd order, and to 3rd order for the
 * elementwise transcendental ones. A primitive registered without a case here fails the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bind, registeredPrimitives, type Primitive } from './primitive.ts';
import { Tensor } from './tensor.ts';
import { tensor } from './creation.ts';
import { normal, randomKey, split, uniform } from './random.ts';
import { checkGrads, type CheckGradsOptions } from './testing/checkGrads.ts';
import { grad, jvp } from './autodiff/api.ts';
import { sum } from './ops/reduce.ts';
import { mul } from './ops/elementwise.ts';
import { backend, createWasmBackend, jsBackend, setBackend, type Backend } from './backends/index.ts';
import { naiveBackend } from './testing/naiveBackend.ts';
import './index.ts';

/** The same suite runs on every backend (a new backend adds itself here). */
const wasmAllSizes = createWasmBackend({ minMatmulFlops: 0, minElementwise: 0, name: 'wasm' }); // threshold off: its kernels see these small cases
const BACKENDS: Backend[] = [jsBackend, naiveBackend, ...(wasmAllSizes ? [wasmAllSizes] : [])];
const initial = backend();

interface Case {
  args: Tensor[];
  params: unknown;
  order: number;
  options?: CheckGradsOptions;
}

const keys = split(randomKey(2026), 16);
const N = (i: number, shape: number[]) => normal(keys[i]!, shape);
const U = (i: number, shape: number[], lo: number, hi: number) => uniform(keys[i]!, shape, { minval: lo, maxval: hi });
const TRANSCENDENTAL = 3;

const cases: Record<string, () => Case> = {
  neg: () => ({ args: [N(0, [2, 3])], params: null, order: 2 }),
  exp: () => ({ args: [N(0, [2, 3])], params: null, order: TRANSCENDENTAL }),
  log: () => ({ args: [U(1, [2, 3], 0.5, 2)], params: null, order: TRANSCENDENTAL }),
  log1p: () => ({ args: [U(1, [2, 3], -0.5, 2)], params: null, order: TRANSCENDENTAL }),
  sin: () => ({ args: [N(0, [2, 3])], params: null, order: TRANSCENDENTAL }),
  cos: () => ({ args: [N(0, [2, 3])], params: null, order: TRANSCENDENTAL }),
  tanh: () => ({ args: [N(0, [2, 3])], params: null, order: TRANSCENDENTAL }),
  sqrt: () => ({ args: [U(1, [2, 3], 0.5, 2)], params: null, order: TRANSCENDENTAL }),
  sign: () => ({ args: [N(0, [2, 3])], params: null, order: 2 }),
  add: () => ({ args: [N(0, [2, 3]), N(1, [2, 3])], params: null, order: 2 }),
  sub: () => ({ args: [N(0, [2, 3]), N(1, [2, 3])], params: null, order: 2 }),
  mul: () => ({ args: [N(0, [2, 3]), N(1, [2, 3])], params: null, order: 2 }),
  div: () => ({ args: [N(0, [2, 3]), U(2, [2, 3], 0.5, 2)], params: null, order: TRANSCENDENTAL }),
  pow: () => ({ args: [U(1, [2, 3], 0.5, 2), N(3, [2, 3])], params: null, order: TRANSCENDENTAL }),
  greater: () => ({ args: [N(0, [2, 3]), N(1, [2, 3])], params: null, order: 2 }),
  greaterEqual: () => ({ args: [N(0, [2, 3]), N(1, [2, 3])], params: null, order: 2 }),
  equal: () => ({ args: [N(0, [2, 3]), N(1, [2, 3])], params: null, order: 2 }),
  where: () => ({ args: [tensor([[1, 0, 1], [0, 0, 1]]), N(0, [2, 3]), N(1, [2, 3])], params: null, order: 2 }),
  // Linear; the float32 round trip makes finite differences need a large step.
  cast: () => ({ args: [N(0, [2, 3])], params: { dtype: 'float32' }, order: 2, options: { eps: 0.5, rtol: 1e-5 } }),
  reshape: () => ({ args: [N(0, [2, 3])], params: { shape: [3, 2] }, order: 2 }),
  transpose: () => ({ args: [N(0, [2, 3, 4])], params: { perm: [2, 0, 1] }, order: 2 }),
  broadcastTo: () => ({ args: [N(0, [2, 1, 3])], params: { shape: [2, 4, 3] }, order: 2 }),
  slice: () => ({ args: [N(0, [4, 5])], params: { begin: [1, 2], end: [3, 5] }, order: 2 }),
  pad: () => ({ args: [N(0, [2, 3])], params: { lo: [1, 0], hi: [0, 2] }, order: 2 }),
  concat: () => ({ args: [N(0, [2, 3]), N(1, [2, 1]), N(2, [2, 2])], params: { axis: 1 }, order: 2 }),
  reduceSum: () => ({ args: [N(0, [2, 3, 4])], params: { axes: [0, 2] }, order: 2 }),
  reduceMax: () => ({ args: [N(0, [3, 4])], params: { axes: [1] }, order: 2 }),
  matmul: () => ({ args: [N(0, [2, 2, 3]), N(1, [2, 3, 4])], params: null, order: 2 }),
  gather: () => ({ args: [N(0, [4, 3])], params: { idx: Int32Array.of(3, 0, 0, 2, 3), axis: 0 }, order: 2 }),
  scatterAdd: () => ({ args: [N(0, [2, 5])], params: { idx: Int32Array.of(1, 0, 1, 3, 1), axis: 1, n: 4 }, order: 2 }),
};

const measured: [string, string, number, number, number][] = [];

for (const B of BACKENDS) describe(`registry gradcheck [${B.name} backend]`, () => {
  beforeAll(() => setBackend(B));
  afterAll(() => setBackend(initial));
  const prims = [...registeredPrimitives().values()];

  it('covers every registered primitive', () => {
    const missing = prims.map((p) => p.name).filter((n) => !(n in cases) && n !== 'stopGradient');
    expect(missing).toEqual([]);
  });

  for (const prim of prims) {
    if (prim.name === 'stopGradient') continue;
    it(`${prim.name}: fwd+rev to order ${cases[prim.name]?.().order ?? '?'}`, () => {
      const c = cases[prim.name]!();
      // Differentiate w.r.t. the float operands; `where`'s condition is held constant.
      const fixed = prim.name === 'where' ? [c.args[0]!] : [];
      const diffArgs = c.args.slice(fixed.length);
      const f = (...xs: Tensor[]) => bind(prim as Primitive<unknown>, [...fixed, ...xs], c.params);
      const report = checkGrads(f, diffArgs, { order: c.order, ...c.options });
      measured.push([B.name, prim.name, c.order, report.checks, report.maxRelErr]);
      expect(report.maxRelErr).toBeLessThan(c.options?.rtol ?? 1e-6);
      if (prim.zeroDerivative) {
        const [, t] = jvp(f, diffArgs, diffArgs);
        expect(Array.from(t.data()).every((v) => v === 0)).toBe(true);
      }
    });
  }

  it('stopGradient: value is identity, every derivative is zero', () => {
    const stop = registeredPrimitives().get('stopGradient')!;
    const x = N(0, [3]);
    const f = (z: Tensor) => sum(mul(bind(stop, [z], null), z));
    expect(bind(stop, [x], null).toArray()).toEqual(x.toArray());
    // d/dz [stop(z) * z] = stop(z) = z
    expect(grad(f)(x).toArray()).toEqual(x.toArray());
  });
});

afterAll(() => {
  const worst = Math.max(...measured.map((m) => m[4]));
  console.log(`registry gradcheck: ${measured.length} (backend, primitive) pairs, worst max relative error ${worst.toExponential(2)}`);
  for (const [b, name, order, checks, err] of measured) console.log(`  ${b.padEnd(6)} ${name.padEnd(13)} order ${order}  ${String(checks).padStart(3)} checks  maxRelErr ${err.toExponential(2)}`);
});
