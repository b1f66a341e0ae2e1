/**
 * XYZ and extended XYZ (extxyz, as written by ASE/QUIP) reading and writing.
 *
 * Frame layout: line 1 atom count; line 2 comment, in extxyz `key=value` pairs with
 * `Lattice="ax ay az bx by bz cx cy cz"` (cell vectors, rows) and
 * `Properties=species:S:1:pos:R:3[:vel:R:3|velo:R:3][:mass:R:1]...`; then one line per atom.
 * Plain XYZ = `element x y z` per atom. Coordinates in files are Ångström (velocities Å/ps) for
 * molecular units, so `lengthScale` (default 0.1: Å -> nm) converts on read and its inverse on write;
 * pass 1 for reduced units. A general lattice is rotated into the LAMMPS restricted-triclinic frame
 * (a along x, b in the xy plane), positions and velocities rotated with it.
 * The frame syntax (counts, comment pairs, Properties columns, strict numbers) is @mindscience/datasets'
 * xyzFrames.ts, shared with the labelled-data reader there. Errors (`XyzError`) name the source, line,
 * field, the value and what was expected.
 */
import { findColumn, parseCommentPairs, parseLattice, parseProperties, scanXyzFrames, SPECIES_POS_COLUMNS, XyzAtomReader } from '@mindscience/datasets';
import { makeBox, type Box } from '../space.ts';

/** A malformed XYZ/extXYZ frame; the message names the source, line, field, value and what was expected. */
export class XyzError extends Error {
  override name = 'XyzError';
}

export interface XyzFrame {
  /** Element or type name per atom, [n]. */
  readonly names: string[];
  /** [n*3] in internal length units. */
  readonly positions: Float64Array;
  readonly velocities: Float64Array | null;
  readonly masses: Float64Array | null;
  readonly box: Box | null;
  /** Comment-line key/values (extxyz) or `{ comment }` for plain XYZ. */
  readonly info: Record<string, string>;
}

export interface XyzReadOptions {
  /** Multiply file lengths by this (default 0.1, Å -> nm). */
  lengthScale?: number;
  /** Name used in error messages (file path). */
  source?: string;
}

/** Parses the pairs of an extxyz comment line; null unless it is key=value syntax naming Lattice or Properties. */
export function parseExtxyzComment(line: string): Record<string, string> | null {
  const pairs = parseCommentPairs(line.trim());
  return pairs && ('Lattice' in pairs || 'Properties' in pairs) ? pairs : null;
}

/** Reads all frames of an XYZ/extXYZ text. */
export function readXyz(text: string, options: XyzReadOptions = {}): XyzFrame[] {
  const scale = options.lengthScale ?? 0.1;
  const src = options.source ?? 'xyz';
  return scanXyzFrames(text, src, XyzError).map((frame) => {
    const n = frame.natoms;
    const ext = parseExtxyzComment(frame.comment);
    const where = `${src}: line ${frame.line + 1}`;
    const cols = ext?.['Properties'] ? parseProperties(ext['Properties'], where, XyzError) : SPECIES_POS_COLUMNS;
    const speciesCol = findColumn(cols, ['species', 'element', 'type']) ?? cols.find((c) => c.type === 'S');
    const posCol = findColumn(cols, ['pos', 'positions', 'position']);
    const velCol = findColumn(cols, ['vel', 'velo', 'velocities', 'velocity']);
    const massCol = findColumn(cols, ['mass', 'masses']);
    if (!posCol || posCol.count !== 3 || posCol.type !== 'R') throw new XyzError(`${where}: Properties has no 'pos:R:3' column`);
    if (velCol && (velCol.count !== 3 || velCol.type !== 'R')) throw new XyzError(`${where}: velocity column '${velCol.name}' must be R:3`);
    const names: string[] = [];
    const positions = new Float64Array(3 * n);
    const velocities = velCol ? new Float64Array(3 * n) : null;
    const masses = massCol ? new Float64Array(n) : null;
    const row = new XyzAtomReader(frame, cols, src, XyzError);
    for (let i = 0; i < n; i++) {
      row.fields(i);
      names.push(speciesCol ? row.text(speciesCol) : 'X');
      for (let d = 0; d < 3; d++) positions[3 * i + d] = row.number(posCol, d) * scale;
      if (velCol && velocities) for (let d = 0; d < 3; d++) velocities[3 * i + d] = row.number(velCol, d) * scale;
      if (massCol && masses) masses[i] = row.number(massCol, 0);
    }
    const box = ext?.['Lattice'] ? toRestrictedTriclinic(parseLattice(ext['Lattice'], where, XyzError).map((v) => v * scale), positions, velocities, where) : null;
    return { names, positions, velocities, masses, box, info: ext ?? { comment: frame.comment } };
  });
}

