/** MindElec AI: Maxwell/Helmholtz PINNs (Problem/Solver API), S-parameter surrogates. */
export { initSinMlp, sinMlp, multiScaleSinNet, initSkipMlp, skipMlp, compileSkipMlp, type DenseLayer, type SinMlpParams, type MultiScaleParams, type MultiScaleOptions, type MultiScaleSinNet, type SkipMlpParams } from './nn.ts';
export { adam, exponentialDecay, type Adam, type AdamOptions, type AdamState, type LearningRate } from './adam.ts';
export { column, pointsTensor, dataConstraint, type Constraint, type FieldFn, type PinnProblem, type SampleCounts } from './pinn/problem.ts';
export { pinnSolver, relativeL2, type PinnSolver, type PinnSolverOptions, type PinnState, type PointwiseNet, type LossWeighting, type TrainParams, type TrainLog } from './pinn/solver.ts';
export { helmholtzProblem, type HelmholtzOptions, type HelmholtzProblem } from './pinn/helmholtz.ts';
export { maxwellTE2D, type MaxwellTE2D, type MaxwellTE2DOptions } from './pinn/maxwell2d.ts';
export { maxwellTE2DReference, type MaxwellReference, type MaxwellReferenceOptions, type FieldSamples } from './pinn/maxwellReference.ts';
export { ConfigError, ConfigReader } from './config.ts';
export { parsePinnConfig, runPinn, type PinnRunConfig, type PinnRunResult, type FieldErrors } from './pinn/run.ts';
export { separableNet, cpGrid, type SeparableNet, type SeparableNetOptions, type SeparableAxis, type SeparableParams, type AxisFactors } from './pinn/separable.ts';
export { writePinnModel, readPinnModel } from './pinn/model.ts';
export { ein, quasiStaticAt, quasiStaticTensor, waveformDerivatives, QS, QS_VALUES } from './pinn/quasiStatic.ts';
export { separableMaxwell, type SeparableMaxwell, type SeparableMaxwellOptions, type SeparableMaxwellState, type SeparableMaxwellDraw, type LossTerms as SeparableLossTerms } from './pinn/maxwellSeparable.ts';
export {
  LAYER_PARAMETERS, LAYER_B, layerFrequencies, checkLayerDesign, snapLayers, layerS11Exact, layerS11Fdtd,
  type LayerDesign, type LayerGridOptions, type LayerS11,
} from './surrogate/layerFamily.ts';
export { S11_FORMAT, DatasetError, parseS11Dataset, readS11Dataset, writeS11Dataset, type S11Dataset, type ParameterInfo } from './surrogate/dataset.ts';
export { generateS11Dataset, layerDesigns, patchDesigns, progressBar, type GenerateOptions, type S11Family } from './surrogate/generate.ts';
export {
  patchS11Fdtd, patchDesignGrid, patchFrequencies, checkPatchDesign, patchCavityResonance, PATCH_PARAMETERS, PATCH_SUBSTRATE,
  type PatchDesign, type PatchGridOptions, type PatchS11,
} from './surrogate/patchFamily.ts';
export {
  trainS11Surrogate, predictS11, predictS11Batch, predictS11Tensor, designFeatures, s11Metrics, splitIndices, subset as s11Subset, normaliseDesign, writeS11Model, parseS11Model, s11ModelToJson,
  blendWeight, fitWarpAnchors,
  type S11Model, type S11Metrics, type S11Features, type SurrogateTrainOptions, type WarpFit, type WarpKind,
} from './surrogate/s11Surrogate.ts';
export { compileS11Predictor, type S11Predictor, type S11PredictorOptions } from './surrogate/s11Fast.ts';
export { resistancePeak, fitRatio, evalRatio, monomialExponents, type RatioFit } from './surrogate/resonanceFit.ts';
export { runGenerate, runTrain, runPredict, concatS11Datasets, datasetFamily, fdtdOfDesign, type TrainReport } from './surrogate/run.ts';
export { convPlan, upsamplePlan, conv3d as gatherConv3d, initConv3D, applyGather, type GatherPlan, type Conv3DParams, type Dims3 } from './encoding/conv3d.ts';
export {
  BLOCK, CHANNELS, CODE, COMPRESSION, normaliseMaterial, stackBlocks, initAutoencoder, encode, decode, trainAutoencoder, encodeBlocks, reconstructionError,
  type AutoencoderParams, type AutoencoderTrainOptions,
} from './encoding/autoencoder.ts';
export { layerBlock, layerBlocks, BLOCK_DEPTH_MM } from './encoding/layerBlocks.ts';
export { patchBlock, patchBlocks } from './encoding/patchBlocks.ts';
export { encodedS11, codeDataset, runEncoding, writeEncodedModel, readEncodedModel, type EncodedS11Model, type EncodingReport } from './encoding/pipeline.ts';
export { materialTensorBlock, cadToS11 } from './encoding/cadBlock.ts';
export { maxwell1DFamily, checkMedium, type Medium as Maxwell1DMedium, type Maxwell1DFamily, type Maxwell1DOptions, type Maxwell1DCounts } from './pinn/maxwell1d.ts';
export {
  autoDecoderNet, familyError, pretrainAutoDecoder, fineTuneAutoDecoder, searchLatent,
  type AutoDecoderNetConfig, type LatentChoice, type IncrementalTrainOptions, type FineTuneOptions, type IncrementalRecord, type TrainOutcome,
} from './pinn/incremental.ts';
export { parseIncrementalConfig, runIncremental, compareOnNewMedium, readAutoDecoderCheckpoint, type IncrementalConfig, type IncrementalResult, type NewMediumComparison } from './pinn/incrementalRun.ts';
