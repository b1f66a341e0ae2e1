/** MindElec I/O public API: .npy and VTK image data readers/writers, PNG/SVG rendering, atomic writes. */
export { writeFileAtomic } from './atomic.ts';
export { encodeNpy, encodeNpyChunks, decodeNpy, writeNpy, readNpy, npyHeader, type NpyArray, type NpyData } from './npy.ts';
export { encodeVti, decodeVti, writeVti, readVti, type VtiImage, type VtiField, type VtiData } from './vti.ts';
export { encodePng, decodePng, writePng, crc32, type RgbaImage } from './png.ts';
export {
  extractSlice, sliceToImage, sliceToSvg, meshesToSvg, paletteColour,
  PALETTE as SLICE_PALETTE, type Slice as VoxelSlice, type Axis as SliceAxis, type MeshView,
} from './render.ts';
