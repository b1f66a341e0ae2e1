/**
 * Amber ASCII coordinate files: inpcrd / rst7 (read and write).
 *
 * Layout: title line; `NATOM [TIME]`; 3*NATOM coordinates in Angstrom, 6 fields of 12 chars per line;
 * optionally 3*NATOM velocities (Amber units: A per 1/20.455 ps); optionally one box line
 * (a b c in A, alpha beta gamma in degrees).
 * Returned in MD units: positions [3N] nm, velocities [3N] nm/ps, box lengths nm, angles degrees.
 */

import { renameSync, writeFileSync } from 'node:fs';

/** A malformed Amber inpcrd/rst7 file; the message names the file, line and field. */
export class Rst7Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Rst7Error';
  }
}

/** Amber's velocity unit is A per (1/20.455) ps; multiply by this to get A/ps. */
export const AMBER_VELOCITY_TO_A_PER_PS = 20.455;

export interface Rst7 {
  title: string;
  nAtoms: number;
  /** ps, or null when the file has no time. */
  time: number | null;
  /** [3N] nm. */
  positions: Float64Array;
  /** [3N] nm/ps, or null. */
  velocities: Float64Array | null;
  /** Box lengths [a, b, c] nm and angles [alpha, beta, gamma] degrees, or null. */
  box: { lengths: [number, number, number]; angles: [number, number, number] } | null;
}

const FIELD = 12;

/**
 * Parse an Amber ASCII inpcrd/rst7 (title, NATOM [TIME], 6F12.7 coordinates, optional velocities and box line).
 * @returns positions [3N] nm, velocities [3N] nm/ps or null (converted from Amber's Å/(1/20.455 ps)), time ps or null,
 *   box lengths nm and angles degrees or null.
 * @throws Rst7Error naming `file` and the line for a bad count, a non-numeric field, a number count that fits none of
 *   the layouts, or non-positive box lengths.
 */
export function parseRst7(text: string, file = '<rst7>'): Rst7 {
  const lines = text.split(/\r?\n/);
  while (lines.length > 2 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length < 2) throw new Rst7Error(`${file}: expected a title line and an atom-count line, got ${lines.length} line(s)`);
  const title = lines[0]!.trim();
  const head = lines[1]!.trim().split(/\s+/);
  const nAtoms = Number(head[0]);
  if (!Number.isInteger(nAtoms) || nAtoms <= 0) throw new Rst7Error(`${file}:2: atom count '${head[0] ?? ''}' is not a positive integer`);
  let time: number | null = null;
  if (head.length > 1) {
    time = Number(head[1]);
    if (!Number.isFinite(time)) throw new Rst7Error(`${file}:2: time '${head[1]}' is not a number`);
  }
  const values: number[] = [];
  const lineOf: number[] = [];
  for (let n = 2; n < lines.length; n++) {
    const raw = lines[n]!.trimEnd();
    const count = Math.ceil(raw.length / FIELD);
    if (count > 6) throw new Rst7Error(`${file}:${n + 1}: line has ${raw.length} characters, expected at most 6 fields of ${FIELD}`);
    for (let c = 0; c < count; c++) {
      const field = raw.slice(c * FIELD, (c + 1) * FIELD).trim();
      const v = Number(field);
      if (field === '' || !Number.isFinite(v)) throw new Rst7Error(`${file}:${n + 1}: field ${c + 1} '${field}' is not a number (format 6F12.7)`);
      values.push(v);
      lineOf.push(n + 1);
    }
  }
  const n3 = 3 * nAtoms;
  const layouts: Record<number, [boolean, boolean]> = { [n3]: [false, false], [n3 + 6]: [false, true], [2 * n3]: [true, false], [2 * n3 + 6]: [true, true] };
  const layout = layouts[values.length];
  if (!layout) {
    throw new Rst7Error(`${file}: found ${values.length} numbers after the header, expected ${n3} coordinates for ${nAtoms} atoms (+${n3} velocities, +6 box)`);
  }
  const [hasVel, hasBox] = layout;
  const positions = new Float64Array(n3);
  for (let q = 0; q < n3; q++) positions[q] = values[q]! * 0.1;
  let velocities: Float64Array | null = null;
  if (hasVel) {
    velocities = new Float64Array(n3);
    const s = 0.1 * AMBER_VELOCITY_TO_A_PER_PS;
    for (let q = 0; q < n3; q++) velocities[q] = values[n3 + q]! * s;
  }
  let box: Rst7['box'] = null;
  if (hasBox) {
    const o = values.length - 6;
    const b = values.slice(o);
    if (!(b[0]! > 0 && b[1]! > 0 && b[2]! > 0)) throw new Rst7Error(`${file}:${lineOf[o]}: box lengths ${b.slice(0, 3).join(' ')} must be positive Angstrom`);
    if (!b.slice(3).every((x) => x > 0 && x < 180)) throw new Rst7Error(`${file}:${lineOf[o]}: box angles ${b.slice(3).join(' ')} must be in (0, 180) degrees`);
    box = { lengths: [b[0]! * 0.1, b[1]! * 0.1, b[2]! * 0.1], angles: [b[3]!, b[4]!, b[5]!] };
  }
  return { title, nAtoms, time, positions, velocities, box };
}

function fmt12(x: number): string {
  const s = x.toFixed(7);
  if (s.length > FIELD) throw new Rst7Error(`rst7: value ${x} does not fit the F12.7 field`);
  return s.padStart(FIELD);
}

/** Write rst7 text; inputs in nm, nm/ps, degrees (inverse of parseRst7). */
export function formatRst7(data: Omit<Rst7, 'nAtoms'> & { nAtoms?: number }): string {
  const n3 = data.positions.length;
  const nAtoms = n3 / 3;
  const out: string[] = [data.title.slice(0, 80), `${String(nAtoms).padStart(6)}${data.time !== null ? data.time.toExponential(7).padStart(15) : ''}`];
  const emit = (arr: ArrayLike<number>, scale: number): void => {
    for (let q = 0; q < arr.length; q += 6) {
      let line = '';
      for (let c = q; c < Math.min(q + 6, arr.length); c++) line += fmt12(arr[c]! * scale);
      out.push(line);
    }
  };
  emit(data.positions, 10);
  if (data.velocities) emit(data.velocities, 10 / AMBER_VELOCITY_TO_A_PER_PS);
  if (data.box) emit([...data.box.lengths, ...data.box.angles].map((x, i) => (i < 3 ? x * 10 : x)), 1);
  return out.join('\n') + '\n';
}

/** Write an rst7 file atomically (tmp file + rename). */
export function writeRst7(path: string, data: Parameters<typeof formatRst7>[0]): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, formatRst7(data));
  renameSync(tmp, path);
}
