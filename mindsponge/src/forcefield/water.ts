/**
 * Rigid 3-site water models and box building.
 *
 * `WATER_MODELS`: TIP3P (Jorgensen et al., J. Chem. Phys. 79, 926 (1983); Amber's parameters) and
 * SPC/E (Berendsen et al., J. Phys. Chem. 91, 6269 (1987)): charges e, LJ sigma nm / epsilon kJ/mol
 * on oxygen, geometry dOH nm and HOH angle degrees.
 * `waterParams(nWaters, model)`: ForceFieldParams for nWaters molecules (atoms O,H,H per molecule,
 * residue 'WAT', intramolecular exclusions, O-H and H-H "bonds" at the rigid geometry so SETTLE finds it).
 * `waterBox({ model, count, density })`: waters on a cubic lattice with seeded random orientations in a
 * cubic box sized for `density` g/cm^3. Positions [3N] nm, box edge nm.
 */
import { createRng } from '../rng.ts';
import type { ForceFieldParams } from './amberParams.ts';

export interface WaterModel {
  name: string;
  qO: number; qH: number;
  sigma: number; epsilon: number;
  dOH: number; angleHOH: number;
}

export const WATER_MODELS: Record<'TIP3P' | 'SPCE', WaterModel> = {
  TIP3P: { name: 'TIP3P', qO: -0.834, qH: 0.417, sigma: 0.31507524065751241, epsilon: 0.635968, dOH: 0.09572, angleHOH: 104.52 },
  SPCE: { name: 'SPC/E', qO: -0.8476, qH: 0.4238, sigma: 0.31657195050398818, epsilon: 0.6497752, dOH: 0.1, angleHOH: 109.47 },
};

/** Mass of one water molecule, amu (O 15.9994, H 1.008, Amber's). */
export const WATER_MASSES: readonly [number, number, number] = [15.9994, 1.008, 1.008];

/**
 * The rigid water model by name ('TIP3P', 'SPCE'; case, '/' and '-' ignored).
 * @throws Error for an unknown name.
 */
export function waterModel(name: string): WaterModel {
  const key = name.toUpperCase().replace('/', '').replace('-', '');
  const m = (WATER_MODELS as Record<string, WaterModel>)[key];
  if (!m) throw new Error(`water model '${name}', expected one of TIP3P, SPCE`);
  return m;
}

/**
 * ForceFieldParams for nWaters rigid waters (atoms O, H1, H2 per molecule, residue 'WAT'): model charges e and oxygen LJ,
 * masses amu, intramolecular exclusions, and O-H / H-H bonds at the rigid geometry (nm) so SETTLE recognises it.
 */
