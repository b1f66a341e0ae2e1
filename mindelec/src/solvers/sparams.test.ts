import { describe, expect, it } from 'vitest';
import { fdtd3d } from './fdtd3d.ts';
import { portMonitor, sParameters } from './sparams.ts';
import { formatTouchstone } from './touchstone.ts';
import { gaussianPulse, gaussianForBand } from './waveforms.ts';
import { lumpedLineFdtd } from './validation/lumpedLine.ts';

/**
 * Two lumped ports joined by small PEC plates (a lumped shunt connection, << wavelength): at low
 * frequency port 1 sees port 2's resistor R2, so Z_in -> R2, S11 -> (R2 - Z0)/(R2 + Z0), S21 -> 1 + S11.
 */
function shuntPair(r2: number) {
  const n = 22, dx = 1e-3;
  const c = 10;
  const pec = new Uint8Array(n * n * n);
  const idx = (i: number, j: number, k: number) => (i * n + j) * n + k;
  for (let i = c - 1; i <= c + 3; i++) for (let j = c - 1; j <= c + 1; j++) {
    pec[idx(i, j, c - 1)] = 1;
    pec[idx(i, j, c + 1)] = 1;
  }
  const g = gaussianForBand(20e9);
  const sim = fdtd3d({
    nx: n, ny: n, nz: n, dx, medium: { pec }, pml: { cells: 6 },
    ports: [
      { i: c, j: c, k0: c - 1, k1: c + 1, resistance: 50, waveform: gaussianPulse(g) },
      { i: c + 2, j: c, k0: c - 1, k1: c + 1, resistance: r2 },
    ],
  });
  const freqs = [0.5e9, 1e9, 1.5e9];
  const mon = portMonitor(sim, 2, freqs);
  let s = sim.init(), m = mon.init();
  for (let t = 0; t < 1500; t++) {
    s = sim.step(s);
    m = mon.update(m, s);
  }
  return sParameters(m, 2, 0, 50);
}

describe('lumped ports and S-parameters', () => {
  it('matched shunt pair: Z_in = 50 ohm + j omega L (the plate loop), S21 ~ 1, passive', () => {
    const r = shuntPair(50);
    for (let q = 0; q < r.freqs.length; q++) {
      expect(Math.abs(r.zin[q]!.re - 50)).toBeLessThan(1.5); // 3%
      const [s11, s21] = r.S[q]!;
      expect(Math.hypot(s21!.re, s21!.im)).toBeGreaterThan(0.97);
      expect(s11!.re ** 2 + s11!.im ** 2 + s21!.re ** 2 + s21!.im ** 2).toBeLessThan(1.005);
    }
    // series inductance: X = omega L, so X(1 GHz) / X(0.5 GHz) = 2 and L is of order nH for a 2 mm loop
    const ratio = r.zin[1]!.im / r.zin[0]!.im;
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
    const L = r.zin[0]!.im / (2 * Math.PI * r.freqs[0]!);
    expect(L).toBeGreaterThan(0.3e-9);
    expect(L).toBeLessThan(5e-9);
  });
  it('150 ohm load: Re Z_in -> 150 ohm, Re S11 -> 0.5 (within 3%); S21 = 1 (V1 = V2, I1 = -I2)', () => {
    const r = shuntPair(150);
    const q = 0;
    expect(Math.abs(r.zin[q]!.re - 150)).toBeLessThan(4.5);
    expect(Math.abs(r.S[q]![0]!.re - 0.5)).toBeLessThan(0.015);
    expect(Math.abs(r.S[q]![1]!.re - 1)).toBeLessThan(0.03);
  });
  it('a port bridging two conductors one cell apart is not shorted by them', () => {
    const n = 12, c = 6;
    const pec = new Uint8Array(n * n * n);
    for (let i = c - 1; i <= c + 1; i++) for (let j = c - 1; j <= c + 1; j++) {
      pec[(i * n + j) * n + c] = 1;
      pec[(i * n + j) * n + c + 1] = 1;
    }
    const sim = fdtd3d({ nx: n, ny: n, nz: n, dx: 1e-3, medium: { pec }, pml: { cells: 0 }, ports: [{ i: c, j: c, k0: c, k1: c + 1, resistance: 50, waveform: () => 1 }] });
    let s = sim.init();
    for (let t = 0; t < 5; t++) s = sim.step(s);
    expect(Math.abs(sim.portVoltage(s, 0))).toBeGreaterThan(0);
  });
  it('Touchstone 2-port rows are S11 S21 S12 S22', () => {
    const s = [[{ re: 1, im: 0 }, { re: 2, im: 0 }, { re: 3, im: 0 }, { re: 4, im: 0 }]];
    const text = formatTouchstone([1e9], s, 2, 50, 'test');
    expect(text.split('\n')[1]).toBe('# HZ S RI R 50');
    const nums = text.split('\n')[2]!.trim().split(/\s+/).map(Number);
    expect(nums).toEqual([1e9, 1, 0, 3, 0, 2, 0, 4, 0]);
  });
});

