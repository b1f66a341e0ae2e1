/**
 * @mindscience/core — immutable tensors, a registry of differentiable primitives, and JAX-style
 * transforms (grad, valueAndGrad, vjp, jvp, jacfwd, jacrev, hessian) that nest to any order and mix
 * forward and reverse mode. See core/API.md for the full list of names and signatures.
 */
export { Tensor, type NestedArray, type TensorLike } from './tensor.ts';
export type { DType, TypedArray } from './dtype.ts';
export { ShapeError, TraceError, RegistryError } from './errors.ts';
export { tensor, scalar, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, type CreateOptions } from './creation.ts';
export {
  add, sub, mul, div, pow, neg, exp, log, log1p, sin, cos, tanh, sqrt, sign, stopGradient, cast,
  greater, greaterEqual, less, lessEqual, equal, notEqual, where,
  reshape, transpose, swapLastAxes, broadcastTo, expandDims, squeeze, slice, pad, concat, stack,
  sum, max, min, matmul, gather, scatterAdd, type IndexLike,
  square, tan, abs, sigmoid, relu, softplus, maximum, minimum, clip, reciprocal, mean, logsumexp, norm, dot,
} from './ops/index.ts';
export { definePrimitive, bind, registeredPrimitives, type Primitive, type PrimitiveDef } from './primitive.ts';
export { jvp, vjp, grad, valueAndGrad, valueAndGradWithAux, jacfwd, jacrev, hessian, type VjpFn, type GradOut } from './autodiff/api.ts';
export { treeFlatten, treeUnflatten, treeMap, treeMap2, treeLeaves, type Tree, type TreeDef } from './tree.ts';
export {
  backend, setBackend, jsBackend, wasmBackend, createWasmBackend, backendByName, availableBackends, backendReport,
  createGpuBackend, gpuUnavailableReason, type GpuBackendOptions,
  type Backend, type BackendName, type BackendReport, type StridedArray, type WasmBackendOptions, type WasmBackend,
} from './backends/index.ts';
export { randomKey, split, uniform, normal, permutation, randomBits, threefry2x32, mulberry32, type RandomKey, type UniformOptions, type NormalOptions } from './random.ts';
export { toNdarray, fromNdarray } from './interop.ts';
export { solveDense } from './denseSolve.ts';
export { commandLine, kernelsLine, type CliCommand, type CommandLine } from './commandLine.ts';
export { partialDerivative, secondDerivative, laplacian, valueAndInputGrad, type PointwiseFn } from './pinn.ts';
export { checkGrads, allClose, GradCheckError, type CheckGradsOptions, type GradCheckReport, type GradMode } from './testing/index.ts';
export * from './nn/index.ts';
export * from './optim/index.ts';
export * from './train/index.ts';
