import { describe, expect, it } from 'vitest';
import { cavityFdtd } from './cavity.ts';
import { waveguideFdtd } from './waveguide.ts';

describe('cavity (3-D FDTD vs rectangular PEC cavity resonances)', () => {
  it('1.0 x 0.8 x 0.6 m at 5 cm cells: lowest 5 modes within 0.2% of (c/2)|m/L| and 1e-4 of the Yee-discrete value', () => {
    const modes = cavityFdtd({ size: [1.0, 0.8, 0.6], dx: 0.05, modes: 5 });
    expect(modes.map((m) => m.mnp.join(''))).toEqual(['110', '101', '011', '111', '210']);
    for (const m of modes) {
      expect(m.relErrorAnalytic).toBeLessThan(2e-3);
      expect(m.relErrorDiscrete).toBeLessThan(1e-4);
    }
  });
  it('filled with a lossless Drude plasma (fp 300 MHz): modes move to sqrt(f^2 + fp^2), within 0.3% and 2e-4 of the discrete ADE value', () => {
    const modes = cavityFdtd({ size: [1.0, 0.8, 0.6], dx: 0.05, modes: 5, plasmaFrequency: 300e6 });
    for (const m of modes) {
      expect(m.relErrorAnalytic).toBeLessThan(3e-3); // measured 1.2e-3 .. 2.0e-3
      expect(m.relErrorDiscrete).toBeLessThan(2e-4); // measured 8e-7 .. 9.9e-5
    }
    // the lowest mode moved from 240 MHz to 384 MHz
    expect(modes[0]!.ours).toBeGreaterThan(380e6);
  });
});

describe('waveguide (3-D FDTD vs TE10 theory), WR-90 at 20 cells across a', () => {
  it('cutoff, propagation constant and wave impedance within 0.5%, 0.5%, 1%', () => {
    const r = waveguideFdtd({ a: 0.02286, b: 0.01016 });
    expect(r.relErrorCutoff).toBeLessThan(5e-3);
    expect(r.maxRelErrorBeta).toBeLessThan(5e-3);
    expect(r.maxRelErrorImpedance).toBeLessThan(1e-2);
    // dispersion: beta grows with frequency, impedance falls towards eta0
    expect(r.rows[2]!.beta).toBeGreaterThan(r.rows[0]!.beta);
    expect(r.rows[2]!.impedance).toBeLessThan(r.rows[0]!.impedance);
  });
  it('rejects a frequency below cutoff', () => {
    expect(() => waveguideFdtd({ a: 0.02286, b: 0.01016, freqs: [5e9] })).toThrow(/below the TE10 cutoff/);
  });
});
