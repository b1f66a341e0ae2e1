/**
 * Physics: g(r) and mean-squared displacement of our own LJ liquid (engine NVT, Nose-Hoover) at
 * rho* 0.8442, T* 0.72 against LAMMPS `compute rdf` (500 frames) and `compute msd` (10 origins) at the
 * same state point (reference/lammps/rdf.json).
 * A short run (864 atoms, 2000 steps), so the tolerances are a few times its noise.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { radialDistribution, rdfFirstPeak } from './rdf.ts';
import { meanSquaredDisplacement } from './msd.ts';
import { lattice, maxwellBoltzmann } from '../system.ts';
import { lennardJones } from '../energy/lennardJones.ts';
import { nvtNoseHoover } from '../simulate/integrators.ts';
import { reducedUnits } from '../units.ts';

describe('structure and dynamics of the engine LJ liquid vs LAMMPS', () => {
  it('g(r) first peak, first shell and whole curve; MSD at 1 and 2 tau (rho* 0.8442, T* 0.72)', () => {
    const ref = JSON.parse(readFileSync(new URL('../../reference/lammps/rdf.json', import.meta.url), 'utf8')) as {
      rMax: number; bins: number; msd: { time: number[]; msd: number[] }; average: { g: number[]; firstPeak: { r: number; g: number; rMin: number; coordination: number } };
    };
    const sys = lattice({ kind: 'fcc', density: 0.8442, cells: [6, 6, 6] });
    const lj = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
    // melt the lattice at T* 1.5, then NVT at 0.72
    const melt = nvtNoseHoover(lj, { dt: 0.005, temperature: 1.5, tau: 0.5, units: reducedUnits });
    let s = melt.init({ positions: sys.positions.slice(), masses: sys.masses, box: sys.box, velocities: maxwellBoltzmann(sys.masses, 1.5, 1, 3) });
    for (let k = 0; k < 400; k++) s = melt.step(s);
    const nvt = nvtNoseHoover(lj, { dt: 0.005, temperature: 0.72, tau: 0.5, units: reducedUnits });
    s = nvt.init({ positions: s.positions, masses: s.masses, box: s.box, velocities: s.velocities });
    const fns = radialDistribution({ rMax: ref.rMax, bins: ref.bins });
    let acc = fns.init();
    const msdFns = meanSquaredDisplacement({ maxLag: 25, frameInterval: 0.1 });
    let msdAcc = msdFns.init();
    for (let k = 1; k <= 1600; k++) {
      s = nvt.step(s);
      if (k > 600 && k % 20 === 0) { acc = fns.accumulate(acc, s.positions, s.box); msdAcc = msdFns.accumulate(msdAcc, s.positions, s.box); }
    }
    const res = fns.result(acc);
    const ours = rdfFirstPeak(res), lmp = ref.average.firstPeak;
    expect(res.frames).toBe(50);
    expect(Math.abs(ours.r - lmp.r)).toBeLessThanOrEqual(0.021); // one bin
    expect(Math.abs(ours.g - lmp.g) / lmp.g).toBeLessThan(0.05);
    expect(Math.abs(ours.rMin - lmp.rMin)).toBeLessThanOrEqual(0.061);
    // the minimum is broad, so compare the first-shell count at LAMMPS's minimum
    const atMin = res.coordination[Math.round(lmp.rMin / (ref.rMax / ref.bins) - 0.5)]!;
    expect(Math.abs(atMin - lmp.coordination)).toBeLessThan(0.2);
    // the whole curve: RMS difference over 0.9-4 sigma well below the peak height
    let ss = 0, m = 0;
    for (let b = 45; b < ref.bins; b++) { ss += (res.g[b]! - ref.average.g[b]!) ** 2; m++; }
    expect(Math.sqrt(ss / m)).toBeLessThan(0.05);
    // MSD at lags 10 and 20 frames (1 and 2 tau; LAMMPS rows are every 0.1 tau from t = 0)
    const msd = msdFns.result(msdAcc);
    for (const lag of [10, 20]) {
      expect(msd.time[lag - 1]).toBeCloseTo(ref.msd.time[lag]!, 12);
      expect(Math.abs(msd.msd[lag - 1]! / ref.msd.msd[lag]! - 1), `lag ${lag}`).toBeLessThan(0.1);
    }
  }, 60_000);
});
