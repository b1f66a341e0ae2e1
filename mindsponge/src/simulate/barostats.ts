/**
 * Barostats as operators on the step context (see context.ts). Pressures here are internal units
 * (energy/length^3: kJ/mol/nm^3 or ε/σ^3); the builders in integrators.ts convert from bar.
 *
 *  - berendsen:  weak coupling; after the drift, coordinates and box scale by
 *                μ = 1 - (β dt / (3τ)) (P0 - P)  per axis (anisotropic) or for all (isotropic)
 *                (Berendsen et al. 1984). Uses the pressure of the previous step. Not an NPT ensemble.
 *  - monteCarlo: every `frequency` steps a random volume move ΔV in [-δ, δ] (isotropic) or one axis
 *                (anisotropic), accepted with min(1, exp(-[ΔU + P0 ΔV - N kT ln(V'/V)] / kT))
 *                (OpenMM MonteCarloBarostat; Chow & Ferguson 1995). Atoms scale with the box (N atoms),
 *                or, given `molecules` ([n] molecule index per atom), each molecule is made whole and
 *                moved rigidly with its centre of mass (N molecules), which keeps constraints intact.
 *                δ adapts towards ~25-75% acceptance, uncapped: a cap tied to the current volume biases
 *                <V> (-4% for an ideal gas of 9 molecules at 0.3 V). Exact NPT sampling.
 * Both keep the box orthorhombic.
 */
import { boxVolume, makeBox, type Box } from '../space.ts';
import type { BarostatOp, StepContext } from './context.ts';

function currentPressureTensorDiag(ctx: StepContext, out: Float64Array): void {
  const { v, m, n } = ctx;
  let kx = 0, ky = 0, kz = 0;
  for (let i = 0; i < n; i++) {
    const i3 = 3 * i;
    kx += m[i]! * v[i3]! ** 2; ky += m[i]! * v[i3 + 1]! ** 2; kz += m[i]! * v[i3 + 2]! ** 2;
  }
  const V = boxVolume(ctx.box!);
  const w = ctx.result.virial;
  out[0] = (kx + w[0]!) / V; out[1] = (ky + w[1]!) / V; out[2] = (kz + w[2]!) / V;
}

function scaleSystem(ctx: StepContext, sx: number, sy: number, sz: number): void {
  const b = ctx.box!;
  const x = ctx.x;
  for (let k = 0; k < x.length; k += 3) { x[k] = x[k]! * sx; x[k + 1] = x[k + 1]! * sy; x[k + 2] = x[k + 2]! * sz; }
  ctx.box = makeBox(b.lx * sx, b.ly * sy, b.lz * sz, b.xy * sx, b.xz * sx, b.yz * sy);
}

function requireBox(ctx: StepContext, who: string): Box {
  if (!ctx.box) throw new RangeError(`${who}: needs a periodic box, got free space`);
  if (ctx.box.xy !== 0 || ctx.box.xz !== 0 || ctx.box.yz !== 0) throw new RangeError(`${who}: supports orthorhombic boxes only`);
  return ctx.box;
}

/** `pressure` internal units; `compressibility` 1/(internal pressure); `tau` ps or τ. */
export function berendsenBarostat(pressure: number, tau: number, compressibility: number, anisotropic = false): BarostatOp {
  if (!(tau > 0)) throw new RangeError(`berendsen barostat: tau = ${tau}, expected > 0`);
  if (!(compressibility > 0)) throw new RangeError(`berendsen barostat: compressibility = ${compressibility}, expected > 0`);
  const p = new Float64Array(3);
  return {
    kind: 'berendsen', extSize: 0,
    initExt: (ctx) => { requireBox(ctx, 'berendsen barostat'); },
    afterDrift(ctx) {
      if (ctx.step === 0 && ctx.result.virial.every((w) => w === 0)) return; // no pressure known yet
      currentPressureTensorDiag(ctx, p);
      const c = (compressibility * ctx.dt) / (3 * tau);
      if (anisotropic) scaleSystem(ctx, 1 - c * (pressure - p[0]!), 1 - c * (pressure - p[1]!), 1 - c * (pressure - p[2]!));
      else {
        const mu = 1 - c * (pressure - (p[0]! + p[1]! + p[2]!) / 3);
        scaleSystem(ctx, mu, mu, mu);
      }
    },
    energy: () => 0,
  };
}

/** Scales molecule centres of mass with the box: each molecule is first made whole (atoms at the minimum
 * image of its anchor atom), then translated, so a molecule split by the boundary is not stretched. */
