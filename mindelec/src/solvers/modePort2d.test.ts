import { describe, expect, it } from 'vitest';
import { fdtd2d } from './fdtd2d.ts';
import { fdfd2d } from './fdfd2d.ts';
import { dftMonitor } from './dft.ts';
import { modulatedGaussian } from './waveforms.ts';
import { C0 } from './constants.ts';
import { slabModesTM, modeSourceTM, modeAmplitudes, modeSParameters } from './modePort2d.ts';

describe('slab mode solver (TM, Ez parallel to the interfaces)', () => {
  it('converges to the continuous symmetric-slab dispersion k_y tan(k_y w/2) = gamma', () => {
    // eps 4 core 6 mm wide in air at 10 GHz, dy = 0.05 mm (nodes on the interfaces get the mean eps),
    // walls at +-40 mm, dt = 0 (frequency domain), dx -> small
    const w = 6e-3, dy = 0.05e-3, ny = 1601, f = 10e9, k0 = (2 * Math.PI * f) / C0;
    const eps = Float64Array.from({ length: ny }, (_, j) => {
      const y = Math.abs(j - 800) * dy;
      return Math.abs(y - w / 2) < 1e-9 ? 2.5 : y < w / 2 ? 4 : 1;
    });
    const [m] = slabModesTM(eps, { dy, dx: 1e-7, omega: 2 * Math.PI * f });
    // analytic: bisection on beta in (k0, 2 k0)
    const F = (b: number) => { const ky = Math.sqrt(4 * k0 * k0 - b * b), g = Math.sqrt(b * b - k0 * k0); return ky * Math.tan((ky * w) / 2) - g; };
    let lo = k0 * 1.0001, hi = 2 * k0 * 0.9999;
    for (let it = 0; it < 100; it++) { const mid = 0.5 * (lo + hi); if (F(mid) > 0) lo = mid; else hi = mid; }
    expect(Math.abs(m!.beta - lo) / lo).toBeLessThan(1e-5);
    // normalised, even, positive peak
    let s = 0;
    for (const v of m!.profile) s += v * v * dy;
    expect(s).toBeCloseTo(1, 10);
    expect(m!.profile[800]!).toBeGreaterThan(0);
    expect(m!.profile[700]!).toBeCloseTo(m!.profile[900]!, 10);
  });
  it('counts guided modes: one below the TM1 cutoff, two above', () => {
    const dy = 1e-3, omega = 2 * Math.PI * 10e9;
    const slab = (w: number) => Float64Array.from({ length: 81 }, (_, j) => (Math.abs(j - 40) <= (w - 1) / 2 ? 4 : 1));
    expect(slabModesTM(slab(6), { dy, dx: dy, omega, count: 3 }).length).toBe(1);
    expect(slabModesTM(slab(12), { dy, dx: dy, omega, count: 3 }).length).toBe(2);
  });
});

/**
 * Eps-4 slab guide in air along x (1 mm cells, 10 GHz: 15 cells per wavelength in the core), mode
 * source at column 20, ports at columns 35 and 95, optional width step at column 65; 12-cell CPML.
 */