export function waterParams(nWaters: number, model: WaterModel): ForceFieldParams {
  const n = 3 * nWaters;
  const dHH = 2 * model.dOH * Math.sin((model.angleHOH * Math.PI) / 360);
  const charges = new Float64Array(n), masses = new Float64Array(n), isH = new Uint8Array(n);
  const atomType = new Int32Array(n);
  const bi = new Int32Array(3 * nWaters), bj = new Int32Array(3 * nWaters), bk = new Float64Array(3 * nWaters), br = new Float64Array(3 * nWaters);
  const exclusionStart = new Int32Array(n + 1), exclusionList = new Int32Array(2 * n);
  for (let w = 0; w < nWaters; w++) {
    const o = 3 * w;
    charges[o] = model.qO; charges[o + 1] = model.qH; charges[o + 2] = model.qH;
    masses[o] = WATER_MASSES[0]; masses[o + 1] = WATER_MASSES[1]; masses[o + 2] = WATER_MASSES[2];
    isH[o + 1] = isH[o + 2] = 1;
    atomType[o + 1] = atomType[o + 2] = 1;
    // Bonds carry the rigid geometry (k from Amber's TIP3P, 553 kcal/mol/A^2 -> kJ/mol/nm^2, 1/2 k convention).
    const k = 2 * 553 * 418.4;
    bi[3 * w] = o; bj[3 * w] = o + 1; br[3 * w] = model.dOH; bk[3 * w] = k;
    bi[3 * w + 1] = o; bj[3 * w + 1] = o + 2; br[3 * w + 1] = model.dOH; bk[3 * w + 1] = k;
    bi[3 * w + 2] = o + 1; bj[3 * w + 2] = o + 2; br[3 * w + 2] = dHH; bk[3 * w + 2] = k;
    for (let a = 0; a < 3; a++) {
      exclusionStart[o + a + 1] = exclusionStart[o + a]! + 2;
      let c = 0;
      for (let b = 0; b < 3; b++) if (b !== a) exclusionList[exclusionStart[o + a]! + c++] = o + b;
    }
  }
  const A = new Float64Array(4), B = new Float64Array(4);
  A[0] = 4 * model.epsilon * model.sigma ** 12;
  B[0] = 4 * model.epsilon * model.sigma ** 6;
  const none = { i: new Int32Array(0), j: new Int32Array(0), k: new Float64Array(0), r0: new Float64Array(0) };
  return {
    nAtoms: n,
    atomNames: Array.from({ length: n }, (_, a) => (a % 3 === 0 ? 'O' : a % 3 === 1 ? 'H1' : 'H2')),
    masses, charges, isHydrogen: isH,
    bonds: { i: bi, j: bj, k: bk, r0: br },
    bondHasHydrogen: new Uint8Array(3 * nWaters).fill(1),
    angles: { i: new Int32Array(0), j: new Int32Array(0), k: new Int32Array(0), kTheta: new Float64Array(0), theta0: new Float64Array(0) },
    torsions: { i: new Int32Array(0), j: new Int32Array(0), k: new Int32Array(0), l: new Int32Array(0), periodicity: new Int32Array(0), phase: new Float64Array(0), kPhi: new Float64Array(0), improper: new Uint8Array(0) },
    ureyBradley: none,
    pairs14: { i: new Int32Array(0), j: new Int32Array(0), chargeProd: new Float64Array(0), A: new Float64Array(0), B: new Float64Array(0) },
    lj: { nTypes: 2, atomType, A, B },
    exclusionStart, exclusionList,
    residueNames: new Array<string>(n).fill('WAT'),
    box: null,
  };
}

/** amu/nm^3 per g/cm^3. */
const AMU_NM3_PER_G_CM3 = 602.21407621;

export interface WaterBoxOptions {
  model?: WaterModel | 'TIP3P' | 'SPCE';
  /** Number of molecules (default 216). */
  count?: number;
  /** g/cm^3 (default 0.997). */
  density?: number;
  seed?: number;
}

export interface WaterBox {
  params: ForceFieldParams;
  /** [3N] nm, molecules whole (not wrapped). */
  positions: Float64Array;
  /** Cubic edge, nm. */
  edge: number;
  model: WaterModel;
}

/** Rigid water in its own frame: O at origin, H's in the xy plane. Writes 9 numbers. */
function placeWater(model: WaterModel, out: Float64Array, o: number, cx: number, cy: number, cz: number, q: readonly [number, number, number, number]): void {
  const half = (model.angleHOH * Math.PI) / 360;
  const local = [[0, 0, 0], [model.dOH * Math.sin(half), model.dOH * Math.cos(half), 0], [-model.dOH * Math.sin(half), model.dOH * Math.cos(half), 0]];
  // Rotate by the unit quaternion q = (w, x, y, z), centring the molecule's geometric middle.
  const [w, x, y, z] = q;
  const Rm = [
    1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
    2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
    2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y),
  ];
  const shiftY = (model.dOH * Math.cos(half)) / 3;
  for (let a = 0; a < 3; a++) {
    const lx = local[a]![0]!, ly = local[a]![1]! - shiftY, lz = local[a]![2]!;
    out[o + 3 * a] = cx + Rm[0]! * lx + Rm[1]! * ly + Rm[2]! * lz;
    out[o + 3 * a + 1] = cy + Rm[3]! * lx + Rm[4]! * ly + Rm[5]! * lz;
    out[o + 3 * a + 2] = cz + Rm[6]! * lx + Rm[7]! * ly + Rm[8]! * lz;
  }
}

