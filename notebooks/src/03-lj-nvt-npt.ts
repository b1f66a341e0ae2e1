// %% [markdown]
// # Lennard-Jones fluid: NVT and NPT, thermo traces, g(r), and LAMMPS side by side
//
// The classic LJ test bed in reduced units (σ = ε = m = k_B = 1, time τ): 864 atoms started on an
// fcc lattice at ρ* = 0.8442, pair potential truncated (not shifted) at r_c = 2.5σ, time step 0.005τ —
// the settings of LAMMPS's `bench/in.lj` and of the committed LAMMPS reference runs in
// `mindsponge/reference/lammps/` (`in.nvt`, `in.npt`, `rdf.in`). The runs here are short (a few thousand
// steps, so the notebook finishes in well under a minute); the error bars say how far that gets us.
// %%
import * as tslab from 'tslab';
import { readFileSync } from 'fs';
import {
  lattice, lennardJones, nvtNoseHoover, nptMTK, maxwellBoltzmann, observe, reducedUnits,
  radialDistribution, rdfFirstPeak, meanSquaredDisplacement, diffusionCoefficient, blockStatistics, type MDState, type Simulator,
} from '@mindscience/mindsponge';
import { linePlot } from '@mindscience/viz';

const lammps = JSON.parse(readFileSync('../mindsponge/reference/lammps/reference.json', 'utf8'));
const lammpsRdf = JSON.parse(readFileSync('../mindsponge/reference/lammps/rdf.json', 'utf8'));
const system = lattice({ kind: 'fcc', density: 0.8442, cells: [6, 6, 6] });
const n = system.masses.length;
const lj = lennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 }); // truncated, no shift, no tail correction
console.log(`${n} atoms, box ${system.box!.lx.toFixed(4)} σ, LAMMPS ${lammps.lammps}`);
// %% [markdown]
// ## A small trace recorder
// `observe(sim, state, units)` returns temperature, pressure (virial), potential energy, density... of a
// state; we record every 20 steps.
// %%
interface Trace { t: number[]; T: number[]; P: number[]; pe: number[]; rho: number[] }
const newTrace = (): Trace => ({ t: [], T: [], P: [], pe: [], rho: [] });
function record(tr: Trace, sim: Simulator, s: MDState, t0 = 0): void {
  const o = observe(sim, s, reducedUnits);
  tr.t.push(t0 + o.time); tr.T.push(o.temperature); tr.P.push(o.pressure); tr.pe.push(o.potentialEnergy / n); tr.rho.push(o.density);
}
const every = 20;
// %% [markdown]
// ## NVT at T* = 0.72 with a Nosé-Hoover chain
// The fcc start is first melted for 600 steps at T* = 1.5 (an fcc crystal at this density is metastable
// and would take long to melt at 0.72), then the thermostat is set to 0.72 (τ_T = 0.5τ, as LAMMPS
// `fix nvt ... 0.5`). We discard 600 steps and sample 2000, accumulating g(r) and the mean-squared
// displacement every 20 steps.
// %%
const melt = nvtNoseHoover(lj, { dt: 0.005, temperature: 1.5, tau: 0.5, units: reducedUnits });
let s = melt.init({ positions: system.positions.slice(), masses: system.masses, box: system.box, velocities: maxwellBoltzmann(system.masses, 1.5, 1, 1) });
const nvtTrace = newTrace();
for (let k = 0; k < 600; k++) { s = melt.step(s); if (k % every === 0) record(nvtTrace, melt, s); }
const nvt = nvtNoseHoover(lj, { dt: 0.005, temperature: 0.72, tau: 0.5, units: reducedUnits });
const tMelt = s.time;
s = nvt.init({ positions: s.positions, masses: s.masses, box: s.box, velocities: s.velocities });
const gofr = radialDistribution({ rMax: lammpsRdf.rMax, bins: lammpsRdf.bins });
let rdfState = gofr.init();
const msdFns = meanSquaredDisplacement({ maxLag: 50, frameInterval: every * 0.005 });
let msdState = msdFns.init();
const sampleFrom = nvtTrace.t.length + 600 / every;
const started = Date.now();
for (let k = 0; k < 2600; k++) {
  s = nvt.step(s);
  if (k % every === 0) {
    record(nvtTrace, nvt, s, tMelt);
    if (k >= 600) {
      rdfState = gofr.accumulate(rdfState, s.positions, s.box);
      msdState = msdFns.accumulate(msdState, s.positions, s.box);
    }
  }
}
console.log(`NVT: 2600 steps in ${((Date.now() - started) / 1000).toFixed(1)} s, ${rdfState.frames} g(r) frames`);
// %%
tslab.display.html(linePlot([
  { label: 'temperature T*', x: nvtTrace.t, y: nvtTrace.T },
  { label: 'pressure P*', x: nvtTrace.t, y: nvtTrace.P },
  { label: 'target T* = 0.72', x: [tMelt, nvtTrace.t[nvtTrace.t.length - 1]!], y: [0.72, 0.72], dashed: true },
], { title: 'NVT: melt at T* = 1.5, then T* = 0.72', xLabel: 'time (τ)', yLabel: 'reduced units' }));
tslab.display.html(linePlot([
  { label: 'PE / atom', x: nvtTrace.t, y: nvtTrace.pe },
  { label: 'LAMMPS mean', x: [0, nvtTrace.t[nvtTrace.t.length - 1]!], y: Array(2).fill(lammps['nvt_rho0.8442_T0.72_rc2.5'].pe_per_atom.mean), dashed: true },
], { title: 'NVT potential energy (LAMMPS: 4000 atoms, 50000 steps)', xLabel: 'time (τ)', yLabel: 'PE / atom (ε)' }));
// %% [markdown]
// ## Radial distribution function
// `radialDistribution` bins pairs from the engine's cell list with exactly LAMMPS `compute rdf`'s
// definition (tests check it reproduces LAMMPS bin for bin on LAMMPS's own frames). Here our 100 frames
// are compared with LAMMPS's g(r) averaged over 500 frames of a 60000-step run at the same state point.
// %%
const ours = gofr.result(rdfState);
tslab.display.html(linePlot([
  { label: `ours (${ours.frames} frames)`, x: ours.r, y: ours.g },
  { label: 'LAMMPS (500 frames)', x: lammpsRdf.average.r, y: lammpsRdf.average.g, dashed: true },
], { title: 'g(r) of the LJ liquid at ρ* = 0.8442, T* = 0.72', xLabel: 'r (σ)', yLabel: 'g(r)', xRange: [0.8, 4] }));
tslab.display.html(linePlot([
  { label: 'ours', x: ours.r, y: ours.coordination },
  { label: 'LAMMPS', x: lammpsRdf.average.r, y: lammpsRdf.average.coordination, dashed: true },
], { title: 'running coordination number n(r)', xLabel: 'r (σ)', yLabel: 'neighbours within r', xRange: [0.8, 2.5], yRange: [0, 45] }));
const p = rdfFirstPeak(ours), q = lammpsRdf.average.firstPeak;
console.table([
  { quantity: 'first peak r (σ)', ours: p.r, lammps: q.r },
  { quantity: 'first peak g', ours: +p.g.toFixed(3), lammps: `${q.g.toFixed(3)} ± ${q.gStderr.toFixed(3)}` },
  { quantity: 'first minimum r (σ)', ours: p.rMin, lammps: q.rMin },
  { quantity: 'first-shell coordination', ours: +p.coordination.toFixed(2), lammps: +q.coordination.toFixed(2) },
]);
// %% [markdown]
// ## Self-diffusion from the mean-squared displacement
// `meanSquaredDisplacement` unwraps the periodic positions frame to frame and averages over every frame
// as a time origin; `diffusionCoefficient` fits MSD = 6Dt + c (Einstein). LAMMPS: `compute msd` from 10
// origins, each followed for 25τ (`rdf.in`). The same fit window, 1-5τ, is applied to both curves.
// %%
const msd = msdFns.result(msdState);
const lmpMsd = { time: Float64Array.from(lammpsRdf.msd.time), msd: Float64Array.from(lammpsRdf.msd.msd), frames: 0 };
tslab.display.html(linePlot([
  { label: 'ours', x: msd.time, y: msd.msd },
  { label: 'LAMMPS (10 origins)', x: lmpMsd.time.filter((t) => t <= 5), y: lmpMsd.msd.filter((_, k) => lmpMsd.time[k]! <= 5), dashed: true },
], { title: 'mean-squared displacement, ρ* = 0.8442, T* = 0.72', xLabel: 't (τ)', yLabel: 'MSD (σ²)' }));
const dOurs = diffusionCoefficient(msd, { from: 1, to: 5 }), dLmp = diffusionCoefficient(lmpMsd, { from: 1, to: 5 });
console.table([
  { fit: '1-5 τ', ours: +dOurs.D.toFixed(4), lammps: +dLmp.D.toFixed(4) },
  { fit: '5-25 τ (LAMMPS only)', ours: '', lammps: `${lammpsRdf.msd.diffusion.D.toFixed(4)} ± ${lammpsRdf.msd.diffusion.stderr.toFixed(4)}` },
]);
// %% [markdown]
// ## NPT at T* = 1.5, P* = 1.0 (Martyna-Tobias-Klein barostat)
// `nptMTK` is the isotropic MTK barostat with Nosé-Hoover chains (Tuckerman et al. 2006), the scheme of
// LAMMPS `fix npt`; τ_T = 0.5τ, τ_P = 5τ as in `in.npt`. Starting from the fcc lattice at ρ* = 0.8442 the
// box expands to the gas-liquid density ≈ 0.58; we discard 1500 steps and sample 2500.
// %%
const npt = nptMTK(lj, { dt: 0.005, temperature: 1.5, pressure: 1.0, tau: 0.5, tauP: 5, units: reducedUnits });
let r = npt.init({ positions: system.positions.slice(), masses: system.masses, box: system.box, velocities: maxwellBoltzmann(system.masses, 1.5, 1, 2) });
const nptTrace = newTrace();
const t1 = Date.now();
for (let k = 0; k < 4000; k++) { r = npt.step(r); if (k % every === 0) record(nptTrace, npt, r); }
console.log(`NPT: 4000 steps in ${((Date.now() - t1) / 1000).toFixed(1)} s; final box ${r.box!.lx.toFixed(3)} σ`);
tslab.display.html(linePlot([
  { label: 'density ρ*', x: nptTrace.t, y: nptTrace.rho },
  { label: 'LAMMPS mean density', x: [0, nptTrace.t[nptTrace.t.length - 1]!], y: Array(2).fill(lammps['npt_T1.5_P1.0_rc2.5'].density.mean), dashed: true },
], { title: 'NPT: density relaxes from the fcc start', xLabel: 'time (τ)', yLabel: 'ρ*' }));
tslab.display.html(linePlot([
  { label: 'pressure P*', x: nptTrace.t, y: nptTrace.P },
  { label: 'target P* = 1', x: [0, nptTrace.t[nptTrace.t.length - 1]!], y: [1, 1], dashed: true },
], { title: 'NPT pressure (virial)', xLabel: 'time (τ)', yLabel: 'P*', yRange: [-1, 4] }));
// %% [markdown]
// ## Side by side with LAMMPS
// Means with block-average standard errors (5 blocks of the sampled part). LAMMPS numbers: 4000 atoms,
// 50000 sampled steps (`reference.json`). z = difference / combined error; |z| ≲ 2 is agreement. Short
// runs and 864 atoms make our error bars 5-10x wider than LAMMPS's; `mindsponge/reference/lammps/compare.ts`
// runs the full-length comparison (compare.json).
// %%
const tail = (v: number[], from: number) => v.slice(from);
const row = (quantity: string, samples: number[], ref: { mean: number; stderr: number }) => {
  const b = blockStatistics(samples, 5);
  return { quantity, ours: `${b.mean.toFixed(4)} ± ${b.stderr.toFixed(4)}`, lammps: `${ref.mean.toFixed(4)} ± ${ref.stderr.toFixed(4)}`, z: +((b.mean - ref.mean) / Math.hypot(b.stderr, ref.stderr)).toFixed(2) };
};
const nvtRef = lammps['nvt_rho0.8442_T0.72_rc2.5'], nptRef = lammps['npt_T1.5_P1.0_rc2.5'];
const comparison = [
  row('NVT PE/atom', tail(nvtTrace.pe, sampleFrom), nvtRef.pe_per_atom),
  row('NVT pressure', tail(nvtTrace.P, sampleFrom), nvtRef.pressure),
  row('NVT temperature', tail(nvtTrace.T, sampleFrom), nvtRef.temperature),
  row('NPT density', tail(nptTrace.rho, 1500 / every), nptRef.density),
  row('NPT PE/atom', tail(nptTrace.pe, 1500 / every), nptRef.pe_per_atom),
  row('NPT pressure', tail(nptTrace.P, 1500 / every), nptRef.pressure),
];
console.table(comparison);
