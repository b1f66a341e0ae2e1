/**
 * Bonded energy kernels: harmonic bonds (and Urey-Bradley), harmonic angles, periodic torsions.
 *
 * Each kernel takes positions R [3N] nm, returns the energy in kJ/mol and, when `F` is given,
 * ADDS its forces (kJ/mol/nm, F = -dE/dR) into F [3N]. With `box` (orthorhombic lengths, nm) every
 * intramolecular vector uses the minimum image, so molecules may be split by wrapping. When `W` is
 * given the virial W_ab = sum_k d_k,a f_k,b over the term's relative vectors is added ([xx,yy,zz,xy,xz,yz]).
 * Torsion angle: IUPAC sign convention; force expressions after Bekker / GROMACS `do_dih_fup`.
 */
import type { AngleTerms, BondTerms, TorsionTerms } from './amberParams.ts';

export type BoxLengths = readonly [number, number, number];

/** Minimum image of one component (L = 0: no periodicity). */
function mi(d: number, L: number): number {
  return L > 0 ? d - L * Math.round(d / L) : d;
}

/** E = sum 1/2 k (r - r0)^2. */
export function harmonicBondEnergy(R: Float64Array, t: BondTerms, F: Float64Array | null, box: BoxLengths | null = null, W: Float64Array | null = null): number {
  let E = 0;
  const Lx = box ? box[0] : 0, Ly = box ? box[1] : 0, Lz = box ? box[2] : 0;
  const n = t.i.length;
  for (let b = 0; b < n; b++) {
    const i = 3 * t.i[b]!, j = 3 * t.j[b]!;
    const dx = mi(R[j]! - R[i]!, Lx), dy = mi(R[j + 1]! - R[i + 1]!, Ly), dz = mi(R[j + 2]! - R[i + 2]!, Lz);
    const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const dr = r - t.r0[b]!;
    const k = t.k[b]!;
    E += 0.5 * k * dr * dr;
    if (F && r > 0) {
      const s = (k * dr) / r; // -dE/dr_j = -k dr * d/|d|
      F[i] += s * dx; F[i + 1] += s * dy; F[i + 2] += s * dz;
      F[j] -= s * dx; F[j + 1] -= s * dy; F[j + 2] -= s * dz;
      if (W) { W[0] -= s * dx * dx; W[1] -= s * dy * dy; W[2] -= s * dz * dz; W[3] -= s * dx * dy; W[4] -= s * dx * dz; W[5] -= s * dy * dz; }
    }
  }
  return E;
}

/** E = sum 1/2 k (theta - theta0)^2, theta the angle i-j-k. */
export function harmonicAngleEnergy(R: Float64Array, t: AngleTerms, F: Float64Array | null, box: BoxLengths | null = null, W: Float64Array | null = null): number {
  let E = 0;
  const Lx = box ? box[0] : 0, Ly = box ? box[1] : 0, Lz = box ? box[2] : 0;
  const n = t.i.length;
  for (let a = 0; a < n; a++) {
    const i = 3 * t.i[a]!, j = 3 * t.j[a]!, k = 3 * t.k[a]!;
    const ux = mi(R[i]! - R[j]!, Lx), uy = mi(R[i + 1]! - R[j + 1]!, Ly), uz = mi(R[i + 2]! - R[j + 2]!, Lz);
    const vx = mi(R[k]! - R[j]!, Lx), vy = mi(R[k + 1]! - R[j + 1]!, Ly), vz = mi(R[k + 2]! - R[j + 2]!, Lz);
    const uu = ux * ux + uy * uy + uz * uz, vv = vx * vx + vy * vy + vz * vz;
    const uv = ux * vx + uy * vy + uz * vz;
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    const cross = Math.sqrt(cx * cx + cy * cy + cz * cz);
    const theta = Math.atan2(cross, uv);
    const dtheta = theta - t.theta0[a]!;
    const kk = t.kTheta[a]!;
    E += 0.5 * kk * dtheta * dtheta;
    if (F) {
      const lu = Math.sqrt(uu), lv = Math.sqrt(vv);
      const sinT = Math.max(cross / (lu * lv), 1e-12);
      const cosT = uv / (lu * lv);
      // dtheta/du = -(v/(|u||v|) - cos u/|u|^2)/sin; F = -k dtheta * dtheta/dx
      const pref = (kk * dtheta) / sinT;
      const fix = pref * (vx / (lu * lv) - (cosT * ux) / uu);
      const fiy = pref * (vy / (lu * lv) - (cosT * uy) / uu);
      const fiz = pref * (vz / (lu * lv) - (cosT * uz) / uu);
      const fkx = pref * (ux / (lu * lv) - (cosT * vx) / vv);
      const fky = pref * (uy / (lu * lv) - (cosT * vy) / vv);
      const fkz = pref * (uz / (lu * lv) - (cosT * vz) / vv);
      F[i] += fix; F[i + 1] += fiy; F[i + 2] += fiz;
      F[k] += fkx; F[k + 1] += fky; F[k + 2] += fkz;
      F[j] -= fix + fkx; F[j + 1] -= fiy + fky; F[j + 2] -= fiz + fkz;
      if (W) {
        W[0] += ux * fix + vx * fkx; W[1] += uy * fiy + vy * fky; W[2] += uz * fiz + vz * fkz;
        W[3] += ux * fiy + vx * fky; W[4] += ux * fiz + vx * fkz; W[5] += uy * fiz + vy * fkz;
      }
    }
  }
  return E;
}

