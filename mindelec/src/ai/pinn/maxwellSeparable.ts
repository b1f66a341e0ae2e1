/**
 * The 2-D TE Maxwell PINN ({@link maxwellTE2D}: normalised units, x, y in L0, t in L0/c, E and
 * Hz' = eta0 Hz in V/m) trained as a separable PINN ({@link separableNet}) on factorised space-time grids.
 * Each step draws N_x x-samples, N_y y-samples and N_t t-samples (a fraction of the x and y samples inside
 * +-4 sigma of the source, where the field is sharpest) and evaluates the three residuals
 *   rEx = dEx/dt - dHz/dy,  rEy = dEy/dt + dHz/dx,  rHz = dHz/dt + dEy/dx - dEx/dy + s
 * on all N_x N_y N_t points, each as one CP contraction whose rank terms are the factor products of the
 * fields involved; the source s = A g(x) g(y) w(t) is separable, so it enters as one more rank-1 term.
 * The problem's absorbing condition is imposed on N_b x N_b grids of each face: first-order Mur
 * dw/dt + n.grad w = 0 on Hz and the tangential E ('mur1'), or second-order Mur on Hz in MindElec's
 * first-derivative form dHz/dt + n.grad Hz -+ 1/2 dE_s/ds = 0 ('mur2', see maxwell2d.ts); zero initial fields
 * are exact (the time factor vanishes at t = 0).
 * With `quasiStatic` the network carries only the remainder of singularity subtraction (quasiStatic.ts):
 * E = E_net + w(t) chi e(x, y), Hz = Hz_net + w'(t) chi h(x, y), the closed-form quasi-static near field of
 * the source (curl e = -A g, h its smoothed log r) under a window chi of radius rho; the residuals and
 * absorbing conditions are those of the total field, in which the source spike cancels and the known part
 * enters as constant grids, each rank 1 in (space, time).
 * Loss = L_domain + boundaryWeight L_boundary, with L_domain optionally causally weighted
 * (Wang, Sankaran & Perdikaris 2022): L_domain = mean_k w_k L(t_k) over sorted time samples,
 * w_k = exp(-eps sum_{l<k} L(t_l)) held constant in the gradient.
 */
import { add, mean, mul, neg, square, sum, tensor, valueAndGradWithAux, type RandomKey, type Tensor, mulberry32 } from '@mindscience/core';
import { adam, type AdamOptions, type AdamState } from '../adam.ts';
import type { MaxwellTE2D } from './maxwell2d.ts';
import { QS, QS_VALUES, quasiStaticAt, waveformDerivatives } from './quasiStatic.ts';
import { component as comp, cpGrid, ranks, separableNet, type SeparableNet, type SeparableParams } from './separable.ts';

export interface SeparableMaxwellOptions {
  problem: MaxwellTE2D;
  /** CP rank per field (default 64). */
  rank?: number;
  /** Hidden widths of each axis network (default [64, 64, 64]). */
  hidden?: readonly number[];
  omega0?: number;
  /** Initial scale of the axis networks' output layer (default 3). */
  headScale?: number;
  /** Samples per axis per step for the interior grid (default 48 each, 110 592 points). */
  perAxis?: { x?: number; y?: number; t?: number };
  /** Samples per axis of each boundary face grid (default 48). */
  boundaryPerAxis?: number;
  /** Fraction of the x and y samples drawn within +-4 sigma of the source (default 0.25). */
  nearFraction?: number;
  /** Weight of the Mur loss (default 1). */
  boundaryWeight?: number;
  /** Causal weighting epsilon (default 0 = off). */
  causal?: number;
  /** Subtract the source's quasi-static near field (see the header and quasiStatic.ts); default false. */
  quasiStatic?: boolean;
  /** Window radius rho of the subtracted field (normalised, >> sigma); default 0.05. */
  quasiStaticRadius?: number;
  optimizer?: AdamOptions;
  seed?: number;
}

export interface SeparableMaxwellState {
  readonly step: number;
  readonly params: SeparableParams;
  readonly opt: AdamState;
  readonly losses: { domain: number; boundary: number };
  readonly total: number;
  /** Smallest causal weight at the last step (1 without causal weighting). */
  readonly minCausalWeight: number;
}

