/**
 * Holonomic constraints for the engine's `Constraints` hooks (../simulate/state.ts):
 * SETTLE for rigid 3-site water (Miyamoto & Kollman, J. Comput. Chem. 13, 952 (1992); the
 * GROMACS `csettle` formulation) and SHAKE/RATTLE for bonds to hydrogen (Ryckaert et al. 1977;
 * Andersen, J. Comput. Phys. 52, 24 (1983)).
 *
 * `createConstraints(params, options)` -> `AmberConstraints`:
 *  - constrainPositions(reference, positions, velocities, masses, dt, box): after a drift, moves
 *    `positions` onto the constraint surface along the reference bond vectors and adds the same
 *    displacement / dt to `velocities` (RATTLE first half).
 *  - constrainVelocities(positions, velocities, masses, box): removes velocity components along the
 *    constraints (RATTLE second half; rigid water solved exactly as a 3x3 linear system).
 *  - count: constraints removed from the degrees of freedom (3 per water, 1 per other bond).
 * Positions nm, velocities nm/ps, masses amu, dt ps; orthorhombic box lengths from the engine's `Box`
 * (minimum image on every constraint vector, so wrapped molecules are fine).
 */
import type { Box } from '../space.ts';
import type { ForceFieldParams } from './amberParams.ts';

export interface ConstraintOptions {
  /** Constrain bonds to hydrogen (SHAKE/RATTLE). Default true. */
  hBonds?: boolean;
  /** Treat 3-site waters as rigid (SETTLE). Default true. */
  rigidWater?: boolean;
  /** Relative tolerance of the iterative SHAKE/RATTLE solver. Default 1e-10. */
  tolerance?: number;
  /** Residue names recognised as water. */
  waterResidues?: readonly string[];
}

export interface WaterGeometry { dOH: number; dHH: number }

export interface AmberConstraints {
  readonly count: number;
  /** [nWater*3] O, H, H atom indices of SETTLE waters. */
  readonly waters: Int32Array;
  /** Iterative pairs (i, j, distance nm). */
  readonly pairs: { i: Int32Array; j: Int32Array; d: Float64Array };
  constrainPositions(reference: Float64Array, positions: Float64Array, velocities: Float64Array, masses: Float64Array, dt: number, box: Box | null): void;
  constrainVelocities(positions: Float64Array, velocities: Float64Array, masses: Float64Array, box: Box | null): void;
}

/**
 * Constraints that cannot be set up (water without O-H geometry, waters of differing geometry, HMR leaving a heavy
 * atom without mass) or fail in a step (SHAKE/RATTLE not converged, SETTLE displacement too large).
 */
export class ConstraintError extends Error {
  override name = 'ConstraintError';
}

const DEFAULT_WATER = ['WAT', 'HOH', 'TIP3', 'SOL', 'SPC', 'TP3'];

/** Distances of an O-H-H water from its bonds (O-H r0 and, if present, the H-H "bond" or the HOH angle). */
function waterGeometry(p: ForceFieldParams, o: number, h1: number, h2: number): WaterGeometry | null {
  let dOH = 0, dHH = 0;
  for (let b = 0; b < p.bonds.i.length; b++) {
    const i = p.bonds.i[b]!, j = p.bonds.j[b]!;
    if ((i === o && (j === h1 || j === h2)) || (j === o && (i === h1 || i === h2))) dOH = p.bonds.r0[b]!;
    if ((i === h1 && j === h2) || (i === h2 && j === h1)) dHH = p.bonds.r0[b]!;
  }
  if (dHH === 0) {
    for (let a = 0; a < p.angles.i.length; a++) {
      if (p.angles.j[a] === o && ((p.angles.i[a] === h1 && p.angles.k[a] === h2) || (p.angles.i[a] === h2 && p.angles.k[a] === h1))) {
        dHH = 2 * dOH * Math.sin(p.angles.theta0[a]! / 2);
      }
    }
  }
  return dOH > 0 && dHH > 0 ? { dOH, dHH } : null;
}

