/**
 * Checkpoints: any pytree of tensors, numbers, strings, booleans and null (params, optimizer state,
 * step counts) in one file, bit-exact.
 *
 * Layout (little-endian), format version 1:
 *   0   8 bytes   magic "MSCKPT\r\n" (the CR/LF pair catches text-mode mangling, as in PNG)
 *   8   u32       format version
 *   12  u32       header byte length H
 *   16  H bytes   UTF-8 JSON header { tree, tensors: [{dtype, shape, offset, byteLength}], dataBytes, meta }
 *       pad to a multiple of 8, then the raw tensor bytes (each tensor 8-byte aligned)
 *   end u32       CRC-32 (IEEE) of every preceding byte
 * Tree nodes: {k:'t',i} tensor i, {k:'n',v} number (non-finite and -0 as strings), {k:'s'|'b',v},
 * {k:'z'} null, {k:'u'} undefined, {k:'a',c:[...]} array, {k:'r',keys,c} record.
 * Saving writes <path>.tmp-<pid>-<n>, fsyncs and renames, so a crash never leaves a half file.
 * Loading validates everything and throws CheckpointError naming the file and the defect.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { Tensor, tensor, type DType } from '../nn/deps.ts';

export const CHECKPOINT_VERSION = 1;
const MAGIC = Uint8Array.from([0x4d, 0x53, 0x43, 0x4b, 0x50, 0x54, 0x0d, 0x0a]); // "MSCKPT\r\n"

/**
 * A checkpoint that cannot be saved (a value that is not a tensor/number/string/boolean/null, a big-endian host) or
 * read (truncated, bad magic/version/CRC/header/tree); the message names the file and the defect.
 */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

type Node =
  | { k: 't'; i: number }
  | { k: 'n'; v: number | string }
  | { k: 's'; v: string }
  | { k: 'b'; v: boolean }
  | { k: 'z' }
  | { k: 'u' }
  | { k: 'a'; c: Node[] }
  | { k: 'r'; keys: string[]; c: Node[] };

interface TensorEntry { dtype: DType; shape: number[]; offset: number; byteLength: number }
interface Header { tree: Node; tensors: TensorEntry[]; dataBytes: number; meta: unknown }

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as in zlib/PNG). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const encodeNumber = (v: number): number | string => (Number.isFinite(v) && !Object.is(v, -0) ? v : Object.is(v, -0) ? '-0' : String(v));
const decodeNumber = (v: number | string): number => (typeof v === 'number' ? v : v === '-0' ? -0 : Number(v));

function isPlainRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Serialise a pytree (and optional JSON-able metadata) to bytes. */
export function encodeCheckpoint(tree: unknown, meta: unknown = null): Uint8Array {
  if (endianness() !== 'LE') throw new CheckpointError('checkpoint: big-endian hosts are not supported');
  const tensors: Tensor[] = [];
  const walk = (x: unknown, path: string): Node => {
    if (x instanceof Tensor) { tensors.push(x); return { k: 't', i: tensors.length - 1 }; }
    if (typeof x === 'number') return { k: 'n', v: encodeNumber(x) };
    if (typeof x === 'string') return { k: 's', v: x };
    if (typeof x === 'boolean') return { k: 'b', v: x };
    if (x === null) return { k: 'z' };
    if (x === undefined) return { k: 'u' };
    if (Array.isArray(x)) return { k: 'a', c: x.map((v, i) => walk(v, `${path}[${i}]`)) };
    if (isPlainRecord(x)) { const keys = Object.keys(x).sort(); return { k: 'r', keys, c: keys.map((kk) => walk(x[kk], `${path}.${kk}`)) }; }
    throw new CheckpointError(`checkpoint: cannot save ${path || 'the root'} (${Object.prototype.toString.call(x)}); expected tensors, numbers, strings, booleans, null, arrays or plain records`);
  };
  const root = walk(tree, '');
  const entries: TensorEntry[] = [];
  let off = 0;
  for (const t of tensors) {
    const byteLength = t.size * (t.dtype === 'float32' ? 4 : 8);
    entries.push({ dtype: t.dtype, shape: [...t.shape], offset: off, byteLength });
    off += Math.ceil(byteLength / 8) * 8;
  }
  const header: Header = { tree: root, tensors: entries, dataBytes: off, meta };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((16 + json.length) / 8) * 8;
  const total = dataStart + off + 4;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(8, CHECKPOINT_VERSION, true);
  dv.setUint32(12, json.length, true);
  out.set(json, 16);
  tensors.forEach((t, i) => {
    const d = t.data();
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), dataStart + entries[i]!.offset);
  });
  dv.setUint32(total - 4, crc32(out.subarray(0, total - 4)), true);
  return out;
}

