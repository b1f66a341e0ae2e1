/**
 * Thermostats as operators on the step context (see context.ts). kT in kJ/mol (or ε).
 *  - langevin:   Ornstein-Uhlenbeck velocity update v <- c v + sqrt((1-c^2) kT/m) ξ, c = exp(-γ h)
 *                (Leimkuhler & Matthews 2013, used in the BAOAB and "middle" schemes).
 *  - berendsen:  v <- λ v, λ^2 = 1 + (dt/τ)(T0/T - 1)   (Berendsen et al. 1984; not canonical).
 *  - bussi:      canonical stochastic velocity rescaling (Bussi, Donadio & Parrinello 2007, appendix).
 *  - andersen:   each atom's velocity redrawn from Maxwell-Boltzmann with probability 1-exp(-ν dt).
 *  - noseHooverChain: Martyna-Klein-Tuckerman chain, Trotter half-steps with Suzuki-Yoshida weights
 *                (Martyna et al., Mol. Phys. 87, 1117 (1996)); Q_1 = N_dof kT τ^2, Q_k = kT τ^2.
 * Each keeps in `ext` the heat it has exchanged (or the chain variables), so `energy` makes the
 * integrator's conserved quantity: E_kin + E_pot + energy(ext).
 */
import type { StepContext, ThermostatOp } from './context.ts';

function scaleVelocities(ctx: StepContext, s: number): void {
  const v = ctx.v;
  for (let k = 0; k < v.length; k++) v[k] = v[k]! * s;
}

/**
 * Langevin (Ornstein-Uhlenbeck) friction operator: v ← c v + sqrt((1 - c²) kT/m) ξ, c = exp(-γ h); tracks the heat
 * exchanged for the conserved quantity. kT in kJ/mol (or ε), gamma in 1/ps (or 1/τ).
 * @throws RangeError when gamma ≤ 0.
 */
export function langevinThermostat(kT: number, gamma: number): ThermostatOp {
  if (!(gamma > 0)) throw new RangeError(`langevin: friction gamma = ${gamma}, expected > 0 (1/ps or 1/τ)`);
  return {
    kind: 'langevin', extSize: 1, stochasticMomentum: true,
    initExt: (ctx, o) => { ctx.ext[o] = 0; },
    friction(ctx, o, h) {
      const c1 = Math.exp(-gamma * h), c2 = Math.sqrt(1 - c1 * c1);
      const { v, invM, rng, n } = ctx;
      const ke0 = ctx.kinetic();
      for (let i = 0; i < n; i++) {
        const s = c2 * Math.sqrt(kT * invM[i]!);
        const i3 = 3 * i;
        v[i3] = c1 * v[i3]! + s * rng.normal();
        v[i3 + 1] = c1 * v[i3 + 1]! + s * rng.normal();
        v[i3 + 2] = c1 * v[i3 + 2]! + s * rng.normal();
      }
      if (ctx.constraints) ctx.constraints.constrainVelocities(ctx.x, v, ctx.m, ctx.box);
      ctx.ext[o] = ctx.ext[o]! - (ctx.kinetic() - ke0);
    },
    energy: (ctx, o) => ctx.ext[o]!,
  };
}

/**
 * Berendsen velocity rescaling, λ² = 1 + (dt/τ)(T0/T - 1), applied after each step (not canonical). kT in kJ/mol
 * (or ε), tau in ps (or τ).
 * @throws RangeError when tau ≤ 0.
 */
export function berendsenThermostat(kT: number, tau: number): ThermostatOp {
  if (!(tau > 0)) throw new RangeError(`berendsen thermostat: tau = ${tau}, expected > 0`);
  return {
    kind: 'berendsen', extSize: 1, stochasticMomentum: false,
    initExt: (ctx, o) => { ctx.ext[o] = 0; },
    end(ctx, o) {
      const ke = ctx.kinetic();
      if (ke <= 0) return;
      const T = (2 * ke) / ctx.dof, lambda2 = 1 + (ctx.dt / tau) * (kT / T - 1);
      const s = Math.sqrt(Math.max(lambda2, 0));
      scaleVelocities(ctx, s);
      ctx.ext[o] = ctx.ext[o]! - (s * s - 1) * ke;
    },
    energy: (ctx, o) => ctx.ext[o]!,
  };
}

/**
 * Canonical stochastic velocity rescaling (Bussi, Donadio & Parrinello 2007), applied after each step. kT in kJ/mol
 * (or ε), tau in ps (or τ).
 * @throws RangeError when tau ≤ 0.
 */
export function bussiThermostat(kT: number, tau: number): ThermostatOp {
  if (!(tau > 0)) throw new RangeError(`bussi thermostat: tau = ${tau}, expected > 0`);
  return {
    kind: 'bussi', extSize: 1, stochasticMomentum: false,
    initExt: (ctx, o) => { ctx.ext[o] = 0; },
    end(ctx, o) {
      const ke = ctx.kinetic();
      if (ke <= 0) return;
      const nf = ctx.dof, target = 0.5 * nf * kT;
      const c = Math.exp(-ctx.dt / tau);
      const r1 = ctx.rng.normal();
      const sumR2 = nf > 1 ? 2 * ctx.rng.gamma((nf - 1) / 2) : 0;
      const f = target / (nf * ke);
      const alpha2 = c + (1 - c) * f * (r1 * r1 + sumR2) + 2 * r1 * Math.sqrt(c * (1 - c) * f);
      const sign = r1 + Math.sqrt((c * nf * ke) / ((1 - c) * target)) < 0 ? -1 : 1;
      const s = sign * Math.sqrt(alpha2);
      scaleVelocities(ctx, s);
      ctx.ext[o] = ctx.ext[o]! - (alpha2 - 1) * ke;
    },
    energy: (ctx, o) => ctx.ext[o]!,
  };
}

