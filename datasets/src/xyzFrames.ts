/**
 * The (ext)XYZ frame scanner shared by the suite's XYZ readers: `readLabelledXyz` (this package:
 * energies/forces for training) and mindsponge's `readXyz` (trajectories: velocities, masses, boxes).
 * Each reader decides what the columns mean; this module owns the syntax they have in common:
 *
 *   <atom count>                      one non-negative integer (at most 9 digits)
 *   <comment>                         free text, an energy alone (MD17), or extxyz `key=value` pairs
 *   <species> <x> <y> <z> [more]      one line per atom; columns given by `Properties=name:T:count:...`
 *
 * Frames follow one another; trailing blank lines are allowed. Numbers are parsed strictly (`1.5`,
 * `-2e-3`, Fortran `1.0D+02`; not `0x10`, `Infinity` or an empty field). No units here: the readers
 * scale. Every error is an instance of the caller's error class and names the source, the line (1-based),
 * the field, the value and what was expected.
 */

/** An error class of the caller's (`XyzDataError`, mindsponge's `XyzError`). */
export type XyzErrorClass = new (message: string) => Error;

/** One `Properties` column: name, type (S string, R real, I integer, L logical), width, first field. */
export interface XyzColumn {
  readonly name: string;
  readonly type: string;
  readonly count: number;
  /** Index of the column's first field on an atom line. */
  readonly start: number;
}

/** The columns of a frame without `Properties`: `species x y z`. */
export const SPECIES_POS_COLUMNS: readonly XyzColumn[] = Object.freeze([
  { name: 'species', type: 'S', count: 1, start: 0 },
  { name: 'pos', type: 'R', count: 3, start: 1 },
]);

/** The raw text of one frame. */
export interface XyzFrameText {
  /** Frame number, 1-based. */
  readonly index: number;
  /** Line number (1-based) of the atom-count line; the comment is `line + 1`, atom i is `line + 2 + i`. */
  readonly line: number;
  readonly natoms: number;
  /** Line 2 of the frame, trimmed. */
  readonly comment: string;
  /** The natoms atom lines, untrimmed. */
  readonly atomLines: readonly string[];
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/;

/** Parses a Fortran/C float token strictly (accepts D exponents); NaN when it is not a number. */
export function parseNumber(token: string): number {
  if (!NUMBER_RE.test(token)) return NaN;
  return Number(token.replace(/[dD]/, 'e'));
}

/** Splits an extxyz comment line into key/value pairs (`key=value key="quoted" flag`); null when it is not that syntax. */
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

/** Parses `Properties=species:S:1:pos:R:3:...` into columns; `where` prefixes errors ("file: line 2"). */
export function parseProperties(spec: string, where: string, Err: XyzErrorClass): XyzColumn[] {
  const parts = spec.split(':');
  if (parts.length % 3 !== 0) throw new Err(`${where}: Properties="${spec.slice(0, 80)}" must be name:type:count triples`);
  const cols: XyzColumn[] = [];
  let start = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const name = parts[k]!, type = parts[k + 1]!, count = Number(parts[k + 2]);
    if (!/^[SRIL]$/.test(type)) throw new Err(`${where}: Properties column '${name.slice(0, 30)}' has type '${type.slice(0, 10)}', expected S, R, I or L`);
    if (!Number.isInteger(count) || count < 1 || count > 64) throw new Err(`${where}: Properties column '${name.slice(0, 30)}' has count '${parts[k + 2]!.slice(0, 10)}', expected an integer 1..64`);
    cols.push({ name, type, count, start });
    start += count;
  }
  return cols;
}

/** The first column whose name is one of `names`. */
export function findColumn(cols: readonly XyzColumn[], names: readonly string[]): XyzColumn | undefined {
  return cols.find((c) => names.includes(c.name));
}

/** Cuts a text into frames (count line, comment line, atom lines), checking counts and truncation. */
export function scanXyzFrames(text: string, source: string, Err: XyzErrorClass): XyzFrameText[] {
  const lines = text.split(/\r?\n/);
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  const frames: XyzFrameText[] = [];
  let li = 0;
  while (li < end) {
    const index = frames.length + 1;
    const countLine = lines[li]!.trim();
    if (!/^\d{1,9}$/.test(countLine)) throw new Err(`${source}: line ${li + 1}: atom count '${countLine.slice(0, 40)}' is not a non-negative integer (frame ${index})`);
    const natoms = Number(countLine);
    if (li + 1 >= end) throw new Err(`${source}: frame ${index} (line ${li + 1}) has no comment line; the file ends`);
    if (li + 2 + natoms > end) throw new Err(`${source}: frame ${index} (line ${li + 1}) declares ${natoms} atoms but the file ends after ${end - li - 2} atom lines`);
    frames.push({ index, line: li + 1, natoms, comment: lines[li + 1]!.trim(), atomLines: lines.slice(li + 2, li + 2 + natoms) });
    li += 2 + natoms;
  }
  return frames;
}

/**
 * Reads the atom lines of a frame column by column. `fields(i)` splits atom line i and checks its width;
 * `number(col, k)`, `text(col)` and `symbol(col)` then read from the last split line.
 */
export class XyzAtomReader {
  private f: string[] = [];
  private lineNo = 0;
  private readonly width: number;

  constructor(
    private readonly frame: XyzFrameText,
    private readonly cols: readonly XyzColumn[],
    private readonly source: string,
    private readonly Err: XyzErrorClass,
  ) {
    this.width = cols.reduce((s, c) => s + c.count, 0);
  }

  /** Splits atom line i (0-based) into fields; throws when it has fewer than the columns need. */
  fields(i: number): readonly string[] {
    const raw = this.frame.atomLines[i]!;
    this.lineNo = this.frame.line + 2 + i;
    this.f = raw.trim().split(/\s+/);
    if (this.f.length < this.width || this.f[0] === '') {
      throw new this.Err(`${this.source}: line ${this.lineNo}: expected ${this.width} columns (${this.cols.map((c) => c.name).join(', ')}), got ${this.f[0] === '' ? 0 : this.f.length}: '${raw.slice(0, 60)}'`);
    }
    return this.f;
  }

  /** Component k of column `col` on the current line, as a finite number. */
  number(col: XyzColumn, k: number): number {
    const s = this.f[col.start + k]!;
    const v = parseNumber(s);
    if (!Number.isFinite(v)) throw new this.Err(`${this.source}: line ${this.lineNo}: ${col.name}[${k}] = '${s.slice(0, 30)}', expected a finite number`);
    return v;
  }

  /** Column `col` on the current line, as written. */
  text(col: XyzColumn): string {
    return this.f[col.start]!;
  }

  /** Column `col` on the current line as an element/type symbol (letter, then letters, digits or _). */
  symbol(col: XyzColumn): string {
    const s = this.f[col.start]!;
    if (!/^[A-Za-z][A-Za-z0-9_]{0,15}$/.test(s)) throw new this.Err(`${this.source}: line ${this.lineNo}: species '${s.slice(0, 30)}' is not an element symbol`);
    return s;
  }
}

/** Parses an extxyz `Lattice="ax ay az bx by bz cx cy cz"` value into 9 finite numbers (file units). */
export function parseLattice(value: string, where: string, Err: XyzErrorClass): number[] {
  const L = value.trim().split(/\s+/).map(parseNumber);
  if (L.length !== 9 || L.some((v) => !Number.isFinite(v))) throw new Err(`${where}: Lattice="${value.slice(0, 80)}", expected 9 finite numbers`);
  return L;
}
