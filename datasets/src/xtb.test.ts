import { describe, expect, it } from 'vitest';
import { labelWithXtb, md17EthanolSnippet, parseXtbGradient, xtbAvailable, XtbError } from './index.ts';

const GRADIENT = `$grad
  cycle =      1    SCF energy =   -11.39075213814   |dE/dxyz| =  0.019593
    0.01360602809727     -1.07468724707164      0.00000000000000      C
   -2.42905396058711      0.47224255854265      0.00000000000000      C
  -7.4288007235391E-03  -8.8340459044302E-03  -5.4699529086314E-17
  -5.3032218573598E-03   7.5511006086091E-04  -3.7892686439350E-17
$end
`;

describe('xtb gradient file', () => {
  it('parses energy, coordinates and gradient (E exponents)', () => {
    const g = parseXtbGradient(GRADIENT, 2);
    expect(g.energy).toBe(-11.39075213814);
    expect(g.coords[3]).toBeCloseTo(-2.42905396058711, 14);
    expect(g.gradient[0]).toBeCloseTo(-7.4288007235391e-3, 16);
  });
  it('errors on truncated or garbled files with the line', () => {
    expect(() => parseXtbGradient(GRADIENT, 3)).toThrow(XtbError);
    expect(() => parseXtbGradient(GRADIENT.replace('-11.39075213814', 'nan'), 2)).toThrow(/line 2: SCF energy 'nan'/);
    expect(() => parseXtbGradient(GRADIENT.replace('-5.3032218573598E-03', '***'), 2)).toThrow(/line 6: field 1 '\*\*\*'/);
    expect(() => parseXtbGradient('nothing', 2)).toThrow(/no 'cycle =' line/);
  });
  // Needs the peer (sh scripts/peers/xtb.sh); skipped where it is not installed.
  it.skipIf(!xtbAvailable())('labels MD17 ethanol: forces are -dE/dR (central differences)', () => {
    const f = md17EthanolSnippet()[0]!;
    const lab = labelWithXtb(f.symbols, f.positions);
    expect(lab.energy).toBeCloseTo(-11.39075213814 * 2625.4996394798254, 4);
    const h = 1e-5; // nm
    for (const k of [0, 7, 20]) {
      const xp = f.positions.slice(), xm = f.positions.slice();
      xp[k]! += h; xm[k]! -= h;
      const fd = -(labelWithXtb(f.symbols, xp).energy - labelWithXtb(f.symbols, xm).energy) / (2 * h);
      expect(Math.abs(fd - lab.forces[k]!)).toBeLessThan(0.5 + 1e-3 * Math.abs(fd));
    }
  });
});
