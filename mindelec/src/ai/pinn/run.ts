/**
 * A PINN run from a validated config: build the problem, the multi-scale sin network and the solver,
 * train with Adam (exponential decay), and measure the relative L2 error of each output against the
 * problem's reference (analytic for Helmholtz, solvers/fdtd2d for TE Maxwell). Used by
 * `mindelec pinn <config.json>` and the notebook.
 *
 * Config (JSON): {
 *   "problem": "helmholtz" | "maxwell-te2d",
 *   "helmholtz": { "k": 2, "min": [0,0], "max": [3.14159, 3.14159] },
 *   "maxwell": { "frequency": 1e9, "lengthUnit": 1, "tEnd": 1.2, "sigma": 0.04, "amplitude": 30, "cellsPerUnit": 200,
 *                "waveform": "ricker" | "gauss", "boundary": "mur1" | "mur2" },
 *   "net": { "kind": "multiscale", "widths": [2, 32, 32, 32, 1], "scales": [1], "omega0": 1 },
 *   "counts": { "domain": 400, "boundary": 200, "initial": 400 },
 *   "train": { "steps": 2000, "lr": 3e-3, "decayRate": 0.5, "decayEvery": 1000, "resampleEvery": 50,
 *              "weighting": "uncertainty" | "fixed", "seed": 0, "logEvery": 100, "curriculum": 1 },
 * net.kind "separable" (maxwell-te2d only): a separable PINN ({@link separableMaxwell}; Cho et al. 2023) of
 * CP rank `net.rank` with per-axis sine MLPs of widths `net.hidden`, trained on factorised grids of
 * `counts.perAxis` samples per axis (x, y, t; `counts.nearFraction` of x and y within 4 sigma of the source)
 * and `counts.boundaryPerAxis`^2 points per face; zero initial fields are built in; `train.causal` is the
 * causal-weighting epsilon (0 = off) and `train.boundaryWeight` the Mur loss weight; `net.quasiStatic: true`
 * lets the network carry only the remainder after subtracting the source's closed-form quasi-static near
 * field (singularity subtraction, quasiStatic.ts) under a window of radius `net.quasiStaticRadius`. `counts.domain`,
 * `boundary`, `initial`, `net.widths`, `net.scales`, `train.weighting`, `resampleEvery` and `curriculum`
 * do not apply to it (points are redrawn every step).
 * curriculum K > 1 (time-dependent problems): causal time-marching — stage k of K trains steps/K steps on
 * [0, k tEnd / K], each stage starting from the previous stage's network and optimiser state, so early
 * times are fitted before the solution is propagated (Wight & Zhao 2020; Krishnapriyan et al. 2021).
 *   "out": "result.json",
 *   "model": "model.json"   (trained weights, read back with readPinnModel)
 *   "init": "model.json"    (separable: start from these weights, fresh Adam moments; a warm start or continuation)
 * }
 */
import { randomKey } from '@mindscience/core';
import { ConfigError, ConfigReader } from '../config.ts';
import { exponentialDecay } from '../adam.ts';
import { multiScaleSinNet, type MultiScaleParams } from '../nn.ts';
import { pinnSolver, relativeL2, type TrainLog, type PinnState } from './solver.ts';
import { helmholtzProblem, type HelmholtzOptions } from './helmholtz.ts';
import { maxwellTE2D, type MaxwellTE2D, type MaxwellTE2DOptions } from './maxwell2d.ts';
import type { PinnProblem } from './problem.ts';
import { maxwellTE2DReference } from './maxwellReference.ts';
import { separableMaxwell, type SeparableMaxwellState } from './maxwellSeparable.ts';
import type { SeparableParams } from './separable.ts';
import { readPinnModel } from './model.ts';
import { Rectangle } from '../../geometry/index.ts';

