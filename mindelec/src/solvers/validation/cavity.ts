/**
 * Validation case `cavity`: resonances of a rectangular PEC cavity Lx x Ly x Lz (m) by 3-D FDTD.
 *   continuous: f_mnp = (c/2) sqrt((m/Lx)^2 + (n/Ly)^2 + (p/Lz)^2)
 *   Yee-discrete (exact for the scheme): sin^2(pi f dt) / (c dt)^2 = sum_i sin^2(m_i pi d_i / (2 L_i)) / d_i^2
 * A broadband current pulse at an off-symmetry point rings the cavity; E at a few points is recorded
 * and every spectral peak located blind by a windowed DFT (spectrum.ts), then matched to the nearest mode. Only modes with >= 2 nonzero indices exist.
 * Optionally filled with a Drude plasma (f -> sqrt(f^2 + fp^2)), which checks the 3-D dispersive ADE.
 */
import { C0 } from '../constants.ts';
import { fdtd3d } from '../fdtd3d.ts';
import { findPeaks } from '../spectrum.ts';
import { gaussianPulse, gaussianForBand } from '../waveforms.ts';

export interface CavityOptions {
  /** Cavity size (m). */
  size: [number, number, number];
  /** Cell size (m); default min(size)/12. */
  dx?: number;
  /** How many of the lowest modes to check (default 4). */
  modes?: number;
  steps?: number;
  /**
   * Fill the cavity with a lossless Drude plasma of plasma frequency fp = omega_p / 2 pi (Hz): every mode
   * moves to sqrt(f^2 + fp^2); Yee-discrete with the ADE: Omega^2 = Omega_c^2 + omega_p^2,
   * Omega = (2/dt) sin(omega dt / 2).
   */
  plasmaFrequency?: number;
}

export interface CavityMode {
  mnp: [number, number, number];
  analytic: number;
  discrete: number;
  ours: number;
  relErrorAnalytic: number;
  relErrorDiscrete: number;
}

/**
 * The lowest `count` continuous-theory resonances of a rectangular PEC cavity,
 * f_mnp = (c0/2) sqrt((m/Lx)^2 + (n/Ly)^2 + (p/Lz)^2) (Hz), over indices 0..4 with at least two nonzero,
 * sorted by frequency (degenerate modes listed separately).
 * @param size [Lx, Ly, Lz] (m).
 * @param count How many modes. Throws nothing.
 */
export function cavityModes(size: [number, number, number], count: number): { mnp: [number, number, number]; f: number }[] {
  const out: { mnp: [number, number, number]; f: number }[] = [];
  for (let a = 0; a <= 4; a++) for (let b = 0; b <= 4; b++) for (let c = 0; c <= 4; c++) {
    if ((a > 0 ? 1 : 0) + (b > 0 ? 1 : 0) + (c > 0 ? 1 : 0) < 2) continue;
    out.push({ mnp: [a, b, c], f: (C0 / 2) * Math.hypot(a / size[0], b / size[1], c / size[2]) });
  }
  out.sort((p, q) => p.f - q.f);
  return out.slice(0, count);
}

/**
 * Runs the `cavity` validation case (file header): rings a PEC box (no PML) with a broadband current pulse
 * on Ex, Ey, Ez at one off-symmetry node, sums E at three probes and matches blind spectral peaks to modes.
 * @param o Options ({@link CavityOptions}):
 *   - `size`: Cavity [Lx, Ly, Lz] (m); each axis gets round(L / dx) + 1 nodes (>= 3), spacing L / (n - 1).
 *   - `dx`: Target cell size (m), default min(size) / 12.
 *   - `modes`: Lowest modes checked (default 4).
 *   - `steps`: Time steps (default: about 400 periods of 1.3x the top mode frequency).
 *   - `plasmaFrequency`: Optional lossless Drude filling, fp (Hz).
 * @returns One {@link CavityMode} per mode: mnp, `analytic` f (Hz, with sqrt(f^2 + fp^2) for plasma), the
 *   Yee-discrete `discrete` f (Hz), `ours` (the nearest FDTD peak, Hz; Infinity if none) and both relative errors.
 * @throws Error when a size is not > 0 m; FdtdConfigError from fdtd3d (e.g. a plasma too fast for dt).
 */
export function cavityFdtd(o: CavityOptions): CavityMode[] {
  const [Lx, Ly, Lz] = o.size;
  for (const [q, L] of o.size.entries()) if (!(L > 0)) throw new Error(`cavity: size[${q}] must be > 0 m, got ${L}`);
  const dTarget = o.dx ?? Math.min(Lx, Ly, Lz) / 12;
  const n = o.size.map((L) => Math.max(3, Math.round(L / dTarget) + 1)) as [number, number, number];
  const d = o.size.map((L, q) => L / (n[q]! - 1)) as [number, number, number];
  const fp = o.plasmaFrequency ?? 0;
  const modes = cavityModes(o.size, o.modes ?? 4).map(({ mnp, f }) => ({ mnp, f: Math.hypot(f, fp) }));
  // Well-separated peaks need the two neighbours of each mode; ask for a pulse covering 1.3x the top mode.
  const fTop = modes[modes.length - 1]!.f * 1.3;
  const at = (fx: number, fy: number, fz: number) => (Math.round(fx * (n[0] - 1)) * n[1] + Math.round(fy * (n[1] - 1))) * n[2] + Math.round(fz * (n[2] - 1));
  const g = gaussianForBand(fTop);
  const probes = [at(0.31, 0.27, 0.23), at(0.62, 0.71, 0.45), at(0.2, 0.55, 0.66)];
  const src = fdtd3d({
    nx: n[0], ny: n[1], nz: n[2], dx: d[0], dy: d[1], dz: d[2], pml: { cells: 0 },
    medium: fp > 0 ? { drudeOmegaP: new Float64Array(n[0] * n[1] * n[2]).fill(2 * Math.PI * fp) } : undefined,
    sources: (['ex', 'ey', 'ez'] as const).map((component) => ({ component, indices: Int32Array.of(at(0.23, 0.36, 0.29)), waveform: gaussianPulse(g) })),
  });
  const steps = o.steps ?? Math.ceil(400 / (fTop * src.dt) / 1.3);
  const signal = new Float64Array(steps);
  let s = src.init();
  for (let t = 0; t < steps; t++) {
    s = src.step(s);
    let v = 0;
    for (const p of probes) v += s.ex[p]! + s.ey[p]! + s.ez[p]!;
    signal[t] = v;
  }
  // Peaks are found blind over the whole band, then matched to the nearest predicted mode.
  const peaks = findPeaks(signal, src.dt, modes[0]!.f * 0.8, modes[modes.length - 1]!.f * 1.05, 3000);
  return modes.map(({ mnp, f }) => {
    let sum = 0;
    for (let q = 0; q < 3; q++) sum += Math.sin((mnp[q]! * Math.PI * d[q]!) / (2 * o.size[q]!)) ** 2 / d[q]! ** 2;
    // sin(pi f dt) = (dt / 2) sqrt(Omega_c^2 + omega_p^2), Omega_c = 2 c sqrt(sum)
    const discrete = Math.asin((src.dt / 2) * Math.sqrt(4 * C0 * C0 * sum + (2 * Math.PI * fp) ** 2)) / (Math.PI * src.dt);
    const ours = peaks.reduce((best, p) => (Math.abs(p - discrete) < Math.abs(best - discrete) ? p : best), Number.POSITIVE_INFINITY);
    return { mnp, analytic: f, discrete, ours, relErrorAnalytic: Math.abs(ours - f) / f, relErrorDiscrete: Math.abs(ours - discrete) / discrete };
  });
}
