/**
 * Source time functions f(t), t in seconds. Called once per time step (never per cell).
 * gaussian: exp(-((t-t0)/tau)^2); modulated: sin(2 pi f0 (t-t0)) exp(-((t-t0)/tau)^2);
 * cw: sin(2 pi f0 t) with a smooth (raised-cosine) turn-on over `ramp` seconds.
 */
export type WaveformFn = (t: number) => number;

export interface GaussianSpec {
  /** Pulse width (s). */
  tau: number;
  /** Delay of the peak (s); default 4 tau so the pulse starts from ~1e-7. */
  t0?: number;
}

/**
 * Baseband Gaussian pulse f(t) = exp(-((t - t0) / tau)^2), peak 1 at t = t0; t in s.
 * @param spec Pulse parameters:
 * @param spec.tau 1/e half-width (s).
 * @param spec.t0 Time of the peak (s); default 4 tau (f(0) ~ 1e-7, so the pulse starts smoothly).
 * @returns A {@link WaveformFn} of t (s), dimensionless amplitude, evaluated once per time step.
 */
export function gaussianPulse({ tau, t0 = 4 * tau }: GaussianSpec): WaveformFn {
  return (t) => Math.exp(-(((t - t0) / tau) ** 2));
}

/** Baseband Gaussian whose spectrum is 1% of its DC value at fMax (Hz). */
export function gaussianForBand(fMax: number): GaussianSpec {
  const tau = Math.sqrt(Math.log(100)) / (Math.PI * fMax);
  return { tau, t0: 4.5 * tau };
}

export interface ModulatedGaussianSpec {
  /** Carrier (Hz). */
  f0: number;
  /** Half-width of the band (Hz) where the spectrum falls to 1% (-40 dB) of its peak. */
  halfBandwidth: number;
  t0?: number;
}

/**
 * Gaussian-modulated sine f(t) = sin(2 pi f0 (t - t0)) exp(-((t - t0) / tau)^2), t in s, with
 * tau = sqrt(ln 100) / (pi halfBandwidth) so its spectrum falls to 1% (-40 dB) of the peak at
 * f0 +- halfBandwidth (the usual band-pass excitation for S-parameter runs).
 * @param spec Pulse parameters:
 * @param spec.f0 Carrier frequency (Hz).
 * @param spec.halfBandwidth Half-width of the -40 dB band (Hz).
 * @param spec.t0 Delay of the envelope peak (s); default 4.5 tau.
 * @returns A {@link WaveformFn} of t (s), dimensionless amplitude (|f| <= 1).
 */
export function modulatedGaussian({ f0, halfBandwidth, t0 }: ModulatedGaussianSpec): WaveformFn {
  const tau = Math.sqrt(Math.log(100)) / (Math.PI * halfBandwidth);
  const delay = t0 ?? 4.5 * tau;
  return (t) => Math.sin(2 * Math.PI * f0 * (t - delay)) * Math.exp(-(((t - delay) / tau) ** 2));
}

/**
 * openEMS's Gaussian excitation (`SetGaussExcite(f0, fc)`): f(t) = exp(-((t - t0) / tau)^2) cos(2 pi f0 (t - t0)),
 * t in s, tau = sqrt(ln 10) / (pi fc), so the spectrum is 20 dB below its peak at f0 +- fc; t0 = 3 tau.
 * @param f0 Centre frequency (Hz).
 * @param fc 20 dB corner offset (Hz).
 * @returns A {@link WaveformFn} of t (s), dimensionless amplitude (|f| <= 1).
 */
export function openEmsGaussian(f0: number, fc: number): WaveformFn {
  const tau = Math.sqrt(Math.log(10)) / (Math.PI * fc);
  const t0 = 3 * tau;
  return (t) => Math.exp(-(((t - t0) / tau) ** 2)) * Math.cos(2 * Math.PI * f0 * (t - t0));
}

/**
 * Continuous-wave source f(t) = s(t) sin(2 pi f0 t), t in s, switched on by the raised cosine
 * s(t) = (1 - cos(pi t / ramp)) / 2 for 0 < t < ramp (0 before, 1 after), which keeps the turn-on
 * transient out of band.
 * @param o Wave parameters:
 * @param o.f0 Frequency (Hz).
 * @param o.ramp Turn-on time (s); default 5 / f0 (five periods).
 * @returns A {@link WaveformFn} of t (s), dimensionless amplitude (|f| <= 1).
 */
export function continuousWave({ f0, ramp = 5 / f0 }: { f0: number; ramp?: number }): WaveformFn {
  return (t) => {
    const s = t >= ramp ? 1 : t <= 0 ? 0 : 0.5 * (1 - Math.cos((Math.PI * t) / ramp));
    return s * Math.sin(2 * Math.PI * f0 * t);
  };
}
