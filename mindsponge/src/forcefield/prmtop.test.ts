import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrmtopError, parsePrmtop } from './prmtop.ts';
import { Rst7Error, formatRst7, parseRst7, writeRst7 } from './rst7.ts';

const dir = join(import.meta.dirname, '../../test-data/amber');
const prmtopText = readFileSync(join(dir, 'ala_di.parm7'), 'utf8');
const rst7Text = readFileSync(join(dir, 'ala_di.rst7'), 'utf8');

describe('parsePrmtop', () => {
  const top = parsePrmtop(prmtopText, 'ala_di.parm7');
  it('reads the alanine dipeptide topology', () => {
    expect(top.nAtoms).toBe(22);
    expect(top.nTypes).toBe(7);
    expect(top.atomNames.slice(0, 3)).toEqual(['H1', 'CH3', 'H2']);
    expect(top.residueLabels).toEqual(['ACE', 'ALA', 'NME']);
    expect(Array.from(top.residuePointer)).toEqual([0, 6, 16]);
    expect(top.bonds.i.length).toBe(12 + 9);
    expect(top.angles.i.length).toBe(25 + 11);
    expect(top.dihedrals.i.length).toBe(43 + 24);
    // net charge of a neutral dipeptide, in Amber units
    expect(Math.abs(top.charge.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6);
    expect(top.mass[1]).toBeCloseTo(12.01, 6);
    expect(top.box).toBeNull();
    // impropers are flagged by a negative fourth index; 'C CA N H' style entries exist in ff14SB
    expect(top.dihedrals.improper.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // exclusion lists hold partners j > i only
    for (let a = 0; a < top.nAtoms; a++) {
      for (let e = top.excludedStart[a]!; e < top.excludedStart[a + 1]!; e++) expect(top.excludedList[e]!).toBeGreaterThan(a);
    }
  });

  it('names the %FLAG and line for a wrong value count', () => {
    const bad = prmtopText.replace(/(%FLAG MASS\s*\n%FORMAT\(5E16\.8\)\s*\n)  1\.00800000E\+00/, '$1                ');
    expect(() => parsePrmtop(bad, 'x.parm7')).toThrow(/x\.parm7:27: %FLAG MASS has 21 values, expected 22 \(from POINTERS\)/);
  });

  it('names the field for a non-numeric value', () => {
    const bad = prmtopText.replace('  2.04636429E+00 -6.67300626E+00', '  2.04636429E+00 -6.67300626X+00');
    expect(() => parsePrmtop(bad, 'x.parm7')).toThrow(/%FLAG CHARGE: field 2 '-6.67300626X\+00' is not a number/);
  });

  it('reports a missing required section', () => {
    const bad = prmtopText.replace('%FLAG BOND_FORCE_CONSTANT', '%FLAG BOND_FORCE_KONSTANT');
    expect(() => parsePrmtop(bad)).toThrow(/missing required %FLAG BOND_FORCE_CONSTANT/);
  });

  it('rejects out-of-range atom indices with the flag named', () => {
    const bad = prmtopText.replace(/(%FLAG BONDS_INC_HYDROGEN\s*\n%FORMAT\(10I8\)\s*\n)\s+\d+/, '$1     999');
    expect(() => parsePrmtop(bad)).toThrow(/%FLAG BONDS_INC_HYDROGEN: entry 1 column 1 is 999/);
  });

  it('fuzz: truncated files parse or throw PrmtopError, never anything else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: prmtopText.length }), (cut) => {
        try {
          const t = parsePrmtop(prmtopText.slice(0, cut));
          // Only a cut inside the trailing optional sections can still parse, and then fully.
          expect(t.nAtoms).toBe(22);
          expect(t.dihedrals.i.length).toBe(67);
        } catch (e) {
          expect(e).toBeInstanceOf(PrmtopError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: garbled characters give PrmtopError or a consistent topology', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: prmtopText.length - 1 }), fc.constantFrom('x', '9', '-', ' ', '\n', '%', '0', '.', 'E')), { minLength: 1, maxLength: 8 }), (edits) => {
        const chars = prmtopText.split('');
        for (const [pos, ch] of edits) chars[pos] = ch;
        try {
          const t = parsePrmtop(chars.join(''));
          expect(t.charge.length).toBe(t.nAtoms);
          expect(t.atomType.every((x) => x >= 0 && x < t.nTypes)).toBe(true);
          for (const arr of [t.bonds.i, t.bonds.j, t.angles.k, t.dihedrals.l]) expect(arr.every((x) => x >= 0 && x < t.nAtoms)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(PrmtopError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseRst7 / formatRst7', () => {
  it('reads coordinates in nm', () => {
    const r = parseRst7(rst7Text, 'ala_di.rst7');
    expect(r.nAtoms).toBe(22);
    expect(r.positions[0]).toBeCloseTo(0.2000001, 9);
    expect(r.positions[4]).toBeCloseTo(0.209, 9);
    expect(r.velocities).toBeNull();
    expect(r.box).toBeNull();
  });

  it('round-trips velocities and box', () => {
    const r = parseRst7(rst7Text);
    const vel = r.positions.map((x, i) => 0.01 * Math.sin(i) * x);
    const text = formatRst7({ title: 'rt', time: 12.5, positions: r.positions, velocities: vel, box: { lengths: [3.1, 3.2, 3.3], angles: [90, 90, 90] } });
    const back = parseRst7(text);
    expect(back.time).toBe(12.5);
    for (let i = 0; i < vel.length; i++) expect(back.velocities![i]).toBeCloseTo(vel[i]!, 6);
    expect(back.box!.lengths[1]).toBeCloseTo(3.2, 9);
    for (let i = 0; i < vel.length; i++) expect(back.positions[i]).toBeCloseTo(r.positions[i]!, 8);
  });

  it('writeRst7 writes atomically and reads back', () => {
    const d = mkdtempSync(join(tmpdir(), 'rst7-'));
    const r = parseRst7(rst7Text);
    writeRst7(join(d, 'x.rst7'), { title: 't', time: null, positions: r.positions, velocities: null, box: null });
    expect(readdirSync(d)).toEqual(['x.rst7']);
    expect(parseRst7(readFileSync(join(d, 'x.rst7'), 'utf8')).positions[5]).toBeCloseTo(r.positions[5]!, 8);
    rmSync(d, { recursive: true });
  });

  it('errors name the line and the problem', () => {
    expect(() => parseRst7('t\n  2\n   1.0000000   2.0000000   3.0000000\n')).toThrow(/found 3 numbers after the header, expected 6 coordinates for 2 atoms/);
    expect(() => parseRst7('t\n  1\n   1.0000000   2.00abc00   3.0000000\n', 'f.rst7')).toThrow(/f\.rst7:3: field 2 '2\.00abc00' is not a number/);
    expect(() => parseRst7('t\nzz\n')).toThrow(/f?atom count 'zz' is not a positive integer/);
  });

  it('fuzz: truncated or garbled files parse or throw Rst7Error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rst7Text.length }), fc.integer({ min: 0, max: rst7Text.length - 1 }), fc.constantFrom('x', '1', '-', ' ', '\n', '.'), (cut, pos, ch) => {
        const chars = rst7Text.slice(0, cut).split('');
        if (pos < chars.length) chars[pos] = ch;
        try {
          const r = parseRst7(chars.join(''));
          expect(r.positions.length).toBe(3 * r.nAtoms);
          expect(r.positions.every(Number.isFinite)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(Rst7Error);
        }
      }),
      { numRuns: 400 },
    );
  });
});
