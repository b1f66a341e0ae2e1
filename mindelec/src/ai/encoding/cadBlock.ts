/**
 * CAD tensor -> encoder block: the (Nx, Ny, Nz, 8) material tensor of the cad pipeline (channels x, y, z,
 * solid id, mu_r, eps_r, sigma, tan delta) box-averaged onto the encoder's 16 x 16 x 16 grid and mapped to
 * the encoder's normalised channels. The CAD grid box must frame the structure the way the training
 * blocks did (for the layer family: the 32 mm deep stack, front face at z min, any lateral extent).
 * With this, a CAD project goes CAD -> tensor (projectToTensor) -> block -> code -> S11 (`cadToS11`).
 */
import type { MaterialTensor } from '../../cad/index.ts';
import { BLOCK, CHANNELS, normaliseMaterial } from './autoencoder.ts';
import { encodedS11, type EncodedS11Model } from './pipeline.ts';

/**
 * Box-averages a CAD material tensor onto the encoder's 16 x 16 x 16 block (each block voxel averages the
 * CAD voxels whose index range maps onto it; at least one per axis) in the {@link normaliseMaterial}
 * channels, from the tensor's mu_r, eps_r, sigma (S/m) and tan delta channels (4..7).
 * @param t the cad pipeline's tensor, shape (Nx, Ny, Nz, 8), data row-major with the channel fastest.
 * @returns Float64Array [16*16*16*4], row-major [x][y][z][channel] like {@link layerBlock}.
 * @throws Error if the shape is not (Nx, Ny, Nz, 8) or the data length does not match it.
 */
export function materialTensorBlock(t: MaterialTensor): Float64Array {
  const [nx, ny, nz, nc] = t.shape;
  if (nc !== 8 || t.data.length !== nx * ny * nz * 8) throw new Error(`materialTensorBlock: tensor shape [${t.shape.join(', ')}] with ${t.data.length} values is not (Nx, Ny, Nz, 8)`);
  const [bx, by, bz] = BLOCK;
  const range = (o: number, n: number, b: number): [number, number] => {
    const lo = Math.floor((o * n) / b);
    return [lo, Math.max(lo + 1, Math.floor(((o + 1) * n) / b))];
  };
  const out = new Float64Array(bx * by * bz * CHANNELS);
  for (let a = 0; a < bx; a++) {
    const [i0, i1] = range(a, nx, bx);
    for (let b = 0; b < by; b++) {
      const [j0, j1] = range(b, ny, by);
      for (let c = 0; c < bz; c++) {
        const [k0, k1] = range(c, nz, bz);
        const o = ((a * by + b) * bz + c) * CHANNELS;
        let count = 0;
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) for (let k = k0; k < k1; k++) {
          const q = ((i * ny + j) * nz + k) * 8;
          const v = normaliseMaterial(t.data[q + 4]!, t.data[q + 5]!, t.data[q + 6]!, t.data[q + 7]!);
          for (let ch = 0; ch < CHANNELS; ch++) out[o + ch] += v[ch]!;
          count++;
        }
        for (let ch = 0; ch < CHANNELS; ch++) out[o + ch] /= count;
      }
    }
  }
  return out;
}

/** CAD material tensor -> complex S11 over the model's frequencies, in one call. */
export function cadToS11(model: EncodedS11Model, t: MaterialTensor): { freqs: number[]; re: number[]; im: number[] } {
  const s = encodedS11(model, materialTensorBlock(t));
  return { freqs: model.surrogate.freqs, re: s.re[0]!, im: s.im[0]! };
}
