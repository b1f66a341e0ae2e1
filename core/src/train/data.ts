/**
 * In-memory datasets: a plain record of tensors sharing the leading (sample) axis, e.g.
 * { x: [N, 3], y: [N, 1001] }. Minibatches gather rows by a seeded permutation (core random), so a
 * run is reproducible from its key. Batches are records of the same keys with leading axis <= batchSize.
 */
import { gather, permutation, ShapeError, type RandomKey, type Tensor } from '../nn/deps.ts';

export type Dataset = { readonly [field: string]: Tensor };

/** Number of samples; throws if the fields disagree or a field is a scalar. */
export function datasetSize(data: Dataset): number {
  const keys = Object.keys(data);
  if (keys.length === 0) throw new TypeError('dataset: expected at least one field (a record of tensors)');
  let n = -1;
  for (const k of keys) {
    const t = data[k]!;
    if (!t || typeof t !== 'object' || !('shape' in t)) throw new TypeError(`dataset: field '${k}' is not a Tensor`);
    if (t.ndim === 0) throw new ShapeError(`dataset: field '${k}' is a scalar; expected a leading sample axis`);
    if (n < 0) n = t.shape[0]!;
    else if (t.shape[0] !== n) throw new ShapeError(`dataset: field '${k}' has ${t.shape[0]} samples, field '${keys[0]}' has ${n}`);
  }
  return n;
}

/** Rows `idx` of every field. */
export function takeRows<D extends Dataset>(data: D, idx: Int32Array): D {
  const out: Record<string, Tensor> = {};
  for (const k of Object.keys(data)) out[k] = gather(data[k]!, idx, 0);
  return out as D;
}

export interface BatchOptions {
  /** Shuffle with this key (omit for the natural order). */
  key?: RandomKey;
  /** Drop a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
}

/** Index lists of the minibatches of one epoch. */
export function batchIndices(n: number, batchSize: number, options: BatchOptions = {}): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batches: batchSize ${batchSize}; expected a positive integer`);
  const order = options.key ? permutation(options.key, n) : Int32Array.from({ length: n }, (_, i) => i);
  const out: Int32Array[] = [];
  for (let s = 0; s < n; s += batchSize) {
    if (options.dropLast && s + batchSize > n) break;
    out.push(order.subarray(s, Math.min(n, s + batchSize)));
  }
  return out;
}

/** The minibatches of one epoch (each a record like `data`). */
export function batches<D extends Dataset>(data: D, batchSize: number, options: BatchOptions = {}): D[] {
  return batchIndices(datasetSize(data), batchSize, options).map((idx) => takeRows(data, idx));
}

/** Seeded split into (train, validation) with round(n * validationFraction) validation samples. */
export function trainValidationSplit<D extends Dataset>(data: D, validationFraction: number, key: RandomKey): { train: D; validation: D } {
  if (!(validationFraction > 0 && validationFraction < 1)) throw new RangeError(`trainValidationSplit: validationFraction ${validationFraction}; expected 0 < f < 1`);
  const n = datasetSize(data);
  const p = permutation(key, n);
  const nv = Math.round(n * validationFraction);
  if (nv === 0 || nv === n) throw new RangeError(`trainValidationSplit: ${n} samples with fraction ${validationFraction} leaves an empty split`);
  return { validation: takeRows(data, p.slice(0, nv)), train: takeRows(data, p.slice(nv)) };
}
