/**
 * Observables from a state: kinetic energy, temperature with removed degrees of freedom, pressure
 * tensor from the virial, density. Units follow the unit system (see units.ts): KE in kJ/mol (or ε),
 * T in K (or ε/k_B), internal pressure in energy/length^3 (multiply by `pressureFactor` for bar).
 *
 * Pressure tensor: P_ab = (Σ_i m_i v_ia v_ib + W_ab) / V with W the virial [xx,yy,zz,xy,xz,yz];
 * scalar P = tr(P)/3. (LAMMPS uses dof k_B T in place of 2 KE; identical when dof = 3N-3 and
 * T = 2 KE / (dof k_B).)
 */
export function kineticEnergy(velocities: Float64Array, masses: Float64Array): number {
  let s = 0;
  for (let i = 0; i < masses.length; i++) {
    s += masses[i]! * (velocities[3 * i]! ** 2 + velocities[3 * i + 1]! ** 2 + velocities[3 * i + 2]! ** 2);
  }
  return 0.5 * s;
}

/** Kinetic tensor Σ m v_a v_b as [xx,yy,zz,xy,xz,yz]. */
export function kineticTensor(velocities: Float64Array, masses: Float64Array, out = new Float64Array(6)): Float64Array {
  out.fill(0);
  for (let i = 0; i < masses.length; i++) {
    const m = masses[i]!, vx = velocities[3 * i]!, vy = velocities[3 * i + 1]!, vz = velocities[3 * i + 2]!;
    out[0] += m * vx * vx; out[1] += m * vy * vy; out[2] += m * vz * vz;
    out[3] += m * vx * vy; out[4] += m * vx * vz; out[5] += m * vy * vz;
  }
  return out;
}

/**
 * Degrees of freedom: 3N minus removed ones (3 for zero total momentum in a periodic box, by
 * convention as LAMMPS `compute temp`), minus one per holonomic constraint.
 */
export function degreesOfFreedom(nAtoms: number, options: { removeCom?: boolean; constraints?: number } = {}): number {
  const dof = 3 * nAtoms - (options.removeCom === false ? 0 : 3) - (options.constraints ?? 0);
  return Math.max(1, dof);
}

/** Instantaneous temperature T = 2 KE / (dof k_B): kinetic energy in kJ/mol (or ε), kB in the same energy per K. */
export function temperature(kinetic: number, dof: number, kB: number): number {
  return (2 * kinetic) / (dof * kB);
}

/** Pressure tensor [xx,yy,zz,xy,xz,yz] in internal units (energy/length^3). */
export function pressureTensor(velocities: Float64Array, masses: Float64Array, virial: Float64Array, volume: number, out = new Float64Array(6)): Float64Array {
  kineticTensor(velocities, masses, out);
  for (let k = 0; k < 6; k++) out[k] = (out[k]! + virial[k]!) / volume;
  return out;
}

/** Scalar pressure (2 KE + tr W) / (3V), internal units. */
export function pressure(kinetic: number, virial: Float64Array, volume: number): number {
  return (2 * kinetic + virial[0]! + virial[1]! + virial[2]!) / (3 * volume);
}

/** Number density N/V and mass density (Σm)/V in internal units. */
export function densities(masses: Float64Array, volume: number): { number: number; mass: number } {
  let M = 0;
  for (let i = 0; i < masses.length; i++) M += masses[i]!;
  return { number: masses.length / volume, mass: M / volume };
}
