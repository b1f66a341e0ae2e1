/**
 * A PINN run from a validated config: build the problem, the multi-scale sin network and the solver,
 * train with Adam (exponential decay), and measure the relative L2 error of each output against the
 * problem's reference (analytic for Helmholtz, solvers/fdtd2d for TE Maxwell). Used by
 * `mindelec pinn <config.json>` and the notebook.
 *
 * Config (JSON): {
 *   "problem": "helmholtz" | "maxwell-te2d",
 *   "helmholtz": { "k": 2, "min": [0,0], "max": [3.14159, 3.14159] },
 *   "maxwell": { "frequency": 1e9, "lengthUnit": 1, "tEnd": 1.2, "sigma": 0.04, "amplitude": 30, "cellsPerUnit": 200 },
 *   "net": { "widths": [2, 32, 32, 32, 1], "scales": [1], "omega0": 1 },
 *   "counts": { "domain": 400, "boundary": 200, "initial": 400 },
 *   "train": { "steps": 2000, "lr": 3e-3, "decayRate": 0.5, "decayEvery": 1000, "resampleEvery": 50,
 *              "weighting": "uncertainty" | "fixed", "seed": 0, "logEvery": 100, "curriculum": 1 },
 * curriculum K > 1 (time-dependent problems): causal time-marching — stage k of K trains steps/K steps on
 * [0, k tEnd / K], each stage starting from the previous stage's network and optimiser state, so early
 * times are fitted before the solution is propagated (Wight & Zhao 2020; Krishnapriyan et al. 2021).
 *   "out": "result.json"
 * }
 */
import { randomKey } from '@mindscience/core';
import { ConfigReader } from '../config.ts';
import { exponentialDecay } from '../adam.ts';
import { multiScaleSinNet, type MultiScaleParams } from '../nn.ts';
import { pinnSolver, relativeL2, type TrainLog, type PinnState } from './solver.ts';
import { helmholtzProblem, type HelmholtzOptions } from './helmholtz.ts';
import { maxwellTE2D, type MaxwellTE2D, type MaxwellTE2DOptions } from './maxwell2d.ts';
import type { PinnProblem } from './problem.ts';
import { maxwellTE2DReference } from './maxwellReference.ts';
import { Rectangle } from '../../geometry/index.ts';

export interface PinnRunConfig {
  problem: 'helmholtz' | 'maxwell-te2d';
  helmholtz: HelmholtzOptions;
  maxwell: MaxwellTE2DOptions & { cellsPerUnit?: number };
  net: { widths: number[]; scales: number[]; omega0: number };
  counts: { domain: number; boundary: number; initial: number };
  train: { steps: number; lr: number; decayRate: number; decayEvery: number; resampleEvery: number; weighting: 'uncertainty' | 'fixed'; seed: number; logEvery: number; curriculum: number };
  out?: string;
}

/**
 * Parses and validates a PINN run config (schema in this file's header) and fills every default.
 * Defaults: net.widths [dIn, 32, 32, 32, dOut] (dIn/dOut = 2/1 for helmholtz, 3/3 for maxwell-te2d),
 * net.scales [1], net.omega0 1; helmholtz k 2 (1/length), min [0, 0], max [pi, pi]; maxwell frequency
 * 1e9 Hz, lengthUnit 1 m, tEnd 4 ns in L0/c, sigma 0.04 and center [0.5, 0.5] (in L0), amplitude 30,
 * cellsPerUnit 200 (integer >= 20); counts domain 400, boundary 200, initial 400; train steps 1000,
 * lr 3e-3, decayRate 0.5 (<= 1), decayEvery 1000, resampleEvery 50, weighting 'uncertainty', seed 0,
 * logEvery 100, curriculum 1. `problem` is required; a top-level `comment` is allowed and ignored.
 * @param file the config's name, used in error messages.
 * @param text the JSON text.
 * @throws ConfigError naming the file, field path, value and expectation: invalid JSON, unknown keys,
 *   a missing `problem`, out-of-range values, widths whose first/last entry does not match the
 *   problem's inputs/outputs, or helmholtz.max not greater than helmholtz.min.
 */
