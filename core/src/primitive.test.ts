/** The registry: one declaration per name, rules required, bind dispatches to the kernel when concrete. */
import { describe, expect, it } from 'vitest';
import { bind, definePrimitive, registeredPrimitives } from './primitive.ts';
import { RegistryError, tensor } from './index.ts';

describe('primitive registry', () => {
  it('registering a name twice throws', () => {
    expect(() => definePrimitive<null>({ name: 'sin', impl: ([x]) => x!, zeroDerivative: true })).toThrow(RegistryError);
    expect(() => definePrimitive<null>({ name: 'sin', impl: ([x]) => x!, zeroDerivative: true })).toThrow(/'sin' is already registered/);
  });
  it('a differentiable primitive must bring both rules', () => {
    expect(() => definePrimitive<null>({ name: 'test_noRules', impl: ([x]) => x! })).toThrow(/needs both jvp and vjp rules/);
    expect(registeredPrimitives().has('test_noRules')).toBe(false);
  });
  it('the core primitive set is small and complete', () => {
    expect([...registeredPrimitives().keys()].sort()).toEqual([
      'add', 'broadcastTo', 'cast', 'concat', 'cos', 'div', 'equal', 'exp', 'gather', 'greater', 'greaterEqual', 'log', 'log1p',
      'matmul', 'mul', 'neg', 'pad', 'pow', 'reduceMax', 'reduceSum', 'reshape', 'scatterAdd', 'sign', 'sin', 'slice', 'sqrt',
      'stopGradient', 'sub', 'tanh', 'transpose', 'where',
    ]);
  });
  it('bind on concrete tensors runs the kernel', () => {
    expect(bind(registeredPrimitives().get('exp')!, [tensor([0])], null).toArray()).toEqual([1]);
  });
});
