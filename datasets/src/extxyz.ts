/**
 * Labelled-structure XYZ reader/writer: energies and forces for training neural force fields.
 *
 * Two layouts, detected per frame from the comment line (line 2 of a frame):
 *  - extended XYZ (ASE/QUIP convention): `Properties=species:S:1:pos:R:3:forces:R:3 energy=-1234.5
 *    Lattice="ax ay az bx by bz cx cy cz" pbc="T T T"`; the energy is the `energy` key, forces the
 *    `forces` column (ASE writes eV, Angstrom, eV/Angstrom).
 *  - plain MD17 snippet: line 2 is the energy alone; columns `element x y z [fx fy fz]`
 *    (sGDML/SchNetPack MD17 files: kcal/mol, Angstrom, kcal/mol/Angstrom).
 * File units are given by options (defaults: Angstrom; eV for extxyz, kcal/mol for MD17); everything
 * returned is in MindSPONGE units: positions and cell in nm, energy in kJ/mol, forces in kJ/mol/nm.
 *
 * Why not mindsponge/src/io/xyz.ts: that reader serves trajectories (velocities, masses, rotation into
 * the engine's restricted-triclinic box) and drops label columns; this one keeps the file's Cartesian
 * frame (labels are frame-dependent vectors) and reads energies/forces with units. Both accept the same
 * comment-line syntax.
 * Errors (`XyzDataError`) name the source, the line, the field, the value and what was expected.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { energyFactor, energyUnit as resolveEnergyUnit, lengthFactor, lengthUnit as resolveLengthUnit, type EnergyUnit, type LengthUnit } from './units.ts';

export class XyzDataError extends Error {
  override name = 'XyzDataError';
}

export interface LabelledFrame {
  /** Element symbol per atom, [n]. */
  readonly symbols: string[];
  /** Cartesian positions [n*3], nm. */
  readonly positions: Float64Array;
  /** Total energy, kJ/mol (null when the frame has none). */
  readonly energy: number | null;
  /** Forces [n*3], kJ/mol/nm (null when the frame has none). */
  readonly forces: Float64Array | null;
  /** Cell vectors as rows [a, b, c] (9 numbers, nm), or null for a molecule in free space. */
  readonly cell: Float64Array | null;
  /** Remaining comment-line key/values (extxyz) or {} (MD17). */
  readonly info: Record<string, string>;
}

export interface ReadLabelledOptions {
  /** Energy unit in the file; default eV for extxyz frames, kcal/mol for plain MD17 frames. */
  energyUnit?: EnergyUnit | string;
  /** Length unit in the file (positions, cell; forces are energy/length). Default Angstrom. */
  lengthUnit?: LengthUnit | string;
  /** Comment key holding the energy (default 'energy'). */
  energyKey?: string;
  /** Properties column holding the forces (default 'forces'). */
  forcesKey?: string;
  /** Name used in error messages. */
  source?: string;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

/** Parses a Fortran/C float token strictly (accepts D exponents); NaN when it is not a number. */
export function parseNumber(token: string): number {
  if (!NUMBER_RE.test(token)) return NaN;
  return Number(token.replace(/[dD]/, 'e'));
}

/** Splits an extxyz comment line into key/value pairs; null when it is not key=value syntax. */
export function parseCommentPairs(line: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  const re = /\s*([A-Za-z_][\w:-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^}]*)\}|([^\s"'={}]+)))?\s*/y;
  let pos = 0;
  while (pos < line.length) {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (!m || m[0].length === 0) return null;
    out[m[1]!] = m[2] ?? m[3] ?? m[4] ?? m[5] ?? 'T';
    pos = re.lastIndex;
  }
  return out;
}

interface Column { name: string; type: string; count: number; start: number }

function parseProperties(spec: string, where: string): Column[] {
  const parts = spec.split(':');
  if (parts.length === 0 || parts.length % 3 !== 0) throw new XyzDataError(`${where}: Properties="${spec}" must be name:type:count triples`);
  const cols: Column[] = [];
  let start = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const name = parts[k]!, type = parts[k + 1]!, count = Number(parts[k + 2]);
    if (!/^[SRIL]$/.test(type)) throw new XyzDataError(`${where}: Properties column '${name}' has type '${type}', expected S, R, I or L`);
    if (!Number.isInteger(count) || count < 1 || count > 64) throw new XyzDataError(`${where}: Properties column '${name}' has count '${parts[k + 2]}', expected an integer 1..64`);
    cols.push({ name, type, count, start });
    start += count;
  }
  return cols;
}

