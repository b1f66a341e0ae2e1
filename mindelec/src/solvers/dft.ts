/**
 * Running discrete Fourier transform at chosen frequencies over a set of field samples:
 * X(f) = sum_n x(t_n) exp(-j 2 pi f t_n) dt  (approximates the continuous transform; e^{+jwt} phasors).
 * `{init, update}` over a plain record; `update` writes into the record's preallocated arrays
 * (re/im laid out [frequency][point]) and returns it. Cost per step: nFreq * nPoints multiply-adds.
 */
export interface DftState {
  readonly freqs: Float64Array;
  /** Number of samples per frequency. */
  readonly nPoints: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

export interface DftFns {
  init(): DftState;
  /** Accumulate field[indices[p]] (or field[p] without indices) sampled at time t (s). */
  update(s: DftState, field: Float64Array, t: number): DftState;
}

export function dftMonitor(freqs: readonly number[], nPoints: number, dt: number, indices?: Int32Array): DftFns {
  if (indices && indices.length !== nPoints) throw new Error(`dftMonitor: indices has ${indices.length} entries, expected nPoints=${nPoints}`);
  const f = Float64Array.from(freqs);
  const nf = f.length;
  return {
    init: () => ({ freqs: f, nPoints, re: new Float64Array(nf * nPoints), im: new Float64Array(nf * nPoints) }),
    update(s, field, t) {
      const re = s.re;
      const im = s.im;
      for (let q = 0; q < nf; q++) {
        const w = 2 * Math.PI * f[q]! * t;
        const c = Math.cos(w) * dt;
        const sn = -Math.sin(w) * dt;
        const base = q * nPoints;
        if (indices) {
          for (let p = 0; p < nPoints; p++) {
            const v = field[indices[p]!]!;
            re[base + p]! += v * c;
            im[base + p]! += v * sn;
          }
        } else {
          for (let p = 0; p < nPoints; p++) {
            const v = field[p]!;
            re[base + p]! += v * c;
            im[base + p]! += v * sn;
          }
        }
      }
      return s;
    },
  };
}