/** Dihedral angle i-j-k-l in radians (IUPAC sign), for tests and analysis. */
export function dihedralAngle(R: Float64Array, i: number, j: number, k: number, l: number): number {
  const b1x = R[3 * j]! - R[3 * i]!, b1y = R[3 * j + 1]! - R[3 * i + 1]!, b1z = R[3 * j + 2]! - R[3 * i + 2]!;
  const b2x = R[3 * k]! - R[3 * j]!, b2y = R[3 * k + 1]! - R[3 * j + 1]!, b2z = R[3 * k + 2]! - R[3 * j + 2]!;
  const b3x = R[3 * l]! - R[3 * k]!, b3y = R[3 * l + 1]! - R[3 * k + 1]!, b3z = R[3 * l + 2]! - R[3 * k + 2]!;
  const n1x = b1y * b2z - b1z * b2y, n1y = b1z * b2x - b1x * b2z, n1z = b1x * b2y - b1y * b2x;
  const n2x = b2y * b3z - b2z * b3y, n2y = b2z * b3x - b2x * b3z, n2z = b2x * b3y - b2y * b3x;
  const b2 = Math.sqrt(b2x * b2x + b2y * b2y + b2z * b2z);
  return Math.atan2(b2 * (b1x * n2x + b1y * n2y + b1z * n2z), n1x * n2x + n1y * n2y + n1z * n2z);
}

const phaseCache = new WeakMap<Float64Array, { cos: Float64Array; sin: Float64Array }>();
/** cos/sin of each torsion's phase, computed once per parameter array. */
function phaseTables(t: TorsionTerms): { cos: Float64Array; sin: Float64Array } {
  let c = phaseCache.get(t.phase);
  if (!c) {
    c = { cos: t.phase.map(Math.cos), sin: t.phase.map(Math.sin) };
    phaseCache.set(t.phase, c);
  }
  return c;
}

/**
 * E = sum k (1 + cos(n phi - phase)). When `improperMask` is 0 or 1, only terms with that improper
 * flag are summed (propers vs impropers); pass -1 for all.
 */
