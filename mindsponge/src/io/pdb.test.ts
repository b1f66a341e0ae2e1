import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadAmberSystem } from '../forcefield/load.ts';
import { pdbFromAmber } from '../forcefield/pdbExport.ts';
import { PdbError, formatPdb, parsePdb, writePdb } from './pdb.ts';

const dir = join(import.meta.dirname, '../../test-data/amber');
const sys = loadAmberSystem(join(dir, 'ala_di.parm7'), join(dir, 'ala_di.rst7'));
const structure = pdbFromAmber(sys.prmtop, sys.positions!, [2.5, 2.6, 2.7]);
const text = formatPdb(structure);

describe('PDB', () => {
  it('writes fixed columns (wwPDB v3.3)', () => {
    const line = text.split('\n').find((l) => l.startsWith('ATOM'))!;
    expect(line.slice(0, 6)).toBe('ATOM  ');
    expect(line.slice(12, 16)).toBe(' H1 ');
    expect(line.slice(17, 20)).toBe('ACE');
    expect(line.slice(30, 38)).toBe('   2.000');
    expect(line.slice(76, 78)).toBe(' H');
    expect(text).toMatch(/^CRYST1   25\.000   26\.000   27\.000  90\.00  90\.00  90\.00 P 1 {11}1$/m);
  });

  it('round-trips atoms, coordinates (1e-3 A), cell and CONECT bonds', () => {
    const back = parsePdb(text, 'ala.pdb');
    expect(back.atoms.length).toBe(22);
    expect(back.atoms.map((a) => a.name)).toEqual(structure.atoms.map((a) => a.name));
    expect(back.atoms[6]!.residueName).toBe('ALA');
    expect(back.atoms[1]!.element).toBe('C');
    for (let c = 0; c < 66; c++) expect(Math.abs(back.positions[c]! - sys.positions![c]!)).toBeLessThanOrEqual(0.5e-4 + 1e-12);
    expect(back.cell!.lengths[2]).toBeCloseTo(2.7, 9);
    expect(back.bonds.length).toBe(21);
    expect(new Set(back.bonds.map((b) => b.join()))).toEqual(new Set(structure.bonds.map((b) => b.join())));
  });

  it('multi-model files give frames; writes atomically', () => {
    const shifted = structure.positions.map((x) => x + 0.1);
    const t2 = formatPdb({ ...structure, frames: [shifted] });
    const back = parsePdb(t2);
    expect(back.frames.length).toBe(1);
    expect(back.frames[0]![0]).toBeCloseTo(shifted[0]!, 4);
    const d = mkdtempSync(join(tmpdir(), 'pdb-'));
    writePdb(join(d, 'x.pdb'), structure);
    expect(readFileSync(join(d, 'x.pdb'), 'utf8')).toBe(text);
    rmSync(d, { recursive: true });
  });

  it('errors name the line and columns', () => {
    const bad = text.replace('   2.000', '   2.0x0');
    expect(() => parsePdb(bad, 'b.pdb')).toThrow(/b\.pdb:\d+: x \(columns 31-38\) is '2\.0x0', expected a number/);
    expect(() => parsePdb('CONECT    1    7\nATOM      1  N   ALA A   1       0.000   0.000   0.000\n', 'c.pdb')).toThrow(/c\.pdb:1: CONECT refers to atom serial 7/);
    expect(() => parsePdb('MODEL 1\nATOM      1  N   ALA A   1       0.000   0.000   0.000\n')).toThrow(/not closed by ENDMDL/);
    expect(() => parsePdb('REMARK nothing\n')).toThrow(/no ATOM\/HETATM records/);
  });

  it('fuzz: truncated or garbled text parses consistently or throws PdbError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), fc.array(fc.tuple(fc.nat(text.length - 1), fc.constantFrom('x', '9', '-', ' ', '\n', '.', 'M')), { maxLength: 6 }), (cut, edits) => {
        const chars = text.slice(0, cut).split('');
        for (const [p, ch] of edits) if (p < chars.length) chars[p] = ch;
        try {
          const s = parsePdb(chars.join(''));
          expect(s.positions.length).toBe(3 * s.atoms.length);
          expect(s.positions.every(Number.isFinite)).toBe(true);
          for (const [i, j] of s.bonds) expect(i < j && j < s.atoms.length).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(PdbError);
        }
      }),
      { numRuns: 400 },
    );
  });
});
