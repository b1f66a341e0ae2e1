/**
 * The S11 dataset format (`mindscience-s11/1`, JSON, written atomically):
 *   { format, family, parameters: [{name, unit, min, max}], designs: [n][p] (parameter values, their units),
 *     freqs: [f] (Hz), s11: { re: [n][f], im: [n][f] } (complex S11, 1), provenance: {...} }
 * `parseS11Dataset` checks every field and names the file, field and index of the first bad value.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../io/index.ts';

export const S11_FORMAT = 'mindscience-s11/1';

export interface ParameterInfo {
  name: string;
  unit: string;
  min: number;
  max: number;
}

export interface S11Dataset {
  format: typeof S11_FORMAT;
  family: string;
  parameters: ParameterInfo[];
  designs: number[][];
  freqs: number[];
  s11: { re: number[][]; im: number[][] };
  provenance: Record<string, unknown>;
}

/** A malformed S11 dataset file; the message names the file, field (and index) and what was expected. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function numberMatrix(file: string, field: string, v: unknown, rows: number, cols: number): number[][] {
  if (!Array.isArray(v) || v.length !== rows) throw new DatasetError(`${file}: ${field} must be an array of ${rows} rows, got ${Array.isArray(v) ? v.length : typeof v}`);
  v.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== cols) throw new DatasetError(`${file}: ${field}[${i}] must have ${cols} numbers, got ${Array.isArray(row) ? row.length : JSON.stringify(row)}`);
    row.forEach((x, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new DatasetError(`${file}: ${field}[${i}][${j}] = ${JSON.stringify(x)}; expected a finite number`);
    });
  });
  return v as number[][];
}

/**
 * Parses and validates a `mindscience-s11/1` dataset (see this file's header).
 * @param file the name used in error messages.
 * @param text the JSON text.
 * @returns the dataset: `designs` [n][p] (parameter values in each `parameters[i].unit`), `freqs` [f]
 *   strictly increasing Hz, `s11.re` / `s11.im` [n][f] (dimensionless complex S11); a missing or
 *   non-object `provenance` becomes {}.
 * @throws DatasetError naming the file, field and first bad index: invalid JSON, wrong format, empty
 *   parameters or one without max > min, fewer than 2 freqs or non-increasing/non-positive freqs, ragged
 *   or non-finite designs/s11 rows.
 */
export function parseS11Dataset(file: string, text: string): S11Dataset {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DatasetError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!isObj(v)) throw new DatasetError(`${file}: expected a JSON object`);
  if (v.format !== S11_FORMAT) throw new DatasetError(`${file}: format = ${JSON.stringify(v.format)}; expected "${S11_FORMAT}"`);
  if (typeof v.family !== 'string') throw new DatasetError(`${file}: family = ${JSON.stringify(v.family)}; expected a string`);
  if (!Array.isArray(v.parameters) || v.parameters.length === 0) throw new DatasetError(`${file}: parameters must be a non-empty array`);
  const parameters = v.parameters.map((p, i) => {
    if (!isObj(p) || typeof p.name !== 'string' || typeof p.unit !== 'string' || typeof p.min !== 'number' || typeof p.max !== 'number' || !(p.max > p.min)) {
      throw new DatasetError(`${file}: parameters[${i}] = ${JSON.stringify(p)}; expected {name, unit, min, max} with max > min`);
    }
    return { name: p.name, unit: p.unit, min: p.min, max: p.max };
  });
  if (!Array.isArray(v.freqs) || v.freqs.length < 2) throw new DatasetError(`${file}: freqs must be an array of at least 2 frequencies (Hz)`);
  const fs = v.freqs as unknown[];
  fs.forEach((f, i) => {
    if (typeof f !== 'number' || !(f > 0) || (i > 0 && !(f > (fs[i - 1] as number)))) throw new DatasetError(`${file}: freqs[${i}] = ${JSON.stringify(f)}; expected increasing positive Hz`);
  });
  if (!Array.isArray(v.designs)) throw new DatasetError(`${file}: designs must be an array`);
  const n = v.designs.length, p = parameters.length, f = v.freqs.length;
  const designs = numberMatrix(file, 'designs', v.designs, n, p);
  if (!isObj(v.s11)) throw new DatasetError(`${file}: s11 must be {re, im}`);
  const re = numberMatrix(file, 's11.re', v.s11.re, n, f), im = numberMatrix(file, 's11.im', v.s11.im, n, f);
  return { format: S11_FORMAT, family: v.family, parameters, designs, freqs: v.freqs as number[], s11: { re, im }, provenance: isObj(v.provenance) ? v.provenance : {} };
}

/**
 * Reads and validates a `mindscience-s11/1` dataset file ({@link parseS11Dataset}).
 * @throws DatasetError on invalid content; the fs error (ENOENT, ...) if the file cannot be read.
 */
export function readS11Dataset(file: string): S11Dataset {
  return parseS11Dataset(file, readFileSync(file, 'utf8'));
}

/** Compact JSON: 6 significant digits for S11, full precision for parameters and frequencies. */
export function writeS11Dataset(file: string, ds: S11Dataset): void {
  const r6 = (x: number) => Number(x.toPrecision(6));
  const body = { ...ds, s11: { re: ds.s11.re.map((r) => r.map(r6)), im: ds.s11.im.map((r) => r.map(r6)) } };
  writeFileAtomic(file, JSON.stringify(body) + '\n');
}