export interface PinnRunConfig {
  problem: 'helmholtz' | 'maxwell-te2d';
  helmholtz: HelmholtzOptions;
  maxwell: MaxwellTE2DOptions & { cellsPerUnit?: number };
  net: { kind: 'multiscale' | 'separable'; widths: number[]; scales: number[]; omega0: number; rank: number; hidden: number[]; headScale: number; quasiStatic: boolean; quasiStaticRadius: number };
  counts: { domain: number; boundary: number; initial: number; perAxis: [number, number, number]; boundaryPerAxis: number; nearFraction: number };
  train: { steps: number; lr: number; decayRate: number; decayEvery: number; resampleEvery: number; weighting: 'uncertainty' | 'fixed'; seed: number; logEvery: number; curriculum: number; causal: number; boundaryWeight: number };
  out?: string;
  /** Where the CLI writes the trained weights (mindelec/src/ai/pinn/model.ts); none when absent. */
  model?: string;
  /** Weights to start from (a model file written by an earlier run of the same network; separable only). */
  init?: string;
}

/**
 * Parses and validates a PINN run config (schema in this file's header) and fills every default.
 * Defaults: net.widths [dIn, 32, 32, 32, dOut] (dIn/dOut = 2/1 for helmholtz, 3/3 for maxwell-te2d),
 * net.scales [1], net.omega0 1; helmholtz k 2 (1/length), min [0, 0], max [pi, pi]; maxwell frequency
 * 1e9 Hz, lengthUnit 1 m, tEnd 4 ns in L0/c, sigma 0.04 and center [0.5, 0.5] (in L0), amplitude 30,
 * cellsPerUnit 200 (integer >= 20), waveform 'ricker', boundary 'mur1'; counts domain 400, boundary 200, initial 400; train steps 1000,
 * lr 3e-3, decayRate 0.5 (<= 1), decayEvery 1000, resampleEvery 50, weighting 'uncertainty', seed 0,
 * logEvery 100, curriculum 1; separable: net.kind 'multiscale', rank 64, hidden [64, 64, 64], omega0 8 (not 1) when
 * separable, headScale 3, quasiStatic false, quasiStaticRadius 0.05, counts.perAxis [48, 48, 48] (a number is used for all three axes), boundaryPerAxis 48,
 * nearFraction 0.25, train.causal 0, boundaryWeight 1. `problem` is required; a top-level `comment` is allowed and ignored.
 * @param file the config's name, used in error messages.
 * @param text the JSON text.
 * @throws ConfigError naming the file, field path, value and expectation: invalid JSON, unknown keys,
 *   a missing `problem`, out-of-range values, widths whose first/last entry does not match the
 *   problem's inputs/outputs, or helmholtz.max not greater than helmholtz.min.
 */