/** Reads every frame of a labelled XYZ/extXYZ/MD17 text. */
export function readLabelledXyz(text: string, options: ReadLabelledOptions = {}): LabelledFrame[] {
  const src = options.source ?? 'xyz';
  const lUnit = resolveLengthUnit(options.lengthUnit ?? 'Angstrom', `${src}: lengthUnit`);
  const eUser = options.energyUnit === undefined ? null : resolveEnergyUnit(options.energyUnit, `${src}: energyUnit`);
  const energyKey = options.energyKey ?? 'energy';
  const forcesKey = options.forcesKey ?? 'forces';
  const lScale = lengthFactor(lUnit, 'nm');
  const lines = text.split(/\r?\n/);
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  const frames: LabelledFrame[] = [];
  let li = 0;
  while (li < end) {
    const frameNo = frames.length + 1;
    const countLine = lines[li]!.trim();
    if (!/^\d{1,9}$/.test(countLine)) throw new XyzDataError(`${src}: line ${li + 1}: atom count '${countLine.slice(0, 40)}' is not a non-negative integer (frame ${frameNo})`);
    const n = Number(countLine);
    if (li + 1 >= end) throw new XyzDataError(`${src}: frame ${frameNo} (line ${li + 1}) has no comment line; the file ends`);
    if (li + 2 + n > end) throw new XyzDataError(`${src}: frame ${frameNo} (line ${li + 1}) declares ${n} atoms but the file ends after ${end - li - 2} atom lines`);
    const comment = lines[li + 1]!.trim();
    const where = `${src}: line ${li + 2}`;
    let cols: Column[];
    let energyFile: number | null = null;
    let info: Record<string, string> = {};
    let eUnit: EnergyUnit;
    const single = parseNumber(comment);
    if (comment !== '' && !Number.isNaN(single)) {
      // MD17 snippet: energy alone on line 2, columns element x y z fx fy fz.
      if (!Number.isFinite(single)) throw new XyzDataError(`${where}: energy '${comment}' is not finite`);
      energyFile = single;
      eUnit = eUser ?? 'kcal/mol';
      cols = [{ name: 'species', type: 'S', count: 1, start: 0 }, { name: 'pos', type: 'R', count: 3, start: 1 }];
      const probe = n > 0 ? lines[li + 2]!.trim().split(/\s+/).length : 0;
      if (probe >= 7) cols.push({ name: forcesKey, type: 'R', count: 3, start: 4 });
    } else {
      const pairs = comment === '' ? {} : parseCommentPairs(comment);
      if (pairs === null) throw new XyzDataError(`${where}: comment line '${comment.slice(0, 60)}' is neither an energy nor extxyz key=value pairs`);
      eUnit = eUser ?? 'eV';
      cols = pairs['Properties'] !== undefined
        ? parseProperties(pairs['Properties'], where)
        : [{ name: 'species', type: 'S', count: 1, start: 0 }, { name: 'pos', type: 'R', count: 3, start: 1 }];
      if (pairs[energyKey] !== undefined) {
        energyFile = parseNumber(pairs[energyKey]);
        if (!Number.isFinite(energyFile)) throw new XyzDataError(`${where}: ${energyKey}='${pairs[energyKey]}', expected a finite number`);
      }
      info = pairs;
    }
    const speciesCol = cols.find((c) => c.name === 'species' || c.name === 'element') ?? cols.find((c) => c.type === 'S');
    const posCol = cols.find((c) => c.name === 'pos' || c.name === 'positions');
    const forceCol = cols.find((c) => c.name === forcesKey);
    if (!speciesCol) throw new XyzDataError(`${where}: Properties has no species column (species:S:1)`);
    if (!posCol || posCol.count !== 3 || posCol.type !== 'R') throw new XyzDataError(`${where}: Properties has no 'pos:R:3' column`);
    if (forceCol && (forceCol.count !== 3 || forceCol.type !== 'R')) throw new XyzDataError(`${where}: forces column '${forceCol.name}' must be R:3, got ${forceCol.type}:${forceCol.count}`);
    const width = cols.reduce((s, c) => s + c.count, 0);
    const symbols: string[] = [];
    const positions = new Float64Array(3 * n);
    const forces = forceCol ? new Float64Array(3 * n) : null;
    const fScale = energyFactor(eUnit, 'kJ/mol') / lScale;
    for (let i = 0; i < n; i++) {
      const lineNo = li + 3 + i;
      const raw = lines[li + 2 + i]!;
      const f = raw.trim().split(/\s+/);
      if (f.length < width || f[0] === '') throw new XyzDataError(`${src}: line ${lineNo}: expected ${width} columns (${cols.map((c) => c.name).join(', ')}), got ${f[0] === '' ? 0 : f.length}: '${raw.slice(0, 60)}'`);
      const num = (c: Column, k: number): number => {
        const s = f[c.start + k]!;
        const v = parseNumber(s);
        if (!Number.isFinite(v)) throw new XyzDataError(`${src}: line ${lineNo}: ${c.name}[${k}] = '${s.slice(0, 30)}', expected a finite number`);
        return v;
      };
      const sym = f[speciesCol.start]!;
      if (!/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(sym)) throw new XyzDataError(`${src}: line ${lineNo}: species '${sym.slice(0, 30)}' is not an element symbol`);
      symbols.push(sym);
      for (let d = 0; d < 3; d++) positions[3 * i + d] = num(posCol, d) * lScale;
      if (forceCol && forces) for (let d = 0; d < 3; d++) forces[3 * i + d] = num(forceCol, d) * fScale;
    }
    let cell: Float64Array | null = null;
    if (info['Lattice'] !== undefined) {
      const L = info['Lattice'].trim().split(/\s+/).map(parseNumber);
      if (L.length !== 9 || L.some((v) => !Number.isFinite(v))) throw new XyzDataError(`${where}: Lattice="${info['Lattice'].slice(0, 80)}", expected 9 finite numbers`);
      cell = Float64Array.from(L, (v) => v * lScale);
    }
    const rest: Record<string, string> = {};
    for (const [k, v] of Object.entries(info)) if (k !== 'Properties' && k !== 'Lattice' && k !== energyKey) rest[k] = v;
    frames.push({ symbols, positions, energy: energyFile === null ? null : energyFile * energyFactor(eUnit, 'kJ/mol'), forces, cell, info: rest });
    li += 2 + n;
  }
  return frames;
}

