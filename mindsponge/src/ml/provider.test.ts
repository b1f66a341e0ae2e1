import { describe, expect, it } from 'vitest';
import { tensor } from '@mindscience/core';
import { md17EthanolSnippet } from '@mindscience/datasets';
import { evaluate, forceResult, kineticEnergy, makeBox, maxwellBoltzmann, molecularUnits, nve, nvtLangevin, sumProviders, type ForceProvider } from '../engine.ts';
import { elementIndices, evaluatePotential, initPotential, representationConfig, type NeuralPotential } from './model.ts';
import { moleculeBatchGraph } from './graph.ts';
import { neuralForceProvider } from './provider.ts';

const frame = md17EthanolSnippet()[0]!;
const masses = Float64Array.from(frame.symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
const tiny = (kind: 'schnet' | 'molct'): NeuralPotential => {
  const m = initPotential({ elements: [1, 6, 8], representation: representationConfig(kind, { features: 8, rbf: 6, interactions: 2, heads: 2, cutoff: 0.4 }) }, 5);
  return { config: m.config, params: { ...m.params, scale: tensor([20, 20, 20]) } };
};

/** A harmonic tether to the start geometry (kJ/mol/nm^2), so the random-weight molecule stays together. */
function tether(x0: Float64Array, k: number): ForceProvider {
  return {
    name: 'tether',
    compute(x, _box, out) {
      for (let i = 0; i < x.length; i++) { const d = x[i]! - x0[i]!; out.energy += 0.5 * k * d * d; out.forces[i] -= k * d; }
    },
  };
}

describe.each(['schnet', 'molct'] as const)('%s as an engine ForceProvider', (kind) => {
  const model = tiny(kind);
  const provider = neuralForceProvider(model, { atoms: frame.symbols });

  it('adds the same energy and forces as evaluatePotential', () => {
    const r = evaluate(provider, frame.positions, null);
    const ref = evaluatePotential(model, moleculeBatchGraph([frame.positions], [elementIndices(model.config, frame.symbols)], 0.4), frame.positions);
    expect(r.energy).toBeCloseTo(ref.energies[0]!, 10);
    expect(r.terms['neural']).toBeCloseTo(ref.energies[0]!, 10);
    for (let k = 0; k < 27; k++) expect(r.forces[k]).toBeCloseTo(ref.forces[k]!, 10);
  });

  it('conserves energy in NVE (velocity Verlet, 0.2 fs, 400 steps) as a hybrid with a classical tether', () => {
    const hybrid = sumProviders([tether(frame.positions, 2e4), neuralForceProvider(model, { atoms: frame.symbols })]);
    const sim = nve(hybrid, { dt: 0.0002 });
    let s = sim.init({ positions: frame.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, 300, molecularUnits.kB, 11) });
    const e0 = sim.conserved(s);
    const ke0 = kineticEnergy(s.velocities, masses);
    let worst = 0, pMin = Infinity, pMax = -Infinity;
    for (let step = 0; step < 400; step++) {
      s = sim.step(s);
      worst = Math.max(worst, Math.abs(sim.conserved(s) - e0));
      pMin = Math.min(pMin, s.terms['neural'] ?? 0); pMax = Math.max(pMax, s.terms['neural'] ?? 0);
    }
    // The neural term really moves (so the test is not vacuous), and the total stays put.
    expect(pMax - pMin).toBeGreaterThan(0.01 * ke0);
    expect(worst).toBeLessThan(0.05 * (pMax - pMin));
    expect(worst).toBeLessThan(2e-3 * ke0);
  });
});

describe('periodic neural provider', () => {
  it('gives forces that match central differences in a box, with the virial, under NVT', () => {
    const model = tiny('schnet');
    const box = makeBox(0.9, 0.9, 0.9);
    const x = new Float64Array(27 * 2);
    x.set(frame.positions.map((v) => v + 0.2));
    x.set(frame.positions.map((v, k) => v + [0.65, 0.6, 0.7][k % 3]!), 27);
    const atoms = [...frame.symbols, ...frame.symbols];
    const p = neuralForceProvider(model, { atoms, skin: 0.02 });
    const r = evaluate(p, x, box);
    const h = 1e-6;
    for (const k of [1, 30, 50]) {
      const xp = x.slice(), xm = x.slice();
      xp[k]! += h; xm[k]! -= h;
      const fd = -(evaluate(neuralForceProvider(model, { atoms, skin: 0.02 }), xp, box).energy - evaluate(neuralForceProvider(model, { atoms, skin: 0.02 }), xm, box).energy) / (2 * h);
      expect(Math.abs(fd - r.forces[k]!)).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
    }
    expect(r.virial.some((v) => v !== 0)).toBe(true);
    const sim = nvtLangevin(sumProviders([p]), { dt: 0.0002, temperature: 300, gamma: 5 });
    let s = sim.init({ positions: x, masses: Float64Array.from(atoms, (a) => ({ H: 1.008, C: 12.011, O: 15.999 })[a]!), box, seed: 3 });
    for (let i = 0; i < 50; i++) s = sim.step(s);
    expect(Number.isFinite(s.potentialEnergy)).toBe(true);
    expect(forceResult(1).forces).toHaveLength(3);
  });
});
