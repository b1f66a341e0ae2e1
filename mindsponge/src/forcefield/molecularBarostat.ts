/**
 * Monte Carlo barostat that scales molecular centres of mass (OpenMM's MonteCarloBarostat), for
 * systems with rigid or constrained molecules, where scaling atoms would break the constraints.
 *
 * `molecularMonteCarloBarostat(pressure [bar], temperature [K], molecules, frequency)` returns the
 * engine's `BarostatOp` (../simulate/context.ts). Every `frequency` steps it proposes V -> V + dV,
 * dV uniform in [-d, d], moves each molecule rigidly so its centre of mass scales with the box, and
 * accepts with min(1, exp(-(dU + P dV - N_mol kT ln(V'/V)) / kT)). d adapts toward 25-75% acceptance.
 * `molecules` [N] gives the molecule index of each atom (e.g. `moleculesFromBonds`). Orthorhombic boxes.
 * ext layout: [attempts, accepted, maxVolumeChange, attemptsSinceAdapt, acceptedSinceAdapt].
 */
import type { BarostatOp, StepContext } from '../simulate/context.ts';
import { boxVolume, makeBox } from '../space.ts';
import { BAR_PER_KJ_MOL_NM3, KB_KJ_PER_MOL_K } from '../units.ts';
import type { ForceFieldParams } from './amberParams.ts';

/** Connected components of the bond graph: [N] molecule index per atom (0-based, in atom order). */
export function moleculesFromBonds(p: ForceFieldParams): Int32Array {
  const parent = Int32Array.from({ length: p.nAtoms }, (_, i) => i);
  const find = (a: number): number => { while (parent[a] !== a) { parent[a] = parent[parent[a]!]!; a = parent[a]!; } return a; };
  for (let b = 0; b < p.bonds.i.length; b++) {
    const x = find(p.bonds.i[b]!), y = find(p.bonds.j[b]!);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  const label = new Int32Array(p.nAtoms).fill(-1);
  const out = new Int32Array(p.nAtoms);
  let next = 0;
  for (let a = 0; a < p.nAtoms; a++) {
    const r = find(a);
    if (label[r] === -1) label[r] = next++;
    out[a] = label[r]!;
  }
  return out;
}

export function molecularMonteCarloBarostat(pressureBar: number, temperature: number, molecules: Int32Array, frequency = 25): BarostatOp {
  if (!Number.isInteger(frequency) || frequency < 1) throw new RangeError(`molecular barostat: frequency = ${frequency}, expected a positive integer`);
  if (!(temperature > 0)) throw new RangeError(`molecular barostat: temperature = ${temperature} K, expected > 0`);
  const P = pressureBar / BAR_PER_KJ_MOL_NM3;
  const kT = KB_KJ_PER_MOL_K * temperature;
  let nMol = 0;
  for (const m of molecules) nMol = Math.max(nMol, m + 1);
  const com = new Float64Array(3 * nMol), mass = new Float64Array(nMol);
  const anchor = new Int32Array(nMol).fill(-1);
  for (let a = 0; a < molecules.length; a++) if (anchor[molecules[a]!] === -1) anchor[molecules[a]!] = a;
  let savedX = new Float64Array(0), savedF = new Float64Array(0);
  const savedW = new Float64Array(6);

  /** Molecule centres of mass, each molecule unwrapped around its first atom. */
  function centres(ctx: StepContext): void {
    const { x, m } = ctx;
    const b = ctx.box!;
    com.fill(0); mass.fill(0);
    for (let a = 0; a < molecules.length; a++) {
      const k = molecules[a]!, r = anchor[k]!;
      for (let d = 0; d < 3; d++) {
        const L = d === 0 ? b.lx : d === 1 ? b.ly : b.lz;
        let dx = x[3 * a + d]! - x[3 * r + d]!;
        dx -= L * Math.round(dx / L);
        com[3 * k + d] += m[a]! * (x[3 * r + d]! + dx);
      }
      mass[k] += m[a]!;
    }
    for (let k = 0; k < nMol; k++) for (let d = 0; d < 3; d++) com[3 * k + d] /= mass[k]!;
  }

  return {
    kind: 'monte-carlo-molecular',
    extSize: 5,
    initExt(ctx, o) {
      if (!ctx.box) throw new RangeError('molecular barostat: needs a periodic box');
      if (molecules.length !== ctx.n) throw new RangeError(`molecular barostat: molecules has ${molecules.length} entries, system has ${ctx.n} atoms`);
      ctx.ext[o] = 0; ctx.ext[o + 1] = 0; ctx.ext[o + 2] = 0.01 * boxVolume(ctx.box); ctx.ext[o + 3] = 0; ctx.ext[o + 4] = 0;
    },
    end(ctx, o) {
      if ((ctx.step + 1) % frequency !== 0) return;
      const ext = ctx.ext, box = ctx.box!;
      const V = boxVolume(box);
      const u0 = ctx.result.energy;
      if (savedX.length !== ctx.x.length) { savedX = new Float64Array(ctx.x.length); savedF = new Float64Array(ctx.x.length); }
      savedX.set(ctx.x); savedF.set(ctx.f); savedW.set(ctx.result.virial);
      const savedTerms = { ...ctx.result.terms };
      const dV = ext[o + 2]! * (2 * ctx.rng.uniform() - 1);
      const V1 = V + dV;
      ext[o]!++; ext[o + 3]!++;
      let accepted = false;
      if (V1 > 0) {
        const s = Math.cbrt(V1 / V);
        centres(ctx);
        // Each molecule is first made whole (atoms at the minimum image of its anchor atom), then
        // translated; otherwise a molecule split by the boundary would be stretched by (s-1) L.
        const x = ctx.x;
        const Ls = [box.lx, box.ly, box.lz];
        for (let a = 0; a < molecules.length; a++) {
          const k = molecules[a]!, r = anchor[k]!;
          for (let d = 0; d < 3; d++) {
            const L = Ls[d]!;
            let dx = x[3 * a + d]! - x[3 * r + d]!;
            dx -= L * Math.round(dx / L);
            x[3 * a + d] = x[3 * r + d]! + dx;
          }
        }
        for (let a = 0; a < molecules.length; a++) {
          const k = molecules[a]!;
          for (let d = 0; d < 3; d++) x[3 * a + d] += (s - 1) * com[3 * k + d]!;
        }
        ctx.box = makeBox(box.lx * s, box.ly * s, box.lz * s);
        ctx.computeForces();
        const w = ctx.result.energy - u0 + P * dV - nMol * kT * Math.log(V1 / V);
        accepted = w <= 0 || ctx.rng.uniform() < Math.exp(-w / kT);
      }
      if (accepted) { ext[o + 1]!++; ext[o + 4]!++; } else {
        ctx.x.set(savedX); ctx.f.set(savedF); ctx.result.virial.set(savedW);
        ctx.result.energy = u0;
        Object.assign(ctx.result.terms, savedTerms);
        ctx.box = box;
      }
      if (ext[o + 3]! >= 10) {
        const rate = ext[o + 4]! / ext[o + 3]!;
        if (rate < 0.25) ext[o + 2] = ext[o + 2]! / 1.1;
        else if (rate > 0.75) ext[o + 2] = Math.min(ext[o + 2]! * 1.1, 0.3 * V);
        ext[o + 3] = 0; ext[o + 4] = 0;
      }
    },
    energy: (ctx) => P * boxVolume(ctx.box!),
  };
}