export interface WriteLabelledOptions {
  /** Energy unit to write (default eV, the ASE convention). */
  energyUnit?: EnergyUnit;
  /** Length unit to write (default Angstrom). */
  lengthUnit?: LengthUnit;
  /** Significant digits (default 10). */
  precision?: number;
}

/** Formats frames as extended XYZ (ASE convention), converting from nm / kJ/mol to the chosen units. */
export function formatLabelledXyz(frames: readonly LabelledFrame[], options: WriteLabelledOptions = {}): string {
  const eUnit = options.energyUnit ?? 'eV', lUnit = options.lengthUnit ?? 'Angstrom', prec = options.precision ?? 10;
  const lInv = 1 / lengthFactor(lUnit, 'nm');
  const eInv = 1 / energyFactor(eUnit, 'kJ/mol');
  const fInv = eInv / lInv;
  const fmt = (v: number): string => Number(v.toPrecision(prec)).toString();
  const out: string[] = [];
  frames.forEach((fr, k) => {
    const n = fr.symbols.length;
    if (fr.positions.length !== 3 * n) throw new XyzDataError(`formatLabelledXyz: frame ${k}: ${n} symbols but ${fr.positions.length / 3} positions`);
    if (fr.forces && fr.forces.length !== 3 * n) throw new XyzDataError(`formatLabelledXyz: frame ${k}: ${n} symbols but ${fr.forces.length / 3} forces`);
    const head: string[] = [];
    if (fr.cell) head.push(`Lattice="${Array.from(fr.cell, (v) => fmt(v * lInv)).join(' ')}"`);
    head.push(`Properties=species:S:1:pos:R:3${fr.forces ? ':forces:R:3' : ''}`);
    if (fr.energy !== null) head.push(`energy=${fmt(fr.energy * eInv)}`);
    for (const [key, v] of Object.entries(fr.info)) head.push(`${key}=${/[\s"']/.test(v) || v === '' ? `"${v.replace(/"/g, "'")}"` : v}`);
    head.push(fr.cell ? 'pbc="T T T"' : 'pbc="F F F"');
    out.push(String(n), head.join(' '));
    for (let i = 0; i < n; i++) {
      let row = `${fr.symbols[i]} ${fmt(fr.positions[3 * i]! * lInv)} ${fmt(fr.positions[3 * i + 1]! * lInv)} ${fmt(fr.positions[3 * i + 2]! * lInv)}`;
      if (fr.forces) row += ` ${fmt(fr.forces[3 * i]! * fInv)} ${fmt(fr.forces[3 * i + 1]! * fInv)} ${fmt(fr.forces[3 * i + 2]! * fInv)}`;
      out.push(row);
    }
  });
  return out.length ? out.join('\n') + '\n' : '';
}

/** Writes text to `path` atomically (temporary file in the same directory, then rename). */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Writes frames as extended XYZ atomically. */
export function writeLabelledXyz(path: string, frames: readonly LabelledFrame[], options: WriteLabelledOptions = {}): void {
  writeFileAtomic(path, formatLabelledXyz(frames, options));
}
