import { describe, expect, it } from 'vitest';
import { checkGrads, sum, square, sub, tensor, type Tensor } from '@mindscience/core';
import { md17EthanolSnippet } from '@mindscience/datasets';
import { makeBox, neighborList } from '../engine.ts';
import { graphFromNeighborList, moleculeBatchGraph, pairVectors } from './graph.ts';
import { elementIndices, energiesAndForces, evaluatePotential, initPotential, representationConfig, type NeuralPotential, type PotentialParams } from './model.ts';

const ethanol = md17EthanolSnippet();
const tiny = (kind: 'schnet' | 'molct', seed = 3): NeuralPotential => {
  const m = initPotential({ elements: [1, 6, 8], representation: representationConfig(kind, { features: 8, rbf: 6, interactions: 2, heads: 2, cutoff: 0.4 }) }, seed);
  // Non-trivial scale/shift so they are exercised.
  return { config: m.config, params: { ...m.params, scale: tensor([2, 3, 5]), shift: tensor([-1, -2, -3]) } };
};

function energyOf(model: NeuralPotential, x: Float64Array, species: Int32Array): number {
  return evaluatePotential(model, moleculeBatchGraph([x], [species], model.config.representation.cutoff), x).energies[0]!;
}

function rotate(x: Float64Array, R: number[][]): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += 3) for (let a = 0; a < 3; a++) y[i + a] = R[a]![0]! * x[i]! + R[a]![1]! * x[i + 1]! + R[a]![2]! * x[i + 2]!;
  return y;
}

function randomRotation(seed: number): number[][] {
  // Rotation from a unit quaternion.
  let s = seed;
  const u = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const q = [u(), u(), u(), u()];
  const n = Math.hypot(...q);
  const [w, x, y, z] = q.map((v) => v / n) as [number, number, number, number];
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
}

describe.each(['schnet', 'molct'] as const)('%s potential', (kind) => {
  const model = tiny(kind);
  const frame = ethanol[1]!;
  const species = elementIndices(model.config, frame.symbols);
  const x = frame.positions;
  const graph = moleculeBatchGraph([x], [species], model.config.representation.cutoff);
  const ref = evaluatePotential(model, graph, x);

  it('is invariant to rotation and translation; forces rotate with the molecule', () => {
    const R = randomRotation(7);
    const y = rotate(x, R).map((v, k) => v + [0.37, -1.2, 2.5][k % 3]!);
    const out = evaluatePotential(model, moleculeBatchGraph([y], [species], 0.4), y);
    expect(out.energies[0]).toBeCloseTo(ref.energies[0]!, 9);
    const fr = rotate(ref.forces, R);
    for (let k = 0; k < fr.length; k++) expect(out.forces[k]).toBeCloseTo(fr[k]!, 7);
  });

  it('is invariant to permuting like atoms (the H atoms); forces permute', () => {
    const perm = [0, 1, 2, 8, 5, 3, 7, 4, 6];
    const y = new Float64Array(27);
    perm.forEach((src, dst) => y.set(x.subarray(3 * src, 3 * src + 3), 3 * dst));
    const sp = Int32Array.from(perm, (src) => species[src]!);
    const out = evaluatePotential(model, moleculeBatchGraph([y], [sp], 0.4), y);
    expect(out.energies[0]).toBeCloseTo(ref.energies[0]!, 10);
    perm.forEach((src, dst) => { for (let a = 0; a < 3; a++) expect(out.forces[3 * dst + a]).toBeCloseTo(ref.forces[3 * src + a]!, 9); });
  });

  it('forces equal -dE/dR (central differences)', () => {
    const h = 1e-6;
    let worst = 0;
    for (let k = 0; k < 27; k++) {
      const xp = x.slice(), xm = x.slice();
      xp[k]! += h; xm[k]! -= h;
      const fd = -(energyOf(model, xp, species) - energyOf(model, xm, species)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - ref.forces[k]!) / (Math.abs(fd) + 1e-3));
    }
    expect(worst).toBeLessThan(1e-5);
    // Net force and torque of an isolated molecule vanish.
    for (let a = 0; a < 3; a++) expect(Math.abs(ref.forces[a]! + ref.forces[3 + a]! + ref.forces.reduce((s, v, k) => (k % 3 === a && k >= 6 ? s + v : s), 0))).toBeLessThan(1e-9);
  });

  it('batches: energies of a batch equal energies of each molecule alone', () => {
    const xs = ethanol.map((f) => f.positions);
    const g = moleculeBatchGraph(xs, xs.map(() => species), 0.4);
    const all = new Float64Array(81);
    xs.forEach((p, k) => all.set(p, 27 * k));
    const out = evaluatePotential(model, g, all);
    xs.forEach((p, k) => expect(out.energies[k]).toBeCloseTo(energyOf(model, p, species), 10));
  });

  it('gradient of the force loss w.r.t. weights matches central differences (checkGrads)', () => {
    const D = tensor(pairVectors(graph, x), { shape: [graph.idxI.length, 3] });
    const Fref = tensor(frame.forces!.map((v) => v * 1e-3), { shape: [9, 3] });
    const withW = (w: Tensor): PotentialParams => {
      const rep = model.params.representation;
      const inter = rep.interactions.map((b, i) => (i === 0 ? { ...b, filter1: { ...b.filter1, w } } : b));
      return { ...model.params, representation: { ...rep, interactions: inter } as typeof rep };
    };
    const loss = (w: Tensor): Tensor => {
      const { energies, forces } = energiesAndForces(model.config, withW(w), graph, D);
      return sum(square(sub(forces, Fref))).add(sum(square(energies)).mul(1e-3));
    };
    const report = checkGrads(loss, [model.params.representation.interactions[0]!.filter1.w], { order: 1, modes: ['rev'], rtol: 1e-5, eps: 1e-6 });
    expect(report.maxRelErr).toBeLessThan(1e-5);
  });
});

