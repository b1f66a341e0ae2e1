import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { dcdWriter, readDcd, DcdError } from './dcd.ts';
import { makeBox } from '../space.ts';

describe('dcd', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcd-'));
  it('writes a CHARMM-layout file that reads back (Å, unit cell, frame count patched)', () => {
    const path = join(dir, 't.dcd');
    const w = dcdWriter(path, { nAtoms: 3, every: 10, dt: 0.002 });
    const x = new Float64Array([0.1, 0.2, 0.3, 1, 2, 3, -1, 0.5, 2.25]);
    w.write(x, makeBox(3, 4, 5));
    const partial = readDcd(path);
    expect(partial.nSet).toBe(1);
    w.write(x.map((v) => v + 1), makeBox(3, 4, 5, 1, 0, 0));
    w.close();
    const f = readDcd(path);
    expect(f.nAtoms).toBe(3);
    expect(f.nSet).toBe(2);
    expect(f.every).toBe(10);
    expect(f.delta).toBeCloseTo(0.002 / 0.04888821, 6);
    expect(f.frames[0]!.positions[8]).toBeCloseTo(22.5, 5);
    expect(Array.from(f.frames[0]!.cell!)).toEqual([30, 0, 40, 0, 0, 50]);
    expect(f.frames[1]!.cell![1]).toBeCloseTo(10 / Math.hypot(10, 40), 12); // cos γ
    // byte layout: 84-byte header record, 'CORD' magic at byte 4
    const b = readFileSync(path);
    expect(b.readInt32LE(0)).toBe(84);
    expect(b.toString('latin1', 4, 8)).toBe('CORD');
  });

  it('fuzz: truncated or corrupted files throw DcdError, never return garbage', () => {
    const path = join(dir, 'g.dcd');
    const w = dcdWriter(path, { nAtoms: 4, every: 1, dt: 0.001 });
    for (let k = 0; k < 3; k++) w.write(new Float64Array(12).fill(k), makeBox(2, 2, 2));
    w.close();
    const good = readFileSync(path);
    fc.assert(fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))), (cut, edit) => {
      const b = Buffer.from(good.subarray(0, cut));
      if (edit && b.length) b[edit[0] % b.length] = edit[1];
      const p = join(dir, 'fuzz.dcd');
      writeFileSync(p, b);
      try {
        const f = readDcd(p);
        expect(f.frames.length).toBe(f.nSet);
      } catch (e) {
        expect(e).toBeInstanceOf(DcdError);
      }
    }), { numRuns: 300 });
  });
});
