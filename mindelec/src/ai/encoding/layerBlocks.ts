/**
 * The two-layer designs as material blocks (the tensor the encoder sees): 16 x 16 x 16 voxels, laterally
 * uniform (infinite layers), z spanning 0..32 mm in 2 mm voxels from the front face; each voxel holds the
 * volume-fraction average of the normalised material channels (so sub-voxel thicknesses survive). In the
 * CAD pipeline the same four channels come from the cad tensor's mu_r, eps_r, sigma and tan delta.
 */
import { normaliseMaterial, BLOCK, CHANNELS } from './autoencoder.ts';
import { LAYER_B, type LayerDesign } from '../surrogate/layerFamily.ts';

export const BLOCK_DEPTH_MM = 32;

export function layerBlock(d: LayerDesign, out = new Float64Array(BLOCK[0] * BLOCK[1] * BLOCK[2] * CHANNELS), offset = 0): Float64Array {
  const [nx, ny, nz] = BLOCK;
  const dz = BLOCK_DEPTH_MM / nz;
  const air = normaliseMaterial(1, 1, 0, 0), a = normaliseMaterial(1, d.epsA, 0, 0), b = normaliseMaterial(1, LAYER_B.epsR, LAYER_B.sigma, 0);
  const column = new Float64Array(nz * CHANNELS);
  for (let k = 0; k < nz; k++) {
    const z0 = k * dz, z1 = z0 + dz;
    const fa = Math.max(0, Math.min(z1, d.dA) - z0) / dz;
    const fb = Math.max(0, Math.min(z1, d.dA + d.dB) - Math.max(z0, d.dA)) / dz;
    const fair = 1 - fa - fb;
    for (let c = 0; c < CHANNELS; c++) column[k * CHANNELS + c] = fa * a[c]! + fb * b[c]! + fair * air[c]!;
  }
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) out.set(column, offset + ((i * ny + j) * nz) * CHANNELS);
  return out;
}

export function layerBlocks(designs: readonly LayerDesign[]): Float64Array {
  const per = BLOCK[0] * BLOCK[1] * BLOCK[2] * CHANNELS;
  const out = new Float64Array(designs.length * per);
  designs.forEach((d, i) => layerBlock(d, out, i * per));
  return out;
}
