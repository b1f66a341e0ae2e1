/**
 * The public surface of @mindscience/core, imported through the package name the way sibling
 * packages and notebooks use it: every name listed in core/API.md is exported, and a tiny
 * end-to-end use of each transform works from the package entry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '@mindscience/core';

describe('@mindscience/core public API', () => {
  it('exports every function named in core/API.md', () => {
    const api = readFileSync(new URL('../core/API.md', import.meta.url), 'utf8');
    // `name(` inside backticks, e.g. `grad(f, argnums=0)`
    const names = new Set([...api.matchAll(/`([a-zA-Z][a-zA-Z0-9]*)\(/g)].map((m) => m[1]!));
    const missing = [...names].filter((n) => typeof (core as Record<string, unknown>)[n] !== 'function');
    expect(names.size).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
  it('transforms compose from the package entry', () => {
    const { tensor, grad, jvp, hessian, sum, sin, mul } = core;
    const f = (x: core.Tensor) => sum(mul(sin(x), x));
    const x = tensor([0.5, 1.5]);
    const g = grad(f)(x).data();
    const [, t] = jvp(f, [x], [tensor([1, 0])]);
    expect(t.item()).toBeCloseTo(g[0]!, 14);
    expect(hessian(f)(x).shape).toEqual([2, 2]);
  });
});
