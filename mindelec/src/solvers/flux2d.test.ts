import { describe, expect, it } from 'vitest';
import { fdtd2d } from './fdtd2d.ts';
import { flux2dMonitor } from './flux2d.ts';
import { modulatedGaussian } from './waveforms.ts';
import { C0, ETA0 } from './constants.ts';

describe('2-D flux monitor', () => {
  it.each(['TM', 'TE'] as const)('%s line source: radiated power k eta |I|^2 / 8 (TE: k |M|^2 / (8 eta)) within 2%%, same through two boxes', (pol) => {
    const n = 81, f = 1e9, dx = C0 / f / 30, c = 40;
    const w = modulatedGaussian({ f0: f, halfBandwidth: 0.5 * f });
    const sim = fdtd2d({ nx: n, ny: n, dx, pol, pml: { cells: 12 }, sources: [{ i: c, j: c, waveform: w }] });
    const inner = flux2dMonitor(sim, { ia: c - 6, ib: c + 6, ja: c - 6, jb: c + 6 }, [f]);
    const outer = flux2dMonitor(sim, { ia: c - 20, ib: c + 20, ja: c - 18, jb: c + 22 }, [f]);
    let s = sim.init(), a = inner.init(), b = outer.init();
    let wr = 0, wi = 0;
    for (let t = 0; t < 2500; t++) {
      const th = (s.step + 0.5) * sim.dt;
      wr += w(th) * Math.cos(2 * Math.PI * f * th) * sim.dt;
      wi -= w(th) * Math.sin(2 * Math.PI * f * th) * sim.dt;
      s = sim.step(s);
      a = inner.update(a, s);
      b = outer.update(b, s);
    }
    const k = (2 * Math.PI * f) / C0;
    const I2 = (wr * wr + wi * wi) * dx ** 4; // |J(f)|^2 (dx dy)^2
    const expected = pol === 'TM' ? (k * ETA0 * I2) / 8 : (k * I2) / (8 * ETA0);
    const pIn = inner.flux(a)[0]!, pOut = outer.flux(b)[0]!;
    expect(Math.abs(pIn - expected) / expected).toBeLessThan(0.02);
    // lossless vacuum: the same power crosses both boxes
    expect(Math.abs(pOut - pIn) / pIn).toBeLessThan(0.01);
  });
});
