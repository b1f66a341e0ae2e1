import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatLabelledXyz, md17EthanolSnippet, parseCommentPairs, readLabelledXyz, XyzDataError, type LabelledFrame } from './index.ts';

describe('MD17 ethanol snippet (SchNetPack tests/data/ethanol_snip.xyz)', () => {
  const frames = md17EthanolSnippet();
  it('reads three 9-atom frames with energies and forces converted to kJ/mol, nm', () => {
    expect(frames).toHaveLength(3);
    for (const f of frames) {
      expect(f.symbols).toEqual(['C', 'C', 'O', 'H', 'H', 'H', 'H', 'H', 'H']);
      expect(f.positions).toHaveLength(27);
      expect(f.forces).toHaveLength(27);
      expect(f.cell).toBeNull();
    }
    // Line 2 = -97208.40600498248 kcal/mol; 1 kcal/mol = 4.184 kJ/mol.
    expect(frames[0]!.energy).toBeCloseTo(-97208.40600498248 * 4.184, 6);
    expect(frames[2]!.energy).toBeCloseTo(-97208.041987903 * 4.184, 6);
    // Atom 3 (O) of frame 1: 1.1304 0.3147 0.0 Angstrom, force -4.0883694515 22.5901955842 ... kcal/mol/Angstrom.
    expect(frames[0]!.positions[6]).toBeCloseTo(0.11304, 12);
    expect(frames[0]!.positions[7]).toBeCloseTo(0.03147, 12);
    expect(frames[0]!.forces![7]).toBeCloseTo(22.5901955842 * 41.84, 8);
  });
  it('has physically sensible geometry: C-C and C-O bond lengths, near-zero net force', () => {
    const x = frames[0]!.positions;
    const d = (i: number, j: number): number => Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
    expect(d(0, 1)).toBeCloseTo(0.1530, 4); // 1.530 A
    expect(d(0, 2)).toBeGreaterThan(0.140);
    expect(d(0, 2)).toBeLessThan(0.146);
    for (const f of frames) {
      // Net force of an isolated molecule vanishes; MD17's DFT forces carry ~0.1 kcal/mol/A of noise.
      const rms = Math.sqrt(f.forces!.reduce((acc, v) => acc + v * v, 0) / 27);
      for (let a = 0; a < 3; a++) {
        let s = 0;
        for (let i = 0; i < 9; i++) s += f.forces![3 * i + a]!;
        expect(Math.abs(s)).toBeLessThan(0.02 * rms);
      }
    }
  });
});

