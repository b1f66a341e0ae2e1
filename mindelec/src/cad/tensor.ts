/**
 * The AI-ready material tensor: shape (Nx, Ny, Nz, 8), C order, channels
 *   0 x, 1 y, 2 z      cell-centre coordinates (mm)
 *   3 solid id         0 background, s + 1 for solid s (the majority id with sub-cell averaging)
 *   4 mu_r, 5 eps_r    relative permeability and permittivity
 *   6 sigma            conductivity (S/m)
 *   7 tan delta        dielectric loss tangent
 * With sub-cell averaging the four material channels are volume-fraction-weighted arithmetic means of
 * the materials present in the cell (the simple averaging of Meep's subpixel smoothing without its
 * anisotropic correction).
 */
import type { Material } from './materials.ts';
import { axisCentres, type VoxelResult } from './voxelize.ts';

export const TENSOR_CHANNELS = ['x', 'y', 'z', 'solid_id', 'mu_r', 'eps_r', 'sigma', 'tan_delta'] as const;

export interface MaterialTensor<T extends Float32Array | Float64Array = Float32Array | Float64Array> {
  data: T;
  shape: [number, number, number, 8];
  channels: typeof TENSOR_CHANNELS;
}

/**
 * `materials[id]` is the material of id (index 0 = background). Float32 by default; float64 on request.
 */
export function materialTensor(vox: VoxelResult, materials: readonly Material[], dtype: 'float32' | 'float64' = 'float32'): MaterialTensor {
  const [nx, ny, nz] = vox.grid.dims, n = nx * ny * nz;
  const maxId = vox.ids.reduce((m, v) => (v > m ? v : m), 0);
  if (materials.length <= maxId) throw new Error(`materialTensor: ${materials.length} materials given, ids go up to ${maxId} (index 0 is the background)`);
  const data = dtype === 'float64' ? new Float64Array(n * 8) : new Float32Array(n * 8);
  const xs = axisCentres(vox.grid.min[0], vox.grid.max[0], nx), ys = axisCentres(vox.grid.min[1], vox.grid.max[1], ny), zs = axisCentres(vox.grid.min[2], vox.grid.max[2], nz);
  const props = new Float64Array(materials.length * 4);
  materials.forEach((m, i) => props.set([m.mu_r, m.eps_r, m.sigma, m.tan_delta], 4 * i));
  let c = 0;
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) for (let k = 0; k < nz; k++, c++) {
    const o = 8 * c, id = vox.ids[c]!;
    data[o] = xs[i]!; data[o + 1] = ys[j]!; data[o + 2] = zs[k]!; data[o + 3] = id;
    data[o + 4] = props[4 * id]!; data[o + 5] = props[4 * id + 1]!; data[o + 6] = props[4 * id + 2]!; data[o + 7] = props[4 * id + 3]!;
  }
  const mixed = vox.mixed;
  if (mixed) {
    let q = 0;
    while (q < mixed.cell.length) {
      const cell = mixed.cell[q]!, o = 8 * cell;
      let mu = 0, eps = 0, sig = 0, tan = 0;
      for (; q < mixed.cell.length && mixed.cell[q] === cell; q++) {
        const f = mixed.fraction[q]!, id = mixed.id[q]!;
        mu += f * props[4 * id]!; eps += f * props[4 * id + 1]!; sig += f * props[4 * id + 2]!; tan += f * props[4 * id + 3]!;
      }
      data[o + 4] = mu; data[o + 5] = eps; data[o + 6] = sig; data[o + 7] = tan;
    }
  }
  return { data, shape: [nx, ny, nz, 8], channels: TENSOR_CHANNELS };
}
