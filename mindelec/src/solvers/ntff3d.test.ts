import { describe, expect, it } from 'vitest';
import { fdtd3d } from './fdtd3d.ts';
import { ntff3dMonitor } from './ntff3d.ts';
import { modulatedGaussian } from './waveforms.ts';
import { C0, ETA0 } from './constants.ts';

describe('3-D near-to-far field', () => {
  it('Hertzian dipole: U = eta (k I l)^2 sin^2(theta) / (32 pi^2), P = eta (k I l)^2 / (12 pi), D = 1.5', () => {
    const n = 34, c = 17, f = 1e9, dx = C0 / f / 20;
    const w = modulatedGaussian({ f0: f, halfBandwidth: 0.5 * f });
    const q = (c * n + c) * n + c;
    const sim = fdtd3d({ nx: n, ny: n, nz: n, dx, pml: { cells: 6 }, sources: [{ component: 'ez', indices: Int32Array.of(q), waveform: w }] });
    const origin: [number, number, number] = [c * dx, c * dx, (c + 0.5) * dx];
    const mon = ntff3dMonitor(sim, { ia: c - 6, ib: c + 6, ja: c - 6, jb: c + 6, ka: c - 6, kb: c + 7 }, [f], origin);
    let s = sim.init(), m = mon.init();
    let wr = 0, wi = 0;
    for (let t = 0; t < 600; t++) {
      const th = (s.step + 0.5) * sim.dt;
      wr += w(th) * Math.cos(2 * Math.PI * f * th) * sim.dt;
      wi -= w(th) * Math.sin(2 * Math.PI * f * th) * sim.dt;
      s = sim.step(s);
      m = mon.update(m, s);
    }
    const k = (2 * Math.PI * f) / C0;
    const Il2 = (wr * wr + wi * wi) * (dx * dx * dx) ** 2; // |J(f)|^2 (dx dy dz)^2
    const uPeak = (ETA0 * k * k * Il2) / (32 * Math.PI * Math.PI);
    for (const theta of [Math.PI / 2, Math.PI / 3, Math.PI / 6]) {
      for (const phi of [0, 1.1, 2.5]) {
        const u = mon.intensity(m, 0, theta, phi);
        expect(Math.abs(u - uPeak * Math.sin(theta) ** 2) / uPeak).toBeLessThan(0.03);
      }
    }
    const pat = mon.pattern(m, 0, 24, 24);
    expect(Math.abs(pat.power - (ETA0 * k * k * Il2) / (12 * Math.PI)) / pat.power).toBeLessThan(0.03);
    expect(pat.directivityMax).toBeGreaterThan(1.45);
    expect(pat.directivityMax).toBeLessThan(1.55);
  });
});