export function parsePinnConfig(file: string, text: string): PinnRunConfig {
  const c = ConfigReader.parse(file, text);
  c.only('', ['problem', 'helmholtz', 'maxwell', 'net', 'counts', 'train', 'out', 'model', 'init', 'comment']);
  c.only('helmholtz', ['k', 'min', 'max']);
  c.only('maxwell', ['frequency', 'lengthUnit', 'tEnd', 'sigma', 'amplitude', 'center', 'cellsPerUnit', 'waveform', 'boundary']);
  c.only('net', ['kind', 'widths', 'scales', 'omega0', 'rank', 'hidden', 'headScale', 'quasiStatic', 'quasiStaticRadius']);
  c.only('counts', ['domain', 'boundary', 'initial', 'perAxis', 'boundaryPerAxis', 'nearFraction']);
  c.only('train', ['steps', 'lr', 'decayRate', 'decayEvery', 'resampleEvery', 'weighting', 'seed', 'logEvery', 'curriculum', 'causal', 'boundaryWeight']);
  const problem = c.string('problem', undefined, ['helmholtz', 'maxwell-te2d'] as const);
  const kind = c.string('net.kind', 'multiscale', ['multiscale', 'separable'] as const);
  if (kind === 'separable' && problem !== 'maxwell-te2d') c.fail('net.kind', kind, `"multiscale" for problem ${problem} (separable is implemented for maxwell-te2d)`);
  if (c.get('init') !== undefined && kind !== 'separable') c.fail('init', c.get('init'), 'absent unless net.kind is "separable" (warm starts are implemented for the separable trainer)');
  if (c.get('net.quasiStatic') === true && kind !== 'separable') c.fail('net.quasiStatic', true, 'false unless net.kind is "separable" (the subtraction is implemented for the separable trainer)');
  const perAxis = typeof c.get('counts.perAxis') === 'number'
    ? [c.number('counts.perAxis', 48, { integer: true, min: 2 })]
    : c.numbers('counts.perAxis', [48, 48, 48], { length: 3, integer: true, positive: true });
  perAxis.forEach((v, i) => { if (v < 2) c.fail(`counts.perAxis[${i}]`, v, 'an integer >= 2'); });
  const dIn = problem === 'helmholtz' ? 2 : 3, dOut = problem === 'helmholtz' ? 1 : 3;
  const widths = c.numbers('net.widths', [dIn, 32, 32, 32, dOut], { minLength: 2, integer: true, positive: true });
  if (widths[0] !== dIn) c.fail('net.widths[0]', widths[0], `${dIn} (inputs of ${problem})`);
  if (widths[widths.length - 1] !== dOut) c.fail(`net.widths[${widths.length - 1}]`, widths[widths.length - 1], `${dOut} (outputs of ${problem})`);
  const helm: HelmholtzOptions = { k: c.number('helmholtz.k', 2, { positive: true }) };
  const min = c.numbers('helmholtz.min', [0, 0], { length: 2 }), max = c.numbers('helmholtz.max', [Math.PI, Math.PI], { length: 2 });
  if (!(max[0]! > min[0]!) || !(max[1]! > min[1]!)) c.fail('helmholtz.max', max, `components greater than helmholtz.min ${JSON.stringify(min)}`);
  helm.min = [min[0]!, min[1]!];
  helm.max = [max[0]!, max[1]!];
  const center = c.numbers('maxwell.center', [0.5, 0.5], { length: 2 });
  return {
    problem,
    helmholtz: helm,
    maxwell: {
      frequency: c.number('maxwell.frequency', 1e9, { positive: true }),
      lengthUnit: c.number('maxwell.lengthUnit', 1, { positive: true }),
      tEnd: c.number('maxwell.tEnd', 4e-9 * 299792458 / c.number('maxwell.lengthUnit', 1, { positive: true }), { positive: true }),
      sigma: c.number('maxwell.sigma', 0.04, { positive: true }),
      amplitude: c.number('maxwell.amplitude', 30, { positive: true }),
      center: [center[0]!, center[1]!],
      cellsPerUnit: c.number('maxwell.cellsPerUnit', 200, { integer: true, min: 20 }),
      waveform: c.string('maxwell.waveform', 'ricker', ['ricker', 'gauss'] as const),
      boundary: c.string('maxwell.boundary', 'mur1', ['mur1', 'mur2'] as const),
    },
    net: {
      kind,
      widths,
      scales: c.numbers('net.scales', [1], { minLength: 1, positive: true }),
      omega0: c.number('net.omega0', kind === 'separable' ? 8 : 1, { positive: true }),
      rank: c.number('net.rank', 64, { integer: true, positive: true }),
      hidden: c.numbers('net.hidden', [64, 64, 64], { minLength: 1, integer: true, positive: true }),
      headScale: c.number('net.headScale', 3, { positive: true }),
      quasiStatic: c.boolean('net.quasiStatic', false),
      quasiStaticRadius: c.number('net.quasiStaticRadius', 0.05, { positive: true }),
    },
    counts: {
      domain: c.number('counts.domain', 400, { integer: true, positive: true }),
      boundary: c.number('counts.boundary', 200, { integer: true, positive: true }),
      initial: c.number('counts.initial', 400, { integer: true, positive: true }),
      perAxis: perAxis.length === 1 ? [perAxis[0]!, perAxis[0]!, perAxis[0]!] : [perAxis[0]!, perAxis[1]!, perAxis[2]!],
      boundaryPerAxis: c.number('counts.boundaryPerAxis', 48, { integer: true, min: 2 }),
      nearFraction: c.number('counts.nearFraction', 0.25, { min: 0, max: 0.99 }),
    },
    train: {
      steps: c.number('train.steps', 1000, { integer: true, min: 0 }),
      lr: c.number('train.lr', 3e-3, { positive: true }),
      decayRate: c.number('train.decayRate', 0.5, { positive: true, max: 1 }),
      decayEvery: c.number('train.decayEvery', 1000, { positive: true }),
      resampleEvery: c.number('train.resampleEvery', 50, { integer: true, min: 0 }),
      weighting: c.string('train.weighting', 'uncertainty', ['uncertainty', 'fixed'] as const),
      seed: c.number('train.seed', 0, { integer: true, min: 0 }),
      logEvery: c.number('train.logEvery', 100, { integer: true, positive: true }),
      curriculum: c.number('train.curriculum', 1, { integer: true, positive: true }),
      causal: c.number('train.causal', 0, { min: 0 }),
      boundaryWeight: c.number('train.boundaryWeight', 1, { positive: true }),
    },
    out: c.optionalString('out'),
    model: c.optionalString('model'),
    init: c.optionalString('init'),
  };
}

