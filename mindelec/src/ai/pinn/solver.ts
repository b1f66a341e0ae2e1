/**
 * The Solver side: trains a pointwise network on a problem's constraints (physics-informed, data-driven
 * or both, since labelled data is just another constraint), evaluates against a reference and predicts.
 * Loss per constraint L_i = mean(residual^2). Combined either by fixed weights or by the uncertainty
 * weighting MindElec uses (Kendall, Gal & Cipolla 2018, as in MindElec's MTLWeightedLossCell):
 *     L = sum_i 0.5 / s_i^2 * L_i + log(1 + s_i^2),  s_i trainable, initialised to 1.
 * {init, step} over a plain state record; `train` loops, logs, and stops with an Error naming the step
 * if the loss becomes non-finite.
 */
import { add, log1p, mean, mul, reciprocal, square, tensor, ones, valueAndGrad, type RandomKey, type Tensor } from '@mindscience/core';
import { adam, type AdamOptions, type AdamState } from '../adam.ts';
import type { Constraint, FieldFn, PinnProblem, SampleCounts } from './problem.ts';

export interface PointwiseNet<P> {
  init(key: RandomKey): P;
  apply: FieldFn<P>;
}

export type LossWeighting = { kind: 'uncertainty' } | { kind: 'fixed'; weights?: readonly number[] };

export interface PinnSolverOptions<P> {
  net: PointwiseNet<P>;
  problem: PinnProblem;
  counts: SampleCounts;
  weighting?: LossWeighting;
  optimizer?: AdamOptions;
  /** Redraw the constraint points every this many steps (0 = never). */
  resampleEvery?: number;
  seed?: number;
}

export interface TrainParams<P> {
  net: P;
  /** Uncertainty weights s_i (one per constraint); absent for fixed weighting. */
  s?: Tensor;
}

export interface PinnState<P> {
  readonly step: number;
  readonly params: TrainParams<P>;
  readonly opt: AdamState;
  readonly constraints: Constraint[];
  /** Loss of each constraint and the combined loss at the last step. */
  readonly losses: number[];
  readonly total: number;
}

export interface TrainLog {
  step: number;
  total: number;
  losses: Record<string, number>;
}

export interface PinnSolver<P> {
  init(key: RandomKey): PinnState<P>;
  step(state: PinnState<P>): PinnState<P>;
  train(state: PinnState<P>, steps: number, onLog?: (log: TrainLog) => void, logEvery?: number): PinnState<P>;
  /** Per-constraint mean squared residuals for given params (no training). */
  residualLosses(params: P, constraints: Constraint[]): number[];
  /** [n, d] points -> [n, outputs] values. */
  predict(params: P, points: Float64Array): Float64Array;
}

/**
 * Builds the PINN trainer for a problem: per-constraint loss L_i = mean(residual^2) over the constraint's
 * points, combined by uncertainty weighting (default; L = sum 0.5/s_i^2 L_i + log(1 + s_i^2), s_i
 * trainable and initialised to 1) or fixed weights (missing weights = 1), minimised with {@link adam}.
 * @param options `net` pointwise network {init(key), apply(params, X [N, d]) -> [N, outputs]};
 *   `problem`; `counts` sample counts per constraint kind; `weighting`; `optimizer` Adam options
 *   (default lr 1e-3); `resampleEvery` redraws constraint points every that many steps (default 0 =
 *   never); `seed` for point sampling (default 0). Units are the problem's (the solver only sees residuals).
 * @returns `{init, step, train, residualLosses, predict}` over a plain {@link PinnState} record:
 *   `train(state, steps, onLog, logEvery = 100)` logs per-constraint losses; `predict(params, points)`
 *   takes a flat row-major Float64Array [n*d] (d = problem.inputs.length) and returns [n*outputs] row-major.
 * @throws Error from `init` if fixed weights do not match the number of constraints; from `step`/`train`
 *   if the combined loss becomes non-finite (naming the problem and step), or from Adam on a non-finite
 *   gradient.
 */
