/**
 * PINN problems and solver: residual operators vanish on exact solutions (and not on wrong ones), the
 * Mur condition separates outgoing from incoming waves, the uncertainty-weighted loss matches its
 * formula, a short training run lowers the loss, and the FDTD reference is causal and symmetric.
 */
import { describe, expect, it } from 'vitest';
import { tensor, mul, sin, stack, sub, zeros, randomKey, reshape, type Tensor } from '@mindscience/core';
import { helmholtzProblem } from './helmholtz.ts';
import { maxwellTE2D } from './maxwell2d.ts';
import { maxwellTE2DReference } from './maxwellReference.ts';
import { column, dataConstraint, pointsTensor } from './problem.ts';
import { pinnSolver, relativeL2 } from './solver.ts';
import { multiScaleSinNet } from '../nn.ts';
import { parsePinnConfig, runPinn } from './run.ts';

const maxAbs = (t: Tensor) => Array.from(t.data()).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('Helmholtz residual', () => {
  const problem = helmholtzProblem({ k: 2 });
  const X = pointsTensor(problem.geometry.sampleInterior(50, { seed: 1 }), 2);
  it('(lap + k^2) sin(kx) = 0 at every point; sin(3x) leaves (k^2 - 9) sin(3x)', () => {
    type K = { k: Tensor };
    const u = (p: K, x: Tensor) => reshape(sin(mul(column(x, 0), p.k)), [-1, 1]);
    expect(maxAbs(problem.pdeResidual(u, { k: tensor(2) }, X))).toBeLessThan(1e-12);
    const r = problem.pdeResidual(u, { k: tensor(3) }, X);
    const expected = Array.from(column(X, 0).data(), (x) => (4 - 9) * Math.sin(3 * x));
    expect(maxAbs(sub(r, tensor(expected)))).toBeLessThan(1e-11);
  });
  it('boundary residual is zero for the exact solution and exact() matches sin(kx)', () => {
    const [, boundary] = problem.constraints({ domain: 10, boundary: 40 }, 0);
    const u = (_: null, x: Tensor) => reshape(sin(mul(column(x, 0), 2)), [-1, 1]);
    expect(maxAbs(boundary!.residual(u, null, boundary!.points))).toBeLessThan(1e-14);
    expect(problem.exact(new Float64Array([0.3, 1]))[0]).toBeCloseTo(Math.sin(0.6), 14);
  });
  it('rejects a non-positive wavenumber', () => {
    expect(() => helmholtzProblem({ k: -1 })).toThrow(/k = -1; expected a positive wavenumber/);
  });
});

describe('TE Maxwell residuals', () => {
  const problem = maxwellTE2D();
  // Plane wave along +x (sign 1) or -x (sign -1): Hz = f(x - sign t), Ey = sign Hz, Ex = 0; f = sin(5 .).
  const wave = (sign: number) => (_: null, X: Tensor) => {
    const ph = mul(sub(column(X, 0), mul(column(X, 2), sign)), 5);
    return stack([mul(column(X, 0), 0), mul(sin(ph), sign), sin(ph)], 1);
  };
  const X = pointsTensor(problem.geometry.sampleInterior(40, { seed: 2 }), 3);
  it('a source-free plane wave satisfies all three equations; a wrong polarisation does not', () => {
    expect(maxAbs(problem.pdeResidual(wave(1), null, X, zeros([40])))).toBeLessThan(1e-12);
    expect(maxAbs(problem.pdeResidual(wave(-1), null, X, zeros([40])))).toBeLessThan(1e-12);
    const wrong = (_: null, Y: Tensor) => {
      const ph = mul(sub(column(Y, 0), column(Y, 2)), 5);
      return stack([mul(column(Y, 0), 0), mul(sin(ph), -1), sin(ph)], 1);
    };
    expect(maxAbs(problem.pdeResidual(wrong, null, X, zeros([40])))).toBeGreaterThan(1);
  });
  it('the residual includes the source: a zero field leaves +s in the Hz equation', () => {
    const r = problem.pdeResidual((_: null, Y: Tensor) => mul(Y, 0), null, X);
    const s = problem.sourceAt(Float64Array.from(X.data()));
    const hz = Array.from(column(r, 2).data());
    hz.forEach((v, i) => expect(v).toBeCloseTo(s[i]!, 12));
  });
  it('Mur boundary: outgoing waves pass (residual 0 on the x = 1 face), incoming ones do not', () => {
    const [, boundary] = problem.constraints({ domain: 10, boundary: 200, initial: 10 }, 0);
    const P = Float64Array.from(boundary!.points.data());
    const onRight: number[] = [];
    for (let i = 0; i < P.length / 3; i++) if (Math.abs(P[3 * i]! - 1) < 1e-12) onRight.push(i);
    expect(onRight.length).toBeGreaterThan(10);
    const pick = (r: Tensor) => {
      const d = r.data();
      return Math.max(...onRight.map((i) => Math.max(Math.abs(d[2 * i]!), Math.abs(d[2 * i + 1]!))));
    };
    expect(pick(boundary!.residual(wave(1), null, boundary!.points))).toBeLessThan(1e-12);
    expect(pick(boundary!.residual(wave(-1), null, boundary!.points))).toBeGreaterThan(1);
  });
  it('initial constraint points lie at t = 0 and the Ricker source peaks at t0 = 1/f', () => {
    const [, , initial] = problem.constraints({ domain: 10, boundary: 10, initial: 30 }, 0);
    expect(maxAbs(column(initial!.points, 2))).toBe(0);
    expect(problem.waveform(problem.t0)).toBe(1);
    expect(problem.f).toBeCloseTo(1e9 / 299792458, 12);
  });
});