describe('lumped ports on a one-cell-thick line (TEM, discrete-Laplace Z0)', () => {
  it('matched wire over a ground sheet one cell below: Z_in = Z0 over 0.5-6 GHz, |S21| = 1', () => {
    const r = lumpedLineFdtd({ epsR: 1, loadFactor: 1 }), z0 = r.z0;
    expect(z0).toBeGreaterThan(50);
    expect(z0).toBeLessThan(150);
    for (let q = 0; q < r.freqs.length; q++) {
      const s11 = r.s11[q]!, s21 = r.s21[q]!;
      expect(Math.hypot(r.zin[q]!.re - z0, r.zin[q]!.im) / z0).toBeLessThan(0.06);
      expect(Math.hypot(s11!.re, s11!.im)).toBeLessThan(0.03);
      expect(Math.hypot(s21!.re, s21!.im)).toBeGreaterThan(0.99);
    }
  });
  it('load 2 Z0 in eps 3.38: |S11| = |Gamma_L| = 1/3 at every frequency (so the line is Z0), |Z_in| swings between Z0/2 and 2 Z0', () => {
    const r = lumpedLineFdtd({ epsR: 3.38, loadFactor: 2 }), z0 = r.z0;
    let lo = Infinity, hi = 0;
    for (let q = 0; q < r.freqs.length; q++) {
      if (r.freqs[q]! > 4.5e9) continue; // the open-end fringe field adds reflection above that
      const s11 = r.s11[q]!, s21 = r.s21[q]!;
      expect(Math.abs(Math.hypot(s11!.re, s11!.im) - 1 / 3)).toBeLessThan(0.012);
      // b2 = V2 (1 + z0 / 2z0) / (2 sqrt z0) with |V2| = (1 + 1/3) |V_inc|: |S21| = 1
      expect(Math.hypot(s21!.re, s21!.im)).toBeGreaterThan(0.98);
      lo = Math.min(lo, r.zin[q]!.re);
      hi = Math.max(hi, r.zin[q]!.re);
    }
    expect(lo / z0).toBeGreaterThan(0.45);
    expect(lo / z0).toBeLessThan(0.52);
    expect(hi / z0).toBeGreaterThan(1.9);
    expect(hi / z0).toBeLessThan(2.1);
  });
  it('3-node strip fed by 3-column ports: matched |S11| < 0.04, 2 Z0 load in eps 3.38 gives |S11| = 1/3 +- 0.012', () => {
    const m = lumpedLineFdtd({ stripNodes: 3 });
    expect(m.z0).toBeGreaterThan(60);
    expect(m.z0).toBeLessThan(80); // 70.8 ohm, vs 134.8 for the 1-node wire
    m.freqs.forEach((f, q) => {
      if (f <= 4.5e9) expect(Math.hypot(m.s11[q]!.re, m.s11[q]!.im)).toBeLessThan(0.04); // measured 0.027
    });
    const l = lumpedLineFdtd({ stripNodes: 3, epsR: 3.38, loadFactor: 2 });
    l.freqs.forEach((f, q) => {
      if (f <= 4.5e9) expect(Math.abs(Math.hypot(l.s11[q]!.re, l.s11[q]!.im) - 1 / 3)).toBeLessThan(0.012); // measured 0.0097
    });
  });
});
