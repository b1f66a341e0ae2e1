/**
 * MindElec's multi-scale fully-connected network (MultiScaleFCCell, mindelec/architecture/mtl_weighted_cell
 * and basic_block.py; Liu et al., "multi-scale DNN" for high-frequency PINN solutions):
 *   x -> (x - center) * scale                         (InputScaleNet, optional)
 *     -> concat(x, latent[scenario(row)])             (optional learnable latent vector per scenario)
 *     -> sum_s FCSequential_s(x * ampFactor * scaleFactor^s),  s = 0 .. numScales-1
 * FCSequential: dense(in, neurons) + act, then (layers - 2) blocks act(dense(h)) + h (residual) or
 * act(dense(h)), then dense(neurons, out) with no activation. Default act = sin.
 * Latent rows: the batch is numScenarios consecutive groups of equal size (MindElec's repeat/view),
 * so row r uses latent[floor(r / (N / numScenarios))].
 * Shapes: x [N, inChannels] -> [N, outChannels]. Units: whatever the inputs carry (the scale makes
 * them O(1)).
 */
import { add, concat, gather, mul, normal, ShapeError, split, sub, tensor, type DType, type RandomKey, type Tensor } from './deps.ts';
import { activation as resolveActivation, type ActivationFn, type ActivationName } from './activations.ts';
import { dense, initDense, type DenseInitOptions, type DenseParams } from './layers.ts';

/** (x - center) * scale, both broadcast over the last axis (MindElec InputScaleNet). */
export function inputScale(x: Tensor, scale: readonly number[] | Tensor, center?: readonly number[] | Tensor): Tensor {
  const d = x.shape[x.ndim - 1]!;
  const s = Array.isArray(scale) ? (scale as readonly number[]) : null;
  if (s && s.length !== d) throw new ShapeError(`inputScale: ${s.length} scale factors for inputs with last axis ${d}`);
  const c = Array.isArray(center) ? (center as readonly number[]) : null;
  if (c && c.length !== d) throw new ShapeError(`inputScale: ${c.length} centres for inputs with last axis ${d}`);
  const asT = (v: readonly number[] | Tensor): Tensor | number[] => (Array.isArray(v) ? [...v] : (v as Tensor));
  const centered = center === undefined ? x : sub(x, toTensor(asT(center), x.dtype));
  return mul(centered, toTensor(asT(scale), x.dtype));
}
function toTensor(v: Tensor | number[], dtype: DType): Tensor {
  return Array.isArray(v) ? tensor(v, { dtype }) : v;
}

export interface FCSequentialParams {
  input: DenseParams;
  hidden: DenseParams[];
  output: DenseParams;
}

export interface MultiScaleFCParams {
  scales: FCSequentialParams[];
  /** [numScenarios, latentSize] when the network has latent inputs. */
  latent?: Tensor;
}

export interface MultiScaleFCConfig {
  inChannels: number;
  outChannels: number;
  /** Total dense layers per sub-network, input and output included (>= 2). */
  layers: number;
  neurons: number;
  residual?: boolean;
  activation?: ActivationName | ActivationFn;
  numScales?: number;
  ampFactor?: number;
  scaleFactor?: number;
  inputScale?: readonly number[];
  inputCenter?: readonly number[];
  latent?: { numScenarios: number; size: number };
  init?: DenseInitOptions['init'];
  dtype?: DType;
}

export interface Model<P> {
  init(key: RandomKey): P;
  apply(params: P, x: Tensor): Tensor;
}

/** Builder: closes over the static configuration, returns {init, apply}. */
export function multiScaleFC(config: MultiScaleFCConfig): Model<MultiScaleFCParams> & { scaleCoefficients: number[] } {
  const { inChannels, outChannels, layers, neurons, residual = true, numScales = 4, ampFactor = 1, scaleFactor = 2, latent, dtype } = config;
  for (const [k, v, min] of [['inChannels', inChannels, 1], ['outChannels', outChannels, 1], ['layers', layers, 2], ['neurons', neurons, 1], ['numScales', numScales, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`multiScaleFC: ${k} = ${v}; expected an integer >= ${min}`);
  }
  const act = resolveActivation(config.activation ?? 'sin');
  const coef = Array.from({ length: numScales }, (_, i) => ampFactor * scaleFactor ** i);
  const width = inChannels + (latent ? latent.size : 0);
  const dopts: DenseInitOptions = { init: config.init ?? 'glorotNormal', dtype };

  const initSeq = (key: RandomKey): FCSequentialParams => {
    const ks = split(key, layers);
    return {
      input: initDense(ks[0]!, width, neurons, dopts),
      hidden: Array.from({ length: layers - 2 }, (_, i) => initDense(ks[i + 1]!, neurons, neurons, dopts)),
      output: initDense(ks[layers - 1]!, neurons, outChannels, dopts),
    };
  };
  const applySeq = (p: FCSequentialParams, x: Tensor): Tensor => {
    let h = act(dense(p.input, x));
    for (const layer of p.hidden) h = residual ? add(act(dense(layer, h)), h) : act(dense(layer, h));
    return dense(p.output, h);
  };

  return {
    scaleCoefficients: coef,
    init(key) {
      const [ks, kl] = split(key, 2);
      const scales = split(ks!, numScales).map(initSeq);
      if (!latent) return { scales };
      return { scales, latent: normal(kl!, [latent.numScenarios, latent.size], { std: 1 / Math.sqrt(latent.size), dtype }) };
    },
    apply(params, x) {
      if (x.ndim !== 2 || x.shape[1] !== inChannels) throw new ShapeError(`multiScaleFC: input must be [N, ${inChannels}], got [${x.shape.join(', ')}]`);
      if (params.scales.length !== numScales) throw new ShapeError(`multiScaleFC: params have ${params.scales.length} scales, config says ${numScales}`);
      let h = config.inputScale ? inputScale(x, config.inputScale, config.inputCenter) : x;
      if (latent) {
        if (!params.latent) throw new TypeError('multiScaleFC: config has a latent input but params.latent is missing');
        const n = x.shape[0]!;
        if (n % latent.numScenarios !== 0) throw new ShapeError(`multiScaleFC: batch of ${n} rows is not divisible into ${latent.numScenarios} scenarios`);
        const per = n / latent.numScenarios;
        const rows = new Int32Array(n);
        for (let r = 0; r < n; r++) rows[r] = Math.floor(r / per);
        h = concat([h, gather(params.latent, rows, 0)], 1);
      }
      let out: Tensor | null = null;
      for (let s = 0; s < numScales; s++) {
        const y = applySeq(params.scales[s]!, mul(h, coef[s]!));
        out = out === null ? y : add(out, y);
      }
      return out!;
    },
  };
}