export function periodicTorsionEnergy(
  R: Float64Array, t: TorsionTerms, F: Float64Array | null, improperMask = -1, box: BoxLengths | null = null, W: Float64Array | null = null,
): number {
  let E = 0;
  const Lx = box ? box[0] : 0, Ly = box ? box[1] : 0, Lz = box ? box[2] : 0;
  const n = t.i.length;
  const { cos: cosPh, sin: sinPh } = phaseTables(t);
  for (let q = 0; q < n; q++) {
    if (improperMask >= 0 && t.improper[q] !== improperMask) continue;
    const i = 3 * t.i[q]!, j = 3 * t.j[q]!, k = 3 * t.k[q]!, l = 3 * t.l[q]!;
    // GROMACS notation: r_ij = x_i - x_j, r_kj = x_k - x_j, r_kl = x_k - x_l.
    const rijx = mi(R[i]! - R[j]!, Lx), rijy = mi(R[i + 1]! - R[j + 1]!, Ly), rijz = mi(R[i + 2]! - R[j + 2]!, Lz);
    const rkjx = mi(R[k]! - R[j]!, Lx), rkjy = mi(R[k + 1]! - R[j + 1]!, Ly), rkjz = mi(R[k + 2]! - R[j + 2]!, Lz);
    const rklx = mi(R[k]! - R[l]!, Lx), rkly = mi(R[k + 1]! - R[l + 1]!, Ly), rklz = mi(R[k + 2]! - R[l + 2]!, Lz);
    const mx = rijy * rkjz - rijz * rkjy, my = rijz * rkjx - rijx * rkjz, mz = rijx * rkjy - rijy * rkjx;
    const nx = rkjy * rklz - rkjz * rkly, ny = rkjz * rklx - rkjx * rklz, nz = rkjx * rkly - rkjy * rklx;
    const m2 = mx * mx + my * my + mz * mz, n2 = nx * nx + ny * ny + nz * nz;
    const rkj2 = rkjx * rkjx + rkjy * rkjy + rkjz * rkjz;
    const rkj = Math.sqrt(rkj2);
    // cos(phi), sin(phi) without atan2; cos(n phi), sin(n phi) by the angle-addition recurrence.
    const inv = m2 > 0 && n2 > 0 ? 1 / Math.sqrt(m2 * n2) : 0;
    const c1 = inv > 0 ? (mx * nx + my * ny + mz * nz) * inv : 1;
    const s1 = inv > 0 ? rkj * (rijx * nx + rijy * ny + rijz * nz) * inv : 0;
    const per = t.periodicity[q]!;
    let cn = 1, sn = 0;
    for (let p = 0; p < per; p++) { const c = cn * c1 - sn * s1; sn = sn * c1 + cn * s1; cn = c; }
    const cph = cosPh[q]!, sph = sinPh[q]!;
    const kk = t.kPhi[q]!;
    // cos(n phi - phase) and its phi-derivative -n sin(n phi - phase).
    E += kk * (1 + cn * cph + sn * sph);
    if (F && m2 > 0 && n2 > 0) {
      const dVdphi = -kk * per * (sn * cph - cn * sph);
      const fix = (-dVdphi * rkj / m2) * mx, fiy = (-dVdphi * rkj / m2) * my, fiz = (-dVdphi * rkj / m2) * mz;
      const flx = (dVdphi * rkj / n2) * nx, fly = (dVdphi * rkj / n2) * ny, flz = (dVdphi * rkj / n2) * nz;
      const p = (rijx * rkjx + rijy * rkjy + rijz * rkjz) / rkj2;
      const qq = (rklx * rkjx + rkly * rkjy + rklz * rkjz) / rkj2;
      const sx = p * fix - qq * flx, sy = p * fiy - qq * fly, sz = p * fiz - qq * flz;
      const fjx = fix - sx, fjy = fiy - sy, fjz = fiz - sz;
      const fkx = flx + sx, fky = fly + sy, fkz = flz + sz;
      F[i] += fix; F[i + 1] += fiy; F[i + 2] += fiz;
      F[j] -= fjx; F[j + 1] -= fjy; F[j + 2] -= fjz;
      F[k] -= fkx; F[k + 1] -= fky; F[k + 2] -= fkz;
      F[l] += flx; F[l + 1] += fly; F[l + 2] += flz;
      if (W) {
        // Positions relative to j: i = r_ij, k = r_kj, l = r_kj - r_kl; forces f_i, -f_k, f_l.
        const lx = rkjx - rklx, ly = rkjy - rkly, lz = rkjz - rklz;
        W[0] += rijx * fix - rkjx * fkx + lx * flx; W[1] += rijy * fiy - rkjy * fky + ly * fly; W[2] += rijz * fiz - rkjz * fkz + lz * flz;
        W[3] += rijx * fiy - rkjx * fky + lx * fly; W[4] += rijx * fiz - rkjx * fkz + lx * flz; W[5] += rijy * fiz - rkjy * fkz + ly * flz;
      }
    }
  }
  return E;
}
