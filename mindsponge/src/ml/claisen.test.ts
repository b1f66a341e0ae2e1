/**
 * The shipped Claisen showcase (datasets/data/claisen_*, datasets/data/models/claisen-molct.*): the data
 * files agree with each other and with the scan record, and the trained MolCT model reproduces the GFN2
 * barrier and reaction energy within the stated tolerance, has forces = -dE/dR, and keeps the molecule
 * intact in short 600 K dynamics. No xtb needed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomSplit, readLabelledXyz, shippedDataPath, type LabelledFrame } from '@mindscience/datasets';
import { evaluate, maxwellBoltzmann, molecularUnits, nvtLangevin } from '../engine.ts';
import { withFragmentGuard } from './guard.ts';
import { neuralForceProvider } from './provider.ts';
import { distanceCombination } from './reaction.ts';
import { evaluateMetrics, loadPotential } from './train.ts';

const read = (f: string): LabelledFrame[] => readLabelledXyz(readFileSync(shippedDataPath(f), 'utf8'), { source: f });
const KCAL = 4.184, HARTREE = 2625.4996394798254;
const XI = [{ i: 0, j: 5, c: 1 }, { i: 2, j: 3, c: -1 }];
const scan = JSON.parse(readFileSync(shippedDataPath('claisen_scan.json'), 'utf8')) as {
  barrierKcal: number; reactionEnergyKcal: number; reactantHartree: number; ts: { d16Angstrom: number; d34Angstrom: number; imaginaryFrequenciesCm: number[] };
};
const [reactant, ts, product] = read('claisen_structures.extxyz') as [LabelledFrame, LabelledFrame, LabelledFrame];
const path = read('claisen_path.extxyz');

describe('Claisen data (GFN2-xTB)', () => {
  it('structures: reactant, chair TS and product reproduce the recorded barrier and reaction energy', () => {
    expect([reactant, ts, product].map((f) => f.info['name'])).toEqual(['reactant', 'ts', 'product']);
    expect((ts.energy! - reactant.energy!) / KCAL).toBeCloseTo(scan.barrierKcal, 2);
    expect((product.energy! - reactant.energy!) / KCAL).toBeCloseTo(scan.reactionEnergyKcal, 2);
    expect(reactant.energy! / HARTREE).toBeCloseTo(scan.reactantHartree, 6);
    expect(scan.ts.imaginaryFrequenciesCm).toHaveLength(1);
    // The TS is a stationary point: residual forces far below those of a 300 K conformer.
    expect(Math.max(...Array.from(ts.forces!, Math.abs))).toBeLessThan(50); // kJ/mol/nm
    const d = (f: LabelledFrame, i: number, j: number) => 10 * Math.hypot(...[0, 1, 2].map((q) => f.positions[3 * i + q]! - f.positions[3 * j + q]!) as [number, number, number]);
    expect(d(ts, 0, 5)).toBeCloseTo(scan.ts.d16Angstrom, 3);
    expect(d(reactant, 2, 3)).toBeLessThan(1.5); // C-O ether bond
    expect(d(product, 0, 5)).toBeLessThan(1.6); // new C-C bond
    expect(d(product, 1, 2)).toBeLessThan(1.25); // carbonyl
  });

  it('the path runs from reactant to product over the barrier, and the training set covers it', () => {
    const xi = path.map((f) => 10 * distanceCombination(XI, f.positions));
    expect(xi[0]!).toBeGreaterThan(1.5);
    expect(xi.at(-1)!).toBeLessThan(-1.5);
    const top = Math.max(...path.map((f) => f.energy!));
    expect(top).toBeGreaterThan(path[0]!.energy!);
    expect(top).toBeGreaterThan(path.at(-1)!.energy!);
    const frames = read('claisen_xtb.extxyz');
    expect(frames.length).toBeGreaterThan(1500);
    for (const lo of [-2.5, -1.5, -0.5, 0.5, 1.5]) {
      expect(frames.filter((f) => Number(f.info['xi']) >= lo && Number(f.info['xi']) < lo + 1).length, `frames with xi in [${lo}, ${lo + 1})`).toBeGreaterThan(50);
    }
  });
});

describe('Claisen MolCT model (datasets/data/models/claisen-molct.ckpt)', () => {
  const { model } = loadPotential(shippedDataPath('models/claisen-molct.ckpt'));
  const provider = neuralForceProvider(model, { atoms: reactant.symbols });
  const energy = (x: Float64Array): number => evaluate(provider, x, null).energy;

  it('reproduces the GFN2 barrier along the path within 1.5 kcal/mol, and from the extended minima within 5', () => {
    // Along the path (chair reactant -> TS region), the model is close; against the extended reactant and
    // product minima it is off by ~4 kcal/mol (models README): the stated tolerances.
    const e = path.map((f) => energy(f.positions));
    const topModel = Math.max(...e.map((v) => v - e[0]!)), topXtb = Math.max(...path.map((f) => f.energy! - path[0]!.energy!));
    expect(Math.abs(topModel - topXtb) / KCAL).toBeLessThan(1.5);
    const [r, t, p] = [reactant, ts, product].map((f) => energy(f.positions)) as [number, number, number];
    expect(Math.abs((t - r) / KCAL - scan.barrierKcal)).toBeLessThan(5);
    expect(Math.abs((p - r) / KCAL - scan.reactionEnergyKcal)).toBeLessThan(5);
  });

  it('follows the GFN2 energy profile along the minimum-energy path within 1.5 kcal/mol (mean) and 3 (max)', () => {
    const e = path.map((f) => energy(f.positions));
    const err = path.map((f, k) => Math.abs((e[k]! - e[0]!) - (f.energy! - path[0]!.energy!)) / KCAL);
    expect(err.reduce((a, b) => a + b, 0) / err.length).toBeLessThan(1.5);
    expect(Math.max(...err)).toBeLessThan(3);
  });

  it('held-out errors match the training report', () => {
    const report = JSON.parse(readFileSync(shippedDataPath('models/claisen-molct.report.json'), 'utf8')) as { sizes: { train: number; validation: number }; test: { energyMae: number; forceMae: number } };
    const frames = read('claisen_xtb.extxyz');
    const split = randomSplit(frames.length, { train: report.sizes.train, validation: report.sizes.validation }, 0);
    const test = Array.from(split.test.subarray(0, 60), (i) => frames[i]!);
    const m = evaluateMetrics(model, test);
    expect(m.forceMae).toBeLessThan(1.5 * report.test.forceMae);
    expect(m.energyMae).toBeLessThan(2 * report.test.energyMae);
  });

  it('forces are -dE/dR at the transition state (central differences)', () => {
    const x = ts.positions.slice();
    const f = evaluate(provider, x, null).forces;
    const h = 1e-5;
    for (const k of [0, 5, 7, 15, 40]) {
      const xp = x.slice(), xm = x.slice();
      xp[k] += h; xm[k] -= h;
      expect(f[k]).toBeCloseTo(-(energy(xp) - energy(xm)) / (2 * h), 2);
    }
  });

  it('keeps allyl vinyl ether intact for 0.1 ps of 600 K Langevin dynamics (fragment guard)', () => {
    const masses = Float64Array.from(reactant.symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
    const sim = withFragmentGuard(nvtLangevin(neuralForceProvider(model, { atoms: reactant.symbols }), { dt: 0.0005, temperature: 600, gamma: 5 }), reactant.symbols);
    let s = sim.init({ positions: reactant.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, 600, molecularUnits.kB, 4), seed: 5 });
    for (let i = 0; i < 200; i++) s = sim.step(s);
    expect(Number.isFinite(s.potentialEnergy)).toBe(true);
  });
});
