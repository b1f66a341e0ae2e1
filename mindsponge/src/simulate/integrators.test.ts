import { describe, expect, it } from 'vitest';
import { lattice, maxwellBoltzmann } from '../system.ts';
import { lennardJones } from '../energy/lennardJones.ts';
import type { ForceProvider } from '../energy/provider.ts';
import { nve, leapfrog, nvtNoseHoover, nvtLangevin, nvtBussi, nvtBerendsen, nvtAndersen, simulator, barostatOp } from './integrators.ts';
import { BlowUpError, type MDState, type Simulator } from './state.ts';
import { reducedUnits } from '../units.ts';
import { kineticEnergy, pressure } from '../quantities.ts';
import { bussiThermostat } from './thermostats.ts';
import { monteCarloBarostat } from './barostats.ts';
import { boxVolume, makeBox } from '../space.ts';

const units = reducedUnits;
// 256 atoms, fcc rho = 0.8442; shifted LJ rc = 2.5 so that the energy is continuous.
const fcc = lattice({ kind: 'fcc', density: 0.8442, cells: [4, 4, 4] });
const ljShifted = (): ForceProvider => lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, shift: true });
const v0 = maxwellBoltzmann(fcc.masses, 1.44, 1, 42);

function run(sim: Simulator, steps: number, every: (s: MDState, k: number) => void, seed = 1): MDState {
  let s = sim.init({ ...fcc, velocities: v0, seed });
  for (let k = 0; k < steps; k++) { s = sim.step(s); every(s, k); }
  return s;
}
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
const variance = (a: number[]): number => { const m = mean(a); return a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1); };