describe('extended XYZ (ASE convention)', () => {
  const text = [
    '2',
    'Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.5 pbc="T T T" Lattice="10 0 0 0 10 0 0 0 10" config_type=water',
    'H 0 0 0 0.1 0.2 0.3',
    'O 1 0 0 -0.1 -0.2 -0.3',
    '',
  ].join('\n');
  it('reads energy (eV), forces (eV/A), cell, extra keys', () => {
    const [f] = readLabelledXyz(text);
    expect(f!.energy).toBeCloseTo(-1.5 * 96.48533212331002, 9);
    expect(f!.forces![0]).toBeCloseTo(0.1 * 964.8533212331002, 9);
    expect(Array.from(f!.cell!)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(f!.info['config_type']).toBe('water');
    expect(f!.positions[3]).toBeCloseTo(0.1, 14);
  });
  it('honours explicit units (Hartree, bohr)', () => {
    const [f] = readLabelledXyz(text, { energyUnit: 'Hartree', lengthUnit: 'bohr' });
    expect(f!.energy).toBeCloseTo(-1.5 * 2625.4996394798254, 8);
    expect(f!.positions[3]).toBeCloseTo(0.0529177210903, 14);
    expect(f!.forces![0]).toBeCloseTo((0.1 * 2625.4996394798254) / 0.0529177210903, 6);
  });
  it('round-trips frames through format -> read', () => {
    const frames = md17EthanolSnippet();
    for (const unit of ['eV', 'kcal/mol', 'Hartree'] as const) {
      const back = readLabelledXyz(formatLabelledXyz(frames, { energyUnit: unit, precision: 15 }), { energyUnit: unit });
      expect(back).toHaveLength(3);
      back.forEach((b, k) => {
        expect(b.energy! / frames[k]!.energy!).toBeCloseTo(1, 12);
        for (let i = 0; i < 27; i++) {
          expect(b.positions[i]).toBeCloseTo(frames[k]!.positions[i]!, 12);
          expect(b.forces![i]).toBeCloseTo(frames[k]!.forces![i]!, 8);
        }
      });
    }
  });
  it('errors name the line, the field and the value', () => {
    expect(() => readLabelledXyz('2\nenergy=1\nH 0 0 0\nO 1 0 x\n', { source: 'bad.xyz' })).toThrow(/bad\.xyz: line 4: pos\[2\] = 'x', expected a finite number/);
    expect(() => readLabelledXyz('3\nenergy=1\nH 0 0 0\n', { source: 'short.xyz' })).toThrow(/short\.xyz: frame 1 \(line 1\) declares 3 atoms but the file ends after 1 atom lines/);
    expect(() => readLabelledXyz('two\n\n')).toThrow(/line 1: atom count 'two'/);
    expect(() => readLabelledXyz('1\nenergy=abc\nH 0 0 0\n')).toThrow(/energy='abc', expected a finite number/);
    expect(() => readLabelledXyz('1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 1 2\n')).toThrow(/line 3: expected 7 columns/);
    expect(() => readLabelledXyz('1\nProperties=species:S:1:pos:Q:3\nH 0 0 0\n')).toThrow(/type 'Q'/);
    expect(() => readLabelledXyz('1\n1.0\nH 0 0 0\n', { energyUnit: 'furlong' })).toThrow(/'furlong' is not a known energy unit/);
  });
  it('parses quoted comment values and bare flags', () => {
    expect(parseCommentPairs('a=1 b="x y" c={1 2} flag')).toEqual({ a: '1', b: 'x y', c: '1 2', flag: 'T' });
    expect(parseCommentPairs('energy = -3.5')).toEqual({ energy: '-3.5' });
    expect(parseCommentPairs('a="unterminated')).toBeNull();
  });
});

describe('fuzz', () => {
  const frameArb = fc.integer({ min: 1, max: 5 }).chain((n) => fc.record({
    symbols: fc.array(fc.constantFrom('H', 'C', 'N', 'O', 'Cl'), { minLength: n, maxLength: n }),
    positions: fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3 * n, maxLength: 3 * n }),
    forces: fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 3 * n, maxLength: 3 * n }),
    energy: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  }));
  const toFrame = (r: { symbols: string[]; positions: number[]; forces: number[]; energy: number }): LabelledFrame => ({
    symbols: r.symbols, positions: Float64Array.from(r.positions), forces: Float64Array.from(r.forces), energy: r.energy, cell: null, info: {},
  });

  it('write -> read is the identity (to printed precision)', () => {
    fc.assert(fc.property(fc.array(frameArb, { minLength: 1, maxLength: 4 }), (rs) => {
      const frames = rs.map(toFrame);
      const back = readLabelledXyz(formatLabelledXyz(frames, { precision: 17 }));
      expect(back).toHaveLength(frames.length);
      back.forEach((b, k) => {
        expect(b.symbols).toEqual(frames[k]!.symbols);
        expect(b.energy! - frames[k]!.energy!).toBeCloseTo(0, 6);
        b.positions.forEach((v, i) => expect(v).toBeCloseTo(frames[k]!.positions[i]!, 10));
      });
    }), { numRuns: 60 });
  });

  it('truncated files either read the complete frames or throw XyzDataError, never garbage', () => {
    const full = formatLabelledXyz(md17EthanolSnippet(), { precision: 12 });
    fc.assert(fc.property(fc.integer({ min: 0, max: full.length }), (cut) => {
      const text = full.slice(0, cut);
      try {
        const frames = readLabelledXyz(text);
        for (const f of frames) {
          expect(f.symbols).toHaveLength(9);
          expect(Number.isFinite(f.energy!)).toBe(true);
          expect(f.forces!.every(Number.isFinite)).toBe(true);
        }
        expect(frames.length).toBeLessThanOrEqual(3);
      } catch (e) {
        expect(e).toBeInstanceOf(XyzDataError);
      }
    }), { numRuns: 200 });
  });

  it('garbled bytes never hang and raise only XyzDataError', () => {
    const full = formatLabelledXyz(md17EthanolSnippet().slice(0, 1));
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom('x', ' ', '\n', '=', '"', '-', '9', 'e', '.', ':', 'NaN')), { minLength: 1, maxLength: 6 }), (edits) => {
      let text = full;
      for (const [p, ch] of edits) { const at = p % text.length; text = text.slice(0, at) + ch + text.slice(at + 1); }
      try {
        for (const f of readLabelledXyz(text)) {
          expect(f.positions.every(Number.isFinite)).toBe(true);
          if (f.forces) expect(f.forces.every(Number.isFinite)).toBe(true);
        }
      } catch (e) {
        expect(e).toBeInstanceOf(XyzDataError);
      }
    }), { numRuns: 300 });
  });
});
