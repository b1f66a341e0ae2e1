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
 * The frame syntax (counts, comment pairs, Properties columns, strict numbers) is xyzFrames.ts, shared
 * with mindsponge's trajectory reader, which adds velocities, masses and the rotation into the engine's
 * restricted-triclinic box; this reader keeps the file's Cartesian frame (labels are frame-dependent
 * vectors) and reads energies/forces with units.
 * Errors (`XyzDataError`) name the source, the line, the field, the value and what was expected.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { findColumn, parseCommentPairs, parseLattice, parseNumber, parseProperties, scanXyzFrames, SPECIES_POS_COLUMNS, XyzAtomReader, type XyzColumn } from './xyzFrames.ts';
import { energyFactor, energyUnit as resolveEnergyUnit, lengthFactor, lengthUnit as resolveLengthUnit, type EnergyUnit, type LengthUnit } from './units.ts';

/** A malformed labelled (ext)XYZ text; the message names the source, line, field, value and what was expected. */
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

/** Reads every frame of a labelled XYZ/extXYZ/MD17 text. */
export function readLabelledXyz(text: string, options: ReadLabelledOptions = {}): LabelledFrame[] {
  const src = options.source ?? 'xyz';
  const lUnit = resolveLengthUnit(options.lengthUnit ?? 'Angstrom', `${src}: lengthUnit`);
  const eUser = options.energyUnit === undefined ? null : resolveEnergyUnit(options.energyUnit, `${src}: energyUnit`);
  const energyKey = options.energyKey ?? 'energy';
  const forcesKey = options.forcesKey ?? 'forces';
  const lScale = lengthFactor(lUnit, 'nm');
  return scanXyzFrames(text, src, XyzDataError).map((frame) => {
    const n = frame.natoms, comment = frame.comment;
    const where = `${src}: line ${frame.line + 1}`;
    let cols: readonly XyzColumn[] = SPECIES_POS_COLUMNS;
    let energyFile: number | null = null;
    let info: Record<string, string> = {};
    let eUnit: EnergyUnit;
    const single = parseNumber(comment);
    if (comment !== '' && !Number.isNaN(single)) {
      // MD17 snippet: energy alone on line 2, columns element x y z fx fy fz.
      if (!Number.isFinite(single)) throw new XyzDataError(`${where}: energy '${comment}' is not finite`);
      energyFile = single;
      eUnit = eUser ?? 'kcal/mol';
      const probe = n > 0 ? frame.atomLines[0]!.trim().split(/\s+/).length : 0;
      if (probe >= 7) cols = [...SPECIES_POS_COLUMNS, { name: forcesKey, type: 'R', count: 3, start: 4 }];
    } else {
      const pairs = comment === '' ? {} : parseCommentPairs(comment);
      if (pairs === null) throw new XyzDataError(`${where}: comment line '${comment.slice(0, 60)}' is neither an energy nor extxyz key=value pairs`);
      eUnit = eUser ?? 'eV';
      if (pairs['Properties'] !== undefined) cols = parseProperties(pairs['Properties'], where, XyzDataError);
      if (pairs[energyKey] !== undefined) {
        energyFile = parseNumber(pairs[energyKey]);
        if (!Number.isFinite(energyFile)) throw new XyzDataError(`${where}: ${energyKey}='${pairs[energyKey]}', expected a finite number`);
      }
      info = pairs;
    }
    const speciesCol = findColumn(cols, ['species', 'element']) ?? cols.find((c) => c.type === 'S');
    const posCol = findColumn(cols, ['pos', 'positions']);
    const forceCol = findColumn(cols, [forcesKey]);
    if (!speciesCol) throw new XyzDataError(`${where}: Properties has no species column (species:S:1)`);
    if (!posCol || posCol.count !== 3 || posCol.type !== 'R') throw new XyzDataError(`${where}: Properties has no 'pos:R:3' column`);
    if (forceCol && (forceCol.count !== 3 || forceCol.type !== 'R')) throw new XyzDataError(`${where}: forces column '${forceCol.name}' must be R:3, got ${forceCol.type}:${forceCol.count}`);
    const symbols: string[] = [];
    const positions = new Float64Array(3 * n);
    const forces = forceCol ? new Float64Array(3 * n) : null;
    const fScale = energyFactor(eUnit, 'kJ/mol') / lScale;
    const row = new XyzAtomReader(frame, cols, src, XyzDataError);
    for (let i = 0; i < n; i++) {
      row.fields(i);
      symbols.push(row.symbol(speciesCol));
      for (let d = 0; d < 3; d++) positions[3 * i + d] = row.number(posCol, d) * lScale;
      if (forceCol && forces) for (let d = 0; d < 3; d++) forces[3 * i + d] = row.number(forceCol, d) * fScale;
    }
    const cell = info['Lattice'] === undefined ? null : Float64Array.from(parseLattice(info['Lattice'], where, XyzDataError), (v) => v * lScale);
    const rest: Record<string, string> = {};
    for (const [k, v] of Object.entries(info)) if (k !== 'Properties' && k !== 'Lattice' && k !== energyKey) rest[k] = v;
    return { symbols, positions, energy: energyFile === null ? null : energyFile * energyFactor(eUnit, 'kJ/mol'), forces, cell, info: rest };
  });
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
