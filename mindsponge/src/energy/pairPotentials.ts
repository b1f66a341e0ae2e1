/**
 * Short-range pair potentials besides LJ, over the same half neighbour list (energy, forces, virial
 * in one pass; one species-pair parameter table; no closures per pair):
 *  - Morse:        u(r) = D [ (1 - e^{-a (r - r0)})^2 - 1 ]          minimum -D at r0 (kJ/mol, 1/nm, nm)
 *  - soft sphere:  u(r) = ε/α (1 - r/σ)^α  for r < σ, α >= 2           (jax-md `soft_sphere`; cutoff σ)
 * `shift: true` subtracts u(r_c) (Morse; the soft sphere is already 0 at σ). Per-species parameters
 * are combined arithmetically (σ, r0) and geometrically (ε, D, a).
 */
import type { Box } from '../space.ts';
import { neighborList, type Exclusions, type NeighborList } from '../partition.ts';
import type { ForceProvider, ForceResult } from './provider.ts';
import { perSpecies, speciesCounts } from './species.ts';

const MORSE = 0, SOFT = 1;

interface Table { kind: number; nt: number; p1: Float64Array; p2: Float64Array; p3: Float64Array; offset: Float64Array; cut2: Float64Array; cutoff: number }

function pairProvider(name: string, t: Table, species: Int32Array | undefined, skin: number, exclusions?: Exclusions): ForceProvider & { neighborList(): NeighborList | null } {
  if (species) speciesCounts(species, t.nt);
  const fns = neighborList({ cutoff: t.cutoff, skin, exclusions });
  let nl: NeighborList | null = null;
  return {
    name,
    neighborList: () => nl,
    compute(x: Float64Array, box: Box | null, out: ForceResult) {
      const n = x.length / 3;
      if (species && species.length !== n) throw new RangeError(`${name}: species has ${species.length} entries, positions have ${n} atoms`);
      nl = nl ? fns.update(nl, x, box) : fns.allocate(x, box);
      const { start, pairs } = nl;
      const f = out.forces, v = out.virial, { kind, nt, p1, p2, p3, offset, cut2 } = t;
      const lx = box?.lx ?? 0, ly = box?.ly ?? 0, lz = box?.lz ?? 0, xy = box?.xy ?? 0, xz = box?.xz ?? 0, yz = box?.yz ?? 0;
      const hx = box ? 0.5 * lx : Infinity, hy = box ? 0.5 * ly : Infinity, hz = box ? 0.5 * lz : Infinity;
      let energy = 0, wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
      for (let i = 0; i < n; i++) {
        const xi = x[3 * i]!, yi = x[3 * i + 1]!, zi = x[3 * i + 2]!;
        const ti = species ? species[i]! * nt : 0;
        let fxi = 0, fyi = 0, fzi = 0;
        for (let p = start[i]!; p < start[i + 1]!; p++) {
          const j = pairs[p]!, j3 = 3 * j;
          let dx = xi - x[j3]!, dy = yi - x[j3 + 1]!, dz = zi - x[j3 + 2]!;
          while (dz > hz) { dz -= lz; dy -= yz; dx -= xz; }
          while (dz < -hz) { dz += lz; dy += yz; dx += xz; }
          while (dy > hy) { dy -= ly; dx -= xy; }
          while (dy < -hy) { dy += ly; dx += xy; }
          while (dx > hx) dx -= lx;
          while (dx < -hx) dx += lx;
          const r2 = dx * dx + dy * dy + dz * dz;
          const k = species ? ti + species[j]! : 0;
          if (r2 >= cut2[k]!) continue;
          const r = Math.sqrt(r2);
          let e: number, dEdr: number;
          if (kind === MORSE) {
            const ex = Math.exp(-p2[k]! * (r - p3[k]!));
            e = p1[k]! * ((1 - ex) * (1 - ex) - 1) - offset[k]!;
            dEdr = 2 * p1[k]! * p2[k]! * ex * (1 - ex);
          } else {
            const q = 1 - r / p2[k]!, a = p3[k]!;
            const qa1 = Math.pow(q, a - 1);
            e = (p1[k]! / a) * qa1 * q;
            dEdr = -(p1[k]! / p2[k]!) * qa1;
          }
          energy += e;
          const fpair = -dEdr / r;
          const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
          fxi += fx; fyi += fy; fzi += fz;
          f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
          wxx += dx * fx; wyy += dy * fy; wzz += dz * fz; wxy += dx * fy; wxz += dx * fz; wyz += dy * fz;
        }
        f[3 * i] += fxi; f[3 * i + 1] += fyi; f[3 * i + 2] += fzi;
      }
      out.energy += energy;
      v[0] += wxx; v[1] += wyy; v[2] += wzz; v[3] += wxy; v[4] += wxz; v[5] += wyz;
      out.terms[name] = (out.terms[name] ?? 0) + energy;
    },
  };
}

