import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseLattice, parseNumber, parseProperties, scanXyzFrames, SPECIES_POS_COLUMNS, XyzAtomReader } from './xyzFrames.ts';

class E extends Error {}

describe('xyzFrames', () => {
  it('cuts frames and gives 1-based line numbers', () => {
    const f = scanXyzFrames('1\nfirst\nH 0 0 0\n2\n\nO 1 2 3\nH 4 5 6\n\n\n', 'f.xyz', E);
    expect(f.map((x) => [x.index, x.line, x.natoms, x.comment])).toEqual([[1, 1, 1, 'first'], [2, 4, 2, '']]);
    const r = new XyzAtomReader(f[1]!, SPECIES_POS_COLUMNS, 'f.xyz', E);
    r.fields(1);
    expect([r.symbol(SPECIES_POS_COLUMNS[0]!), r.number(SPECIES_POS_COLUMNS[1]!, 2)]).toEqual(['H', 6]);
  });

  it('names the file, line, field and value in errors', () => {
    expect(() => scanXyzFrames('2\nc\nH 0 0 0\n', 'a.xyz', E)).toThrow(/a\.xyz: frame 1 \(line 1\) declares 2 atoms but the file ends after 1 atom lines/);
    expect(() => scanXyzFrames('1', 'a.xyz', E)).toThrow(/has no comment line/);
    expect(() => scanXyzFrames('x\n', 'a.xyz', E)).toThrow(/line 1: atom count 'x'/);
    const fr = scanXyzFrames('1\nc\nH 0 0x1 0\n', 'b.xyz', E)[0]!;
    const r = new XyzAtomReader(fr, SPECIES_POS_COLUMNS, 'b.xyz', E);
    r.fields(0);
    expect(() => r.number(SPECIES_POS_COLUMNS[1]!, 1)).toThrow(/b\.xyz: line 3: pos\[1\] = '0x1', expected a finite number/);
    expect(() => parseProperties('species:S:1:pos:Q:3', 'c: line 2', E)).toThrow(/column 'pos' has type 'Q'/);
    expect(() => parseLattice('1 2 3', 'c: line 2', E)).toThrow(/expected 9 finite numbers/);
    expect(() => scanXyzFrames('x\n', 'a.xyz', E)).toThrow(E);
  });

  it('parses numbers strictly', () => {
    expect([parseNumber('1.0D+02'), parseNumber('-.5e-1'), parseNumber('7')]).toEqual([100, -0.05, 7]);
    for (const bad of ['', '0x10', 'Infinity', '1e', '--1', '1.2.3']) expect(parseNumber(bad)).toBeNaN();
  });

  it('fuzz: any text scans to consistent frames or throws the caller error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      try {
        for (const f of scanXyzFrames(s, 'fuzz', E)) expect(f.atomLines).toHaveLength(f.natoms);
      } catch (e) {
        expect(e).toBeInstanceOf(E);
      }
    }), { numRuns: 500 });
  });
});