export function parsePinnConfig(file: string, text: string): PinnRunConfig {
  const c = ConfigReader.parse(file, text);
  c.only('', ['problem', 'helmholtz', 'maxwell', 'net', 'counts', 'train', 'out', 'comment']);
  c.only('helmholtz', ['k', 'min', 'max']);
  c.only('maxwell', ['frequency', 'lengthUnit', 'tEnd', 'sigma', 'amplitude', 'center', 'cellsPerUnit']);
  c.only('net', ['widths', 'scales', 'omega0']);
  c.only('counts', ['domain', 'boundary', 'initial']);
  c.only('train', ['steps', 'lr', 'decayRate', 'decayEvery', 'resampleEvery', 'weighting', 'seed', 'logEvery', 'curriculum']);
  const problem = c.string('problem', undefined, ['helmholtz', 'maxwell-te2d'] as const);
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
    },
    net: { widths, scales: c.numbers('net.scales', [1], { minLength: 1, positive: true }), omega0: c.number('net.omega0', 1, { positive: true }) },
    counts: {
      domain: c.number('counts.domain', 400, { integer: true, positive: true }),
      boundary: c.number('counts.boundary', 200, { integer: true, positive: true }),
      initial: c.number('counts.initial', 400, { integer: true, positive: true }),
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
    },
    out: c.optionalString('out'),
  };
}

export interface PinnRunResult {
  problem: string;
  outputs: string[];
  /** Relative L2 error per output at each evaluation. */
  history: { step: number; total: number; losses: Record<string, number>; l2: number[]; seconds: number }[];
  l2: number[];
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
 *   (network weight count) and the final solver `state`.
 * @throws Error from the solver if the loss or a gradient becomes non-finite (naming the step), or from
 *   the reference if the FDTD field blows up.
 */
export function runPinn(config: PinnRunConfig, onLog: (line: string) => void = () => {}): PinnRunResult & { state: PinnState<MultiScaleParams> } {
  const problem = config.problem === 'helmholtz' ? helmholtzProblem(config.helmholtz) : maxwellTE2D(config.maxwell);
  // Evaluation set: analytic on a 50x50 grid (Helmholtz) or FDTD snapshots (Maxwell).
  const tRef = performance.now();
  let evalPoints: Float64Array[], evalRef: Float64Array[];
  if (config.problem === 'helmholtz') {
    const h = problem as ReturnType<typeof helmholtzProblem>;
    const pts = new Rectangle('eval', config.helmholtz.min ?? [0, 0], config.helmholtz.max ?? [Math.PI, Math.PI]).sampleInterior(2500, { sampler: 'grid' });
    evalPoints = [pts];
    evalRef = [h.exact(pts)];
  } else {
    const ref = maxwellTE2DReference(problem as ReturnType<typeof maxwellTE2D>, { cellsPerUnit: config.maxwell.cellsPerUnit });
    evalPoints = [ref.Ex.points, ref.Ey.points, ref.Hz.points];
    evalRef = [ref.Ex.values, ref.Ey.values, ref.Hz.values];
  }
  const referenceSeconds = (performance.now() - tRef) / 1000;
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
  const k = problem.outputs.length;
  const evaluate = (params: MultiScaleParams): number[] => {
    if (k === 1) return relativeL2(solver.predict(params, evalPoints[0]!), evalRef[0]!, 1);
    // Each field is compared at its own Yee positions/times.
    return evalPoints.map((pts, c) => {
      const pred = solver.predict(params, pts);
      const col = new Float64Array(pts.length / 3);
      for (let i = 0; i < col.length; i++) col[i] = pred[i * k + c]!;
      return relativeL2(col, evalRef[c]!, 1)[0]!;
    });
  };
  let state = solver.init(randomKey(config.train.seed));
  const parameters = state.params.net.nets.reduce((a, n) => a + n.reduce((b, l) => b + l.w.size + l.b.size, 0), 0);
  const history: PinnRunResult['history'] = [];
  const t0 = performance.now();
  const record = (log: TrainLog) => {
    const l2 = evaluate(state.params.net);
    const seconds = (performance.now() - t0) / 1000;
    history.push({ ...log, l2, seconds });
    onLog(`step ${log.step}  loss ${log.total.toExponential(3)}  ${Object.entries(log.losses).map(([n, v]) => `${n} ${v.toExponential(2)}`).join('  ')}  L2 ${l2.map((e, i) => `${problem.outputs[i]} ${e.toFixed(4)}`).join(' ')}  (${seconds.toFixed(0)} s)`);
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
  return { problem: problem.name, outputs: [...problem.outputs], history, l2: evaluate(state.params.net), trainSeconds, referenceSeconds, parameters, state };
}