/** Converts cell rows a, b, c to a LAMMPS box, rotating positions/velocities into that frame in place. */
function toRestrictedTriclinic(L: number[], positions: Float64Array, velocities: Float64Array | null, where: string): Box {
  const a = L.slice(0, 3), b = L.slice(3, 6), c = L.slice(6, 9);
  const dot = (u: number[], v: number[]): number => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  const lx = Math.sqrt(dot(a, a));
  if (!(lx > 0)) throw new XyzError(`${where}: Lattice vector a has zero length`);
  const ah = a.map((v) => v / lx);
  const xy = dot(b, ah);
  const ly = Math.sqrt(Math.max(dot(b, b) - xy * xy, 0));
  const xz = dot(c, ah);
  const yz = ly > 0 ? (dot(b, c) - xy * xz) / ly : 0;
  const lz2 = dot(c, c) - xz * xz - yz * yz;
  if (!(ly > 0) || !(lz2 > 0)) throw new XyzError(`${where}: Lattice vectors are degenerate (zero volume)`);
  const lz = Math.sqrt(lz2);
  const already = a[1] === 0 && a[2] === 0 && b[2] === 0 && a[0]! > 0 && b[1]! > 0 && c[2]! > 0;
  if (!already) {
    // Orthonormal frame: e1 = â, e2 = (b - (b·â)â)/ly, e3 = e1 x e2; new coordinates are projections.
    const e2 = b.map((v, k) => (v - xy * ah[k]!) / ly);
    const e3 = [ah[1]! * e2[2]! - ah[2]! * e2[1]!, ah[2]! * e2[0]! - ah[0]! * e2[2]!, ah[0]! * e2[1]! - ah[1]! * e2[0]!];
    for (const arr of velocities ? [positions, velocities] : [positions]) {
      for (let k = 0; k < arr.length; k += 3) {
        const r = [arr[k]!, arr[k + 1]!, arr[k + 2]!];
        arr[k] = dot(r, ah); arr[k + 1] = dot(r, e2); arr[k + 2] = dot(r, e3);
      }
    }
  }
  try {
    return makeBox(lx, ly, lz, xy, xz, yz);
  } catch (e) {
    throw new XyzError(`${where}: Lattice gives ${(e as Error).message}; re-reduce the cell so tilts are at most half an edge`);
  }
}

export interface XyzWriteOptions {
  /** Divide internal lengths by this on write (default 0.1: nm -> Å). */
  lengthScale?: number;
  /** Write extxyz (Lattice, Properties, velocities) instead of plain XYZ. Default true. */
  extended?: boolean;
  velocities?: Float64Array | null;
  /** Extra key=value pairs for the comment line (e.g. step, time, energy). */
  info?: Record<string, string | number>;
  /** Significant digits. Default 10. */
  precision?: number;
}

/** One frame as text (ends with a newline). */
export function formatXyzFrame(names: readonly string[], positions: Float64Array, box: Box | null, options: XyzWriteOptions = {}): string {
  const s = 1 / (options.lengthScale ?? 0.1), prec = options.precision ?? 10;
  const n = names.length;
  if (positions.length !== 3 * n) throw new RangeError(`xyz: ${names.length} names but positions has ${positions.length / 3} atoms`);
  const ext = options.extended ?? true;
  const vel = ext ? options.velocities ?? null : null;
  const fmt = (v: number): string => Number(v.toPrecision(prec)).toString();
  const parts: string[] = [];
  if (ext) {
    if (box) parts.push(`Lattice="${[box.lx, 0, 0, box.xy, box.ly, 0, box.xz, box.yz, box.lz].map((v) => fmt(v * s)).join(' ')}"`, 'pbc="T T T"');
    parts.push(`Properties=species:S:1:pos:R:3${vel ? ':vel:R:3' : ''}`);
    for (const [k, v] of Object.entries(options.info ?? {})) parts.push(`${k}=${typeof v === 'number' ? fmt(v) : /\s/.test(v) ? `"${v}"` : v}`);
  } else {
    parts.push(Object.entries(options.info ?? {}).map(([k, v]) => `${k}=${v}`).join(' '));
  }
  const rows: string[] = [String(n), parts.join(' ')];
  for (let i = 0; i < n; i++) {
    let row = `${names[i]} ${fmt(positions[3 * i]! * s)} ${fmt(positions[3 * i + 1]! * s)} ${fmt(positions[3 * i + 2]! * s)}`;
    if (vel) row += ` ${fmt(vel[3 * i]! * s)} ${fmt(vel[3 * i + 1]! * s)} ${fmt(vel[3 * i + 2]! * s)}`;
    rows.push(row);
  }
  return rows.join('\n') + '\n';
}
