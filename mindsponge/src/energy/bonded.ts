/**
 * Harmonic bonds: E = Σ_b k_b/2 (|r_i - r_j| - r0_b)^2 over an explicit bond list (minimum image in
 * periodic boxes). Units: k in kJ/mol/nm^2 (ε/σ^2), r0 in nm (σ). Note the 1/2: OpenMM's
 * HarmonicBondForce convention (Amber files store k without it; the force-field reader converts).
 */
import type { Box } from '../space.ts';
import type { ForceProvider } from './provider.ts';

export interface HarmonicBondOptions {
  /** Atom index pairs, [m*2]. */
  bonds: Int32Array;
  /** Force constant per bond [m] or one for all. */
  k: number | Float64Array;
  /** Rest length per bond [m] or one for all. */
  r0: number | Float64Array;
}

/**
 * Harmonic bond provider, E = Σ_b k_b/2 (|r_i - r_j| - r0_b)² (OpenMM's 1/2 convention), minimum image in a periodic box.
 * Adds energy (term 'bond', kJ/mol), forces -∇E (kJ/mol/nm) and virial into the ForceResult.
 * @param o.bonds Atom index pairs [m*2]; o.k kJ/mol/nm² and o.r0 nm, one per bond [m] or one number for all.
 * @throws RangeError when bonds has an odd length, k/r0 do not have m values, or (at compute) a bond names an atom outside [0, n).
 */
export function harmonicBonds(o: HarmonicBondOptions): ForceProvider {
  const m = o.bonds.length / 2;
  if (!Number.isInteger(m)) throw new RangeError(`harmonicBonds: bonds has ${o.bonds.length} indices, expected pairs`);
  const K = typeof o.k === 'number' ? new Float64Array(m).fill(o.k) : o.k;
  const R0 = typeof o.r0 === 'number' ? new Float64Array(m).fill(o.r0) : o.r0;
  if (K.length !== m || R0.length !== m) throw new RangeError(`harmonicBonds: ${m} bonds but k has ${K.length} and r0 has ${R0.length} values`);
  return {
    name: 'harmonicBonds',
    compute(x, box: Box | null, out) {
      const n = x.length / 3, f = out.forces, v = out.virial;
      const lx = box?.lx ?? 0, ly = box?.ly ?? 0, lz = box?.lz ?? 0, xy = box?.xy ?? 0, xz = box?.xz ?? 0, yz = box?.yz ?? 0;
      const hx = box ? 0.5 * lx : Infinity, hy = box ? 0.5 * ly : Infinity, hz = box ? 0.5 * lz : Infinity;
      let energy = 0;
      for (let b = 0; b < m; b++) {
        const i = o.bonds[2 * b]!, j = o.bonds[2 * b + 1]!;
        if (!(i >= 0 && i < n && j >= 0 && j < n)) throw new RangeError(`harmonicBonds: bond ${b} = (${i}, ${j}) refers to atoms outside [0, ${n})`);
        let dx = x[3 * i]! - x[3 * j]!, dy = x[3 * i + 1]! - x[3 * j + 1]!, dz = x[3 * i + 2]! - x[3 * j + 2]!;
        while (dz > hz) { dz -= lz; dy -= yz; dx -= xz; }
        while (dz < -hz) { dz += lz; dy += yz; dx += xz; }
        while (dy > hy) { dy -= ly; dx -= xy; }
        while (dy < -hy) { dy += ly; dx += xy; }
        while (dx > hx) dx -= lx;
        while (dx < -hx) dx += lx;
        const r = Math.sqrt(dx * dx + dy * dy + dz * dz), dr = r - R0[b]!;
        energy += 0.5 * K[b]! * dr * dr;
        const fpair = r > 0 ? (-K[b]! * dr) / r : 0;
        const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
        f[3 * i] += fx; f[3 * i + 1] += fy; f[3 * i + 2] += fz;
        f[3 * j] -= fx; f[3 * j + 1] -= fy; f[3 * j + 2] -= fz;
        v[0] += dx * fx; v[1] += dy * fy; v[2] += dz * fz; v[3] += dx * fy; v[4] += dx * fz; v[5] += dy * fz;
      }
      out.energy += energy;
      out.terms['bond'] = (out.terms['bond'] ?? 0) + energy;
    },
  };
}
