/**
 * PDB read / write (wwPDB format v3.3, fixed columns): ATOM/HETATM, CRYST1, CONECT, MODEL/ENDMDL, TER, END.
 *
 * `parsePdb(text, file?)` -> `PdbStructure`: atoms (name, residue, chain, serial, element) with
 * positions [3N] in nm (file: Angstrom), the CRYST1 cell (lengths nm, angles degrees) or null, bonds
 * from CONECT as 0-based atom-index pairs (each once), and further MODELs as extra frames.
 * `formatPdb(structure)` writes the same (one model unless frames are given); `writePdb` writes atomically.
 * Malformed records throw `PdbError` naming the file, line and column range.
 */
import { renameSync, writeFileSync } from 'node:fs';

/** A malformed PDB record; the message names the file, line and column range. */
export class PdbError extends Error {
  override name = 'PdbError';
}

export interface PdbAtom {
  serial: number;
  name: string;
  altLoc: string;
  residueName: string;
  chain: string;
  residueNumber: number;
  insertionCode: string;
  occupancy: number;
  bFactor: number;
  element: string;
  hetero: boolean;
}

export interface PdbStructure {
  title: string;
  atoms: PdbAtom[];
  /** [3N] nm, first model. */
  positions: Float64Array;
  /** Further models (same atoms), each [3N] nm. */
  frames: Float64Array[];
  /** Unit cell from CRYST1: lengths nm, angles degrees. */
  cell: { lengths: [number, number, number]; angles: [number, number, number] } | null;
  /** CONECT bonds, 0-based atom indices, i < j, each once. */
  bonds: [number, number][];
}

function field(line: string, from: number, to: number): string {
  return line.slice(from - 1, to).trim();
}

function num(line: string, from: number, to: number, what: string, where: string, optional = false, fallback = 0): number {
  const s = field(line, from, to);
  if (s === '') {
    if (optional) return fallback;
    throw new PdbError(`${where}: ${what} (columns ${from}-${to}) is empty`);
  }
  const v = Number(s);
  if (!Number.isFinite(v)) throw new PdbError(`${where}: ${what} (columns ${from}-${to}) is '${s}', expected a number`);
  return v;
}

/**
 * Parse PDB text (ATOM/HETATM, CRYST1, CONECT, MODEL/ENDMDL, TER, END).
 * @returns Atoms (name, residue, chain, serial, element), positions [3N] nm (file Å × 0.1), the CRYST1 cell (lengths nm,
 *   angles degrees) or null, CONECT bonds as 0-based index pairs, and further MODELs as extra frames.
 * @throws PdbError naming `file`, line and columns for short records, non-numeric fields or invalid cells.
 */