function guide(w1: number, w2: number) {
  const dx = 1e-3, nx = 130, ny = 80, jc = 40, is = 20, i1 = 35, iStep = 65, i2 = 95, f0 = 10e9;
  const eps = new Float64Array(nx * ny).fill(1);
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) if (Math.abs(j - jc) <= ((i < iStep ? w1 : w2) - 1) / 2) eps[i * ny + j] = 4;
  const col = (i: number) => eps.slice(i * ny, (i + 1) * ny);
  const dt = fdtd2d({ nx, ny, dx, pol: 'TM', pml: { cells: 12 } }).dt;
  const launch = slabModesTM(col(i1), { dy: dx, dx, omega: 2 * Math.PI * f0, dt })[0]!;
  const sim = fdtd2d({ nx, ny, dx, pol: 'TM', medium: { epsR: eps }, pml: { cells: 12 }, sources: modeSourceTM(launch, is, modulatedGaussian({ f0, halfBandwidth: 4e9 })) });
  const freqs = [9e9, 11e9];
  const cols = (i: number) => Int32Array.from({ length: 2 * ny }, (_, q) => (i + (q >= ny ? 1 : 0)) * ny + (q % ny));
  const mon1 = dftMonitor(freqs, 2 * ny, dt, cols(i1)), mon2 = dftMonitor(freqs, 2 * ny, dt, cols(i2));
  let s = sim.init(), a = mon1.init(), b = mon2.init();
  for (let t = 0; t < 1600; t++) {
    s = sim.step(s);
    a = mon1.update(a, s.u, s.time);
    b = mon2.update(b, s.u, s.time);
  }
  const at = (st: { re: Float64Array; im: Float64Array }, q: number, c: 0 | 1, base: number) => ({ re: st.re.subarray(base + c * ny, base + (c + 1) * ny), im: st.im.subarray(base + c * ny, base + (c + 1) * ny) });
  return freqs.map((f, q) => {
    const omega = 2 * Math.PI * f;
    const mA = slabModesTM(col(i1), { dy: dx, dx, omega, dt })[0]!, mB = slabModesTM(col(i2), { dy: dx, dx, omega, dt })[0]!;
    const base = q * 2 * ny;
    const fdtdS = modeSParameters({ mode: mA, ...modeAmplitudes(mA, dx, dx, at(a, q, 0, base), at(a, q, 1, base)) }, { mode: mB, ...modeAmplitudes(mB, dx, dx, at(b, q, 0, base), at(b, q, 1, base)) }, dx);
    // FDFD at the frequency that reproduces the FDTD time discretisation, same source and ports
    const fd = fdfd2d({ nx, ny, dx, pol: 'TM', omega: (2 / dt) * Math.sin((omega * dt) / 2), epsR: eps, pmlCells: 12 });
    const src = new Float64Array(nx * ny);
    for (const p of modeSourceTM(launch, is, () => 1)) src[p.i * ny + p.j] = p.amplitude!;
    const u = fd.solve(src, new Float64Array(nx * ny));
    const c = (i: number) => ({ re: u.re.subarray(i * ny, (i + 1) * ny), im: u.im.subarray(i * ny, (i + 1) * ny) });
    const fdfdS = modeSParameters({ mode: mA, ...modeAmplitudes(mA, dx, dx, c(i1), c(i1 + 1)) }, { mode: mB, ...modeAmplitudes(mB, dx, dx, c(i2), c(i2 + 1)) }, dx);
    const phase = -mA.beta * (iStep - i1) * dx - mB.beta * (i2 - iStep) * dx;
    return { fdtdS, fdfdS, phase };
  });
}

const abs = (c: { re: number; im: number }) => Math.hypot(c.re, c.im);

describe('waveguide mode ports (2-D TM FDTD)', () => {
  it('straight guide at 9 and 11 GHz: |S11| < 1e-3, |S21| = 1 within 1e-3, S21 phase = -beta L within 1e-3 rad', () => {
    for (const { fdtdS, phase } of guide(6, 6)) {
      expect(abs(fdtdS.S11)).toBeLessThan(1e-3);
      expect(Math.abs(abs(fdtdS.S21) - 1)).toBeLessThan(1e-3);
      const d = Math.atan2(fdtdS.S21.im, fdtdS.S21.re) - phase;
      expect(Math.abs(Math.atan2(Math.sin(d), Math.cos(d)))).toBeLessThan(1e-3);
    }
  });
  it('width step 6 -> 12 mm at 9 and 11 GHz: S11, S21 agree with FDFD to 1e-3 and conserve power (radiation loss < 1.5%)', () => {
    for (const { fdtdS, fdfdS } of guide(6, 12)) {
      expect(abs({ re: fdtdS.S11.re - fdfdS.S11.re, im: fdtdS.S11.im - fdfdS.S11.im })).toBeLessThan(1e-3);
      expect(abs({ re: fdtdS.S21.re - fdfdS.S21.re, im: fdtdS.S21.im - fdfdS.S21.im })).toBeLessThan(1e-3);
      expect(abs(fdtdS.S11)).toBeGreaterThan(0.05); // a real discontinuity
      const p = abs(fdtdS.S11) ** 2 + abs(fdtdS.S21) ** 2;
      expect(p).toBeLessThan(1.001);
      expect(p).toBeGreaterThan(0.985);
    }
  });
});