export interface SeparableMaxwell {
  readonly net: SeparableNet;
  /** A fresh state: the network initialised from `key`, or the given weights (warm start), with fresh Adam moments. */
  init(key: RandomKey, params?: SeparableParams): SeparableMaxwellState;
  step(state: SeparableMaxwellState): SeparableMaxwellState;
  /** The samples of draw `seed`: interior axes xs, ys, ts and the face grids' sb (tangential) and tb (time). */
  draw(seed: number): SeparableMaxwellDraw;
  /** The loss terms as differentiable tensors on draw `seed`: total = domain + boundaryWeight boundary. */
  lossTensors(params: SeparableParams, seed: number): LossTerms;
  /** Domain and boundary losses for given params on a draw `seed` (no training). */
  losses(params: SeparableParams, seed: number): { domain: number; boundary: number };
  predict(params: SeparableParams, points: Float64Array): Float64Array;
}

export interface SeparableMaxwellDraw {
  xs: Float64Array;
  ys: Float64Array;
  ts: Float64Array;
  sb: Float64Array;
  tb: Float64Array;
}

export interface LossTerms {
  domain: Tensor;
  boundary: Tensor;
  total: Tensor;
  /** Smallest causal weight (1 without causal weighting). */
  minCausalWeight: number;
}

const EX = 0, EY = 1, HZ = 2;

/**
 * Builds the separable-PINN trainer for a TE Maxwell problem (see the header for the losses).
 * @returns `{net, init, step, losses, predict}`; `predict` maps flat [n * 3] (x, y, t) points
 *   (normalised) to [n * 3] (Ex, Ey, Hz') row-major.
 * @throws RangeError on non-positive sample counts or a nearFraction outside [0, 1); Error from `step`
 *   naming the step if the loss becomes non-finite.
 */
