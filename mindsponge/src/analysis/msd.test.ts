import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffusionCoefficient, meanSquaredDisplacement, MsdError } from './msd.ts';
import { makeBox, wrapPositions, type Box } from '../space.ts';
import { createRng } from '../rng.ts';

/** Straight-line motion x(t) = x0 + v t, wrapped into the box (if any) every frame. */
function ballistic(n: number, box: Box | null, frames: number, dt: number, seed: number) {
  const rng = createRng(seed);
  const x0 = Float64Array.from({ length: 3 * n }, () => 5 * rng.uniform());
  const v = Float64Array.from({ length: 3 * n }, () => 2 * (rng.uniform() - 0.5));
  const out: Float64Array[] = [];
  for (let f = 0; f < frames; f++) {
    const x = x0.map((p, k) => p + v[k]! * f * dt);
    if (box) wrapPositions(box, x);
    out.push(x);
  }
  let v2 = 0;
  for (const c of v) v2 += c * c;
  return { frames: out, meanV2: v2 / n };
}

describe('meanSquaredDisplacement', () => {
  for (const [name, box] of [['orthorhombic', makeBox(4, 5, 6)], ['triclinic', makeBox(5, 4, 6, 2, -1.5, 1)], ['free', null]] as const) {
    it(`ballistic motion across the boundaries: MSD = <v^2> t^2 exactly (${name})`, () => {
      const dt = 0.1;
      const { frames, meanV2 } = ballistic(40, box, 60, dt, 1);
      const fns = meanSquaredDisplacement({ maxLag: 30, frameInterval: dt });
      let s = fns.init();
      for (const x of frames) s = fns.accumulate(s, x, box);
      const res = fns.result(s);
      expect(res.frames).toBe(60);
      for (let k = 0; k < 30; k++) {
        expect(res.time[k]).toBeCloseTo((k + 1) * dt, 12);
        expect(res.msd[k]! / (meanV2 * res.time[k]! ** 2)).toBeCloseTo(1, 9);
      }
    });
  }

  it('random walk: D = sigma^2 / (2 dt) within noise, and the fit recovers a known line', () => {
    const rng = createRng(2);
    const n = 400, sigma = 0.05, dt = 0.01, box = makeBox(3, 3, 3);
    const x = Float64Array.from({ length: 3 * n }, () => 3 * rng.uniform());
    const fns = meanSquaredDisplacement({ maxLag: 20, frameInterval: dt });
    let s = fns.init();
    for (let f = 0; f < 300; f++) {
      s = fns.accumulate(s, x, box);
      for (let k = 0; k < x.length; k++) x[k] = x[k]! + sigma * rng.normal();
      wrapPositions(box, x);
    }
    const res = fns.result(s);
    const fit = diffusionCoefficient(res, { from: 0.02, to: 0.2 });
    expect(fit.points).toBe(19);
    expect(fit.D / (sigma ** 2 / (2 * dt))).toBeCloseTo(1, 1);
    expect(Math.abs(fit.intercept)).toBeLessThan(0.05 * res.msd[19]!);
    const line = diffusionCoefficient({ time: Float64Array.of(1, 2, 3), msd: Float64Array.of(6.5, 12.5, 18.5), frames: 4 }, { from: 1, to: 3 });
    expect(line.D).toBeCloseTo(1, 12);
    expect(line.intercept).toBeCloseTo(0.5, 12);
  });

  it('group: averages only the listed atoms; short trajectories leave long lags NaN', () => {
    const box = makeBox(10, 10, 10);
    const x0 = new Float64Array(6), x1 = Float64Array.of(1, 0, 0, 0, 0, 3);
    const fns = meanSquaredDisplacement({ maxLag: 3, frameInterval: 1, group: [1] });
    const res = fns.result(fns.accumulate(fns.accumulate(fns.init(), x0, box), x1, box));
    expect(res.msd[0]).toBe(9);
    expect(Number.isNaN(res.msd[1]!)).toBe(true);
  });

  it('errors name the option, atom or frame', () => {
    expect(() => meanSquaredDisplacement({ maxLag: 0, frameInterval: 1 })).toThrow(/maxLag = 0/);
    expect(() => meanSquaredDisplacement({ maxLag: 2, frameInterval: -1 })).toThrow(/frameInterval = -1/);
    const fns = meanSquaredDisplacement({ maxLag: 2, frameInterval: 1 });
    const s = fns.accumulate(fns.init(), new Float64Array(9), null);
    expect(() => fns.result(s)).toThrow(/1 frame\(s\) accumulated/);
    expect(() => fns.accumulate(s, new Float64Array(6), null)).toThrow(/frame 1 has 2 atoms, earlier frames had 3/);
    expect(() => fns.accumulate(fns.init(), Float64Array.of(0, 0, NaN), null)).toThrow(/atom 0 has a non-finite coordinate NaN \(frame 0\)/);
    const g = meanSquaredDisplacement({ maxLag: 2, frameInterval: 1, group: [0, 3] });
    expect(() => g.accumulate(g.init(), new Float64Array(9), null)).toThrow(/group\[1\] = 3, expected an atom index in \[0, 3\)/);
    expect(() => diffusionCoefficient({ time: Float64Array.of(1), msd: Float64Array.of(1), frames: 2 }, { from: 0, to: 2 })).toThrow(/holds 1 lag/);
  });

  it('small steps in any box: MSD is finite, >= 0 and lag 1 equals the mean squared step (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 1 << 30 }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), (n, seed, tilt) => {
      const box = makeBox(3, 3, 3, 3 * tilt, 0, 3 * tilt * tilt);
      const rng = createRng(seed);
      const x = Float64Array.from({ length: 3 * n }, () => 20 * (rng.uniform() - 0.5));
      const fns = meanSquaredDisplacement({ maxLag: 3, frameInterval: 0.5 });
      let s = fns.accumulate(fns.init(), x, box);
      let step2 = 0;
      for (let k = 0; k < x.length; k++) { const d = 0.4 * (rng.uniform() - 0.5); step2 += d * d; x[k] = x[k]! + d; }
      wrapPositions(box, x);
      s = fns.accumulate(s, x, box);
      const r = fns.result(s);
      return Math.abs(r.msd[0]! - step2 / n) <= 1e-9 * (1 + step2);
    }), { numRuns: 100 });
  });
});
