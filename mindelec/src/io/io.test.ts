import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodeNpy, decodeNpy, writeNpy, readNpy, npyHeader, encodeVti, decodeVti, writeVti, readVti,
  encodePng, decodePng, writePng, extractSlice, sliceToImage, sliceToSvg, meshesToSvg, crc32,
} from './index.ts';

const python = '/usr/bin/python3';
const hasNumpy = existsSync(python) && (() => { try { execFileSync(python, ['-c', 'import numpy']); return true; } catch { return false; } })();

describe('.npy', () => {
  it('header is byte-exact with what numpy.save writes (format 1.0, 64-byte aligned)', () => {
    const h = npyHeader('<f4', [2, 3, 4, 8]);
    const expected = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4, 8), }";
    expect(h.length % 64).toBe(0);
    expect(Array.from(h.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    expect(new DataView(h.buffer).getUint16(8, true)).toBe(h.length - 10);
    const text = new TextDecoder().decode(h.subarray(10));
    expect(text.startsWith(expected)).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(expected.length, -1).trim()).toBe('');
    expect(new TextDecoder().decode(npyHeader('<f8', [5]).subarray(10))).toContain("'shape': (5,), }");
  });

  it('round-trips every dtype and shape', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }), fc.integer({ min: 0, max: 7 }), (shape, t) => {
      const n = shape.reduce((p, s) => p * s, 1);
      const ctors = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array] as const;
      const data = new ctors[t]!(n);
      for (let i = 0; i < n; i++) data[i] = (i * 7) % 100;
      const back = decodeNpy(encodeNpy({ data, shape }));
      return back.data.constructor === data.constructor && back.shape.join() === shape.join() && back.data.every((v, i) => v === data[i]);
    }));
  });

  it('truncated or garbled bytes give a clear error, never garbage', () => {
    const good = encodeNpy({ data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
    fc.assert(fc.property(fc.integer({ min: 0, max: good.length - 1 }), (cut) => {
      expect(() => decodeNpy(good.subarray(0, cut))).toThrow(/npy: /);
    }));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try { decodeNpy(bytes); return false; } catch (e) { return (e as Error).message.startsWith('npy: '); }
    }));
    expect(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] })).toThrow(/shape \(2, 3\) holds 6 elements but the data has 5/);
  });

  it.skipIf(!hasNumpy)('NumPy reads our file with the right dtype, shape and values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    const data = Float32Array.from({ length: 2 * 3 * 4 * 8 }, (_, i) => i / 8);
    writeNpy(join(dir, 'a.npy'), { data, shape: [2, 3, 4, 8] });
    const out = execFileSync(python, ['-c', `import numpy as np; a = np.load('${join(dir, 'a.npy')}'); print(a.dtype, a.shape, float(a[1, 2, 3, 7]), float(a.sum()) == ${data.reduce((s, v) => s + v, 0)})`]).toString().trim();
    expect(out).toBe(`float32 (2, 3, 4, 8) ${data[((1 * 3 + 2) * 4 + 3) * 8 + 7]} True`);
    execFileSync(python, ['-c', `import numpy as np; np.save('${join(dir, 'b.npy')}', np.arange(12, dtype=np.uint16).reshape(3, 4))`]);
    const b = readNpy(join(dir, 'b.npy'));
    expect(b.shape).toEqual([3, 4]);
    expect(Array.from(b.data)).toEqual([...Array(12).keys()]);
  });
});

describe('.vti', () => {
  it('round-trips fields in (Nx,Ny,Nz,c) order and stores x fastest as VTK expects', () => {
    const dims: [number, number, number] = [3, 4, 5], n = 60;
    const id = new Uint8Array(n), vec = new Float32Array(3 * n);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 5; k++) {
      const c = (i * 4 + j) * 5 + k;
      id[c] = i + 10 * j + 100 * (k % 2);
      vec.set([i, j, k], 3 * c);
    }
    const dir = mkdtempSync(join(tmpdir(), 'vti-'));
    writeVti(join(dir, 'g.vti'), { dims, origin: [0.5, 0.5, 0.5], spacing: [1, 2, 3], fields: { id: { data: id }, pos: { data: vec, components: 3 } } });
    const back = readVti(join(dir, 'g.vti'));
    expect(back.dims).toEqual(dims);
    expect(back.spacing).toEqual([1, 2, 3]);
    expect(Array.from(back.fields['id']!.data)).toEqual(Array.from(id));
    expect(Array.from(back.fields['pos']!.data)).toEqual(Array.from(vec));
    // raw VTK order: the second stored 'pos' tuple is (i=1, j=0, k=0)
    const bytes = readFileSync(join(dir, 'g.vti'));
    const xml = bytes.toString('latin1');
    const base = xml.indexOf('_', xml.indexOf('<AppendedData')) + 1;
    const posOffset = Number(/Name="pos"[^>]*offset="(\d+)"/.exec(xml)![1]);
    const raw = new Float32Array(bytes.buffer.slice(bytes.byteOffset + base + posOffset + 8, bytes.byteOffset + base + posOffset + 8 + 24));
    expect(Array.from(raw)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(xml).toContain('WholeExtent="0 2 0 3 0 4"');
  });

  it('rejects mismatched field sizes and truncated files', () => {
    expect(() => encodeVti({ dims: [2, 2, 2], origin: [0, 0, 0], spacing: [1, 1, 1], fields: { a: { data: new Float32Array(7) } } })).toThrow(/field 'a' has 7 values, expected 8×1/);
    const whole = Buffer.concat(encodeVti({ dims: [2, 2, 2], origin: [0, 0, 0], spacing: [1, 1, 1], fields: { a: { data: new Float32Array(8) } } }));
    expect(() => decodeVti(whole.subarray(0, whole.length - 40))).toThrow(/vti: field 'a'/);
    expect(() => decodeVti(new TextEncoder().encode('<VTKFile>'))).toThrow(/no raw <AppendedData>/);
  });
});