describe('integrators', () => {
  it('velocity Verlet: energy drift over 1e4 steps is bounded (256 LJ atoms, dt 0.005)', () => {
    const sim = nve(ljShifted(), { dt: 0.005, units });
    const e: number[] = [];
    run(sim, 10_000, (s) => e.push(sim.conserved(s) / 256));
    const drift = Math.abs(mean(e.slice(-1000)) - mean(e.slice(1000, 2000)));
    expect(drift).toBeLessThan(2e-4);
    expect(Math.max(...e) - Math.min(...e)).toBeLessThan(5e-3);
    // total momentum stays zero
  });

  it('velocity Verlet is time reversible', () => {
    const sim = nve(ljShifted(), { dt: 0.005, units });
    let s = sim.init({ ...fcc, velocities: v0 });
    const x0 = s.positions.slice();
    for (let k = 0; k < 200; k++) s = sim.step(s);
    for (let k = 0; k < s.velocities.length; k++) s.velocities[k] = -s.velocities[k]!;
    for (let k = 0; k < 200; k++) s = sim.step(s);
    let err = 0;
    for (let k = 0; k < x0.length; k++) {
      let d = Math.abs(s.positions[k]! - x0[k]!);
      d = Math.min(d, fcc.box!.lx - d);
      err = Math.max(err, d);
    }
    expect(err).toBeLessThan(1e-8);
  });

  it('leap-frog conserves energy on average', () => {
    const sim = leapfrog(ljShifted(), { dt: 0.004, units });
    const e: number[] = [];
    run(sim, 3000, (s) => e.push((kineticEnergy(s.velocities, s.masses) + s.potentialEnergy) / 256));
    expect(Math.abs(mean(e.slice(-500)) - mean(e.slice(500, 1000)))).toBeLessThan(5e-3);
  });

  it('Nose-Hoover chain: target temperature and a conserved extended energy', () => {
    const sim = nvtNoseHoover(ljShifted(), { dt: 0.005, units, temperature: 0.9, tau: 0.25 });
    const T: number[] = [], H: number[] = [];
    run(sim, 8000, (s, k) => {
      H.push(sim.conserved(s) / 256);
      if (k >= 2000) T.push((2 * kineticEnergy(s.velocities, s.masses)) / sim.dof(s));
    });
    expect(mean(T)).toBeGreaterThan(0.9 * 0.97);
    expect(mean(T)).toBeLessThan(0.9 * 1.03);
    expect(Math.abs(mean(H.slice(-1000)) - mean(H.slice(1000, 2000)))).toBeLessThan(1e-3); // O(dt^2): 5e-5 at dt/2
    expect(Math.max(...H) - Math.min(...H)).toBeLessThan(1e-2);
  });

  // Canonical KE of n_f quadratic dofs: Gamma(n_f/2, kT): mean n_f kT/2, variance n_f (kT)^2/2.
  for (const [name, make, nf] of [
    ['Langevin BAOAB', () => nvtLangevin(ljShifted(), { dt: 0.005, units, temperature: 1.2, gamma: 2 }), 3 * 256],
    ['Langevin middle', () => nvtLangevin(ljShifted(), { dt: 0.005, units, temperature: 1.2, gamma: 2, scheme: 'middle' }), 3 * 256],
    ['Bussi', () => nvtBussi(ljShifted(), { dt: 0.005, units, temperature: 1.2, tau: 0.1 }), 3 * 256 - 3],
  ] as const) {
    it(`${name}: kinetic energy follows the canonical (Gamma) distribution`, () => {
      const sim = make();
      const ke: number[] = [];
      run(sim, 12_000, (s, k) => { if (k >= 1000 && k % 5 === 0) ke.push(kineticEnergy(s.velocities, s.masses)); }, 7);
      const kT = 1.2;
      expect(sim.dof({ masses: fcc.masses } as MDState)).toBe(nf);
      expect(mean(ke) / (0.5 * nf * kT)).toBeGreaterThan(0.985);
      expect(mean(ke) / (0.5 * nf * kT)).toBeLessThan(1.015);
      expect(variance(ke) / (0.5 * nf * kT * kT)).toBeGreaterThan(0.8);
      expect(variance(ke) / (0.5 * nf * kT * kT)).toBeLessThan(1.2);
    });
  }

  it('Berendsen and Andersen reach the target temperature', () => {
    for (const sim of [
      nvtBerendsen(ljShifted(), { dt: 0.005, units, temperature: 0.8, tau: 0.1 }),
      nvtAndersen(ljShifted(), { dt: 0.005, units, temperature: 0.8, collisionFrequency: 5 }),
    ]) {
      const T: number[] = [];
      run(sim, 3000, (s, k) => { if (k >= 1000) T.push((2 * kineticEnergy(s.velocities, s.masses)) / sim.dof(s)); });
      expect(Math.abs(mean(T) - 0.8)).toBeLessThan(0.03);
    }
  });

  it('Monte Carlo barostat samples the ideal-gas NPT volume <V> = (N+1) kT / P', () => {
    const nothing: ForceProvider = { name: 'none', compute() {} };
    const n = 9, kT = 1.3, P = 0.5;
    const sim = simulator(nothing, { dt: 0.01, units, scheme: 'verlet', barostat: barostatOp({ kind: 'monte-carlo', pressure: P, frequency: 1 }, kT, units) });
    let s = sim.init({ positions: new Float64Array(3 * n).map((_, k) => (k * 0.37) % 10), masses: new Float64Array(n).fill(1), box: makeBox(10, 10, 10), seed: 3 });
    const V: number[] = [];
    for (let k = 0; k < 60_000; k++) { s = sim.step(s); if (k > 2000) V.push(boxVolume(s.box!)); }
    const expected = ((n + 1) * kT) / P;
    expect(Math.abs(mean(V) / expected - 1)).toBeLessThan(0.03);
  });

  it('Monte Carlo barostat in molecular mode counts molecules: ideal gas of 9 rigid dimers, <V> = (N_mol+1) kT / P', () => {
    const nothing: ForceProvider = { name: 'none', compute() {} };
    const nMol = 9, kT = 1.3, P = 0.5;
    const molecules = Int32Array.from({ length: 2 * nMol }, (_, a) => a >> 1);
    const sim = simulator(nothing, { dt: 0.01, units, scheme: 'verlet', barostat: monteCarloBarostat(P, kT, 1, false, molecules) });
    const x0 = new Float64Array(6 * nMol);
    for (let m = 0; m < nMol; m++) { x0.set([m * 1.1, (m * 3.7) % 10, (m * 2.3) % 10], 6 * m); x0.set([m * 1.1 + 0.3, (m * 3.7) % 10, (m * 2.3) % 10], 6 * m + 3); }
    let s = sim.init({ positions: x0, masses: new Float64Array(2 * nMol).fill(1), box: makeBox(10, 10, 10), seed: 5 });
    const V: number[] = [];
    for (let k = 0; k < 60_000; k++) { s = sim.step(s); if (k > 2000) V.push(boxVolume(s.box!)); }
    expect(Math.abs(mean(V) / (((nMol + 1) * kT) / P) - 1)).toBeLessThan(0.03);
    // each dimer moved rigidly: its bond length (minimum image) is still 0.3
    const L = s.box!.lx;
    for (let m = 0; m < nMol; m++) {
      let dx = s.positions[6 * m + 3]! - s.positions[6 * m]!;
      dx -= L * Math.round(dx / L);
      expect(Math.abs(Math.abs(dx) - 0.3)).toBeLessThan(1e-9);
    }
  });

  it('Monte Carlo barostat rejects a molecule map of the wrong size or with negative indices', () => {
    const nothing: ForceProvider = { name: 'none', compute() {} };
    expect(() => monteCarloBarostat(1, 1, 1, false, new Int32Array([0, -1]))).toThrow(/molecule index -1, expected a non-negative integer/);
    const sim = simulator(nothing, { dt: 0.01, units, scheme: 'verlet', barostat: monteCarloBarostat(1, 1, 1, false, new Int32Array([0, 0, 1])) });
    expect(() => sim.init({ positions: new Float64Array(6), masses: new Float64Array(2).fill(1), box: makeBox(5, 5, 5) })).toThrow(/molecules has 3 entries, system has 2 atoms/);
    expect(() => monteCarloBarostat(1, 0)).toThrow(/kT = 0, expected > 0/);
  });

  it('Berendsen barostat with a Bussi thermostat drives an LJ liquid to the target pressure', () => {
    const kT = 1.5;
    const sim = simulator(ljShifted(), {
      dt: 0.005, units, thermostat: bussiThermostat(kT, 0.1),
      barostat: barostatOp({ kind: 'berendsen', pressure: 1.0, tau: 0.5, compressibility: 0.5 }, kT, units),
    });
    const P: number[] = [];
    run(sim, 4000, (s, k) => { if (k >= 2000) P.push(pressure(kineticEnergy(s.velocities, s.masses), s.virial, boxVolume(s.box!))); });
    expect(Math.abs(mean(P) - 1.0)).toBeLessThan(0.1);
  });

  it('stops with the step number and atom on a blow-up', () => {
    const sim = nve(ljShifted(), { dt: 0.005, units });
    const x = fcc.positions.slice();
    x[3 * 5] = x[0]!; x[3 * 5 + 1] = x[1]!; x[3 * 5 + 2] = x[2]!; // atom 5 on top of atom 0
    expect(() => sim.init({ ...fcc, positions: x })).toThrow(BlowUpError);
    try { sim.init({ ...fcc, positions: x }); } catch (e) { expect((e as BlowUpError).atom).toBe(0); expect((e as BlowUpError).step).toBe(0); }
  });
});