describe('periodic systems', () => {
  // 12 atoms (4 "water-like" O H H triples) in a 1.2 nm cube, graph from the engine's neighbour list.
  const box = makeBox(1.2, 1.2, 1.2);
  const base = [[0.1, 0.1, 0.1], [0.7, 0.2, 0.6], [0.3, 0.8, 0.9], [1.0, 0.9, 0.3]];
  const x = new Float64Array(36);
  base.forEach(([a, b, c], m) => {
    x.set([a!, b!, c!], 9 * m);
    x.set([a! + 0.0957, b!, c!], 9 * m + 3);
    x.set([a! - 0.024, b! + 0.0927, c!], 9 * m + 6);
  });
  const model = tiny('schnet');
  const species = elementIndices(model.config, Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 8 : 1)));
  const nlFns = neighborList({ cutoff: 0.4, skin: 0.1 });
  const energy = (y: Float64Array, b = box): number => {
    const nl = neighborList({ cutoff: 0.4, skin: 0.1 }).allocate(y, b);
    return evaluatePotential(model, graphFromNeighborList(nl, y, b, species), y).energies[0]!;
  };
  const nl = nlFns.allocate(x, box);
  const out = evaluatePotential(model, graphFromNeighborList(nl, x, box, species), x);

  it('forces equal -dE/dR across the periodic boundary', () => {
    const h = 1e-6;
    for (const k of [0, 4, 11, 20, 35]) {
      const xp = x.slice(), xm = x.slice();
      xp[k]! += h; xm[k]! -= h;
      const fd = -(energy(xp) - energy(xm)) / (2 * h);
      expect(Math.abs(fd - out.forces[k]!)).toBeLessThan(1e-5 * (Math.abs(fd) + 1));
    }
  });
  it('is invariant to translation through the boundary', () => {
    const y = x.map((v, k) => v + [0.5, 0.9, 1.1][k % 3]!);
    expect(energy(y)).toBeCloseTo(out.energies[0]!, 9);
  });
  it('virial W_aa = -dE/d(eps_aa) under a homogeneous strain of cell and positions', () => {
    const h = 1e-6;
    for (let a = 0; a < 3; a++) {
      const strained = (e: number): number => {
        const s = [1, 1, 1]; s[a] = 1 + e;
        const b = makeBox(1.2 * s[0]!, 1.2 * s[1]!, 1.2 * s[2]!);
        return energy(x.map((v, k) => v * s[k % 3]!), b);
      };
      const fd = -(strained(h) - strained(-h)) / (2 * h);
      expect(Math.abs(fd - out.virial[a]!)).toBeLessThan(1e-5 * (Math.abs(fd) + 1));
    }
  });
});
