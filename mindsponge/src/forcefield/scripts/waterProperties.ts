/**
 * Water properties at 298.15 K, 1 bar: NPT (Langevin BAOAB 2 fs, SETTLE, PME, dispersion correction,
 * molecular Monte Carlo barostat every 25 steps) on a box of rigid water; reports the mean density
 * (g/cm^3) and potential energy per molecule (kJ/mol) with block-average standard errors.
 *
 * usage: npx tsx mindsponge/src/forcefield/scripts/waterProperties.ts [--model SPCE|TIP3P] [--count 216]
 *          [--equil-ps 20] [--prod-ps 60] [--cutoff 0.9] [--json out.json]
 * Literature: SPC/E 0.994-0.998 g/cm^3, U = -41.5 kJ/mol (Berendsen 1987, with the polarisation
 * correction U_pot ~ -46.4 uncorrected); TIP3P 0.98-1.00 g/cm^3, U ~ -41 kJ/mol (Jorgensen 1983, 0.982; 
 * Price & Brooks 2004: 1.002 with PME / LRC).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { makeBox, boxVolume } from '../../space.ts';
import { maxwellBoltzmann } from '../../system.ts';
import { simulator } from '../../simulate/integrators.ts';
import { langevinThermostat } from '../../simulate/thermostats.ts';
import { KB_KJ_PER_MOL_K, G_CM3_PER_AMU_NM3 } from '../../units.ts';
import { amberForceField } from '../amberForceField.ts';
import { createConstraints } from '../constraints.ts';
import { molecularMonteCarloBarostat, moleculesFromBonds } from '../molecularBarostat.ts';
import { waterBox, waterModel } from '../water.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'SPCE' }, count: { type: 'string', default: '216' }, 'equil-ps': { type: 'string', default: '20' },
    'prod-ps': { type: 'string', default: '60' }, cutoff: { type: 'string', default: '0.9' }, json: { type: 'string' }, seed: { type: 'string', default: '1' },
  },
});
const T = 298.15, dt = 0.002;
const model = waterModel(values.model!);
const count = Number(values.count);
const wb = waterBox({ model, count, density: 0.997, seed: Number(values.seed) });
const cutoff = Number(values.cutoff);
const ff = amberForceField(wb.params, { nonbondedMethod: 'PME', cutoff, ewaldErrorTolerance: 5e-4, dispersionCorrection: true });
const constraints = createConstraints(wb.params);
const barostat = molecularMonteCarloBarostat(1.0, T, moleculesFromBonds(wb.params), 25);
const sim = simulator(ff, { dt, scheme: 'baoab', thermostat: langevinThermostat(KB_KJ_PER_MOL_K * T, 1.0), barostat, constraints });
const v0 = maxwellBoltzmann(wb.params.masses, T, KB_KJ_PER_MOL_K, 3);
let s = sim.init({ positions: wb.positions, masses: wb.params.masses, box: makeBox(wb.edge, wb.edge, wb.edge), velocities: v0, seed: 5 });
const totalMass = wb.params.masses.reduce((a, b) => a + b, 0);
const nEq = Math.round(Number(values['equil-ps']) / dt), nProd = Math.round(Number(values['prod-ps']) / dt);
const t0 = performance.now();
for (let k = 0; k < nEq; k++) {
  s = sim.step(s);
  if (k % 1000 === 999) console.error(`equilibration ${((k + 1) * dt).toFixed(0)} ps: density ${((totalMass / boxVolume(s.box!)) * G_CM3_PER_AMU_NM3).toFixed(4)}, U/molecule ${(s.potentialEnergy / count).toFixed(2)}`);
}
const rho: number[] = [], u: number[] = [];
for (let k = 0; k < nProd; k++) {
  s = sim.step(s);
  if (k % 25 === 24) { rho.push((totalMass / boxVolume(s.box!)) * G_CM3_PER_AMU_NM3); u.push(s.potentialEnergy / count); }
  if (k % 1000 === 999) console.error(`production ${((k + 1) * dt).toFixed(0)} ps: running density ${(rho.reduce((a, b) => a + b, 0) / rho.length).toFixed(4)}`);
}
const wall = (performance.now() - t0) / 1000;
function blockStats(a: number[], blocks = 5): { mean: number; sem: number } {
  const mean = a.reduce((x, y) => x + y, 0) / a.length;
  const size = Math.floor(a.length / blocks);
  const bm = Array.from({ length: blocks }, (_, b) => a.slice(b * size, (b + 1) * size).reduce((x, y) => x + y, 0) / size);
  const varB = bm.reduce((x, y) => x + (y - mean) ** 2, 0) / (blocks - 1);
  return { mean, sem: Math.sqrt(varB / blocks) };
}
const result = {
  model: model.name, molecules: count, temperatureK: T, pressureBar: 1, cutoffNm: cutoff, equilibrationPs: nEq * dt, productionPs: nProd * dt,
  density: blockStats(rho), potentialPerMolecule: blockStats(u), wallSeconds: wall, nsPerDay: ((nEq + nProd) * dt * 1e-3) / (wall / 86400),
};
console.log(JSON.stringify(result, null, 2));
if (values.json) {
  writeFileSync(`${values.json}.tmp`, JSON.stringify(result, null, 2) + '\n');
  renameSync(`${values.json}.tmp`, values.json);
}