/** The trained field: flat row-major [n * inputs] points (problem units) -> [n * outputs]. */
export type Predict = (points: Float64Array) => Float64Array;

/** Relative L2 per output against the reference, and (maxwell-te2d) against the Mur box. */
export interface FieldErrors {
  l2: number[];
  l2Mur?: number[];
}

export interface PinnRunResult {
  problem: string;
  outputs: string[];
  /** Relative L2 error per output at each evaluation. */
  history: { step: number; total: number; losses: Record<string, number>; l2: number[]; l2Mur?: number[]; seconds: number }[];
  l2: number[];
  /** maxwell-te2d: relative L2 per output against the first-order Mur box (the problem the loss states). */
  l2Mur?: number[];
  trainSeconds: number;
  referenceSeconds: number;
  parameters: number;
}

/**
 * Runs a PINN from a parsed config (what `npx mindelec pinn <config.json>` runs for these problems):
 * builds the problem, a multiScaleSinNet and a {@link pinnSolver} (Adam with exponentialDecay), trains
 * `train.steps` steps (in `train.curriculum` causal time-marching stages for maxwell-te2d) and evaluates
 * the relative L2 error of each output every `logEvery` steps against the reference: the exact solution
 * on a 50 x 50 grid (helmholtz) or {@link maxwellTE2DReference} FDTD snapshots at the Yee positions
 * (maxwell-te2d, `cellsPerUnit`). Does not write `config.out` (the CLI does).
 * @param config from {@link parsePinnConfig}.
 * @param onLog receives one progress line per evaluation (and per curriculum stage).
 * @returns problem name, output names, `history` ({step, total, losses, l2 per output, seconds}), final
 *   `l2` per output (dimensionless), `trainSeconds` and `referenceSeconds` (wall s), `parameters`
 *   (network weight count), the final solver `state` and `predict(points)` (the trained field).
 * @throws Error from the solver if the loss or a gradient becomes non-finite (naming the step), or from
 *   the reference if the FDTD field blows up.
 */