/** Parse bytes written by encodeCheckpoint; `source` names the file in errors. */
export function decodeCheckpoint<T = unknown>(bytes: Uint8Array, source = 'checkpoint'): { tree: T; meta: unknown; version: number } {
  const fail = (msg: string): never => { throw new CheckpointError(`${source}: ${msg}`); };
  if (bytes.length < 20) fail(`file is ${bytes.length} bytes; a checkpoint has at least 20 (truncated or not a checkpoint)`);
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC[i]) fail('bad magic bytes; not a MindScience checkpoint (expected "MSCKPT\\r\\n")');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION) fail(`format version ${version} is not supported (this build reads version ${CHECKPOINT_VERSION})`);
  const hlen = dv.getUint32(12, true);
  if (16 + hlen + 4 > bytes.length) fail(`header length ${hlen} runs past the end of the ${bytes.length}-byte file (truncated?)`);
  const stored = dv.getUint32(bytes.length - 4, true);
  const actual = crc32(bytes.subarray(0, bytes.length - 4));
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(16, 16 + hlen))) as Header;
  } catch (e) {
    return fail(`header is not valid UTF-8 JSON (${(e as Error).message})${stored !== actual ? '; CRC-32 mismatch: the file is corrupted or truncated' : ''}`);
  }
  const dataStart = Math.ceil((16 + hlen) / 8) * 8;
  if (!header || typeof header !== 'object' || !Array.isArray(header.tensors) || typeof header.dataBytes !== 'number') fail('header lacks the tensors/dataBytes fields');
  const expected = dataStart + header.dataBytes + 4;
  if (bytes.length !== expected) fail(`file is ${bytes.length} bytes but its header describes ${expected} (truncated or has trailing data)`);
  if (stored !== actual) fail(`CRC-32 mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)}): the file is corrupted`);
  const tensors = header.tensors.map((e, i) => {
    if (!e || (e.dtype !== 'float64' && e.dtype !== 'float32')) fail(`tensor ${i}: dtype ${JSON.stringify(e?.dtype)}; expected float64 or float32`);
    if (!Array.isArray(e.shape) || e.shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`tensor ${i}: shape ${JSON.stringify(e.shape)} is not a list of non-negative integers`);
    const bpe = e.dtype === 'float32' ? 4 : 8;
    const size = e.shape.reduce((a, b) => a * b, 1);
    if (e.byteLength !== size * bpe || !Number.isInteger(e.offset) || e.offset < 0 || e.offset % 8 !== 0 || e.offset + e.byteLength > header.dataBytes) {
      fail(`tensor ${i}: offset ${e.offset} / byteLength ${e.byteLength} do not fit shape [${e.shape.join(', ')}] ${e.dtype} inside ${header.dataBytes} data bytes`);
    }
    const start = bytes.byteOffset + dataStart + e.offset;
    const copy = bytes.buffer.slice(start, start + e.byteLength);
    const data = e.dtype === 'float32' ? new Float32Array(copy) : new Float64Array(copy);
    return tensor(data, { shape: e.shape, dtype: e.dtype });
  });
  const used = new Set<number>();
  const build = (n: Node, depth: number): unknown => {
    if (depth > 1000) fail('tree nesting deeper than 1000');
    if (!n || typeof n !== 'object') fail(`tree node ${JSON.stringify(n)} is not an object`);
    switch (n.k) {
      case 't': {
        if (!Number.isInteger(n.i) || n.i < 0 || n.i >= tensors.length || used.has(n.i)) fail(`tree refers to tensor ${n.i}; expected each of 0..${tensors.length - 1} exactly once`);
        used.add(n.i);
        return tensors[n.i];
      }
      case 'n': return typeof n.v === 'number' || typeof n.v === 'string' ? decodeNumber(n.v) : fail(`number node holds ${JSON.stringify(n.v)}`);
      case 's': return typeof n.v === 'string' ? n.v : fail('string node without a string');
      case 'b': return typeof n.v === 'boolean' ? n.v : fail('boolean node without a boolean');
      case 'z': return null;
      case 'u': return undefined;
      case 'a': return Array.isArray(n.c) ? n.c.map((c) => build(c, depth + 1)) : fail('array node without children');
      case 'r': {
        if (!Array.isArray(n.keys) || !Array.isArray(n.c) || n.keys.length !== n.c.length) fail('record node with mismatched keys and children');
        const out: Record<string, unknown> = {};
        // defineProperty, so a key named __proto__ is stored as data, not as the prototype
        n.keys.forEach((key, j) => { Object.defineProperty(out, String(key), { value: build(n.c[j]!, depth + 1), enumerable: true, writable: true, configurable: true }); });
        return out;
      }
      default: return fail(`unknown tree node kind ${JSON.stringify((n as { k: unknown }).k)}`);
    }
  };
  const tree = build(header.tree, 0) as T;
  if (used.size !== tensors.length) fail(`${tensors.length - used.size} tensor(s) are not referenced by the tree`);
  return { tree, meta: header.meta ?? null, version };
}

let tmpCounter = 0;
/** Write bytes atomically: temp file in the same directory, fsync, rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${tmpCounter++}`;
  const fd = openSync(tmp, 'w');
  try {
    let o = 0;
    while (o < bytes.length) o += writeSync(fd, bytes, o, bytes.length - o);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/** Save a pytree (params, optimizer state, ...) with optional JSON metadata, atomically. */
export function saveCheckpoint(path: string, tree: unknown, meta: unknown = null): void {
  writeFileAtomic(path, encodeCheckpoint(tree, meta));
}

/**
 * Load a checkpoint written by `saveCheckpoint`: the pytree (tensors restored bit-exactly with dtype and shape),
 * the JSON metadata, and the format version.
 * @throws CheckpointError naming `path` when it cannot be read or fails validation.
 */
export function loadCheckpoint<T = unknown>(path: string): { tree: T; meta: unknown; version: number } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CheckpointError(`${path}: cannot read checkpoint (${(e as Error).message})`);
  }
  return decodeCheckpoint<T>(bytes, path);
}