/**
 * Holonomic constraints for the integrators: SETTLE for rigid 3-site waters (residue names WAT, HOH, TIP3, SOL, SPC, TP3
 * by default) and SHAKE/RATTLE for bonds to hydrogen.
 * @param p Force-field parameters (bonds, angles, residue names, isHydrogen).
 * @param options hBonds (default true), rigidWater (default true), tolerance (relative, default 1e-10), waterResidues.
 * @param explicitWaterGeometry Water dOH/dHH (nm) to use instead of deriving them from the bond/angle parameters.
 * @returns Hooks constrainPositions / constrainVelocities (positions nm, velocities nm/ps, masses amu, dt ps) and
 *   `count`, the degrees of freedom removed (3 per water, 1 per other constraint).
 * @throws ConstraintError when a water has no geometry parameters or waters disagree.
 */
export function createConstraints(p: ForceFieldParams, options: ConstraintOptions = {}, explicitWaterGeometry?: WaterGeometry): AmberConstraints {
  const n = p.nAtoms;
  const hBonds = options.hBonds ?? true;
  const rigidWater = options.rigidWater ?? true;
  const tol = options.tolerance ?? 1e-10;
  const waterNames = new Set(options.waterResidues ?? DEFAULT_WATER);
  const inWater = new Uint8Array(n);
  const waters: number[] = [];
  let geom: WaterGeometry | null = explicitWaterGeometry ?? null;
  if (rigidWater) {
    for (let a = 0; a + 2 < n; a++) {
      if (!waterNames.has(p.residueNames[a]!) || p.isHydrogen[a] || !p.isHydrogen[a + 1] || !p.isHydrogen[a + 2]) continue;
      if (a + 3 < n && p.residueNames[a + 3] === p.residueNames[a] && p.isHydrogen[a + 3]) continue; // not 3-site
      const g = explicitWaterGeometry ?? waterGeometry(p, a, a + 1, a + 2);
      if (!g) throw new ConstraintError(`constraints: water at atom ${a} (${p.residueNames[a]}) has no O-H bond/angle parameters to define its rigid geometry`);
      if (geom && (Math.abs(g.dOH - geom.dOH) > 1e-9 || Math.abs(g.dHH - geom.dHH) > 1e-9)) {
        throw new ConstraintError(`constraints: water at atom ${a} has dOH=${g.dOH}, dHH=${g.dHH} nm; other waters have ${geom.dOH}, ${geom.dHH}`);
      }
      geom = g;
      waters.push(a, a + 1, a + 2);
      inWater[a] = inWater[a + 1] = inWater[a + 2] = 1;
      a += 2;
    }
  }
  const pi: number[] = [], pj: number[] = [], pd: number[] = [];
  if (hBonds) {
    for (let b = 0; b < p.bonds.i.length; b++) {
      const i = p.bonds.i[b]!, j = p.bonds.j[b]!;
      if (inWater[i] || inWater[j]) continue;
      if (!(p.isHydrogen[i] || p.isHydrogen[j])) continue;
      pi.push(i); pj.push(j); pd.push(p.bonds.r0[b]!);
    }
  }
  const pairs = { i: Int32Array.from(pi), j: Int32Array.from(pj), d: Float64Array.from(pd) };
  const nW = waters.length / 3;
  const W = Int32Array.from(waters);
  const count = 3 * nW + pairs.i.length;
  const maxIter = 1000;

  return {
    count,
    waters: W,
    pairs,
    constrainPositions(ref, x, v, m, dt, box) {
      const Lx = box ? box.lx : 0, Ly = box ? box.ly : 0, Lz = box ? box.lz : 0;
      if (nW > 0) settlePositions(ref, x, v, m, dt, W, geom!, Lx, Ly, Lz);
      if (pairs.i.length === 0) return;
      const invDt = 1 / dt;
      for (let it = 0; ; it++) {
        let done = true;
        for (let c = 0; c < pairs.i.length; c++) {
          const i = pairs.i[c]!, j = pairs.j[c]!, d = pairs.d[c]!;
          const rx = mi(x[3 * i]! - x[3 * j]!, Lx), ry = mi(x[3 * i + 1]! - x[3 * j + 1]!, Ly), rz = mi(x[3 * i + 2]! - x[3 * j + 2]!, Lz);
          const diff = d * d - (rx * rx + ry * ry + rz * rz);
          if (Math.abs(diff) <= 2 * tol * d * d) continue;
          done = false;
          const sx = mi(ref[3 * i]! - ref[3 * j]!, Lx), sy = mi(ref[3 * i + 1]! - ref[3 * j + 1]!, Ly), sz = mi(ref[3 * i + 2]! - ref[3 * j + 2]!, Lz);
          const wi = 1 / m[i]!, wj = 1 / m[j]!;
          const dot = rx * sx + ry * sy + rz * sz;
          if (dot < 1e-6 * d * d) throw new ConstraintError(`SHAKE: constraint ${i}-${j} rotated by more than 90 degrees in one step (dt too large or blow-up)`);
          const g = diff / (2 * (wi + wj) * dot);
          x[3 * i] += g * wi * sx; x[3 * i + 1] += g * wi * sy; x[3 * i + 2] += g * wi * sz;
          x[3 * j] -= g * wj * sx; x[3 * j + 1] -= g * wj * sy; x[3 * j + 2] -= g * wj * sz;
          const gv = g * invDt;
          v[3 * i] += gv * wi * sx; v[3 * i + 1] += gv * wi * sy; v[3 * i + 2] += gv * wi * sz;
          v[3 * j] -= gv * wj * sx; v[3 * j + 1] -= gv * wj * sy; v[3 * j + 2] -= gv * wj * sz;
        }
        if (done) return;
        if (it >= maxIter) throw new ConstraintError(`SHAKE did not converge to ${tol} in ${maxIter} iterations`);
      }
    },
    constrainVelocities(x, v, m, box) {
      const Lx = box ? box.lx : 0, Ly = box ? box.ly : 0, Lz = box ? box.lz : 0;
      if (nW > 0) settleVelocities(x, v, m, W, Lx, Ly, Lz);
      if (pairs.i.length === 0) return;
      for (let it = 0; ; it++) {
        let done = true;
        for (let c = 0; c < pairs.i.length; c++) {
          const i = pairs.i[c]!, j = pairs.j[c]!, d = pairs.d[c]!;
          const rx = mi(x[3 * i]! - x[3 * j]!, Lx), ry = mi(x[3 * i + 1]! - x[3 * j + 1]!, Ly), rz = mi(x[3 * i + 2]! - x[3 * j + 2]!, Lz);
          const vx = v[3 * i]! - v[3 * j]!, vy = v[3 * i + 1]! - v[3 * j + 1]!, vz = v[3 * i + 2]! - v[3 * j + 2]!;
          const rv = rx * vx + ry * vy + rz * vz;
          const wi = 1 / m[i]!, wj = 1 / m[j]!;
          // |r.v| / d^2 is a relative rate (1/ps); compare against tol * typical 1/ps scale.
          if (Math.abs(rv) <= tol * d * d) continue;
          done = false;
          const k = rv / ((wi + wj) * (rx * rx + ry * ry + rz * rz));
          v[3 * i] -= k * wi * rx; v[3 * i + 1] -= k * wi * ry; v[3 * i + 2] -= k * wi * rz;
          v[3 * j] += k * wj * rx; v[3 * j + 1] += k * wj * ry; v[3 * j + 2] += k * wj * rz;
        }
        if (done) return;
        if (it >= maxIter) throw new ConstraintError(`RATTLE (velocities) did not converge to ${tol} in ${maxIter} iterations`);
      }
    },
  };
}

