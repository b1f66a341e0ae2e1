import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatXyzFrame, parseExtxyzComment, readXyz, XyzError } from './xyz.ts';
import { makeBox } from '../space.ts';

describe('xyz', () => {
  it('round-trips extxyz with lattice and velocities (nm <-> Å)', () => {
    const box = makeBox(2, 2.5, 3, 0.4, -0.3, 0.2);
    const x = new Float64Array([0.1, 0.2, 0.3, 1.1, 1.2, 1.3]);
    const v = new Float64Array([1, -2, 3, 0.5, 0.25, -0.125]);
    const text = formatXyzFrame(['Ar', 'Kr'], x, box, { velocities: v, info: { step: 5 } }) + formatXyzFrame(['Ar', 'Kr'], x, box);
    const frames = readXyz(text);
    expect(frames).toHaveLength(2);
    expect(Array.from(frames[0]!.positions)).toEqual(Array.from(x).map((q) => expect.closeTo(q, 12)));
    expect(Array.from(frames[0]!.velocities!)).toEqual(Array.from(v).map((q) => expect.closeTo(q, 12)));
    expect(frames[0]!.box!.xy).toBeCloseTo(0.4, 12);
    expect(frames[0]!.names).toEqual(['Ar', 'Kr']);
    expect(frames[0]!.info['step']).toBe('5');
    expect(frames[1]!.velocities).toBeNull();
  });

  it('reads plain XYZ (Å -> nm) and rotates a general lattice into the LAMMPS frame', () => {
    const f = readXyz('2\nwater-ish\nO 0 0 0\nH 0.9572 0 0\n')[0]!;
    expect(f.positions[3]).toBeCloseTo(0.09572, 12);
    expect(f.box).toBeNull();
    // cubic cell rotated 90° about z: a = (0,10,0), b = (-10,0,0), c = (0,0,10)
    const g = readXyz('1\nLattice="0 10 0 -10 0 0 0 0 10" Properties=species:S:1:pos:R:3\nX 0 5 0\n', { lengthScale: 1 })[0]!;
    expect(g.box).toMatchObject({ lx: 10, ly: 10, lz: 10 });
    expect(g.positions[0]).toBeCloseTo(5, 12);
    expect(g.positions[1]).toBeCloseTo(0, 12);
  });

  it('parses quoted extxyz comment values', () => {
    expect(parseExtxyzComment('Lattice="1 0 0 0 1 0 0 0 1" Properties=species:S:1:pos:R:3 energy=-1.5 pbc="T T T"')).toMatchObject({ energy: '-1.5', pbc: 'T T T' });
  });

  it('names the line and value in errors', () => {
    expect(() => readXyz('2\nc\nAr 0 0 0\nAr 1 x 0\n')).toThrow(/line 4: pos\[1\] = 'x', expected a finite number/);
    expect(() => readXyz('3\nc\nAr 0 0 0\n')).toThrow(/declares 3 atoms but the file ends/);
    expect(() => readXyz('two\nc\n')).toThrow(/line 1: atom count 'two'/);
    expect(() => readXyz('1\nc\nAr 0 0\n')).toThrow(/line 3: expected 4 columns/);
    expect(() => readXyz('1\nLattice="1 2 3" Properties=species:S:1:pos:R:3\nAr 0 0 0\n')).toThrow(/expected 9 finite numbers/);
  });

  it('fuzz: truncated or garbled files either parse to finite data or throw XyzError', () => {
    const good = formatXyzFrame(['Ar', 'Ar', 'Ne'], new Float64Array([0, 0, 0, 0.3, 0.1, 0.2, 0.5, 0.5, 0.5]), makeBox(1, 1, 1), { velocities: new Float64Array(9).fill(0.5) }).repeat(2);
    fc.assert(fc.property(fc.integer({ min: 0, max: good.length }), fc.array(fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 1 })), { maxLength: 4 }), (cut, edits) => {
      const chars = good.slice(0, cut).split('');
      for (const [pos, ch] of edits) if (chars.length) chars[pos % chars.length] = ch;
      try {
        for (const f of readXyz(chars.join(''))) {
          expect(f.positions.every(Number.isFinite)).toBe(true);
          expect(f.names.length * 3).toBe(f.positions.length);
        }
      } catch (e) {
        expect(e).toBeInstanceOf(XyzError);
      }
    }), { numRuns: 400 });
  });
});