export function runPinn(config: PinnRunConfig, onLog: (line: string) => void = () => {}): PinnRunResult & { state: PinnState<MultiScaleParams> | SeparableMaxwellState; predict: Predict } {
  const problem = config.problem === 'helmholtz' ? helmholtzProblem(config.helmholtz) : maxwellTE2D(config.maxwell);
  // Evaluation set: analytic on a 50x50 grid (Helmholtz) or FDTD snapshots (Maxwell).
  const tRef = performance.now();
  let evalPoints: Float64Array[], evalRef: Float64Array[], murRef: Float64Array[] | null = null;
  if (config.problem === 'helmholtz') {
    const h = problem as ReturnType<typeof helmholtzProblem>;
    const pts = new Rectangle('eval', config.helmholtz.min ?? [0, 0], config.helmholtz.max ?? [Math.PI, Math.PI]).sampleInterior(2500, { sampler: 'grid' });
    evalPoints = [pts];
    evalRef = [h.exact(pts)];
  } else {
    const ref = maxwellTE2DReference(problem as ReturnType<typeof maxwellTE2D>, { cellsPerUnit: config.maxwell.cellsPerUnit });
    evalPoints = [ref.Ex.points, ref.Ey.points, ref.Hz.points];
    evalRef = [ref.Ex.values, ref.Ey.values, ref.Hz.values];
    // Same points and order (tested), so one prediction serves both references.
    // The Mur box of the order the loss states.
    const mp = problem as MaxwellTE2D;
    const mur = maxwellTE2DReference(mp, { cellsPerUnit: config.maxwell.cellsPerUnit, boundary: mp.boundaryKind === 'mur2' ? 'mur2' : 'mur' });
    murRef = [mur.Ex.values, mur.Ey.values, mur.Hz.values];
  }
  const referenceSeconds = (performance.now() - tRef) / 1000;
  const k = problem.outputs.length;
  const fieldErrors = (predict: (points: Float64Array) => Float64Array): FieldErrors => {
    if (k === 1) return { l2: relativeL2(predict(evalPoints[0]!), evalRef[0]!, 1) };
    // Each field is compared at its own Yee positions/times.
    const cols = evalPoints.map((pts, c) => {
      const pred = predict(pts);
      const col = new Float64Array(pts.length / 3);
      for (let i = 0; i < col.length; i++) col[i] = pred[i * k + c]!;
      return col;
    });
    const l2 = cols.map((col, c) => relativeL2(col, evalRef[c]!, 1)[0]!);
    return murRef ? { l2, l2Mur: cols.map((col, c) => relativeL2(col, murRef![c]!, 1)[0]!) } : { l2 };
  };
  const fmt = (e: FieldErrors) => `L2 ${e.l2.map((v, i) => `${problem.outputs[i]} ${v.toFixed(4)}`).join(' ')}${e.l2Mur ? `  (Mur box: ${e.l2Mur.map((v, i) => `${problem.outputs[i]} ${v.toFixed(4)}`).join(' ')})` : ''}`;
  if (config.net.kind === 'separable') return runSeparable(config, problem as MaxwellTE2D, fieldErrors, fmt, referenceSeconds, onLog);
  const net = multiScaleSinNet(config.net.widths, { scales: config.net.scales, omega0: config.net.omega0 });
  const solverFor = (p: PinnProblem) => pinnSolver({
    net, problem: p, counts: config.counts,
    weighting: config.train.weighting === 'uncertainty' ? { kind: 'uncertainty' } : { kind: 'fixed' },
    optimizer: { lr: exponentialDecay(config.train.lr, config.train.decayRate, config.train.decayEvery) },
    resampleEvery: config.train.resampleEvery,
    seed: config.train.seed,
  });
  const solver = solverFor(problem);
  const stages = config.problem === 'maxwell-te2d' ? config.train.curriculum : 1;
  const fullT = (problem as MaxwellTE2D).tEnd;
  // Stage k's problem: the same Maxwell problem on [0, k T / K] (the last stage is the full problem).
  const stageSolver = (k: number) => (k === stages ? solver : solverFor(maxwellTE2D({ ...config.maxwell, tEnd: (fullT * k) / stages })));
  const evaluate = (params: MultiScaleParams): FieldErrors => fieldErrors((pts) => solver.predict(params, pts));
  let state = solver.init(randomKey(config.train.seed));
  const parameters = state.params.net.nets.reduce((a, n) => a + n.reduce((b, l) => b + l.w.size + l.b.size, 0), 0);
  const history: PinnRunResult['history'] = [];
  const t0 = performance.now();
  const record = (log: TrainLog) => {
    const e = evaluate(state.params.net);
    const seconds = (performance.now() - t0) / 1000;
    history.push({ ...log, ...e, seconds });
    onLog(`step ${log.step}  loss ${log.total.toExponential(3)}  ${Object.entries(log.losses).map(([n, v]) => `${n} ${v.toExponential(2)}`).join('  ')}  ${fmt(e)}  (${seconds.toFixed(0)} s)`);
  };
  const every = config.train.logEvery;
  const perStage = Math.ceil(config.train.steps / stages);
  let stage = 0, active = solver;
  for (let done = 0; done < config.train.steps; ) {
    const k = Math.min(stages, Math.floor(done / perStage) + 1);
    if (k !== stage) {
      stage = k;
      active = stageSolver(k);
      if (stages > 1) {
        // Keep the network, the loss weights and Adam's moments; draw points on the new time window.
        const fresh = active.init(randomKey(config.train.seed));
        state = { ...fresh, step: state.step, params: state.params, opt: state.opt };
        onLog(`curriculum stage ${k}/${stages}: t in [0, ${((fullT * k) / stages).toFixed(3)}]`);
      }
    }
    const n = Math.min(every, config.train.steps - done, k * perStage - done);
    state = active.train(state, n);
    done += n;
    record({ step: state.step, total: state.total, losses: Object.fromEntries(state.constraints.map((c, i) => [c.name, state.losses[i]!])) });
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  const final = state;
  const predict: Predict = (points) => solver.predict(final.params.net, points);
  return { problem: problem.name, outputs: [...problem.outputs], history, ...fieldErrors(predict), trainSeconds, referenceSeconds, parameters, state, predict };
}

/**
 * The weights of model file `file` as separable params for a run whose network is `net`. readPinnModel has
 * checked the layers against the stored network, so they fit ours when kind, rank and hidden widths agree.
 */
function warmStart(file: string, net: PinnRunConfig['net']): SeparableParams {
  const m = readPinnModel(file);
  const stored = m.config.net;
  if (stored.kind !== 'separable' || stored.rank !== net.rank || stored.hidden.length !== net.hidden.length || stored.hidden.some((h, i) => h !== net.hidden[i])) {
    throw new ConfigError(`${file}: init weights (net.kind ${stored.kind}, rank ${stored.rank}, hidden [${stored.hidden}]) do not fit this run's separable network`);
  }
  return { axes: m.groups };
}

/** The separable-PINN branch of {@link runPinn} (maxwell-te2d): same history, logging and evaluation. */
function runSeparable(
  config: PinnRunConfig,
  problem: MaxwellTE2D,
  fieldErrors: (predict: (points: Float64Array) => Float64Array) => FieldErrors,
  fmt: (e: FieldErrors) => string,
  referenceSeconds: number,
  onLog: (line: string) => void,
): PinnRunResult & { state: SeparableMaxwellState; predict: Predict } {
  const [nx, ny, nt] = config.counts.perAxis;
  const trainer = separableMaxwell({
    problem,
    rank: config.net.rank,
    hidden: config.net.hidden,
    omega0: config.net.omega0,
    headScale: config.net.headScale,
    quasiStatic: config.net.quasiStatic,
    quasiStaticRadius: config.net.quasiStaticRadius,
    perAxis: { x: nx, y: ny, t: nt },
    boundaryPerAxis: config.counts.boundaryPerAxis,
    nearFraction: config.counts.nearFraction,
    boundaryWeight: config.train.boundaryWeight,
    causal: config.train.causal,
    optimizer: { lr: exponentialDecay(config.train.lr, config.train.decayRate, config.train.decayEvery) },
    seed: config.train.seed,
  });
  let state = trainer.init(randomKey(config.train.seed), config.init === undefined ? undefined : warmStart(config.init, config.net));
  const parameters = trainer.net.parameterCount(state.params);
  const history: PinnRunResult['history'] = [];
  const t0 = performance.now();
  for (let done = 0; done < config.train.steps; ) {
    const n = Math.min(config.train.logEvery, config.train.steps - done);
    for (let i = 0; i < n; i++) state = trainer.step(state);
    done += n;
    const e = fieldErrors((pts) => trainer.predict(state.params, pts));
    const seconds = (performance.now() - t0) / 1000;
    const losses = { domain: state.losses.domain, boundary: state.losses.boundary };
    history.push({ step: state.step, total: state.total, losses, ...e, seconds });
    const causal = config.train.causal > 0 ? `  min causal weight ${state.minCausalWeight.toExponential(1)}` : '';
    onLog(`step ${state.step}  loss ${state.total.toExponential(3)}  domain ${losses.domain.toExponential(2)}  boundary ${losses.boundary.toExponential(2)}${causal}  ${fmt(e)}  (${seconds.toFixed(0)} s)`);
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  const final = state;
  const predict: Predict = (points) => trainer.predict(final.params, points);
  return { problem: `${problem.name}, separable rank ${config.net.rank}`, outputs: [...problem.outputs], history, ...fieldErrors(predict), trainSeconds, referenceSeconds, parameters, state, predict };
}
