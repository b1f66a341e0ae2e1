/**
 * Minimal PNG codec (8-bit RGBA, no interlace) on node:zlib.
 *
 * Contract: `encodePng(image)` returns a valid PNG (signature, IHDR, one IDAT, IEND, CRC-32 per chunk,
 * filter type 0 per row). `decodePng` reads 8-bit RGBA/RGB non-interlaced PNGs with any row filter —
 * enough to round-trip our own output and simple images in tests.
 * Spec: PNG (Third Edition), W3C Recommendation.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { writeFileAtomic } from './atomic.ts';

export interface RgbaImage {
  width: number;
  height: number;
  /** [height, width, 4] row-major, top row first. */
  rgba: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as in PNG and zlib) of bytes[start, end), as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length), view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/**
 * Encode an 8-bit RGBA image (rgba [height·width·4], row-major from the top) as PNG bytes (one IDAT, filter 0).
 * @throws Error when width/height are not positive integers or rgba has the wrong length.
 */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, rgba } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error(`png: width and height must be positive integers, got ${width}x${height}`);
  if (rgba.length !== width * height * 4) throw new Error(`png: rgba has ${rgba.length} bytes, expected ${width}x${height}x4 = ${width * height * 4}`);
  const raw = new Uint8Array(height * (1 + 4 * width));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * 4 * width, (y + 1) * 4 * width), y * (1 + 4 * width) + 1);
  const ihdr = new Uint8Array(13), v = new DataView(ihdr.buffer);
  v.setUint32(0, width); v.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Encode an RGBA image as PNG and write it to `path` atomically. */
export function writePng(path: string, image: RgbaImage): void {
  writeFileAtomic(path, encodePng(image));
}

/**
 * Decode an 8-bit non-interlaced RGB or RGBA PNG (any row filter) to {width, height, rgba}; RGB gets alpha 255.
 * @throws Error naming `source` for a bad signature, truncated chunk, CRC mismatch, unsupported format or corrupt data.
 */
export function decodePng(bytes: Uint8Array, source = 'png'): RgbaImage {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 8 || sig.some((s, i) => bytes[i] !== s)) throw new Error(`${source}: not a PNG (bad signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8, width = 0, height = 0, colour = 0;
  const idat: Uint8Array[] = [];
  while (at + 12 <= bytes.length) {
    const len = view.getUint32(at), type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + len > bytes.length) throw new Error(`${source}: chunk ${type} at byte ${at} is truncated`);
    if (crc32(bytes, at + 4, at + 8 + len) !== view.getUint32(at + 8 + len)) throw new Error(`${source}: CRC mismatch in chunk ${type} at byte ${at}`);
    const data = bytes.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8); height = view.getUint32(at + 12); colour = data[9]!;
      if (data[8] !== 8 || (colour !== 6 && colour !== 2) || data[12] !== 0) throw new Error(`${source}: only 8-bit non-interlaced RGB/RGBA is supported`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + len;
  }
  if (!width || !idat.length) throw new Error(`${source}: missing IHDR or IDAT`);
  let raw: Buffer;
  try { raw = inflateSync(Buffer.concat(idat)); } catch (e) { throw new Error(`${source}: corrupt image data: ${(e as Error).message}`); }
  const bpp = colour === 6 ? 4 : 3, stride = width * bpp;
  if (raw.length !== height * (stride + 1)) throw new Error(`${source}: image data has ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const px = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!, row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? px[y * stride + x - bpp]! : 0, b = y > 0 ? px[(y - 1) * stride + x]! : 0, c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp]! : 0;
      let pred = 0;
      if (f === 1) pred = a; else if (f === 2) pred = b; else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      else if (f !== 0) throw new Error(`${source}: bad filter type ${f} on row ${y}`);
      px[y * stride + x] = (row[x]! + pred) & 0xff;
    }
  }
  if (bpp === 4) return { width, height, rgba: px };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) { rgba.set(px.subarray(3 * i, 3 * i + 3), 4 * i); rgba[4 * i + 3] = 255; }
  return { width, height, rgba };
}
