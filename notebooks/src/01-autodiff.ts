// %% [markdown]
// # Automatic differentiation in `@mindscience/core`
//
// JAX-style transforms over immutable tensors: `grad`, `valueAndGrad`, `jvp` (forward mode), `vjp`
// (reverse mode), `jacfwd`, `jacrev`, `hessian`. They nest to any order and mix modes — what PINNs
// (derivatives of a network with respect to its inputs, then with respect to its weights) and
// force-trained neural potentials (forces = -dE/dR, then d(force loss)/d(weights)) need.
// %%
import * as tslab from 'tslab';
import { tensor, linspace, grad, valueAndGrad, jvp, vjp, jacfwd, jacrev, hessian, tanh, sin, mul, add, pow, sum, exp, checkGrads, randomKey, normal, matmul, laplacian, type Tensor } from '@mindscience/core';
import { linePlot } from '@mindscience/viz';
// %% [markdown]
// ## `grad` to any order
// `grad(f)` of a scalar function returns a function; applying `grad` again differentiates the derivative.
// The derivative rules are written with differentiable ops, so the third derivative of `tanh` is exact —
// TensorFlow.js gets this wrong (tensorflow/tfjs#3252).
// %%
const f = (x: Tensor) => tanh(x);
const df = grad(f);
const d2f = grad(grad(f));
const d3f = grad(grad(grad(f)));
const x0 = tensor(0.5);
const t = Math.tanh(0.5);
console.log('tanh\'\'\'(0.5) autodiff:', d3f(x0).item(), ' closed form:', -2 * (1 - t * t) * (1 - 3 * t * t));
// %% [markdown]
// ## A function and its first three derivatives
// %%
const xs = Array.from(linspace(-3, 3, 121).data());
const curve = (g: (x: Tensor) => Tensor) => xs.map((v) => g(tensor(v)).item());
tslab.display.html(linePlot([
  { label: 'tanh(x)', x: xs, y: curve(f) },
  { label: "f'", x: xs, y: curve(df) },
  { label: "f''", x: xs, y: curve(d2f) },
  { label: "f'''", x: xs, y: curve(d3f), dashed: true },
], { title: 'tanh and its derivatives (nested grad)', xLabel: 'x', yLabel: 'value' }));
// %% [markdown]
// ## Forward and reverse mode agree: ⟨vjp(u), v⟩ = ⟨u, jvp(v)⟩
// %%
const g = (x: Tensor) => mul(sin(x), exp(mul(x, 0.3)));
const xv = tensor([0.1, 0.7, -1.2]);
const v = tensor([1.0, -2.0, 0.5]);
const u = tensor([0.3, 0.4, -1.0]);
const [, jv] = jvp(g, [xv], [v]);
const [, vjpFn] = vjp(g, xv);
const [uJ] = vjpFn(u) as Tensor[];
console.log('<u, J v> =', sum(mul(u, jv)).item(), '  <J^T u, v> =', sum(mul(uJ!, v)).item());
// %% [markdown]
// ## Mixed partials and Hessians
// h(x, y) = sin(xy) + x³y. `hessian = jacfwd(jacrev(h))`: forward over reverse.
// %%
const h = (p: Tensor) => {
  const [x, y] = [p.slice([0], [1]).reshape([]), p.slice([1], [1]).reshape([])];
  return add(sin(mul(x, y)), mul(pow(x, 3), y));
};
const p0 = tensor([0.8, -0.4]);
console.log('Hessian (autodiff):', hessian(h)(p0).toArray());
const [xa, ya] = [0.8, -0.4];
const hxy = Math.cos(xa * ya) - xa * ya * Math.sin(xa * ya) + 3 * xa * xa;
console.log('closed form h_xx, h_xy, h_yy:', -ya * ya * Math.sin(xa * ya) + 6 * xa * ya, hxy, -xa * xa * Math.sin(xa * ya));
console.log('jacrev == jacfwd for grad:', jacrev(grad(h))(p0).toArray(), jacfwd(grad(h))(p0).toArray());
// %% [markdown]
// ## PINN-style input derivatives at O(N)
// For a network u(params, X) over N points, `laplacian(u, params, X)` returns the per-point Laplacian
// using nested forward-mode passes (no N×N Jacobian), and stays differentiable in the parameters.
// %%
const key = randomKey(0);
const params = { W1: normal(key, [2, 16], { std: 0.5 }), W2: normal(randomKey(1), [16, 1], { std: 0.5 }) };
type P = typeof params;
const net = (prm: P, X: Tensor) => matmul(tanh(matmul(X, prm.W1)), prm.W2);
const X = normal(randomKey(2), [5, 2]);
console.log('Laplacian at 5 points:', laplacian(net, params, X).toArray());
const loss = (prm: P) => sum(pow(laplacian(net, prm, X), 2));
const [L, dL] = valueAndGrad(loss)(params);
console.log('residual loss', L.item(), ' |dL/dW1| =', Math.sqrt(sum(pow(dL.W1, 2)).item()));
// %% [markdown]
// ## Checking gradients against finite differences
// `checkGrads` compares forward and reverse mode with central differences in random directions,
// recursing to the requested order.
// %%
const report = checkGrads((x: Tensor) => sum(tanh(mul(x, x))), [tensor([0.3, -0.8, 1.1])], { order: 3 });
console.log('max relative error to third order:', report.maxRelErr.toExponential(2), 'over', report.checks, 'checks');