describe('FDTD reference for the TE problem', () => {
  const problem = maxwellTE2D({ tEnd: 0.6 });
  const ref = maxwellTE2DReference(problem, { cellsPerUnit: 60, times: [0.1, 0.55], stride: 2 });
  it('is causal (no field beyond c t from the source) and Hz is symmetric under x <-> y', () => {
    const { points, values } = ref.Hz;
    const peak = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.01);
    const byXY = new Map<string, number>();
    for (let i = 0; i < values.length; i++) {
      const [x, y, t] = [points[3 * i]!, points[3 * i + 1]!, points[3 * i + 2]!];
      const r = Math.hypot(x - 0.5, y - 0.5);
      // The source support has radius ~5 sigma = 0.2; beyond r = 0.2 + t + 2 cells nothing has arrived.
      if (r > 0.2 + t + 2 / 60) expect(Math.abs(values[i]!)).toBeLessThan(1e-6 * peak);
      byXY.set(`${x.toFixed(6)},${y.toFixed(6)},${t.toFixed(9)}`, values[i]!);
    }
    for (let i = 0; i < values.length; i++) {
      const m = byXY.get(`${points[3 * i + 1]!.toFixed(6)},${points[3 * i]!.toFixed(6)},${points[3 * i + 2]!.toFixed(9)}`);
      if (m !== undefined) expect(Math.abs(m - values[i]!)).toBeLessThan(1e-9 * peak);
    }
  });
  it("the Mur box matches the open domain until the pulse reaches the edges, then absorbs most of it", () => {
    const p = maxwellTE2D({ amplitude: 10 });
    const times = [0.15, 0.3, 0.75, 1.2];
    const open = maxwellTE2DReference(p, { cellsPerUnit: 50, times, stride: 1 });
    const mur = maxwellTE2DReference(p, { cellsPerUnit: 50, times, stride: 1, boundary: 'mur' });
    for (const f of ['Ex', 'Ey', 'Hz'] as const) {
      expect(mur[f].points.length).toBe(open[f].points.length);
      expect(mur[f].points.every((v, q) => Math.abs(v - open[f].points[q]!) < 1e-12)).toBe(true);
      // Per snapshot: relative difference and field energy.
      const per = times.map((_, s) => {
        let d = 0, o = 0, m = 0;
        for (let q = 0; q < open[f].values.length; q++) {
          if (Math.abs(open[f].points[3 * q + 2]! - open[f].points[3 * (s * (open[f].values.length / times.length)) + 2]!) > 1e-12) continue;
          d += (mur[f].values[q]! - open[f].values[q]!) ** 2;
          o += open[f].values[q]! ** 2;
          m += mur[f].values[q]! ** 2;
        }
        return { rel: Math.sqrt(d / o), open: o, mur: m };
      });
      // (the open reference runs in SI units: the two agree to rounding)
      expect(per[0]!.rel).toBeLessThan(1e-7);
      expect(per[1]!.rel).toBeLessThan(1e-7);
      expect(per[2]!.rel).toBeGreaterThan(1e-3); // first-order Mur reflects oblique waves
      expect(per[3]!.mur).toBeLessThan(0.1 * per[1]!.mur); // ... but lets most of the pulse out
    }
    // Second-order Mur: identical before the edges, and closer to the open domain than first order afterwards.
    const mur2 = maxwellTE2DReference(p, { cellsPerUnit: 50, times, stride: 1, boundary: 'mur2' });
    const l2 = (a: Float64Array, b: Float64Array) => Math.sqrt(a.reduce((acc, v, q) => acc + (v - b[q]!) ** 2, 0) / b.reduce((acc, v) => acc + v * v, 0));
    for (const f of ['Ex', 'Ey', 'Hz'] as const) {
      const half = open[f].values.length / 2; // the first two snapshots
      expect(l2(mur2[f].values.subarray(0, half), open[f].values.subarray(0, half))).toBeLessThan(1e-7);
      expect(l2(mur2[f].values, open[f].values)).toBeLessThan(0.6 * l2(mur[f].values, open[f].values));
    }
  });
});

