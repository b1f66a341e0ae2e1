/** MindElec AI: Maxwell/Helmholtz PINNs (Problem/Solver API), S-parameter surrogates. */
export { initSinMlp, sinMlp, multiScaleSinNet, initSkipMlp, skipMlp, type DenseLayer, type SinMlpParams, type MultiScaleParams, type MultiScaleOptions, type MultiScaleSinNet, type SkipMlpParams } from './nn.ts';
export { adam, exponentialDecay, type Adam, type AdamOptions, type AdamState, type LearningRate } from './adam.ts';
export { column, pointsTensor, dataConstraint, type Constraint, type FieldFn, type PinnProblem, type SampleCounts } from './pinn/problem.ts';
export { pinnSolver, relativeL2, type PinnSolver, type PinnSolverOptions, type PinnState, type PointwiseNet, type LossWeighting, type TrainParams, type TrainLog } from './pinn/solver.ts';
export { helmholtzProblem, type HelmholtzOptions, type HelmholtzProblem } from './pinn/helmholtz.ts';
export { maxwellTE2D, type MaxwellTE2D, type MaxwellTE2DOptions } from './pinn/maxwell2d.ts';
export { maxwellTE2DReference, type MaxwellReference, type MaxwellReferenceOptions, type FieldSamples } from './pinn/maxwellReference.ts';
