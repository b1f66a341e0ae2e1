/**
 * checkGrads (after JAX's public_test_util.check_grads): compares forward-mode (jvp) and
 * reverse-mode (vjp) derivatives of f against central differences along random directions, in
 * float64, then recurses on the derivative functions themselves up to `order` — so order 2 checks
 * fwd∘fwd, rev∘fwd, fwd∘rev and rev∘rev. Throws a GradCheckError naming the mode path and the
 * error; returns the worst relative error seen, for reporting.
 *
 * Error measure: ‖a − n‖∞ / max(‖n‖∞, ‖a‖∞, atol) where a is autodiff and n the finite difference.
 */
import { jvp, vjp } from '../autodiff/api.ts';
import { Tensor } from '../tensor.ts';
import { normal, randomKey, split, type RandomKey } from '../random.ts';
import { add, mul, sub } from '../ops/elementwise.ts';
import { broadcastTo, concat, reshape } from '../ops/movement.ts';
import { full } from '../creation.ts';
import { broadcastShapes } from '../shape.ts';
import { sum } from '../ops/reduce.ts';

export type GradMode = 'fwd' | 'rev';

export interface CheckGradsOptions {
  /** Highest derivative order to check (default 2). */
  order?: number;
  modes?: readonly GradMode[];
  /** Finite-difference step (default 1e-5 in float64). */
  eps?: number;
  /** Allowed relative error (default 1e-6). */
  rtol?: number;
  /** Floor of the error denominator, so exact zeros compare absolutely (default 1e-8). */
  atol?: number;
  seed?: number;
}

export interface GradCheckReport {
  /** Worst relative error over all checks. */
  maxRelErr: number;
  /** Number of comparisons made. */
  checks: number;
}

/** Thrown by `checkGrads` when an autodiff derivative disagrees with central finite differences beyond tolerance. */
export class GradCheckError extends Error {
  override name = 'GradCheckError';
}

type Fn = (...args: Tensor[]) => Tensor;

function infNorm(t: Tensor): number {
  const d = t.data();
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]!);
    if (v > m || v !== v) m = v !== v ? NaN : v;
  }
  return m;
}

function relErr(a: Tensor, n: Tensor, atol: number): number {
  const diff = infNorm(sub(a, n));
  const denom = Math.max(infNorm(n), infNorm(a), atol);
  return diff !== diff ? Infinity : diff / denom;
}

function numericalJvp(f: Fn, args: Tensor[], dirs: Tensor[], eps: number): Tensor {
  const plus = f(...args.map((x, i) => add(x, mul(eps, dirs[i]!))));
  const minus = f(...args.map((x, i) => sub(x, mul(eps, dirs[i]!))));
  return mul(sub(plus, minus), 1 / (2 * eps));
}

function randomLike(key: RandomKey, ts: readonly Tensor[]): Tensor[] {
  const keys = split(key, ts.length);
  return ts.map((t, i) => normal(keys[i]!, t.shape));
}

/** Check derivatives of f at args; throws on disagreement, returns the worst error. */
export function checkGrads(f: Fn, args: readonly Tensor[], options: CheckGradsOptions = {}): GradCheckReport {
  const { order = 2, modes = ['fwd', 'rev'], eps = 1e-5, rtol = 1e-6, atol = 1e-8, seed = 0 } = options;
  const report: GradCheckReport = { maxRelErr: 0, checks: 0 };
  const x0 = args.map((a) => (a.dtype === 'float64' ? a : a.cast('float64')));

  const record = (path: string, err: number) => {
    report.checks++;
    report.maxRelErr = Math.max(report.maxRelErr, err);
    if (!(err <= rtol)) throw new GradCheckError(`checkGrads: ${path} disagrees with central differences: relative error ${err.toExponential(3)} > rtol ${rtol}`);
  };

  const rec = (g: Fn, path: string, k: number, key: RandomKey) => {
    const [kf, kr, kn] = split(key, 3);
    if (modes.includes('fwd')) {
      const dirs = randomLike(kf!, x0);
      const [, t] = jvp(g, x0, dirs);
      record(`${path}fwd`, relErr(t, numericalJvp(g, x0, dirs, eps), atol));
      if (k < order) rec((...xs: Tensor[]) => jvp(g, xs, dirs)[1], `${path}fwd∘`, k + 1, kn!);
    }
    if (modes.includes('rev')) {
      const [y, pullback] = vjp(g, ...x0);
      const [ku, kv] = split(kr!, 2);
      const u = normal(ku!, y.shape);
      const dirs = randomLike(kv!, x0);
      const cts = pullback(u);
      let lhs = 0;
      cts.forEach((c, i) => (lhs += sum(mul(c, dirs[i]!)).item()));
      const rhs = sum(mul(u, numericalJvp(g, x0, dirs, eps))).item();
      const scale = Math.max(Math.abs(rhs), Math.abs(lhs), atol);
      record(`${path}rev`, Math.abs(lhs - rhs) / scale);
      if (k < order) {
        rec((...xs: Tensor[]) => {
          const parts = vjp(g, ...xs)[1](u);
          return concat(parts.map((p) => reshape(p, [-1])), 0);
        }, `${path}rev∘`, k + 1, split(kn!, 2)[1]!);
      }
    }
  };
  rec(f, '', 1, randomKey(seed));
  return report;
}

/** Elementwise closeness with broadcasting: |a - b| <= atol + rtol |b| everywhere (NaN never passes). */
export function allClose(a: Tensor, b: Tensor | number, rtol = 1e-7, atol = 1e-10): boolean {
  const B = typeof b === 'number' ? full([], b) : b;
  const shape = broadcastShapes('allClose', a.shape, B.shape);
  const ad = broadcastTo(a, shape).data();
  const bd = broadcastTo(B, shape).data();
  for (let i = 0; i < ad.length; i++) {
    if (!(Math.abs(ad[i]! - bd[i]!) <= atol + rtol * Math.abs(bd[i]!))) return false;
  }
  return true;
}