function mi(d: number, L: number): number {
  return L > 0 ? d - L * Math.round(d / L) : d;
}

/** SETTLE positions for all waters (GROMACS csettle). Unconstrained x is replaced in place. */
function settlePositions(ref: Float64Array, x: Float64Array, v: Float64Array, m: Float64Array, dt: number, W: Int32Array, g: WaterGeometry, Lx: number, Ly: number, Lz: number): void {
  const invDt = 1 / dt;
  for (let w = 0; w < W.length; w += 3) {
    const ia = 3 * W[w]!, ib = 3 * W[w + 1]!, ic = 3 * W[w + 2]!;
    const mO = m[W[w]!]!, mH = m[W[w + 1]!]!;
    const wohh = mO + 2 * mH;
    const rc = g.dHH / 2;
    const hgt = Math.sqrt(g.dOH * g.dOH - rc * rc);
    const ra = (2 * mH * hgt) / wohh, rb = hgt - ra;
    // Old positions relative to old O (minimum image); new positions of H relative to new O.
    const xb0 = mi(ref[ib]! - ref[ia]!, Lx), yb0 = mi(ref[ib + 1]! - ref[ia + 1]!, Ly), zb0 = mi(ref[ib + 2]! - ref[ia + 2]!, Lz);
    const xc0 = mi(ref[ic]! - ref[ia]!, Lx), yc0 = mi(ref[ic + 1]! - ref[ia + 1]!, Ly), zc0 = mi(ref[ic + 2]! - ref[ia + 2]!, Lz);
    const ax = x[ia]!, ay = x[ia + 1]!, az = x[ia + 2]!;
    const bx = ax + mi(x[ib]! - ax, Lx), by = ay + mi(x[ib + 1]! - ay, Ly), bz = az + mi(x[ib + 2]! - az, Lz);
    const cx = ax + mi(x[ic]! - ax, Lx), cy = ay + mi(x[ic + 1]! - ay, Ly), cz = az + mi(x[ic + 2]! - az, Lz);
    const comx = (mO * ax + mH * (bx + cx)) / wohh, comy = (mO * ay + mH * (by + cy)) / wohh, comz = (mO * az + mH * (bz + cz)) / wohh;
    const xa1 = ax - comx, ya1 = ay - comy, za1 = az - comz;
    const xb1 = bx - comx, yb1 = by - comy, zb1 = bz - comz;
    const xc1 = cx - comx, yc1 = cy - comy, zc1 = cz - comz;
    // Frame: Z normal to the old plane, X perpendicular to Z and the new O, Y = Z x X.
    let zx = yb0 * zc0 - zb0 * yc0, zy = zb0 * xc0 - xb0 * zc0, zz = xb0 * yc0 - yb0 * xc0;
    let xx = ya1 * zz - za1 * zy, xy = za1 * zx - xa1 * zz, xz = xa1 * zy - ya1 * zx;
    let yx = zy * xz - zz * xy, yy = zz * xx - zx * xz, yz = zx * xy - zy * xx;
    const nz = 1 / Math.hypot(zx, zy, zz), nx = 1 / Math.hypot(xx, xy, xz), ny = 1 / Math.hypot(yx, yy, yz);
    zx *= nz; zy *= nz; zz *= nz; xx *= nx; xy *= nx; xz *= nx; yx *= ny; yy *= ny; yz *= ny;
    const xb0d = xx * xb0 + xy * yb0 + xz * zb0, yb0d = yx * xb0 + yy * yb0 + yz * zb0;
    const xc0d = xx * xc0 + xy * yc0 + xz * zc0, yc0d = yx * xc0 + yy * yc0 + yz * zc0;
    const za1d = zx * xa1 + zy * ya1 + zz * za1;
    const xb1d = xx * xb1 + xy * yb1 + xz * zb1, yb1d = yx * xb1 + yy * yb1 + yz * zb1, zb1d = zx * xb1 + zy * yb1 + zz * zb1;
    const xc1d = xx * xc1 + xy * yc1 + xz * zc1, yc1d = yx * xc1 + yy * yc1 + yz * zc1, zc1d = zx * xc1 + zy * yc1 + zz * zc1;
    const sinphi = za1d / ra;
    const tmp = 1 - sinphi * sinphi;
    if (!(tmp > 0)) throw new ConstraintError(`SETTLE: water at atom ${W[w]} moved too far in one step (sin phi = ${sinphi})`);
    const cosphi = Math.sqrt(tmp);
    const sinpsi = (zb1d - zc1d) / (2 * rc * cosphi);
    const tmp2 = 1 - sinpsi * sinpsi;
    if (!(tmp2 > 0)) throw new ConstraintError(`SETTLE: water at atom ${W[w]} moved too far in one step (sin psi = ${sinpsi})`);
    const cospsi = Math.sqrt(tmp2);
    const ya2d = ra * cosphi, xb2d = -rc * cospsi;
    const t1 = -rb * cosphi, t2 = rc * sinpsi * sinphi;
    const yb2d = t1 - t2, yc2d = t1 + t2;
    const alpa = xb2d * (xb0d - xc0d) + yb0d * yb2d + yc0d * yc2d;
    const beta = xb2d * (yc0d - yb0d) + xb0d * yb2d + xc0d * yc2d;
    const gama = xb0d * yb1d - xb1d * yb0d + xc0d * yc1d - xc1d * yc0d;
    const al2be2 = alpa * alpa + beta * beta;
    const sinthe = (alpa * gama - beta * Math.sqrt(al2be2 - gama * gama)) / al2be2;
    const costhe = Math.sqrt(1 - sinthe * sinthe);
    const xa3d = -ya2d * sinthe, ya3d = ya2d * costhe, za3d = za1d;
    const xb3d = xb2d * costhe - yb2d * sinthe, yb3d = xb2d * sinthe + yb2d * costhe, zb3d = zb1d;
    const xc3d = -xb2d * costhe - yc2d * sinthe, yc3d = -xb2d * sinthe + yc2d * costhe, zc3d = zc1d;
    // Back to lab frame: r = X * xd + Y * yd + Z * zd, plus the COM.
    const nax = comx + xx * xa3d + yx * ya3d + zx * za3d, nay = comy + xy * xa3d + yy * ya3d + zy * za3d, naz = comz + xz * xa3d + yz * ya3d + zz * za3d;
    const nbx = comx + xx * xb3d + yx * yb3d + zx * zb3d, nby = comy + xy * xb3d + yy * yb3d + zy * zb3d, nbz = comz + xz * xb3d + yz * yb3d + zz * zb3d;
    const ncx = comx + xx * xc3d + yx * yc3d + zx * zc3d, ncy = comy + xy * xc3d + yy * yc3d + zy * zc3d, ncz = comz + xz * xc3d + yz * yc3d + zz * zc3d;
    v[ia] += (nax - ax) * invDt; v[ia + 1] += (nay - ay) * invDt; v[ia + 2] += (naz - az) * invDt;
    v[ib] += (nbx - bx) * invDt; v[ib + 1] += (nby - by) * invDt; v[ib + 2] += (nbz - bz) * invDt;
    v[ic] += (ncx - cx) * invDt; v[ic + 1] += (ncy - cy) * invDt; v[ic + 2] += (ncz - cz) * invDt;
    // Keep each atom in the image it came in (the displacement, not the unwrapped position, is applied).
    x[ia] = nax; x[ia + 1] = nay; x[ia + 2] = naz;
    x[ib] += nbx - bx; x[ib + 1] += nby - by; x[ib + 2] += nbz - bz;
    x[ic] += ncx - cx; x[ic + 1] += ncy - cy; x[ic + 2] += ncz - cz;
  }
}