/**
 * A cubic box of `count` (default 216) rigid waters at `density` g/cm³ (default 0.997, range 0.05..3): molecules on a
 * cubic lattice with seeded random orientations chosen to avoid clashes. Positions [9·count] nm (molecules whole),
 * edge nm, and the params.
 * @throws Error on a non-positive-integer count or a density outside 0.05..3.
 */
export function waterBox(options: WaterBoxOptions = {}): WaterBox {
  const model = typeof options.model === 'string' ? waterModel(options.model) : options.model ?? WATER_MODELS.TIP3P;
  const count = options.count ?? 216;
  const density = options.density ?? 0.997;
  if (!(Number.isInteger(count) && count > 0)) throw new Error(`waterBox: count = ${count}, expected a positive integer`);
  if (!(density > 0.05 && density < 3)) throw new Error(`waterBox: density = ${density} g/cm^3, expected 0.05..3`);
  const molMass = WATER_MASSES[0] + WATER_MASSES[1] + WATER_MASSES[2];
  const edge = Math.cbrt((count * molMass) / (density * AMU_NM3_PER_G_CM3));
  const perSide = Math.ceil(Math.cbrt(count));
  const spacing = edge / perSide;
  const rng = createRng(options.seed ?? 1);
  const positions = new Float64Array(9 * count);
  // Choose `count` of the perSide^3 lattice sites (all when it is a cube), spread by a random permutation.
  const sites = Array.from({ length: perSide ** 3 }, (_, s) => s);
  for (let s = sites.length - 1; s > 0; s--) {
    const r = Math.floor(rng.uniform() * (s + 1));
    [sites[s], sites[r]] = [sites[r]!, sites[s]!];
  }
  // Orientation: best of 12 random trials, maximising the closest approach to already placed
  // neighbours (27 lattice sites around), which avoids H...H clashes of a naive random start.
  const siteMolecule = new Int32Array(perSide ** 3).fill(-1);
  const trial = new Float64Array(9);
  for (let m = 0; m < count; m++) {
    const s = sites[m]!;
    const ix = s % perSide, iy = Math.floor(s / perSide) % perSide, iz = Math.floor(s / (perSide * perSide));
    let best = -1;
    for (let t = 0; t < 12; t++) {
      let q0 = rng.normal(), q1 = rng.normal(), q2 = rng.normal(), q3 = rng.normal();
      const nq = 1 / Math.hypot(q0, q1, q2, q3);
      q0 *= nq; q1 *= nq; q2 *= nq; q3 *= nq;
      placeWater(model, trial, 0, (ix + 0.5) * spacing, (iy + 0.5) * spacing, (iz + 0.5) * spacing, [q0, q1, q2, q3]);
      let closest = Infinity;
      for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const nb = siteMolecule[((iz + dz + perSide) % perSide) * perSide * perSide + ((iy + dy + perSide) % perSide) * perSide + ((ix + dx + perSide) % perSide)]!;
        if (nb < 0) continue;
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
          let d2 = 0;
          for (let k = 0; k < 3; k++) {
            let d = trial[3 * a + k]! - positions[9 * nb + 3 * b + k]!;
            d -= edge * Math.round(d / edge);
            d2 += d * d;
          }
          // Like charges (H-H, O-O) count as closer, so they are pushed apart more.
          closest = Math.min(closest, (a === 0) === (b === 0) ? 0.7 * d2 : d2);
        }
      }
      if (closest > best) { best = closest; positions.set(trial, 9 * m); }
    }
    siteMolecule[s] = m;
  }
  return { params: waterParams(count, model), positions, edge, model };
}
