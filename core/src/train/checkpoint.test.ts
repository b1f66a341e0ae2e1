/**
 * Checkpoints: bit-exact round trips of random pytrees (fast-check, including NaN payloads, -0,
 * subnormals, float32), and clear CheckpointErrors for every truncation, bit flips, garbage,
 * wrong versions and unreadable files. Files are written atomically (no temp files left).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, tensor } from '../index.ts';
import { CheckpointError, crc32, decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.ts';

const bitsOf = (t: Tensor) => { const d = t.data(); return Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)); };

/** Arbitrary tensors from raw bit patterns (every float64/float32 value, NaN payloads included). */
const arbTensor = fc.oneof(
  fc.tuple(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), fc.constantFrom<'float64' | 'float32'>('float64', 'float32')).chain(([shape, dtype]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const bpe = dtype === 'float32' ? 4 : 8;
    return fc.uint8Array({ minLength: n * bpe, maxLength: n * bpe }).map((bytes) => {
      const buf = bytes.slice().buffer;
      return tensor(dtype === 'float32' ? new Float32Array(buf) : new Float64Array(buf), { shape, dtype });
    });
  }),
);
const arbLeaf = fc.oneof(arbTensor, fc.double(), fc.string(), fc.boolean(), fc.constant(null));
const arbTree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, arbLeaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 })),
})).node;

/** Structural equality with tensors compared bit for bit and numbers by Object.is. */
function sameTree(a: unknown, b: unknown): boolean {
  if (a instanceof Tensor) return b instanceof Tensor && a.dtype === b.dtype && JSON.stringify(a.shape) === JSON.stringify(b.shape) && JSON.stringify(bitsOf(a)) === JSON.stringify(bitsOf(b));
  if (typeof a === 'number') return Object.is(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i]));
  if (a && typeof a === 'object') {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return false;
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return JSON.stringify(ka) === JSON.stringify(kb) && ka.every((k) => sameTree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

describe('checkpoint encoding', () => {
  it('CRC-32 known answer ("123456789" -> cbf43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789')).toString(16)).toBe('cbf43926');
  });
  it('round trip is bit-exact for arbitrary pytrees (fast-check)', () => {
    fc.assert(fc.property(arbTree, fc.jsonValue(), (tree, meta) => {
      const out = decodeCheckpoint(encodeCheckpoint(tree, meta));
      return sameTree(tree, out.tree) && JSON.stringify(out.meta) === JSON.stringify(meta ?? null);
    }), { numRuns: 200 });
  });
  it('special values survive: NaN payloads, -0, subnormals, +-Infinity (tensors and numbers)', () => {
    const d = new Float64Array([NaN, -0, 5e-324, Infinity, -Infinity, 1 / 3]);
    new DataView(d.buffer).setUint32(0, 0xdeadbeef, true); // a non-canonical NaN payload
    const tree = { w: tensor(d, { shape: [2, 3] }), f: tensor([1.1, -0], { dtype: 'float32' }), n: [-0, NaN, -Infinity], s: 'x', b: false, z: null };
    const back = decodeCheckpoint<typeof tree>(encodeCheckpoint(tree));
    expect(sameTree(tree, back.tree)).toBe(true);
    expect(back.version).toBe(1);
  });
  const sample = encodeCheckpoint({ layers: [{ w: tensor([[1, 2], [3, 4]]), b: tensor([0.5, -1]) }], step: 7 }, { note: 'x' });
  it('every truncation is a clear CheckpointError', () => {
    for (let len = 0; len < sample.length; len++) {
      expect(() => decodeCheckpoint(sample.subarray(0, len), 'model.ckpt')).toThrow(CheckpointError);
    }
    expect(() => decodeCheckpoint(sample.subarray(0, 10), 'model.ckpt')).toThrow(/model.ckpt: file is 10 bytes; a checkpoint has at least 20/);
    expect(() => decodeCheckpoint(sample.subarray(0, sample.length - 1), 'model.ckpt')).toThrow(/model.ckpt: .*(truncated|CRC)/);
  });
  it('any single flipped bit is detected (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: sample.length - 1 }), fc.integer({ min: 0, max: 7 }), (pos, bit) => {
      const bad = sample.slice();
      bad[pos] = bad[pos]! ^ (1 << bit);
      try { decodeCheckpoint(bad); return false; } catch (e) { return e instanceof CheckpointError; }
    }), { numRuns: 300 });
  });
  it('garbage and wrong versions give clear errors, never hang', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try { decodeCheckpoint(bytes); return false; } catch (e) { return e instanceof CheckpointError; }
    }), { numRuns: 300 });
    expect(() => decodeCheckpoint(new TextEncoder().encode('{"not": "a checkpoint", "padding": "...."}'))).toThrow(/bad magic bytes; not a MindScience checkpoint/);
    const v2 = sample.slice();
    new DataView(v2.buffer).setUint32(8, 2, true);
    expect(() => decodeCheckpoint(v2)).toThrow(/format version 2 is not supported \(this build reads version 1\)/);
  });
  it('unsupported leaves are named', () => {
    expect(() => encodeCheckpoint({ a: [1, new Map()] })).toThrow(/cannot save \.a\[1\] \(\[object Map\]\)/);
  });
});

describe('checkpoint files', () => {
  it('save/load atomically, bit-exact; unreadable path named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const path = join(dir, 'params.ckpt');
    const tree = { w: tensor([[Math.PI, -0]]), opt: { step: 3 } };
    saveCheckpoint(path, tree, { epoch: 3 });
    saveCheckpoint(path, tree, { epoch: 3 }); // overwrite in place
    expect(readdirSync(dir)).toEqual(['params.ckpt']);
    const back = loadCheckpoint<typeof tree>(path);
    expect(sameTree(tree, back.tree)).toBe(true);
    expect(back.meta).toEqual({ epoch: 3 });
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 9));
    expect(() => loadCheckpoint(path)).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*truncated`));
    expect(() => loadCheckpoint(join(dir, 'missing.ckpt'))).toThrow(/missing.ckpt: cannot read checkpoint/);
  });
});