export function pinnSolver<P>(options: PinnSolverOptions<P>): PinnSolver<P> {
  const { net, problem, counts } = options;
  const weighting = options.weighting ?? { kind: 'uncertainty' };
  const opt = adam(options.optimizer);
  const seed = options.seed ?? 0;

  const perConstraint = (p: P, cs: Constraint[]): Tensor[] => cs.map((c) => mean(square(c.residual(net.apply, p, c.points))));

  const combine = (losses: Tensor[], s: Tensor | undefined): Tensor => {
    let total: Tensor | null = null;
    losses.forEach((L, i) => {
      let term: Tensor;
      if (s) {
        const si2 = square(s.slice([i], [1]).reshape([]));
        term = add(mul(mul(reciprocal(si2), 0.5), L), log1p(si2));
      } else {
        const w = weighting.kind === 'fixed' ? (weighting.weights?.[i] ?? 1) : 1;
        term = mul(L, w);
      }
      total = total === null ? term : add(total, term);
    });
    return total!;
  };

  let lastLosses: number[] = [];
  const lossFn = (cs: Constraint[]) => (tp: TrainParams<P>): Tensor => {
    const ls = perConstraint(tp.net, cs);
    lastLosses = ls.map((l) => l.item());
    return combine(ls, tp.s);
  };

  const draw = (step: number) => problem.constraints(counts, seed * 7919 + step);

  return {
    init(key) {
      const constraints = draw(0);
      const params: TrainParams<P> = { net: net.init(key) };
      if (weighting.kind === 'uncertainty') params.s = ones([constraints.length]);
      if (weighting.kind === 'fixed' && weighting.weights && weighting.weights.length !== constraints.length) {
        throw new Error(`pinnSolver: ${weighting.weights.length} fixed weights for ${constraints.length} constraints (${constraints.map((c) => c.name).join(', ')})`);
      }
      return { step: 0, params, opt: opt.init(params), constraints, losses: [], total: NaN };
    },
    step(state) {
      const every = options.resampleEvery ?? 0;
      const constraints = every > 0 && state.step > 0 && state.step % every === 0 ? draw(state.step) : state.constraints;
      const [value, g] = valueAndGrad(lossFn(constraints))(state.params);
      const total = value.item();
      if (!Number.isFinite(total)) throw new Error(`pinnSolver '${problem.name}': loss is ${total} at step ${state.step}`);
      const next = opt.step(state.params, g as TrainParams<P>, state.opt);
      return { step: state.step + 1, params: next.params, opt: next.state, constraints, losses: lastLosses, total };
    },
    train(state, steps, onLog, logEvery = 100) {
      let s = state;
      for (let i = 0; i < steps; i++) {
        s = this.step(s);
        if (onLog && (s.step % logEvery === 0 || i === steps - 1)) {
          onLog({ step: s.step, total: s.total, losses: Object.fromEntries(s.constraints.map((c, k) => [c.name, s.losses[k]!])) });
        }
      }
      return s;
    },
    residualLosses(params, constraints) {
      return perConstraint(params, constraints).map((l) => l.item());
    },
    predict(params, points) {
      const d = problem.inputs.length;
      const X = tensor(points, { shape: [points.length / d, d] });
      return Float64Array.from(net.apply(params, X).data());
    },
  };
}

/** Relative L2 error ||pred - ref|| / ||ref|| of each output column; pred and ref are [n, k]. */
export function relativeL2(pred: Float64Array, ref: Float64Array, k: number): number[] {
  if (pred.length !== ref.length) throw new Error(`relativeL2: prediction has ${pred.length} values, reference ${ref.length}`);
  const num = new Float64Array(k), den = new Float64Array(k);
  for (let q = 0; q < pred.length; q++) {
    const c = q % k;
    num[c] += (pred[q]! - ref[q]!) ** 2;
    den[c] += ref[q]! ** 2;
  }
  return Array.from(num, (n, c) => Math.sqrt(n / den[c]!));
}