export function parsePdb(text: string, file = '<pdb>'): PdbStructure {
  const lines = text.split(/\r?\n/);
  const atoms: PdbAtom[] = [];
  const models: number[][] = [];
  let current: number[] = [];
  let modelAtomCount = -1;
  let inModel = false;
  let cell: PdbStructure['cell'] = null;
  const titleParts: string[] = [];
  const conect: [number, number, number][] = []; // serial a, serial b, line
  let ended = false;
  for (let n = 0; n < lines.length && !ended; n++) {
    const line = lines[n]!;
    const where = `${file}:${n + 1}`;
    const rec = line.slice(0, 6).trimEnd();
    switch (rec) {
      case 'ATOM':
      case 'HETATM': {
        if (line.length < 54) throw new PdbError(`${where}: ${rec} record has ${line.length} characters, expected at least 54 (coordinates end at column 54)`);
        const x = num(line, 31, 38, 'x', where), y = num(line, 39, 46, 'y', where), z = num(line, 47, 54, 'z', where);
        current.push(x * 0.1, y * 0.1, z * 0.1);
        if (models.length === 0) {
          const name = field(line, 13, 16);
          if (name === '') throw new PdbError(`${where}: atom name (columns 13-16) is empty`);
          const serialText = field(line, 7, 11);
          const serial = serialText === '' ? atoms.length + 1 : /^\d+$/.test(serialText) ? Number(serialText) : parseInt(serialText, 36); // hybrid-36 tolerant
          if (!Number.isFinite(serial)) throw new PdbError(`${where}: atom serial (columns 7-11) is '${serialText}', expected an integer`);
          const resText = field(line, 23, 26);
          const residueNumber = resText === '' ? 0 : Number(resText);
          if (!Number.isInteger(residueNumber)) throw new PdbError(`${where}: residue number (columns 23-26) is '${resText}', expected an integer`);
          let element = field(line, 77, 78);
          if (element === '') element = name.replace(/[^A-Za-z]/g, '').slice(0, 1);
          atoms.push({
            serial, name, altLoc: field(line, 17, 17), residueName: field(line, 18, 21), chain: field(line, 22, 22),
            residueNumber, insertionCode: field(line, 27, 27),
            occupancy: num(line, 55, 60, 'occupancy', where, true, 1), bFactor: num(line, 61, 66, 'B-factor', where, true, 0),
            element, hetero: rec === 'HETATM',
          });
        }
        break;
      }
      case 'CRYST1': {
        const a = num(line, 7, 15, 'a', where), b = num(line, 16, 24, 'b', where), c = num(line, 25, 33, 'c', where);
        const al = num(line, 34, 40, 'alpha', where, true, 90), be = num(line, 41, 47, 'beta', where, true, 90), ga = num(line, 48, 54, 'gamma', where, true, 90);
        if (!(a > 0 && b > 0 && c > 0)) throw new PdbError(`${where}: CRYST1 lengths ${a} ${b} ${c}, expected positive Angstrom`);
        if (![al, be, ga].every((t) => t > 0 && t < 180)) throw new PdbError(`${where}: CRYST1 angles ${al} ${be} ${ga}, expected degrees in (0, 180)`);
        // A 1 A cube is the PDB convention for "no cell" (e.g. NMR models).
        cell = a === 1 && b === 1 && c === 1 ? null : { lengths: [a * 0.1, b * 0.1, c * 0.1], angles: [al, be, ga] };
        break;
      }
      case 'MODEL':
        if (inModel) throw new PdbError(`${where}: MODEL inside MODEL (missing ENDMDL)`);
        inModel = true;
        current = [];
        break;
      case 'ENDMDL':
        if (!inModel) throw new PdbError(`${where}: ENDMDL without MODEL`);
        inModel = false;
        if (modelAtomCount >= 0 && current.length !== modelAtomCount) {
          throw new PdbError(`${where}: model ${models.length + 1} has ${current.length / 3} atoms, the first model has ${modelAtomCount / 3}`);
        }
        modelAtomCount = current.length;
        models.push(current);
        current = [];
        break;
      case 'CONECT': {
        const a = num(line, 7, 11, 'atom serial', where);
        for (const [from, to] of [[12, 16], [17, 21], [22, 26], [27, 31]] as const) {
          const s = field(line, from, to);
          if (s === '') continue;
          const b = Number(s);
          if (!Number.isInteger(b)) throw new PdbError(`${where}: CONECT partner (columns ${from}-${to}) is '${s}', expected an atom serial`);
          conect.push([a, b, n + 1]);
        }
        break;
      }
      case 'TITLE':
        titleParts.push(line.slice(10).trim());
        break;
      case 'END':
        ended = true;
        break;
      default:
        break; // REMARK, HEADER, TER, ANISOU, ... carry nothing we use
    }
  }
  if (inModel) throw new PdbError(`${file}: MODEL ${models.length + 1} is not closed by ENDMDL (truncated file?)`);
  if (current.length > 0) {
    if (modelAtomCount >= 0 && current.length !== modelAtomCount) throw new PdbError(`${file}: trailing atoms outside MODEL/ENDMDL`);
    models.push(current);
  }
  if (atoms.length === 0 || models.length === 0) throw new PdbError(`${file}: no ATOM/HETATM records`);
  const bySerial = new Map<number, number>();
  atoms.forEach((a, i) => { if (!bySerial.has(a.serial)) bySerial.set(a.serial, i); });
  const seen = new Set<string>();
  const bonds: [number, number][] = [];
  for (const [sa, sb, line] of conect) {
    const i = bySerial.get(sa), j = bySerial.get(sb);
    if (i === undefined || j === undefined) throw new PdbError(`${file}:${line}: CONECT refers to atom serial ${i === undefined ? sa : sb}, which no ATOM/HETATM record has`);
    if (i === j) continue;
    const key = `${Math.min(i, j)},${Math.max(i, j)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bonds.push([Math.min(i, j), Math.max(i, j)]);
  }
  return {
    title: titleParts.join(' '), atoms, positions: Float64Array.from(models[0]!), frames: models.slice(1).map((m) => Float64Array.from(m)),
    cell, bonds,
  };
}

function fixed(x: number, width: number, digits: number, what: string): string {
  const s = x.toFixed(digits);
  if (s.length > width || !Number.isFinite(x)) throw new PdbError(`pdb: ${what} = ${x} does not fit ${width} columns`);
  return s.padStart(width);
}

function atomName(name: string, element: string): string {
  // Columns 13-16: names of 1-letter elements start in column 14 unless they fill all four.
  if (name.length >= 4) return name.slice(0, 4);
  return element.length === 1 ? ` ${name}`.padEnd(4) : name.padEnd(4);
}

/** PDB text for a structure (positions nm). With `frames`, every frame is written as a MODEL. */
export function formatPdb(s: Pick<PdbStructure, 'atoms' | 'positions' | 'cell' | 'bonds'> & { title?: string; frames?: Float64Array[] }): string {
  const out: string[] = [];
  if (s.title) out.push(`TITLE     ${s.title}`.slice(0, 80));
  if (s.cell) {
    const [a, b, c] = s.cell.lengths, [al, be, ga] = s.cell.angles;
    out.push(`CRYST1${fixed(a * 10, 9, 3, 'a')}${fixed(b * 10, 9, 3, 'b')}${fixed(c * 10, 9, 3, 'c')}${fixed(al, 7, 2, 'alpha')}${fixed(be, 7, 2, 'beta')}${fixed(ga, 7, 2, 'gamma')} P 1           1`);
  }
  const frames = [s.positions, ...(s.frames ?? [])];
  const n = s.atoms.length;
  frames.forEach((R, f) => {
    if (R.length !== 3 * n) throw new PdbError(`pdb: frame ${f} has ${R.length} coordinates, expected ${3 * n}`);
    if (frames.length > 1) out.push(`MODEL     ${String(f + 1).padStart(4)}`);
    for (let i = 0; i < n; i++) {
      const a = s.atoms[i]!;
      const serial = i + 1 > 99999 ? '*****' : String(i + 1).padStart(5);
      out.push(
        `${(a.hetero ? 'HETATM' : 'ATOM').padEnd(6)}${serial} ${atomName(a.name, a.element)}${(a.altLoc || ' ').slice(0, 1)}${a.residueName.slice(0, 4).padEnd(4)}${(a.chain || ' ').slice(0, 1)}` +
        `${String(a.residueNumber % 10000).padStart(4)}${(a.insertionCode || ' ').slice(0, 1)}   ` +
        `${fixed(R[3 * i]! * 10, 8, 3, 'x')}${fixed(R[3 * i + 1]! * 10, 8, 3, 'y')}${fixed(R[3 * i + 2]! * 10, 8, 3, 'z')}` +
        `${fixed(a.occupancy, 6, 2, 'occupancy')}${fixed(a.bFactor, 6, 2, 'B-factor')}          ${a.element.slice(0, 2).padStart(2)}`,
      );
    }
    if (frames.length > 1) out.push('ENDMDL');
  });
  if (s.bonds.length && n <= 99999) {
    const partners: number[][] = Array.from({ length: n }, () => []);
    for (const [i, j] of s.bonds) { partners[i]!.push(j); partners[j]!.push(i); }
    partners.forEach((p, i) => {
      for (let k = 0; k < p.length; k += 4) {
        out.push(`CONECT${String(i + 1).padStart(5)}${p.slice(k, k + 4).map((j) => String(j + 1).padStart(5)).join('')}`);
      }
    });
  }
  out.push('END');
  return out.join('\n') + '\n';
}

/** Atomic write: tmp file + rename. */
export function writePdb(path: string, s: Parameters<typeof formatPdb>[0]): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, formatPdb(s));
  renameSync(tmp, path);
}
