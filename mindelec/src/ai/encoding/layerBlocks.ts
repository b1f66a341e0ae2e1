/**
 * The two-layer designs as material blocks (the tensor the encoder sees): 16 x 16 x 16 voxels, laterally
 * uniform (infinite layers), z spanning 0..32 mm in 2 mm voxels from the front face; each voxel holds the
 * volume-fraction average of the normalised material channels (so sub-voxel thicknesses survive). In the
 * CAD pipeline the same four channels come from the cad tensor's mu_r, eps_r, sigma and tan delta.
 */
import { normaliseMaterial, stackBlocks, BLOCK, CHANNELS } from './autoencoder.ts';
import { LAYER_B, type LayerDesign } from '../surrogate/layerFamily.ts';

export const BLOCK_DEPTH_MM = 32;

/**
 * One two-layer design as an encoder material block: 16 x 16 x 16 voxels x 4 channels, laterally uniform;
 * z covers 0..32 mm ({@link BLOCK_DEPTH_MM}) in 2 mm voxels from layer A's front face, each voxel the
 * volume-fraction average of air, layer A (eps_r epsA) and layer B (eps_r 4, 0.05 S/m) in the
 * {@link normaliseMaterial} channels (mu_r - 1, (eps_r - 1)/10, sigma/0.05 S/m, 10 tan delta). Parts of
 * the stack deeper than 32 mm are cut off.
 * @param d the design: epsA (relative), dA and dB (mm). Not range-checked here.
 * @param out destination (default a new Float64Array [16*16*16*4]).
 * @param offset index in `out` of the block's first value (default 0).
 * @returns `out`, written row-major as [x][y][z][channel] (z fastest among voxels, channel fastest).
 */
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

/**
 * Many designs as stacked blocks ({@link layerBlock}): Float64Array [n * 16*16*16 * 4], block i at
 * offset i * 16384, each [x][y][z][channel] row-major.
 */
export function layerBlocks(designs: readonly LayerDesign[]): Float64Array {
  return stackBlocks(designs, layerBlock);
}