function molecularScaler(molecules: Int32Array): { count: number; scale(ctx: StepContext, sx: number, sy: number, sz: number): void } {
  let count = 0;
  for (const k of molecules) {
    if (!(k >= 0 && Number.isInteger(k))) throw new RangeError(`monte carlo barostat: molecule index ${k}, expected a non-negative integer`);
    count = Math.max(count, k + 1);
  }
  const com = new Float64Array(3 * count), mass = new Float64Array(count);
  const anchor = new Int32Array(count).fill(-1);
  for (let a = 0; a < molecules.length; a++) if (anchor[molecules[a]!] === -1) anchor[molecules[a]!] = a;
  return {
    count,
    scale(ctx, sx, sy, sz) {
      const { x, m } = ctx;
      const b = ctx.box!;
      const L0 = b.lx, L1 = b.ly, L2 = b.lz;
      com.fill(0); mass.fill(0);
      for (let a = 0; a < molecules.length; a++) {
        const k = molecules[a]!, r = 3 * anchor[k]!, a3 = 3 * a;
        let dx = x[a3]! - x[r]!, dy = x[a3 + 1]! - x[r + 1]!, dz = x[a3 + 2]! - x[r + 2]!;
        dx -= L0 * Math.round(dx / L0); dy -= L1 * Math.round(dy / L1); dz -= L2 * Math.round(dz / L2);
        x[a3] = x[r]! + dx; x[a3 + 1] = x[r + 1]! + dy; x[a3 + 2] = x[r + 2]! + dz;
        com[3 * k] += m[a]! * x[a3]!; com[3 * k + 1] += m[a]! * x[a3 + 1]!; com[3 * k + 2] += m[a]! * x[a3 + 2]!;
        mass[k] += m[a]!;
      }
      for (let a = 0; a < molecules.length; a++) {
        const k = molecules[a]!, w = 1 / mass[k]!, a3 = 3 * a;
        x[a3] += (sx - 1) * com[3 * k]! * w; x[a3 + 1] += (sy - 1) * com[3 * k + 1]! * w; x[a3 + 2] += (sz - 1) * com[3 * k + 2]! * w;
      }
      ctx.box = makeBox(L0 * sx, L1 * sy, L2 * sz);
    },
  };
}

/**
 * `pressure` internal units, `kT` internal energy; `molecules` ([n] molecule index per atom, e.g.
 * forcefield's `moleculesFromBonds`) switches to molecular scaling.
 * ext layout: [attempts, accepted, maxVolumeChange, attemptsSinceAdapt, acceptedSinceAdapt].
 */
export function monteCarloBarostat(pressure: number, kT: number, frequency = 25, anisotropic = false, molecules: Int32Array | null = null): BarostatOp {
  if (!Number.isInteger(frequency) || frequency < 1) throw new RangeError(`monte carlo barostat: frequency = ${frequency}, expected a positive integer`);
  if (!(kT > 0)) throw new RangeError(`monte carlo barostat: kT = ${kT}, expected > 0`);
  const mol = molecules ? molecularScaler(molecules) : null;
  const scale = mol ? mol.scale : scaleSystem;
  let savedX = new Float64Array(0), savedF = new Float64Array(0);
  const savedW = new Float64Array(6);
  return {
    kind: `monte-carlo${mol ? '-molecular' : ''}${anisotropic ? '-anisotropic' : ''}`, extSize: 5,
    initExt(ctx, o) {
      const b = requireBox(ctx, 'monte carlo barostat');
      if (molecules && molecules.length !== ctx.n) throw new RangeError(`monte carlo barostat: molecules has ${molecules.length} entries, system has ${ctx.n} atoms`);
      ctx.ext[o] = 0; ctx.ext[o + 1] = 0; ctx.ext[o + 2] = 0.01 * boxVolume(b); ctx.ext[o + 3] = 0; ctx.ext[o + 4] = 0;
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
        if (anisotropic) {
          const axis = Math.min(2, Math.floor(3 * ctx.rng.uniform()));
          const s = V1 / V;
          scale(ctx, axis === 0 ? s : 1, axis === 1 ? s : 1, axis === 2 ? s : 1);
        } else {
          const s = Math.cbrt(V1 / V);
          scale(ctx, s, s, s);
        }
        ctx.computeForces();
        const w = ctx.result.energy - u0 + pressure * dV - (mol ? mol.count : ctx.n) * kT * Math.log(V1 / V);
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
        else if (rate > 0.75) ext[o + 2] = ext[o + 2]! * 1.1;
        ext[o + 3] = 0; ext[o + 4] = 0;
      }
    },
    energy: (ctx) => pressure * boxVolume(ctx.box!),
  };
}