/** Exact velocity constraint for each rigid water: solve the 3x3 system for the multipliers. */
function settleVelocities(x: Float64Array, v: Float64Array, m: Float64Array, W: Int32Array, Lx: number, Ly: number, Lz: number): void {
  for (let w = 0; w < W.length; w += 3) {
    const a = W[w]!, b = W[w + 1]!, c = W[w + 2]!;
    const wa = 1 / m[a]!, wb = 1 / m[b]!, wc = 1 / m[c]!;
    // Constraint vectors: e1 = a - b, e2 = a - c, e3 = b - c.
    const e1x = mi(x[3 * a]! - x[3 * b]!, Lx), e1y = mi(x[3 * a + 1]! - x[3 * b + 1]!, Ly), e1z = mi(x[3 * a + 2]! - x[3 * b + 2]!, Lz);
    const e2x = mi(x[3 * a]! - x[3 * c]!, Lx), e2y = mi(x[3 * a + 1]! - x[3 * c + 1]!, Ly), e2z = mi(x[3 * a + 2]! - x[3 * c + 2]!, Lz);
    const e3x = e2x - e1x, e3y = e2y - e1y, e3z = e2z - e1z; // (a-c) - (a-b) = b - c
    const e11 = e1x * e1x + e1y * e1y + e1z * e1z, e22 = e2x * e2x + e2y * e2y + e2z * e2z, e33 = e3x * e3x + e3y * e3y + e3z * e3z;
    const e12 = e1x * e2x + e1y * e2y + e1z * e2z, e13 = e1x * e3x + e1y * e3y + e1z * e3z, e23 = e2x * e3x + e2y * e3y + e2z * e3z;
    // v_a += wa (l1 e1 + l2 e2), v_b += wb (-l1 e1 + l3 e3), v_c += wc (-l2 e2 - l3 e3)
    const A11 = (wa + wb) * e11, A12 = wa * e12, A13 = -wb * e13;
    const A22 = (wa + wc) * e22, A23 = wc * e23;
    const A33 = (wb + wc) * e33;
    const vab = [v[3 * a]! - v[3 * b]!, v[3 * a + 1]! - v[3 * b + 1]!, v[3 * a + 2]! - v[3 * b + 2]!];
    const vac = [v[3 * a]! - v[3 * c]!, v[3 * a + 1]! - v[3 * c + 1]!, v[3 * a + 2]! - v[3 * c + 2]!];
    const b1 = -(e1x * vab[0]! + e1y * vab[1]! + e1z * vab[2]!);
    const b2 = -(e2x * vac[0]! + e2y * vac[1]! + e2z * vac[2]!);
    const b3 = -(e3x * (vac[0]! - vab[0]!) + e3y * (vac[1]! - vab[1]!) + e3z * (vac[2]! - vab[2]!));
    // Symmetric 3x3 solve by Cramer's rule.
    const det = A11 * (A22 * A33 - A23 * A23) - A12 * (A12 * A33 - A23 * A13) + A13 * (A12 * A23 - A22 * A13);
    const l1 = (b1 * (A22 * A33 - A23 * A23) - A12 * (b2 * A33 - A23 * b3) + A13 * (b2 * A23 - A22 * b3)) / det;
    const l2 = (A11 * (b2 * A33 - A23 * b3) - b1 * (A12 * A33 - A23 * A13) + A13 * (A12 * b3 - b2 * A13)) / det;
    const l3 = (A11 * (A22 * b3 - b2 * A23) - A12 * (A12 * b3 - b2 * A13) + b1 * (A12 * A23 - A22 * A13)) / det;
    v[3 * a] += wa * (l1 * e1x + l2 * e2x); v[3 * a + 1] += wa * (l1 * e1y + l2 * e2y); v[3 * a + 2] += wa * (l1 * e1z + l2 * e2z);
    v[3 * b] += wb * (-l1 * e1x + l3 * e3x); v[3 * b + 1] += wb * (-l1 * e1y + l3 * e3y); v[3 * b + 2] += wb * (-l1 * e1z + l3 * e3z);
    v[3 * c] += wc * (-l2 * e2x - l3 * e3x); v[3 * c + 1] += wc * (-l2 * e2y - l3 * e3y); v[3 * c + 2] += wc * (-l2 * e2z - l3 * e3z);
  }
}

/**
 * Hydrogen mass repartitioning (Hopkins et al., JCTC 11, 1864 (2015)): each hydrogen bonded to a
 * heavy atom gets `hydrogenMass` amu, taken from that heavy atom; waters are left alone.
 * Returns new masses [N] amu; total mass is conserved.
 */
export function repartitionHydrogenMass(p: ForceFieldParams, hydrogenMass = 3.024, waterResidues: readonly string[] = DEFAULT_WATER): Float64Array {
  const m = Float64Array.from(p.masses);
  const water = new Set(waterResidues);
  for (let b = 0; b < p.bonds.i.length; b++) {
    let h = p.bonds.i[b]!, heavy = p.bonds.j[b]!;
    if (!p.isHydrogen[h]) [h, heavy] = [heavy, h];
    if (!p.isHydrogen[h] || p.isHydrogen[heavy] || water.has(p.residueNames[h]!)) continue;
    const dm = hydrogenMass - m[h]!;
    if (m[heavy]! - dm <= 0) throw new ConstraintError(`HMR: heavy atom ${heavy} (${p.atomNames[heavy]}) would have mass ${m[heavy]! - dm} amu`);
    m[h] = hydrogenMass;
    m[heavy] -= dm;
  }
  return m;
}
