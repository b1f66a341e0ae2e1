/**
 * NumPy .npy (format 1.0/2.0) encoder and decoder for typed arrays.
 *
 * Contract: `encodeNpy({data, shape})` gives bytes NumPy's `np.load` reads as an array of that shape and
 * dtype (little-endian, C order); the header is padded with spaces to a multiple of 64 bytes as NumPy
 * writes it, and switches to format 2.0 when it exceeds 65535 bytes. `decodeNpy` reads C-order
 * little-endian numeric arrays and rejects anything else with an error naming the field.
 * Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic.ts';

export type NpyData = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

export interface NpyArray<T extends NpyData = NpyData> {
  data: T;
  shape: readonly number[];
}

const DESCR: [string, new (buf: ArrayBuffer, off: number, len: number) => NpyData, number][] = [
  ['<f8', Float64Array, 8], ['<f4', Float32Array, 4], ['<i4', Int32Array, 4], ['<u4', Uint32Array, 4],
  ['<i2', Int16Array, 2], ['<u2', Uint16Array, 2], ['|i1', Int8Array, 1], ['|u1', Uint8Array, 1],
];

function descrOf(data: NpyData): string {
  for (const [d, ctor] of DESCR) if (data instanceof ctor) return d;
  throw new Error(`npy: unsupported array type ${(data as object).constructor.name}`);
}

function checkShape(shape: readonly number[], length: number): void {
  if (shape.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`npy: shape must be non-negative integers, got (${shape.join(', ')})`);
  const n = shape.reduce((p, s) => p * s, 1);
  if (n !== length) throw new Error(`npy: shape (${shape.join(', ')}) holds ${n} elements but the data has ${length}`);
}

/** Header bytes (magic, version, length, dict, padding) for an array of this dtype and shape. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let version = 1, pre = 10;
  if (dict.length + 1 + pre > 65535) { version = 2; pre = 12; }
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  const text = dict + ' '.repeat(total - pre - dict.length - 1) + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true); else view.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[pre + i] = text.charCodeAt(i);
  return out;
}

/** Header and data as two chunks (no copy of the data). */
export function encodeNpyChunks(array: NpyArray): [Uint8Array, Uint8Array] {
  checkShape(array.shape, array.data.length);
  const { data } = array;
  return [npyHeader(descrOf(data), array.shape), new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
}

/**
 * Encode a typed array with its shape as NumPy .npy bytes (little-endian, C order, header padded to 64 bytes; format
 * 2.0 when the header exceeds 65535 bytes).
 * @throws Error for an unsupported array type or a shape whose size differs from data.length.
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const [h, d] = encodeNpyChunks(array);
  const out = new Uint8Array(h.length + d.length);
  out.set(h);
  out.set(d, h.length);
  return out;
}

/** Writes `path` atomically. */
export function writeNpy(path: string, array: NpyArray): void {
  writeFileAtomic(path, encodeNpyChunks(array));
}

/**
 * Decode .npy bytes (format 1-3, C order, little-endian numeric dtypes) into {data, shape}; the data is copied.
 * @throws Error naming `source` for a missing magic, truncated header or data, Fortran order, an unsupported dtype or a
 *   bad shape.
 */
export function decodeNpy(bytes: Uint8Array, source = 'npy'): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new Error(`${source}: not a .npy file (missing \\x93NUMPY magic)`);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new Error(`${source}: unsupported .npy version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pre = major === 1 ? 10 : 12;
  if (bytes.length < pre) throw new Error(`${source}: truncated header`);
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (pre + hlen > bytes.length) throw new Error(`${source}: header length ${hlen} runs past the end of the ${bytes.length}-byte file`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(pre, pre + hlen));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error(`${source}: header dict lacks descr/fortran_order/shape: ${JSON.stringify(header.trim())}`);
  if (fortran === 'True') throw new Error(`${source}: fortran_order arrays are not supported`);
  const entry = DESCR.find(([d]) => d === descr || d === descr.replace('=', '<') || (d[0] === '|' && d.slice(1) === descr.slice(1)));
  if (!entry) throw new Error(`${source}: unsupported dtype '${descr}', expected one of ${DESCR.map((d) => d[0]).join(', ')}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const v = Number(s);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${source}: bad shape entry '${s}'`);
    return v;
  });
  const n = shape.reduce((p, s) => p * s, 1), [, ctor, size] = entry;
  const start = pre + hlen;
  if (bytes.length - start !== n * size) throw new Error(`${source}: shape (${shape.join(', ')}) needs ${n * size} data bytes, file has ${bytes.length - start}`);
  const copy = new Uint8Array(bytes.subarray(start)).buffer; // copy: Buffer.slice would alias the pool
  return { data: new ctor(copy, 0, n), shape };
}

/** Read and decode the .npy file at `path` (see decodeNpy). */
export function readNpy(path: string): NpyArray {
  return decodeNpy(readFileSync(path), path);
}
