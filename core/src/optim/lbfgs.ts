/**
 * L-BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed.: Alg. 7.4 two-loop recursion, Alg. 3.5/3.6
 * strong-Wolfe line search with bisection zoom). Deterministic full-batch minimiser for smooth losses
 * (PINNs). Parameters are flattened into one float64 vector internally; the pytree structure and each
 * leaf's dtype are restored on output.
 *   lbfgs(valueAndGradFn, options) -> { init(params), update(state), run(params, maxIter) }
 * valueAndGradFn: params -> [loss (scalar Tensor or number), grads (same pytree)] — e.g. core's
 * valueAndGrad(loss). Each update is one iteration (one line search, usually 1-3 evaluations).
 */
import { flat, rebuild, fromArray, type FlatTree } from './types.ts';
import { Tensor } from '../nn/deps.ts';

export type ValueAndGradFn<P> = (params: P) => readonly [Tensor | number, P];

export interface LbfgsOptions {
  /** Pairs (s, y) kept (default 10). */
  historySize?: number;
  /** Stop when max |g| <= gtol (default 1e-9). */
  gtol?: number;
  /** Stop when the relative decrease of f is <= ftol (default 1e-15, i.e. practically off). */
  ftol?: number;
  /** Wolfe constants (default 1e-4, 0.9). */
  c1?: number;
  c2?: number;
  maxLineSearch?: number;
}

export interface LbfgsState<P> {
  params: P;
  value: number;
  /** max |gradient| at params. */
  gradMax: number;
  iteration: number;
  evaluations: number;
  converged: boolean;
  /** Why the last update stopped or did nothing ('' while running). */
  reason: string;
  /** @internal */
  x: Float64Array;
  /** @internal */
  g: Float64Array;
  /** @internal */
  s: Float64Array[];
  /** @internal */
  y: Float64Array[];
}

const dot = (a: Float64Array, b: Float64Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };
const maxAbs = (a: Float64Array) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!)); return m; };

/**
 * L-BFGS with a strong-Wolfe line search (Nocedal & Wright, Alg. 7.4 and 3.5/3.6): a deterministic full-batch
 * minimiser for smooth losses (PINNs). Returns { init(params), update(state), run(params, maxIter, onIteration?) };
 * each update is one iteration. Parameters are flattened to one float64 vector internally and restored to the
 * pytree's structure and leaf dtypes on output.
 * @param valueAndGradFn params -> [loss (scalar Tensor or number), grads (same pytree)], e.g. `valueAndGrad(loss)`.
 * @param options historySize (default 10), gtol on max|g| (1e-9), ftol on relative decrease (1e-15), Wolfe c1 (1e-4)
 *   and c2 (0.9), maxLineSearch evaluations (25).
 * State `reason` says why it stopped: 'gtol', 'ftol', 'maxIter', or a failed line search.
 * @throws RangeError when historySize < 1 or the initial loss is not finite.
 */
