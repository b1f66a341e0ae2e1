// %% [markdown]
// # Alanine dipeptide with the Amber force field: energies vs OpenMM, minimisation, Langevin NVT
//
// Ace-Ala-Nme (22 atoms, ff14SB, vacuum) from an Amber `prmtop`/`rst7` pair — the same files the
// force-field tests use (`mindsponge/test-data/amber/`). Units are OpenMM's: nm, ps, amu, kJ/mol, K.
// We (1) decompose the energy term by term and compare with OpenMM 7.7's Reference platform
// (`mindsponge/reference/openmm/ala_di.json`), (2) minimise with FIRE, (3) run Langevin dynamics at
// 300 K with SHAKE/RATTLE constraints on bonds to hydrogen and 2 fs steps, and follow the backbone
// dihedrals φ and ψ on a Ramachandran plot.
// %%
import * as tslab from 'tslab';
import { readFileSync } from 'fs';
import {
  amberRunSetup, evaluate, fire, nvtLangevin, maxwellBoltzmann, observe, molecularUnits, dihedralAngle,
  blockStatistics, AMBER_TERM_KEYS,
} from '@mindscience/mindsponge';
import { linePlot } from '@mindscience/viz';

const files = { prmtop: '../mindsponge/test-data/amber/ala_di.parm7', rst7: '../mindsponge/test-data/amber/ala_di.rst7' };
const openmm = JSON.parse(readFileSync('../mindsponge/reference/openmm/ala_di.json', 'utf8'));
// %% [markdown]
// ## Energy decomposition vs OpenMM
// `amberRunSetup` reads the files and builds the engine `ForceProvider` (OpenMM `createSystem` defaults;
// no box, so NoCutoff). `evaluate` returns the energy, forces (kJ/mol/nm) and per-term energies.
// %%
const rigid = amberRunSetup({ ...files, nonbondedMethod: 'NoCutoff', constraints: 'none' });
const prm = rigid.system.prmtop;
console.log(`${prm.nAtoms} atoms, residues ${prm.residueLabels.join('-')}`);
const e0 = evaluate(rigid.provider, rigid.positions, null);
const rows = AMBER_TERM_KEYS.filter((k) => k in openmm.energies).map((k) => ({
  term: k as string, ours: e0.terms[k]!.toFixed(6), openmm: openmm.energies[k].toFixed(6),
  relDiff: (Math.abs(e0.terms[k]! - openmm.energies[k]) / Math.max(1e-12, Math.abs(openmm.energies[k]))).toExponential(1),
}));
rows.push({ term: 'total', ours: e0.energy.toFixed(6), openmm: openmm.energies.total.toFixed(6), relDiff: (Math.abs(e0.energy - openmm.energies.total) / Math.abs(openmm.energies.total)).toExponential(1) });
console.table(rows);
let num = 0, den = 0;
openmm.forces.forEach((f: number[], i: number) => f.forEach((v, d) => { num += (e0.forces[3 * i + d]! - v) ** 2; den += v * v; }));
console.log(`forces: relative RMS difference to OpenMM ${Math.sqrt(num / den).toExponential(2)}`);
// %% [markdown]
// The Coulomb terms differ by ~1e-8: OpenMM's 138.935456 kJ nm/(mol e²) with charges q/18.2223, which
// we use too, versus the rounding of the printed prmtop charges (see `mindsponge/src/forcefield/README.md`).
//
// ## Minimisation (FIRE)
// FIRE (Bitzek et al. 2006) with a 2 fs initial step and at most 0.005 nm per move, to a largest force
// component below 1 kJ/mol/nm. (`minimize()`'s FIRE defaults — 0.01 time units, 0.1 length units per move —
// suit reduced LJ units; for a molecule in nm they overshoot, so we build the minimiser with `fire()`.)
// %%
const minimiser = fire(rigid.provider, { dt: 0.002, maxMove: 0.005 });
let m = minimiser.init(rigid.positions, null);
const minSteps: number[] = [], minEnergy: number[] = [], minForce: number[] = [];
while (m.maxForce > 1 && m.step < 20000) {
  m = minimiser.step(m);
  if (m.step % 10 === 0) { minSteps.push(m.step); minEnergy.push(m.energy); minForce.push(m.maxForce); }
}
console.log(`FIRE: ${m.step} steps, E ${e0.energy.toFixed(3)} -> ${m.energy.toFixed(3)} kJ/mol, max |F| ${m.maxForce.toFixed(3)} kJ/mol/nm`);
const eMin = evaluate(rigid.provider, m.positions, null);
console.table(AMBER_TERM_KEYS.filter((k) => k in openmm.energies).map((k) => ({ term: k, start: +e0.terms[k]!.toFixed(3), minimised: +eMin.terms[k]!.toFixed(3) })));
tslab.display.html(linePlot([
  { label: 'E - E_min (kJ/mol)', x: minSteps, y: minEnergy.map((e) => e - m.energy + 1e-3) },
  { label: 'max |F| (kJ/mol/nm)', x: minSteps, y: minForce },
], { title: 'FIRE minimisation', xLabel: 'step', yLabel: 'log scale', yLog: true }));
// %% [markdown]
// ## Langevin NVT at 300 K, 2 fs, bonds to hydrogen constrained
// `constraints: 'HBonds'` gives 12 SHAKE/RATTLE constraints (3N − 12 = 54 degrees of freedom: Langevin
// does not conserve momentum, so the centre of mass is not removed). We use the 'middle' splitting
// (Zhang et al. 2019, OpenMM's `LangevinMiddleIntegrator`), γ = 1/ps: at 2 fs its kinetic temperature is
// unbiased, while BAOAB's velocities at the end of a step read a few percent cold (its configurations
// are still sampled accurately). 200 ps, φ/ψ and T every 0.1 ps.
// %%
const md = amberRunSetup({ ...files, nonbondedMethod: 'NoCutoff', constraints: 'HBonds' });
const sim = nvtLangevin(md.provider, { dt: 0.002, temperature: 300, gamma: 1, scheme: 'middle', constraints: md.constraints });
const v0 = maxwellBoltzmann(md.masses, 300, molecularUnits.kB, 1);
md.constraints!.constrainVelocities(m.positions, v0, md.masses, null);
let s = sim.init({ positions: m.positions.slice(), masses: md.masses, box: null, velocities: v0, seed: 7 });
// backbone atoms by name: φ = C(ACE)-N-CA-C(ALA), ψ = N-CA-C(ALA)-N(NME)
const atom = (res: number, name: string) => {
  const a = prm.residuePointer[res]!, b = res + 1 < prm.residueLabels.length ? prm.residuePointer[res + 1]! : prm.nAtoms;
  for (let i = a; i < b; i++) if (prm.atomNames[i] === name) return i;
  throw new Error(`no atom ${name} in residue ${res} (${prm.residueLabels[res]})`);
};
const phiAtoms = [atom(0, 'C'), atom(1, 'N'), atom(1, 'CA'), atom(1, 'C')] as const;
const psiAtoms = [atom(1, 'N'), atom(1, 'CA'), atom(1, 'C'), atom(2, 'N')] as const;
const deg = 180 / Math.PI;
const time: number[] = [], temp: number[] = [], phi: number[] = [], psi: number[] = [], pot: number[] = [];
const started = Date.now();
for (let k = 1; k <= 100_000; k++) {
  s = sim.step(s);
  if (k % 50 === 0) {
    const o = observe(sim, s, molecularUnits);
    time.push(s.time); temp.push(o.temperature); pot.push(o.potentialEnergy);
    phi.push(dihedralAngle(s.positions, ...phiAtoms) * deg); psi.push(dihedralAngle(s.positions, ...psiAtoms) * deg);
  }
}
const T = blockStatistics(temp.slice(100), 10);
console.log(`100000 steps in ${((Date.now() - started) / 1000).toFixed(1)} s; <T> = ${T.mean.toFixed(1)} ± ${T.stderr.toFixed(1)} K (target 300, dof ${sim.dof(s)})`);
// %%
tslab.display.html(linePlot([
  { label: 'instantaneous T', x: time, y: temp },
  { label: '300 K', x: [0, time[time.length - 1]!], y: [300, 300], dashed: true },
], { title: 'kinetic temperature (54 degrees of freedom: sd ≈ 300·√(2/54) ≈ 58 K)', xLabel: 'time (ps)', yLabel: 'T (K)' }));
tslab.display.html(linePlot([
  { label: 'φ', x: time, y: phi, markers: true },
  { label: 'ψ', x: time, y: psi, markers: true },
], { title: 'backbone dihedrals', xLabel: 'time (ps)', yLabel: 'degrees', yRange: [-180, 180] }));
// %% [markdown]
// ## Ramachandran plot
// In vacuum, ff14SB alanine dipeptide lives mostly in C7eq (φ ≈ −80°, ψ ≈ 70°) and the C5/β region
// (φ ≈ −150°, ψ ≈ 160°); C7ax (φ ≈ +70°) is rarely visited in 200 ps at 300 K.
// %%
tslab.display.html(linePlot([
  { label: 'MD frames', x: phi, y: psi, markers: true },
], { title: 'Ramachandran plot, 300 K, 200 ps', xLabel: 'φ (degrees)', yLabel: 'ψ (degrees)', xRange: [-180, 180], yRange: [-180, 180], width: 480, height: 440 }));
const c7eq = phi.filter((p, k) => p < 0 && psi[k]! > 0 && psi[k]! < 120).length / phi.length;
const beta = phi.filter((p, k) => p < -100 && (psi[k]! >= 120 || psi[k]! < -150)).length / phi.length;
console.log(`fraction of frames: C7eq-like (φ<0, 0<ψ<120) ${(100 * c7eq).toFixed(0)}%, C5/β (φ<-100, ψ>120) ${(100 * beta).toFixed(0)}%`);
