import { describe, expect, it } from 'vitest';
import { rasterizeMedium } from './medium3d.ts';

describe('rasterizeMedium PEC edges', () => {
  const n = 8, d = 1e-3;
  const idx = (i: number, j: number, k: number) => (i * n + j) * n + k;
  it('two sheets one cell apart: in-plane edges PEC, the vertical edges between them free; a solid block is PEC inside', () => {
    const m = rasterizeMedium({ nx: n, ny: n, nz: n, dx: d, dy: d, dz: d }, [
      { shape: { kind: 'box', min: [1 * d, 1 * d, 2 * d], max: [6 * d, 6 * d, 2 * d] }, material: { pec: true } },
      { shape: { kind: 'box', min: [2 * d, 2 * d, 3 * d], max: [4 * d, 4 * d, 3 * d] }, material: { pec: true } },
      { shape: { kind: 'box', min: [1 * d, 1 * d, 5 * d], max: [3 * d, 3 * d, 6 * d] }, material: { pec: true } },
    ]);
    // both end nodes PEC (the old node rule would short this edge), but no conductor holds the edge
    expect(m.pec![idx(3, 3, 2)]).toBe(1);
    expect(m.pec![idx(3, 3, 3)]).toBe(1);
    expect(m.pecZ![idx(3, 3, 2)]).toBe(0);
    // in-plane edges of each sheet, and the edge leaving a sheet's rim is free
    expect(m.pecX![idx(3, 3, 2)]).toBe(1);
    expect(m.pecY![idx(2, 3, 3)]).toBe(1);
    expect(m.pecX![idx(4, 3, 3)]).toBe(0);
    expect(m.pecX![idx(6, 3, 2)]).toBe(0);
    // the solid block: vertical and in-plane edges inside are PEC
    expect(m.pecZ![idx(2, 2, 5)]).toBe(1);
    expect(m.pecX![idx(1, 2, 6)]).toBe(1);
    expect(m.pecZ![idx(2, 2, 6)]).toBe(0);
  });
  it('dispersive materials set their pole on the nodes inside, like epsR', () => {
    const m = rasterizeMedium({ nx: n, ny: n, nz: n, dx: d, dy: d, dz: d }, [
      { shape: { kind: 'box', min: [2 * d, 2 * d, 2 * d], max: [4 * d, 4 * d, 4 * d] }, material: { epsR: 2, drude: { omegaP: 1e10, gamma: 1e8 } } },
    ]);
    expect(m.drudeOmegaP![idx(3, 3, 3)]).toBe(1e10);
    expect(m.drudeGamma![idx(3, 3, 3)]).toBe(1e8);
    expect(m.drudeOmegaP![idx(5, 3, 3)]).toBe(0);
    expect(m.epsR![idx(3, 3, 3)]).toBe(2);
    expect(rasterizeMedium({ nx: n, ny: n, nz: n, dx: d, dy: d, dz: d }, []).drudeOmegaP).toBeUndefined();
  });
});