describe('reader fuzz', () => {
  it('truncated or garbled .vti and .png bytes throw a named error or decode to the right sizes', () => {
    const vti = Buffer.concat(encodeVti({ dims: [2, 3, 2], origin: [0, 0, 0], spacing: [1, 1, 1], fields: { a: { data: new Float32Array(12).fill(2) }, b: { data: new Uint8Array(24), components: 2 } } }));
    fc.assert(fc.property(fc.integer({ min: 0, max: vti.length }), fc.integer({ min: 0, max: 255 }), fc.nat(), (cut, byte, at) => {
      const bytes = Uint8Array.from(vti.subarray(0, cut));
      if (bytes.length) bytes[at % bytes.length] = byte;
      try {
        const img = decodeVti(bytes);
        return Object.values(img.fields).every((f) => f.data.length === img.dims[0] * img.dims[1] * img.dims[2] * (f.components ?? 1));
      } catch (e) { return (e as Error).message.startsWith('vti: '); }
    }), { numRuns: 300 });
    const png = encodePng({ width: 3, height: 2, rgba: new Uint8Array(24).fill(7) });
    fc.assert(fc.property(fc.integer({ min: 0, max: png.length }), fc.integer({ min: 0, max: 255 }), fc.nat(), (cut, byte, at) => {
      const bytes = Uint8Array.from(png.subarray(0, cut));
      if (bytes.length) bytes[at % bytes.length] = byte;
      try {
        const img = decodePng(bytes);
        return img.rgba.length === img.width * img.height * 4;
      } catch (e) { return (e as Error).message.startsWith('png: '); }
    }), { numRuns: 300 });
  });
});

describe('PNG and SVG rendering', () => {
  const ids = new Uint8Array(4 * 3 * 2);
  ids[(1 * 3 + 2) * 2 + 1] = 1; // (i=1, j=2, k=1)
  ids[(3 * 3 + 0) * 2 + 1] = 2; // (i=3, j=0, k=1)

  it('slices put x right and y up', () => {
    const s = extractSlice(ids, [4, 3, 2], 'z', 1);
    expect([s.width, s.height]).toEqual([4, 3]);
    expect(s.ids[0 * 4 + 1]).toBe(1); // top row is j = 2
    expect(s.ids[2 * 4 + 3]).toBe(2); // bottom row is j = 0
    expect(() => extractSlice(ids, [4, 3, 2], 'z', 2)).toThrow(/index 2 outside 0..1 on axis z/);
  });

  it('PNG round-trips and has valid CRCs; PIL reads it when available', () => {
    const img = sliceToImage(extractSlice(ids, [4, 3, 2], 'z', 1), 3);
    const png = encodePng(img);
    const back = decodePng(png);
    expect([back.width, back.height]).toEqual([12, 9]);
    expect(back.rgba).toEqual(img.rgba);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
    const bad = png.slice(); bad[40] ^= 0xff;
    expect(() => decodePng(bad)).toThrow(/CRC mismatch|png:/);
    const dir = mkdtempSync(join(tmpdir(), 'png-'));
    writePng(join(dir, 's.png'), img);
    let pil = '';
    try { pil = execFileSync(python, ['-c', `from PIL import Image; im = Image.open('${join(dir, 's.png')}'); print(im.size, im.mode, im.getpixel((4, 1)))`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* no PIL */ }
    if (pil) expect(pil).toBe('(12, 9) RGBA (31, 119, 180, 255)');
  });

  it('SVG slice has one rect per run and a legend; mesh SVG draws every front triangle', () => {
    const svg = sliceToSvg(extractSlice(ids, [4, 3, 2], 'z', 1), 4, { 1: 'copper', 2: 'FR4 <core>' });
    expect(svg.match(/<rect x="\d+" y="\d+" width="4" height="4"/g)!.length).toBe(2);
    expect(svg).toContain('FR4 &#60;core&#62;');
    const mesh = meshesToSvg([{ positions: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], index: [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3] }]);
    expect(mesh.match(/<polygon/g)!.length).toBe(4);
    writeFileSync(join(mkdtempSync(join(tmpdir(), 'svg-')), 'm.svg'), mesh);
  });
});
