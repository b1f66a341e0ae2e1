/**
 * Block averaging of a correlated time series (Flyvbjerg & Petersen 1989): the series is cut into
 * `blocks` equal consecutive blocks (a remainder at the start is dropped, as equilibration), and the
 * standard error of the mean is the standard deviation of the block means / sqrt(blocks). Valid when a
 * block is longer than the correlation time; the units are those of the samples.
 */
export interface BlockStatistics {
  readonly mean: number;
  /** Standard error of the mean from the scatter of the block means. */
  readonly stderr: number;
  readonly blocks: number;
  /** Samples used (blocks × block length). */
  readonly samples: number;
}

/**
 * Mean and block-average standard error of `values` (any unit) in `blocks` equal blocks (>= 2).
 * @throws RangeError with fewer samples than blocks or a non-finite sample.
 */
export function blockStatistics(values: ArrayLike<number>, blocks = 5): BlockStatistics {
  if (!Number.isInteger(blocks) || blocks < 2) throw new RangeError(`blockStatistics: blocks = ${blocks}, expected an integer >= 2`);
  const m = Math.floor(values.length / blocks);
  if (m < 1) throw new RangeError(`blockStatistics: ${values.length} samples, need at least blocks = ${blocks}`);
  const skip = values.length - m * blocks;
  const means = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let s = 0;
    for (let k = skip + b * m; k < skip + (b + 1) * m; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) throw new RangeError(`blockStatistics: sample ${k} is ${v}, expected a finite number`);
      s += v;
    }
    means[b] = s / m;
  }
  let mean = 0;
  for (const v of means) mean += v / blocks;
  let ss = 0;
  for (const v of means) ss += (v - mean) ** 2;
  return { mean, stderr: Math.sqrt(ss / (blocks - 1) / blocks), blocks, samples: m * blocks };
}