export function separableMaxwell(options: SeparableMaxwellOptions): SeparableMaxwell {
  const p = options.problem;
  const nx = options.perAxis?.x ?? 48, ny = options.perAxis?.y ?? 48, nt = options.perAxis?.t ?? 48;
  const nb = options.boundaryPerAxis ?? 48;
  const near = options.nearFraction ?? 0.25;
  const wB = options.boundaryWeight ?? 1;
  const eps = options.causal ?? 0;
  const qs = options.quasiStatic ?? false;
  for (const [name, v] of [['perAxis.x', nx], ['perAxis.y', ny], ['perAxis.t', nt], ['boundaryPerAxis', nb]] as const) {
    if (!Number.isInteger(v) || v < 2) throw new RangeError(`separableMaxwell: ${name} = ${v}; expected an integer >= 2`);
  }
  if (!(near >= 0 && near < 1)) throw new RangeError(`separableMaxwell: nearFraction = ${near}; expected [0, 1)`);
  const net = separableNet({
    axes: [{ range: [0, 1] }, { range: [0, 1] }, { range: [0, p.tEnd], vanishAtLo: true }],
    outputs: 3,
    rank: options.rank ?? 64,
    hidden: options.hidden,
    omega0: options.omega0,
    headScale: options.headScale,
  });
  const opt = adam(options.optimizer);
  const seed0 = options.seed ?? 0;
  const [cx, cy] = p.center;
  const halfNear = 4 * p.sigma;

  const axisSamples = (rand: () => number, n: number, c: number | null, lo: number, hi: number): Float64Array => {
    const out = new Float64Array(n);
    const nNear = c === null ? 0 : Math.floor(near * n);
    for (let i = 0; i < n; i++) {
      out[i] = i < nNear ? Math.min(hi, Math.max(lo, c! + (2 * rand() - 1) * halfNear)) : lo + (hi - lo) * rand();
    }
    return out.sort();
  };
  const gauss = (xs: Float64Array, c: number, scale: number) =>
    tensor(Float64Array.from(xs, (x) => scale * Math.exp(-((x - c) ** 2) / (2 * p.sigma ** 2))), { shape: [xs.length, 1] });

  /** Constant [a.length, b.length] grid a b^T. */
  const outer = (a: Float64Array, b: Float64Array) => mul(tensor(a, { shape: [a.length, 1] }), tensor(b, { shape: [1, b.length] }));
  const rho = options.quasiStaticRadius ?? 0.05;
  if (qs && !(rho > 0)) throw new RangeError(`separableMaxwell: quasiStaticRadius = ${rho}; expected > 0`);
  const qsOut = new Float64Array(QS_VALUES);
  /** All quasiStaticAt quantities on the points (xs[i], ys[j]) in one pass: grids[k] is quantity k (index from QS), i-major [Nx Ny]. */
  const qsGrids = (xs: Float64Array, ys: Float64Array): Float64Array[] => {
    const grids = Array.from({ length: QS_VALUES }, () => new Float64Array(xs.length * ys.length));
    for (let i = 0; i < xs.length; i++) {
      for (let j = 0; j < ys.length; j++) {
        quasiStaticAt(p, rho, xs[i]!, ys[j]!, qsOut);
        for (let k = 0; k < QS_VALUES; k++) grids[k]![i * ys.length + j] = qsOut[k]!;
      }
    }
    return grids;
  };
  /** w, w', w'' at the times ts. */
  const waves = (ts: Float64Array): [Float64Array, Float64Array, Float64Array] => {
    const w = new Float64Array(ts.length), w1 = new Float64Array(ts.length), w2 = new Float64Array(ts.length);
    ts.forEach((t, i) => { [w[i], w1[i], w2[i]] = waveformDerivatives(p, t); });
    return [w, w1, w2];
  };

  const draw = (seed: number): SeparableMaxwellDraw => {
    const rand = mulberry32(seed);
    const xs = axisSamples(rand, nx, cx, 0, 1), ys = axisSamples(rand, ny, cy, 0, 1), ts = axisSamples(rand, nt, null, 0, p.tEnd);
    return { xs, ys, ts, sb: axisSamples(rand, nb, null, 0, 1), tb: axisSamples(rand, nb, null, 0, p.tEnd) };
  };

  const lossTensors = (params: SeparableParams, drawSeed: number): LossTerms => {
    const { xs, ys, ts, sb, tb } = draw(drawSeed);
    const X = net.factorWithDerivative(params, 0, xs), Y = net.factorWithDerivative(params, 1, ys), T = net.factorWithDerivative(params, 2, ts);
    const v = (F: { value: Tensor }, c: number) => comp(F.value, c), d = (F: { deriv: Tensor }, c: number) => comp(F.deriv, c);
    // [Nx Ny, Nt] residual grids.
    let rEx = cpGrid(ranks(v(X, EX), neg(v(X, HZ))), ranks(v(Y, EX), d(Y, HZ)), ranks(d(T, EX), v(T, HZ)));
    let rEy = cpGrid(ranks(v(X, EY), d(X, HZ)), ranks(v(Y, EY), v(Y, HZ)), ranks(d(T, EY), v(T, HZ)));
    // rHz's rank terms; without subtraction the separable source A g(x) g(y) w(t) is one more rank-1 term.
    const hzX = [v(X, HZ), d(X, EY), neg(v(X, EX))], hzY = [v(Y, HZ), v(Y, EY), d(Y, EX)], hzT = [d(T, HZ), v(T, EY), v(T, EX)];
    if (!qs) {
      hzX.push(gauss(xs, cx, p.amplitude));
      hzY.push(gauss(ys, cy, 1));
      hzT.push(tensor(Float64Array.from(ts, (t) => p.waveform(t)), { shape: [nt, 1] }));
    }
    let rHz = cpGrid(ranks(...hzX), ranks(...hzY), ranks(...hzT));
    if (qs) {
      // Total field = net + (w chi e, w' chi h): known (time) x (space) terms join the residuals, and the
      // sharp source cancels (quasiStatic.ts).
      const [w, w1, w2] = waves(ts);
      const g = qsGrids(xs, ys);
      rEx = add(rEx, outer(g[QS.ax]!, w1));
      rEy = add(rEy, outer(g[QS.ay]!, w1));
      rHz = add(rHz, add(outer(g[QS.k]!, w2), outer(g[QS.c]!, w)));
    }
    const perTime = mul(sum(add(add(square(rEx), square(rEy)), square(rHz)), 0), 1 / (3 * nx * ny)); // [Nt]
    let domain: Tensor, minCausalWeight = 1;
    if (eps > 0) {
      const L = perTime.data();
      const w = new Float64Array(nt);
      let acc = 0;
      for (let k = 0; k < nt; k++) {
        w[k] = Math.exp(-eps * acc);
        acc += L[k]!;
      }
      minCausalWeight = w[nt - 1]!;
      domain = mean(mul(perTime, tensor(w)));
    } else domain = mean(perTime);
    // Mur on the four faces, each on an nb x nb grid of (tangential coordinate, t).
    const Tb = net.factorWithDerivative(params, 2, tb);
    const ends = new Float64Array([0, 1]);
    const [wb, wb1, wb2] = qs ? waves(tb) : [tb, tb, tb];
    const terms: Tensor[] = [];
    for (const axis of [0, 1] as const) {
      const F = net.factorWithDerivative(params, axis, ends); // the face coordinate at 0 and 1
      const S = net.factorWithDerivative(params, 1 - axis, sb); // the tangential coordinate
      // Tangential E: Ey on x-faces, Ex on y-faces; MindElec's second-order term uses the other E
      // component's tangential derivative: -1/2 dEx/dy on x-faces, +1/2 dEy/dx on y-faces.
      const [eTan, eSecond, half] = axis === 0 ? [EY, EX, -0.5] : [EX, EY, 0.5];
      for (const [row, n] of [[0, -1], [1, 1]] as const) {
        const at = (G: Tensor, c: number) => comp(G, c).slice([row, 0], [1, -1]);
        // First-order part of field c: r[j, k] = sum_r f s_j T'_k + n df s_j T_k
        const murFactors = (c: number) => [[at(F.value, c), mul(at(F.deriv, c), n)], [v(S, c), v(S, c)], [d(Tb, c), v(Tb, c)]] as const;
        // The subtracted field's terms on this face, at (face, sb[j]) x tb[k]; dK/dn and the second-order
        // term's tangential derivative (d(chi e_x)/dy on x-faces, d(chi e_y)/dx on y-faces).
        const end = ends.subarray(row, row + 1);
        const onFace = qs ? (axis === 0 ? qsGrids(end, sb) : qsGrids(sb, end)) : [];
        const face = (k: number) => onFace[k]!;
        const scaled = (a: Float64Array, f: number) => a.map((z) => f * z);
        const hzKnown = () => add(outer(face(QS.k), wb2), outer(scaled(face(axis === 0 ? QS.dKdx : QS.dKdy), n), wb1));
        if (p.boundaryKind === 'mur2') {
          const [fx, fs, ft] = murFactors(HZ);
          let r = cpGrid(ranks(...fx, mul(at(F.value, eSecond), half)), ranks(...fs, d(S, eSecond)), ranks(...ft, v(Tb, eSecond)));
          if (qs) r = add(add(r, hzKnown()), outer(scaled(face(axis === 0 ? QS.dExDy : QS.dEyDx), half), wb));
          terms.push(mean(square(r)));
        } else {
          for (const c of [eTan, HZ]) {
            const [fx, fs, ft] = murFactors(c);
            let r = cpGrid(ranks(...fx), ranks(...fs), ranks(...ft));
            // Tangential E gains w' e_tan + n w de_tan/dn: chi e_y, d(chi e_y)/dx on x-faces; chi e_x, d(chi e_x)/dy on y-faces.
            if (qs) {
              r = add(r, c === HZ ? hzKnown() : add(outer(face(axis === 0 ? QS.ey : QS.ex), wb1), outer(scaled(face(axis === 0 ? QS.dEyDx : QS.dExDy), n), wb)));
            }
            terms.push(mean(square(r)));
          }
        }
      }
    }
    const boundary = mul(terms.reduce((a, b) => add(a, b)), 1 / terms.length);
    return { domain, boundary, total: add(domain, mul(boundary, wB)), minCausalWeight };
  };
  // The loss with its parts as aux (plain numbers, no derivative).
  const lossWithAux = (drawSeed: number) => (params: SeparableParams) => {
    const l = lossTensors(params, drawSeed);
    return [l.total, { domain: l.domain.item(), boundary: l.boundary.item(), minCausalWeight: l.minCausalWeight }] as const;
  };

  return {
    net,
    init(key, given) {
      const params = given ?? net.init(key);
      return { step: 0, params, opt: opt.init(params), losses: { domain: NaN, boundary: NaN }, total: NaN, minCausalWeight: 1 };
    },
    step(state) {
      const [value, aux, g] = valueAndGradWithAux(lossWithAux(seed0 * 7919 + state.step + 1))(state.params);
      const total = value.item();
      if (!Number.isFinite(total)) throw new Error(`separableMaxwell '${p.name}': loss is ${total} at step ${state.step}`);
      const next = opt.step(state.params, g as SeparableParams, state.opt);
      return { step: state.step + 1, params: next.params, opt: next.state, losses: { domain: aux.domain, boundary: aux.boundary }, total, minCausalWeight: aux.minCausalWeight };
    },
    draw,
    lossTensors,
    losses(params, seed) {
      const l = lossTensors(params, seed);
      return { domain: l.domain.item(), boundary: l.boundary.item() };
    },
    predict(params, points) {
      const out = net.predict(params, points);
      if (qs) {
        for (let i = 0; i < points.length / 3; i++) {
          quasiStaticAt(p, rho, points[3 * i]!, points[3 * i + 1]!, qsOut);
          const [w, w1] = waveformDerivatives(p, points[3 * i + 2]!);
          out[3 * i] += w * qsOut[QS.ex]!;
          out[3 * i + 1] += w * qsOut[QS.ey]!;
          out[3 * i + 2] += w1 * qsOut[QS.k]!;
        }
      }
      return out;
    },
  };
}