function countSpecies(...vals: (number | readonly number[])[]): number {
  return Math.max(1, ...vals.map((v) => (typeof v === 'number' ? 1 : v.length)));
}

export interface MorseOptions {
  /** Well depth D (kJ/mol or ε) per species. */
  depth: number | readonly number[];
  /** Width parameter a (1/nm or 1/σ) per species. */
  alpha: number | readonly number[];
  /** Equilibrium distance r0 (nm or σ) per species. */
  r0: number | readonly number[];
  cutoff: number;
  shift?: boolean;
  species?: Int32Array;
  skin?: number;
  exclusions?: Exclusions;
}

/**
 * Morse pair provider, u(r) = D[(1 - e^{-a(r - r0)})² - 1] for r < cutoff (minimum -D at r0), optionally shifted to 0 at the
 * cutoff. Per-species D (kJ/mol), a (1/nm) and r0 (nm) combine as sqrt(D_i D_j), sqrt(a_i a_j), (r0_i + r0_j)/2.
 * Energy term 'morse'; neighbour-list skin default 0.3 nm.
 * @throws RangeError on cutoff ≤ 0 or invalid per-species values.
 */
export function morse(o: MorseOptions): ForceProvider & { neighborList(): NeighborList | null } {
  const nt = countSpecies(o.depth, o.alpha, o.r0);
  const D = perSpecies('morse.depth', o.depth, nt, false), A = perSpecies('morse.alpha', o.alpha, nt), R = perSpecies('morse.r0', o.r0, nt);
  if (!(o.cutoff > 0)) throw new RangeError(`morse.cutoff = ${o.cutoff}, expected > 0`);
  const t: Table = { kind: MORSE, nt, p1: new Float64Array(nt * nt), p2: new Float64Array(nt * nt), p3: new Float64Array(nt * nt), offset: new Float64Array(nt * nt), cut2: new Float64Array(nt * nt).fill(o.cutoff ** 2), cutoff: o.cutoff };
  for (let a = 0; a < nt; a++) for (let b = 0; b < nt; b++) {
    const k = a * nt + b;
    t.p1[k] = Math.sqrt(D[a]! * D[b]!); t.p2[k] = Math.sqrt(A[a]! * A[b]!); t.p3[k] = 0.5 * (R[a]! + R[b]!);
    if (o.shift) { const ex = Math.exp(-t.p2[k]! * (o.cutoff - t.p3[k]!)); t.offset[k] = t.p1[k]! * ((1 - ex) ** 2 - 1); }
  }
  return pairProvider('morse', t, o.species, o.skin ?? 0.3, o.exclusions);
}

export interface SoftSphereOptions {
  /** Energy scale ε per species. */
  epsilon: number | readonly number[];
  /** Diameter σ per species (the interaction range). */
  sigma: number | readonly number[];
  /** Exponent α >= 2 (2 = harmonic). Default 2. */
  alpha?: number;
  species?: Int32Array;
  skin?: number;
}

/**
 * Soft-sphere pair provider (jax-md soft_sphere), u(r) = ε/α (1 - r/σ)^α for r < σ, else 0. Per-species σ combine
 * arithmetically, ε geometrically; the interaction range is the largest mixed σ. Energy term 'soft_sphere'.
 * @param o.alpha Exponent α ≥ 2 (default 2, harmonic).
 * @throws RangeError when alpha < 2 or per-species values are invalid.
 */
export function softSphere(o: SoftSphereOptions): ForceProvider & { neighborList(): NeighborList | null } {
  const nt = countSpecies(o.epsilon, o.sigma);
  const E = perSpecies('softSphere.epsilon', o.epsilon, nt, false), S = perSpecies('softSphere.sigma', o.sigma, nt);
  const alpha = o.alpha ?? 2;
  if (!(alpha >= 2)) throw new RangeError(`softSphere.alpha = ${alpha}, expected >= 2 (continuous forces)`);
  const t: Table = { kind: SOFT, nt, p1: new Float64Array(nt * nt), p2: new Float64Array(nt * nt), p3: new Float64Array(nt * nt).fill(alpha), offset: new Float64Array(nt * nt), cut2: new Float64Array(nt * nt), cutoff: 0 };
  for (let a = 0; a < nt; a++) for (let b = 0; b < nt; b++) {
    const k = a * nt + b, s = 0.5 * (S[a]! + S[b]!);
    t.p1[k] = Math.sqrt(E[a]! * E[b]!); t.p2[k] = s; t.cut2[k] = s * s; t.cutoff = Math.max(t.cutoff, s);
  }
  return pairProvider('soft_sphere', t, o.species, o.skin ?? 0.3);
}
