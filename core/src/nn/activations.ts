/**
 * Activation functions not already in the core ops (relu, tanh, sigmoid, softplus, sin are core ops),
 * all compositions of differentiable primitives, so every derivative order works.
 *   shiftedSoftplus(x) = softplus(x) - ln 2          (SchNet, Schütt et al. 2017; ssp(0) = 0)
 *   silu(x) = swish(x) = x sigmoid(x)               (Ramachandran et al. 2017)
 *   gelu(x) = 0.5 x (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))   (Hendrycks & Gimpel 2016, tanh form)
 * `activation(name)` looks one up by name for configs (MindElec's act="sin").
 */
import { add, mul, relu, sigmoid, sin, softplus, sub, tanh, type Tensor, type TensorLike } from './deps.ts';

const LN2 = Math.LN2;
const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * Shifted softplus, ssp(x) = ln(1 + e^x) - ln 2 (SchNet, Schütt et al. 2017); ssp(0) = 0. Elementwise, any shape;
 * differentiable to any order.
 */
export const shiftedSoftplus = (x: TensorLike): Tensor => sub(softplus(x), LN2);
/** SiLU / swish, x · sigmoid(x) (Ramachandran et al. 2017). Elementwise, any shape; differentiable to any order. */
export const silu = (x: TensorLike): Tensor => mul(x, sigmoid(x));
export const swish = silu;
/**
 * GELU in its tanh approximation, 0.5 x (1 + tanh(sqrt(2/π)(x + 0.044715 x³))) (Hendrycks & Gimpel 2016).
 * Elementwise, any shape; differentiable to any order.
 */
export const gelu = (x: TensorLike): Tensor => mul(mul(0.5, x), add(1, tanh(mul(GELU_C, add(x, mul(0.044715, mul(x, mul(x, x))))))));

export type ActivationFn = (x: Tensor) => Tensor;
const identityActivation: ActivationFn = (x) => x;
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'shiftedSoftplus' | 'ssp' | 'silu' | 'swish' | 'gelu' | 'sin' | 'identity' | 'linear';

const table: Record<ActivationName, ActivationFn> = {
  relu, tanh, sigmoid, softplus, shiftedSoftplus, ssp: shiftedSoftplus, silu, swish, gelu, sin,
  identity: identityActivation, linear: identityActivation,
};

/** The activation named `name`, or `fn` itself when a function is given. */
export function activation(name: ActivationName | ActivationFn): ActivationFn {
  if (typeof name === 'function') return name;
  const f = table[name];
  if (!f) throw new RangeError(`activation: unknown activation '${String(name)}'; expected one of ${Object.keys(table).join(', ')} or a function`);
  return f;
}
