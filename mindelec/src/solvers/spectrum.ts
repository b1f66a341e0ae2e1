/**
 * Spectral peak location for ring-down signals (cavity resonances): Hann-windowed DFT evaluated on a fine
 * frequency grid, then each maximum refined by golden-section search on |X|^2. Signal sampled every dt seconds.
 */

/**
 * Power |X(f)|^2 of the (by default Hann-windowed) DFT X(f) = sum_t w_t x_t exp(-j 2 pi f t dt) of a
 * uniformly sampled signal, at one frequency.
 * @param signal Samples x_t, Float64Array [nSamples], sample t at time t dt.
 * @param dt Sampling interval (s).
 * @param f Frequency (Hz).
 * @param window Hann window over the whole record (default true); false = rectangular.
 * @returns |X(f)|^2 in the signal's unit squared (no dt factor). Throws nothing.
 */
export function dftPower(signal: Float64Array, dt: number, f: number, window = true): number {
  const n = signal.length;
  let re = 0, im = 0;
  const w0 = 2 * Math.PI * f * dt;
  for (let t = 0; t < n; t++) {
    const w = window ? 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / (n - 1)) : 1;
    re += w * signal[t]! * Math.cos(w0 * t);
    im -= w * signal[t]! * Math.sin(w0 * t);
  }
  return re * re + im * im;
}

/**
 * Frequency (Hz) of the strongest peak of the Hann-windowed |X(f)|^2 (see {@link dftPower}) in [fLo, fHi]:
 * the best of nGrid + 1 equally spaced frequencies (default nGrid 200), refined by 40 golden-section steps
 * within one grid step either side. `signal` is Float64Array [nSamples] sampled every dt (s). Throws nothing.
 */
export function findPeak(signal: Float64Array, dt: number, fLo: number, fHi: number, nGrid = 200): number {
  let best = -1, bestF = fLo;
  const h = (fHi - fLo) / nGrid;
  for (let q = 0; q <= nGrid; q++) {
    const f = fLo + q * h;
    const p = dftPower(signal, dt, f);
    if (p > best) {
      best = p;
      bestF = f;
    }
  }
  // golden-section refinement on [bestF - h, bestF + h]
  let a = bestF - h, b = bestF + h;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const c = b - g * (b - a), d = a + g * (b - a);
    if (dftPower(signal, dt, c) > dftPower(signal, dt, d)) b = d;
    else a = c;
  }
  return 0.5 * (a + b);
}

/**
 * All local maxima of the Hann-windowed |X(f)|^2 among nGrid + 1 equally spaced frequencies on [fLo, fHi]
 * (Hz, default nGrid 2000) that exceed `rel` (default 1e-4) times the largest, each refined with
 * {@link findPeak}; returned in ascending order (Hz). `signal` sampled every dt (s). Throws nothing.
 */
export function findPeaks(signal: Float64Array, dt: number, fLo: number, fHi: number, nGrid = 2000, rel = 1e-4): number[] {
  const h = (fHi - fLo) / nGrid;
  const p = new Float64Array(nGrid + 1);
  for (let q = 0; q <= nGrid; q++) p[q] = dftPower(signal, dt, fLo + q * h);
  let max = 0;
  for (const v of p) max = Math.max(max, v);
  const peaks: number[] = [];
  for (let q = 1; q < nGrid; q++) {
    if (p[q]! > p[q - 1]! && p[q]! >= p[q + 1]! && p[q]! > rel * max) {
      peaks.push(findPeak(signal, dt, fLo + (q - 1) * h, fLo + (q + 1) * h, 4));
    }
  }
  return peaks;
}
