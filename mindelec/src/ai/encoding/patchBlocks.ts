/**
 * The patch-antenna designs (surrogate/patchFamily.ts) as encoder material blocks: 16 x 16 x 16 voxels x 4
 * channels ({@link normaliseMaterial}), the material tensor of the board as a CAD voxeliser would give it.
 *   x, y: the 64 mm square substrate in 4 mm voxels (x along the patch length L).
 *   z: the copper-substrate-copper stack in 16 layers: k = 0 the ground plane, k = 1..14 the substrate
 *      (h = 1.524 mm, eps_r 3.38), k = 15 the patch layer (air where there is no copper).
 *   Conductors (ground, patch, and the 2 x 2 mm feed pin through the substrate) read as a conductor
 *   (channels [0, 0, 1, 0]); each voxel holds the area-fraction average of what it covers, so the 2 mm
 *   steps of L, W and the feed position survive the 4 mm voxels.
 * The geometry is the one the FDTD simulates: patch edges and the feed node on the 2 mm lattice
 * (patchS11Fdtd's placement), the pin centred on the feed node.
 */
import { normaliseMaterial, stackBlocks, BLOCK, CHANNELS } from './autoencoder.ts';
import { checkPatchDesign, PATCH_SUBSTRATE, type PatchDesign } from '../surrogate/patchFamily.ts';

/** Overlap length of [a0, a1] and [b0, b1]. */
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * One patch design as an encoder block (layout in the file header).
 * @param d the design: L, W, inset (mm) on the 2 mm lattice ({@link checkPatchDesign}).
 * @param out destination (default a new Float64Array [16*16*16*4]).
 * @param offset index in `out` of the block's first value.
 * @returns `out`, row-major [x][y][z][channel] (channel fastest), like layerBlock.
 * @throws RangeError for a design off the lattice or out of range.
 */
export function patchBlock(d: PatchDesign, out = new Float64Array(BLOCK[0] * BLOCK[1] * BLOCK[2] * CHANNELS), offset = 0): Float64Array {
  checkPatchDesign(d);
  const [nx, ny, nz] = BLOCK;
  const cell = 2, size = PATCH_SUBSTRATE.sizeMm, v = size / nx; // 4 mm voxels
  const nL = Math.round(d.L / cell), nW = Math.round(d.W / cell);
  const x0 = -Math.floor(nL / 2) * cell, y0 = -(nW / 2) * cell; // as patchS11Fdtd places the patch
  const xf = x0 + d.inset; // feed node; the pin is the 2 x 2 mm square around it
  const metal = normaliseMaterial(1, 1, Infinity, 0), sub = normaliseMaterial(1, PATCH_SUBSTRATE.epsR, 0, 0), air = normaliseMaterial(1, 1, 0, 0);
  for (let i = 0; i < nx; i++) {
    const a0 = -size / 2 + i * v, a1 = a0 + v;
    for (let j = 0; j < ny; j++) {
      const b0 = -size / 2 + j * v, b1 = b0 + v;
      const fPatch = (overlap(a0, a1, x0, x0 + d.L) * overlap(b0, b1, y0, y0 + d.W)) / (v * v);
      const fPin = (overlap(a0, a1, xf - 1, xf + 1) * overlap(b0, b1, -1, 1)) / (v * v);
      for (let k = 0; k < nz; k++) {
        const o = offset + ((i * ny + j) * nz + k) * CHANNELS;
        for (let c = 0; c < CHANNELS; c++) {
          out[o + c] = k === 0 ? metal[c]! : k === nz - 1 ? fPatch * metal[c]! + (1 - fPatch) * air[c]! : fPin * metal[c]! + (1 - fPin) * sub[c]!;
        }
      }
    }
  }
  return out;
}

/** Many designs as stacked blocks: Float64Array [n * 16384], block i at offset i * 16384 ({@link patchBlock}). */
export function patchBlocks(designs: readonly PatchDesign[]): Float64Array {
  return stackBlocks(designs, patchBlock);
}
