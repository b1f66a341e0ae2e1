/**
 * The C=C twist measure shared by the Claisen MD scripts (claisen-md.ts, claisen-stability.ts).
 * For each terminal =CH2 carbon c in the start structure x0 (two H within 0.115 nm and a C partner p within
 * 0.138 nm) it takes the dihedral H-c-p-Y (Y another neighbour of p within 0.16 nm); `doubleBondTwist`
 * returns a function of positions x (nm, [3N]) giving the largest change of those dihedrals from x0,
 * folded to [0, 90] degrees.
 */
import { dihedralAngle } from '@mindscience/mindsponge';

export function doubleBondTwist(symbols: readonly string[], x0: Float64Array): (x: Float64Array) => number {
  const n = symbols.length;
  const dist = (a: number, b: number): number => Math.hypot(x0[3 * a]! - x0[3 * b]!, x0[3 * a + 1]! - x0[3 * b + 1]!, x0[3 * a + 2]! - x0[3 * b + 2]!);
  const atoms = [...Array(n).keys()];
  const quads: [number, number, number, number][] = [];
  for (let c = 0; c < n; c++) {
    const hs = atoms.filter((i) => symbols[i] === 'H' && dist(c, i) < 0.115);
    const p = atoms.find((i) => i !== c && symbols[i] === 'C' && dist(c, i) < 0.138);
    if (symbols[c] !== 'C' || hs.length !== 2 || p === undefined) continue;
    const y = atoms.find((i) => i !== c && i !== p && dist(p, i) < 0.16);
    if (y !== undefined) quads.push([hs[0]!, c, p, y]);
  }
  const deg = (x: Float64Array, q: [number, number, number, number]): number => (dihedralAngle(x, ...q) * 180) / Math.PI;
  const ref = quads.map((q) => deg(x0, q));
  return (x) => Math.max(0, ...quads.map((q, k) => { let d = Math.abs(deg(x, q) - ref[k]!) % 180; if (d > 90) d = 180 - d; return d; }));
}