describe('solver', () => {
  it('uncertainty weighting equals sum 0.5/s^2 L + log(1 + s^2) at s = 1', () => {
    const problem = helmholtzProblem();
    const net = multiScaleSinNet([2, 8, 1], { scales: [1] });
    const solver = pinnSolver({ net, problem, counts: { domain: 30, boundary: 20 } });
    const s0 = solver.init(randomKey(0));
    const L = solver.residualLosses(s0.params.net, s0.constraints);
    const s1 = solver.step(s0);
    expect(s1.total).toBeCloseTo(0.5 * (L[0]! + L[1]!) + 2 * Math.log(2), 10);
    expect(s1.losses[0]).toBeCloseTo(L[0]!, 12);
  });
  it('a short Helmholtz run lowers the loss and the L2 error', () => {
    const problem = helmholtzProblem();
    const net = multiScaleSinNet([2, 16, 16, 1], { scales: [1] });
    const solver = pinnSolver({ net, problem, counts: { domain: 120, boundary: 80 }, optimizer: { lr: 5e-3 } });
    let s = solver.init(randomKey(1));
    const test = problem.geometry.sampleInterior(400, { sampler: 'grid' });
    const e0 = relativeL2(solver.predict(s.params.net, test), problem.exact(test), 1)[0]!;
    const L0 = solver.residualLosses(s.params.net, s.constraints);
    s = solver.train(s, 150);
    const L1 = solver.residualLosses(s.params.net, s.constraints);
    const e1 = relativeL2(solver.predict(s.params.net, test), problem.exact(test), 1)[0]!;
    expect(L1[1]!).toBeLessThan(0.1 * L0[1]!); // boundary fit
    expect(L1[0]! + L1[1]!).toBeLessThan(0.2 * (L0[0]! + L0[1]!));
    expect(e1).toBeLessThan(0.5 * e0);
  }, 60_000);
  it('data-driven mode: a data constraint fits labelled values', () => {
    const problem = helmholtzProblem();
    const pts = problem.geometry.sampleInterior(60, { seed: 4 });
    const X = pointsTensor(pts, 2);
    const target = reshape(tensor(problem.exact(pts)), [-1, 1]);
    const dataOnly = { ...problem, constraints: () => [dataConstraint('data', X, target)] };
    const solver = pinnSolver({ net: multiScaleSinNet([2, 16, 1], { scales: [1] }), problem: dataOnly, counts: {}, weighting: { kind: 'fixed' }, optimizer: { lr: 1e-2 } });
    let s = solver.init(randomKey(2));
    const before = solver.residualLosses(s.params.net, s.constraints)[0]!;
    s = solver.train(s, 200);
    expect(solver.residualLosses(s.params.net, s.constraints)[0]!).toBeLessThan(0.05 * before);
    expect(() => dataConstraint('bad', X, tensor([1, 2]))).toThrow(/target shape \[2\] must be \[60, outputs\]/);
  }, 30_000);
  it('relativeL2 per column', () => {
    const e = relativeL2(new Float64Array([1, 0, 2, 0]), new Float64Array([1, 1, 1, 1]), 2);
    expect(e[0]).toBeCloseTo(Math.sqrt(1 / 2), 12);
    expect(e[1]).toBeCloseTo(1, 12);
  });
});

describe('time-marching curriculum', () => {
  it('trains stage by stage on growing time windows, keeping the network between stages', () => {
    const text = JSON.stringify({ problem: 'maxwell-te2d', net: { widths: [3, 6, 3], scales: [1] }, counts: { domain: 20, boundary: 10, initial: 10 }, maxwell: { cellsPerUnit: 30 }, train: { steps: 6, logEvery: 3, curriculum: 3 } });
    const config = parsePinnConfig('c.json', text);
    expect(config.train.curriculum).toBe(3);
    const lines: string[] = [];
    const r = runPinn(config, (l) => lines.push(l));
    const stages = lines.filter((l) => l.startsWith('curriculum stage'));
    expect(stages.length).toBe(3);
    expect(stages[2]).toMatch(/stage 3\/3: t in \[0, 1\.199\]/);
    expect(r.history.map((h) => h.step)).toEqual([2, 4, 6]);
    expect(r.state.step).toBe(6);
    expect(() => parsePinnConfig('c.json', text.replace('"curriculum":3', '"curriculum":0'))).toThrow(/train\.curriculum = 0; expected an integer > 0/);
  }, 30_000);
});
