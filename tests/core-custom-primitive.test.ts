/**
 * Extending the core from outside, with the public API only: a linear-solve primitive declared with
 * its kernel and its adjoint rules (the ceviche pattern for implicit solvers). Its rules call the
 * primitive itself, so every order of derivative follows; checkGrads verifies fwd and rev to order 2.
 */
import { describe, expect, it } from 'vitest';
import {
  bind, checkGrads, definePrimitive, matmul, neg, normal, randomKey, split, sub, tensor, transpose, eye, add, mul,
  type Primitive, type Tensor,
} from '@mindscience/core';

/** Dense solve A X = B by Gaussian elimination with partial pivoting (A [n,n], B [n,m]). */
function solveKernel(A: Tensor, B: Tensor): Tensor {
  const [n, m] = [A.shape[0]!, B.shape[1]!];
  const a = Float64Array.from(A.data()), x = Float64Array.from(B.data());
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[piv * n + c]!)) piv = r;
    if (a[piv * n + c] === 0) throw new Error(`solve: matrix is singular (zero pivot in column ${c})`);
    if (piv !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[piv * n + k]] = [a[piv * n + k]!, a[c * n + k]!];
      for (let k = 0; k < m; k++) [x[c * m + k], x[piv * m + k]] = [x[piv * m + k]!, x[c * m + k]!];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / a[c * n + c]!;
      for (let k = c; k < n; k++) a[r * n + k]! -= f * a[c * n + k]!;
      for (let k = 0; k < m; k++) x[r * m + k]! -= f * x[c * m + k]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    for (let k = 0; k < m; k++) {
      let s = x[r * m + k]!;
      for (let q = r + 1; q < n; q++) s -= a[r * n + q]! * x[q * m + k]!;
      x[r * m + k] = s / a[r * n + r]!;
    }
  }
  return tensor(x, { shape: [n, m] });
}

// d(A⁻¹B) = A⁻¹(dB − dA X);  adjoint: λ = A⁻ᵀ ct, ct_A = −λ Xᵀ, ct_B = λ.
const solveP: Primitive<null> = definePrimitive<null>({
  name: 'test_denseSolve',
  impl: ([A, B]) => solveKernel(A!, B!),
  jvp: ([A], [tA, tB], _p, X) => {
    const rhs = tA ? (tB ? sub(tB, matmul(tA, X)) : neg(matmul(tA, X))) : tB!;
    return solve(A!, rhs);
  },
  vjp: (ct, [A], _p, X, [wA, wB]) => {
    const lambda = solve(transpose(A!), ct);
    return [wA ? neg(matmul(lambda, transpose(X))) : null, wB ? lambda : null];
  },
});
const solve = (A: Tensor, B: Tensor): Tensor => bind(solveP, [A, B], null);

describe('a user-defined implicit primitive (dense linear solve)', () => {
  const [ka, kb] = split(randomKey(21), 2);
  const A = add(mul(eye(4), 3), normal(ka!, [4, 4], { std: 0.5 })); // well conditioned
  const B = normal(kb!, [4, 2]);
  it('solves: A · solve(A, B) = B', () => {
    const r = sub(matmul(A, solve(A, B)), B).data();
    expect(Math.max(...Array.from(r, Math.abs))).toBeLessThan(1e-13);
  });
  it('derivatives w.r.t. A and B match finite differences, fwd and rev, to order 2', () => {
    const rep = checkGrads(solve, [A, B], { order: 2 });
    expect(rep.maxRelErr).toBeLessThan(1e-6);
  });
  it('a singular matrix is reported', () => {
    expect(() => solve(tensor([[1, 2], [2, 4]]), tensor([[1], [1]]))).toThrow(/singular \(zero pivot in column 1\)/);
  });
});