/**
 * Andersen thermostat: after each step, each atom's velocity is redrawn from Maxwell-Boltzmann at kT with probability
 * 1 - exp(-ν dt). kT in kJ/mol (or ε), collisionFrequency ν in 1/ps (or 1/τ).
 * @throws RangeError when collisionFrequency ≤ 0.
 */
export function andersenThermostat(kT: number, collisionFrequency: number): ThermostatOp {
  if (!(collisionFrequency > 0)) throw new RangeError(`andersen thermostat: collision frequency = ${collisionFrequency}, expected > 0 (1/ps or 1/τ)`);
  return {
    kind: 'andersen', extSize: 1, stochasticMomentum: true,
    initExt: (ctx, o) => { ctx.ext[o] = 0; },
    end(ctx, o) {
      const p = 1 - Math.exp(-collisionFrequency * ctx.dt);
      const { v, invM, m, rng, n } = ctx;
      let dKe = 0;
      for (let i = 0; i < n; i++) {
        if (rng.uniform() >= p) continue;
        const i3 = 3 * i, s = Math.sqrt(kT * invM[i]!);
        const before = v[i3]! ** 2 + v[i3 + 1]! ** 2 + v[i3 + 2]! ** 2;
        v[i3] = s * rng.normal(); v[i3 + 1] = s * rng.normal(); v[i3 + 2] = s * rng.normal();
        dKe += 0.5 * m[i]! * (v[i3]! ** 2 + v[i3 + 1]! ** 2 + v[i3 + 2]! ** 2 - before);
      }
      ctx.ext[o] = ctx.ext[o]! - dKe;
    },
    energy: (ctx, o) => ctx.ext[o]!,
  };
}

const SUZUKI_YOSHIDA: Record<number, readonly number[]> = {
  1: [1],
  3: [1 / (2 - 2 ** (1 / 3)), 1 - 2 / (2 - 2 ** (1 / 3)), 1 / (2 - 2 ** (1 / 3))],
};

/** ext layout: [xi_0..xi_{M-1}, vxi_0..vxi_{M-1}] (thermostat positions and velocities, 1/ps). */
export function noseHooverChain(kT: number, tau: number, chainLength = 3, sySteps: 1 | 3 = 3, multipleSteps = 1): ThermostatOp {
  if (!(tau > 0)) throw new RangeError(`nose-hoover: tau = ${tau}, expected > 0`);
  if (!Number.isInteger(chainLength) || chainLength < 1) throw new RangeError(`nose-hoover: chainLength = ${chainLength}, expected a positive integer`);
  const M = chainLength;
  const weights = SUZUKI_YOSHIDA[sySteps];
  if (!weights) throw new RangeError(`nose-hoover: sySteps = ${sySteps}, expected 1 or 3`);
  const Q = new Float64Array(M);
  const G = new Float64Array(M);
  return {
    kind: 'nose-hoover', extSize: 2 * M, stochasticMomentum: false,
    initExt(ctx, o) {
      for (let k = 0; k < 2 * M; k++) ctx.ext[o + k] = 0;
    },
    half(ctx, o, h) {
      const ext = ctx.ext, nf = ctx.dof;
      Q[0] = nf * kT * tau * tau;
      for (let k = 1; k < M; k++) Q[k] = kT * tau * tau;
      let ke2 = 2 * ctx.kinetic();
      let scale = 1;
      const vx = o + M; // vxi_k at ext[vx + k]
      for (let mstep = 0; mstep < multipleSteps; mstep++) for (const w of weights) {
        const d = (w * h) / multipleSteps;
        G[0] = (ke2 - nf * kT) / Q[0]!;
        for (let k = 1; k < M; k++) G[k] = (Q[k - 1]! * ext[vx + k - 1]! ** 2 - kT) / Q[k]!;
        ext[vx + M - 1] = ext[vx + M - 1]! + 0.5 * d * G[M - 1]!;
        for (let k = M - 2; k >= 0; k--) {
          const a = Math.exp(-0.25 * d * ext[vx + k + 1]!);
          ext[vx + k] = (ext[vx + k]! * a + 0.5 * d * G[k]!) * a;
        }
        const s = Math.exp(-d * ext[vx]!);
        scale *= s;
        ke2 *= s * s;
        for (let k = 0; k < M; k++) ext[o + k] = ext[o + k]! + d * ext[vx + k]!;
        G[0] = (ke2 - nf * kT) / Q[0]!;
        for (let k = 0; k < M - 1; k++) {
          const a = Math.exp(-0.25 * d * ext[vx + k + 1]!);
          ext[vx + k] = (ext[vx + k]! * a + 0.5 * d * G[k]!) * a;
          G[k + 1] = (Q[k]! * ext[vx + k]! ** 2 - kT) / Q[k + 1]!;
        }
        ext[vx + M - 1] = ext[vx + M - 1]! + 0.5 * d * G[M - 1]!;
      }
      scaleVelocities(ctx, scale);
    },
    energy(ctx, o) {
      const ext = ctx.ext, nf = ctx.dof;
      let e = 0;
      for (let k = 0; k < M; k++) {
        const q = k === 0 ? nf * kT * tau * tau : kT * tau * tau;
        e += 0.5 * q * ext[o + M + k]! ** 2 + (k === 0 ? nf : 1) * kT * ext[o + k]!;
      }
      return e;
    },
  };
}
