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

/**
 * Running DFT of nPoints field samples at the given frequencies, as an `{init, update}` pair.
 * Call `update(state, field, t)` once per time step with the time t (s) at which `field` is valid
 * (after k FDTD steps: E at k dt, H at (k - 1/2) dt); each call adds x(t) exp(-j 2 pi f t) dt.
 * @param freqs Frequencies (Hz), nFreq of them.
 * @param nPoints Number of samples per frequency.
 * @param dt Time step (s), the quadrature weight; the result has the field's unit times s.
 * @param indices Optional Int32Array [nPoints] of flat indices into the field array passed to
 *   `update` (e.g. i * ny + j on a row-major 2-D grid); without it the first nPoints entries are used.
 * @returns `{init, update}`; the state's `re`, `im` are Float64Array [nFreq * nPoints], laid out
 *   [frequency][point] (entry q * nPoints + p). `update` writes them in place and returns the same record.
 * @throws Error when `indices` is given and its length is not nPoints.
 */
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
