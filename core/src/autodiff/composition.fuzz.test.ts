/**
 * Property test: random compositions of ops (elementwise, matmul, gather, reductions, movement)
 * pass checkGrads forward and reverse to second order. Catches rule interactions that per-primitive
 * checks cannot (broadcast adjoints inside reductions, views of tracers, symbolic zeros, ...).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  add, concat, cos, div, exp, gather, logsumexp, matmul, mul, pow, sigmoid, sin, slice, softplus, sqrt, square, sub,
  sum, tanh, transpose, reshape, max, tensor, type Tensor,
} from '../index.ts';
import { checkGrads } from '../testing/checkGrads.ts';

type Expr = { op: string; args: Expr[] } | { leaf: 0 | 1 };

const M = tensor([[0.5, -0.2, 0.1, 0.3], [0.0, 0.7, -0.4, 0.2], [0.3, 0.1, 0.6, -0.5], [-0.2, 0.4, 0.0, 0.8]]);
const unary: Record<string, (a: Tensor) => Tensor> = {
  sin, cos, tanh, sigmoid, softplus,
  expTanh: (a) => exp(tanh(a)),
  logish: (a) => sqrt(add(1, square(a))),
  recip: (a) => div(1, add(1.5, tanh(a))),
  mix: (a) => matmul(M, a),
  permute: (a) => gather(a, [3, 0, 0, 2]),
  centre: (a) => sub(a, logsumexp(a, 0, true)),
  roll: (a) => concat([slice(a, [1], [3]), slice(a, [0], [1])]),
  outerSum: (a) => sum(mul(reshape(a, [4, 1]), transpose(reshape(a, [4, 1]))), 1),
  softMax: (a) => add(a, max(mul(a, tensor([1, 2, 3, 4])), 0, true)),
};
const binary: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  add, sub, mul,
  div: (a, b) => div(a, add(2, tanh(b))),
  pow: (a, b) => pow(add(1.2, sigmoid(a)), tanh(b)),
  dot: (a, b) => mul(a, sum(mul(a, b), 0, true)),
};

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expr' },
    fc.record({ leaf: fc.constantFrom<0 | 1>(0, 1) }),
    fc.record({ op: fc.constantFrom(...Object.keys(unary)), args: fc.tuple(tie('e')) }),
    fc.record({ op: fc.constantFrom(...Object.keys(binary)), args: fc.tuple(tie('e'), tie('e')) }),
  ),
})).e;

function evaluate(e: Expr, x: Tensor, y: Tensor): Tensor {
  if ('leaf' in e) return e.leaf === 0 ? x : y;
  const vals = e.args.map((a) => evaluate(a, x, y));
  return vals.length === 1 ? unary[e.op]!(vals[0]!) : binary[e.op]!(vals[0]!, vals[1]!);
}
const show = (e: Expr): string => ('leaf' in e ? (e.leaf ? 'y' : 'x') : `${e.op}(${e.args.map(show).join(', ')})`);

describe('random compositions pass checkGrads (fwd+rev, order 2)', () => {
  it('holds for 40 random expression trees', () => {
    const x = tensor([0.3, -0.7, 1.1, 0.2]), y = tensor([-0.4, 0.9, 0.05, -1.3]);
    let worst = 0;
    fc.assert(fc.property(exprArb, (e) => {
      const f = (a: Tensor, b: Tensor) => evaluate(e, a, b);
      try {
        worst = Math.max(worst, checkGrads(f, [x, y], { order: 2, rtol: 1e-5 }).maxRelErr);
      } catch (err) {
        throw new Error(`${show(e)}: ${(err as Error).message}`);
      }
    }), { numRuns: 40, seed: 2026 });
    console.log(`composition fuzz: worst max relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-5);
  });
});
