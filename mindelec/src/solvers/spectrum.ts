/**
 * Spectral peak location for ring-down signals (cavity resonances): Hann-windowed DFT on a fine grid
 * around a guess, then parabolic interpolation of |X|^2 in log scale. Signal sampled every dt seconds.
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

/** Frequency (Hz) of the strongest peak of |X(f)|^2 in [fLo, fHi], refined to sub-bin accuracy. */
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

/** All local maxima of |X(f)|^2 on [fLo, fHi] above `rel` times the largest, each refined. */
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