describe('MTK barostat (nptMTK)', () => {
  it('samples T and P at the targets and conserves its extended energy (shifted LJ, 256 atoms)', async () => {
    const { nptMTK } = await import('./mtk.ts');
    const sim = nptMTK(ljShifted(), { dt: 0.004, units, temperature: 1.5, pressure: 1.0, tau: 0.5, tauP: 3 });
    let s = sim.init({ ...fcc, velocities: maxwellBoltzmann(fcc.masses, 1.5, 1, 5) });
    const H: number[] = [], T: number[] = [], P: number[] = [];
    for (let k = 0; k < 7000; k++) {
      s = sim.step(s);
      if (k < 1000) continue;
      H.push(sim.conserved(s) / 256);
      T.push((2 * kineticEnergy(s.velocities, s.masses)) / sim.dof(s));
      P.push(pressure(kineticEnergy(s.velocities, s.masses), s.virial, boxVolume(s.box!)));
    }
    expect(Math.abs(mean(T) - 1.5)).toBeLessThan(0.045);
    expect(Math.abs(mean(P) - 1.0)).toBeLessThan(0.1);
    expect(Math.abs(mean(H.slice(-1000)) - mean(H.slice(0, 1000)))).toBeLessThan(2e-3);
    expect(boxVolume(s.box!)).toBeGreaterThan(256 / 0.8442); // expanded from the crystal
  });
});