export function lbfgs<P>(valueAndGradFn: ValueAndGradFn<P>, options: LbfgsOptions = {}) {
  const { historySize = 10, gtol = 1e-9, ftol = 1e-15, c1 = 1e-4, c2 = 0.9, maxLineSearch = 25 } = options;
  if (!(historySize >= 1)) throw new RangeError(`lbfgs: historySize ${historySize}; expected >= 1`);
  let layout: FlatTree | null = null;

  const toVector = (tree: unknown, what: string): Float64Array => {
    const f = flat('lbfgs', what, tree);
    if (layout && f.leaves.length !== layout.leaves.length) throw new TypeError(`lbfgs: ${what} has ${f.leaves.length} tensors, params have ${layout.leaves.length}`);
    const n = f.leaves.reduce((a, l) => a + l.size, 0);
    const out = new Float64Array(n);
    let o = 0;
    for (const l of f.leaves) { out.set(l.data(), o); o += l.size; }
    return out;
  };
  const toParams = (x: Float64Array): P => {
    let o = 0;
    const leaves = layout!.leaves.map((l) => { const part = x.subarray(o, o + l.size); o += l.size; return fromArray(l.dtype === 'float32' ? Float32Array.from(part) : part, l); });
    return rebuild<P>(layout!, leaves);
  };
  const evaluate = (x: Float64Array): [number, Float64Array] => {
    const [v, g] = valueAndGradFn(toParams(x));
    const value = v instanceof Tensor ? v.item() : v;
    return [value, toVector(g, 'gradient')];
  };

  function init(params: P): LbfgsState<P> {
    layout = flat('lbfgs.init', 'params', params);
    const x = toVector(params, 'params');
    const [f, g] = evaluate(x);
    if (!Number.isFinite(f)) throw new RangeError(`lbfgs.init: loss is ${f} at the initial parameters`);
    const gm = maxAbs(g);
    return { params, value: f, gradMax: gm, iteration: 0, evaluations: 1, converged: gm <= gtol, reason: gm <= gtol ? 'gtol' : '', x, g, s: [], y: [] };
  }

  /** Search direction -H g by the two-loop recursion. */
  function direction(st: LbfgsState<P>): Float64Array {
    const q = Float64Array.from(st.g);
    const k = st.s.length;
    const alpha = new Float64Array(k), rho = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      rho[i] = 1 / dot(st.y[i]!, st.s[i]!);
      alpha[i] = rho[i]! * dot(st.s[i]!, q);
      const yi = st.y[i]!;
      for (let j = 0; j < q.length; j++) q[j] = q[j]! - alpha[i]! * yi[j]!;
    }
    const gamma = k > 0 ? dot(st.s[k - 1]!, st.y[k - 1]!) / dot(st.y[k - 1]!, st.y[k - 1]!) : 1;
    for (let j = 0; j < q.length; j++) q[j] = q[j]! * gamma;
    for (let i = 0; i < k; i++) {
      const b = rho[i]! * dot(st.y[i]!, q);
      const si = st.s[i]!;
      for (let j = 0; j < q.length; j++) q[j] = q[j]! + (alpha[i]! - b) * si[j]!;
    }
    for (let j = 0; j < q.length; j++) q[j] = -q[j]!;
    return q;
  }

  function update(st: LbfgsState<P>): LbfgsState<P> {
    if (st.converged) return st;
    let d = direction(st);
    let dg0 = dot(d, st.g);
    let s = st.s, y = st.y;
    if (!(dg0 < 0)) { s = []; y = []; d = st.g.map((v) => -v); dg0 = dot(d, st.g); } // not a descent direction: restart
    const f0 = st.value;
    let evals = 0;
    const phi = (a: number): [number, number, Float64Array, Float64Array] => {
      const x = new Float64Array(st.x.length);
      for (let j = 0; j < x.length; j++) x[j] = st.x[j]! + a * d[j]!;
      const [f, g] = evaluate(x);
      evals++;
      return [f, dot(g, d), x, g];
    };
    // Strong-Wolfe search (N&W Alg. 3.5), zoom by bisection (Alg. 3.6).
    let aPrev = 0, fPrev = f0, dPrev = dg0;
    let a = s.length === 0 ? Math.min(1, 1 / Math.max(1e-300, maxAbs(st.g))) : 1;
    let found: [number, number, Float64Array, Float64Array] | null = null;
    const zoom = (lo: number, flo: number, hi: number): [number, number, Float64Array, Float64Array] | null => {
      let best: [number, number, Float64Array, Float64Array] | null = null;
      for (let it = 0; it < maxLineSearch; it++) {
        const m = 0.5 * (lo + hi);
        const r = phi(m);
        if (!Number.isFinite(r[0]) || r[0] > f0 + c1 * m * dg0 || r[0] >= flo) hi = m;
        else {
          best = r;
          if (Math.abs(r[1]) <= -c2 * dg0) return r;
          if (r[1] * (hi - lo) >= 0) hi = lo;
          lo = m;
          flo = r[0];
        }
      }
      return best; // sufficient decrease without curvature: still a valid (Armijo) step
    };
    for (let it = 0; it < maxLineSearch && !found; it++) {
      const r = phi(a);
      if (!Number.isFinite(r[0]) || r[0] > f0 + c1 * a * dg0 || (it > 0 && r[0] >= fPrev)) { found = zoom(aPrev, fPrev, a); break; }
      if (Math.abs(r[1]) <= -c2 * dg0) { found = r; break; }
      if (r[1] >= 0) { found = zoom(a, r[0], aPrev); break; }
      aPrev = a; fPrev = r[0]; dPrev = r[1];
      a *= 2;
    }
    void dPrev;
    if (!found) return { ...st, evaluations: st.evaluations + evals, converged: true, reason: 'line search failed to decrease the loss' };
    const [f, , x, g] = found;
    const sk = new Float64Array(x.length), yk = new Float64Array(x.length);
    for (let j = 0; j < x.length; j++) { sk[j] = x[j]! - st.x[j]!; yk[j] = g[j]! - st.g[j]!; }
    const S = [...s], Y = [...y];
    if (dot(sk, yk) > 1e-12 * dot(yk, yk)) { S.push(sk); Y.push(yk); } // keep H positive definite
    if (S.length > historySize) { S.shift(); Y.shift(); }
    const gm = maxAbs(g);
    const fconv = Math.abs(f0 - f) <= ftol * Math.max(Math.abs(f0), Math.abs(f), 1);
    const converged = gm <= gtol || fconv;
    return {
      params: toParams(x), value: f, gradMax: gm, iteration: st.iteration + 1, evaluations: st.evaluations + evals,
      converged, reason: gm <= gtol ? 'gtol' : fconv ? 'ftol' : '', x, g, s: S, y: Y,
    };
  }

  /** Iterate until converged or maxIter iterations. */
  function run(params: P, maxIter: number, onIteration?: (st: LbfgsState<P>) => void): LbfgsState<P> {
    let st = init(params);
    while (!st.converged && st.iteration < maxIter) {
      st = update(st);
      onIteration?.(st);
    }
    return st.converged || st.reason ? st : { ...st, reason: 'maxIter' };
  }

  return { init, update, run };
}
