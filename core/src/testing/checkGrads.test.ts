/** checkGrads must catch wrong rules — including rules that are right at first order only. */
import { describe, expect, it } from 'vitest';
import { bind, definePrimitive } from '../primitive.ts';
import { backend } from '../backends/index.ts';
import { cos, mul, sin, stopGradient } from '../ops/elementwise.ts';
import { kernelOut } from '../ops/util.ts';
import { tensor } from '../creation.ts';
import { allClose, checkGrads, GradCheckError } from './checkGrads.ts';
import type { Tensor } from '../tensor.ts';

const sinImpl = ([x]: readonly Tensor[]) => kernelOut(x!.dtype, x!.shape, (out) => backend().unary('sin', x!._view(), x!.shape, out));

// First-order wrong: derivative off by 1%.
const badSin = definePrimitive<null>({ name: 'test_badSin', impl: sinImpl,
  jvp: ([x], [t]) => mul(t!, mul(1.01, cos(x!))),
  vjp: (ct, [x]) => [mul(ct, mul(1.01, cos(x!)))] });
// Second-order wrong: the rule hides cos(x) from further differentiation (the tfjs#3252 failure mode).
const frozenSin = definePrimitive<null>({ name: 'test_frozenSin', impl: sinImpl,
  jvp: ([x], [t]) => mul(t!, stopGradient(cos(x!))),
  vjp: (ct, [x]) => [mul(ct, stopGradient(cos(x!)))] });

const x = tensor([0.3, -1.2, 2.0]);

describe('checkGrads', () => {
  it('passes a correct primitive and reports a tiny error', () => {
    const r = checkGrads((z) => sin(z), [x], { order: 3 });
    expect(r.checks).toBe(14);
    expect(r.maxRelErr).toBeLessThan(1e-8);
  });
  it('rejects a wrong first derivative in both modes', () => {
    expect(() => checkGrads((z) => bind(badSin, [z], null), [x], { order: 1, modes: ['fwd'] })).toThrow(GradCheckError);
    expect(() => checkGrads((z) => bind(badSin, [z], null), [x], { order: 1, modes: ['rev'] })).toThrow(GradCheckError);
  });
  it('accepts a first-order-correct rule at order 1 but rejects it at order 2', () => {
    expect(checkGrads((z) => bind(frozenSin, [z], null), [x], { order: 1 }).maxRelErr).toBeLessThan(1e-8);
    expect(() => checkGrads((z) => bind(frozenSin, [z], null), [x], { order: 2 })).toThrow(/fwd∘fwd|fwd∘rev|rev∘/);
  });
  it('allClose broadcasts and rejects NaN', () => {
    expect(allClose(tensor([1, 1 + 1e-12]), 1)).toBe(true);
    expect(allClose(tensor([1, 1.1]), 1)).toBe(false);
    expect(allClose(tensor([NaN]), tensor([NaN]))).toBe(false);
  });
});
