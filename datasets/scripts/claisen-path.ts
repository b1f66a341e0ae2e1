/**
 * Claisen rearrangement of allyl vinyl ether -> 4-pentenal with GFN2-xTB: structures, a relaxed 2-D scan
 * of the forming (C1-C6) and breaking (O3-C4) bonds, the minimum-energy path across it, the chair
 * transition state, barrier and reaction energy.
 *
 *   npx tsx datasets/scripts/claisen-path.ts [--work /tmp/claisen-work]
 *
 * 1. Reactant and product: from the hand-built chair (claisen-xtb.ts), constrained optimisation towards
 *    each side (d(C1-C6) = 3.3 / d(O3-C4) = 3.3 Angstrom), then free `xtb --opt tight` (extended minima).
 * 2. Relaxed scan: every (d16, d34) on a 0.1 Angstrom grid, 1.5-3.4 x 1.4-3.3 Angstrom, is a
 *    constrained optimisation (harmonic, 1 Hartree/bohr^2) started from an already optimised neighbour,
 *    spreading outward from the chair.
 * 3. Minimum-energy path: the grid path from the reactant corner to the product corner that minimises the
 *    highest energy met (bottleneck Dijkstra, ties broken by the summed energy), 8-connected.
 * 4. Transition state: a quadratic fitted to the 5x5 grid points around the path's highest point, its
 *    stationary point (checked to be a saddle), refined twice on 5x5 patches of 0.03 Angstrom, a
 *    constrained optimisation there, and `xtb --hess` on it
 *    (one imaginary frequency expected).
 * Writes datasets/data/claisen_structures.extxyz (reactant, TS, product labelled with GFN2 energy+forces,
 * eV/Angstrom), datasets/data/claisen_path.extxyz (the path points, labelled), datasets/data/claisen_scan.json
 * (grid energies, path, barrier, reaction energy, frequencies) and the grid geometries to --work for
 * claisen-label.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelWithXtb, writeFileAtomic, writeLabelledXyz, type LabelledFrame } from '../src/index.ts';
import { BREAKING, chairGuess, distance, FORMING, HARTREE_KCAL, reactionCoordinate, SYMBOLS, xtbFrequencies, xtbOptimise, xyzText } from './claisen-xtb.ts';

const k = process.argv.indexOf('--work');
const work = k >= 0 ? process.argv[k + 1]! : '/tmp/claisen-work';
mkdirSync(work, { recursive: true });
const t0 = performance.now();
const log = (s: string): void => console.log(`claisen-path [${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}`);
const cons = (d16: number, d34: number) => [{ i: FORMING[0], j: FORMING[1], angstrom: d16 }, { i: BREAKING[0], j: BREAKING[1], angstrom: d34 }];

// 1. End points.
const guess = chairGuess();
const ends = [[3.3, 1.43], [1.54, 3.3]].map(([a, b]) => xtbOptimise(xtbOptimise(guess, cons(a!, b!)).x, [], 'tight'));
const [reactant, product] = ends as [{ x: Float64Array; energy: number }, { x: Float64Array; energy: number }];
log(`reactant E = ${reactant.energy} Eh (d16 ${distance(reactant.x, 0, 5).toFixed(2)}, d34 ${distance(reactant.x, 2, 3).toFixed(2)}), product E = ${product.energy} Eh`);

// 2. Relaxed 2-D scan.
const d16 = Array.from({ length: 20 }, (_, i) => +(1.5 + 0.1 * i).toFixed(2));
const d34 = Array.from({ length: 20 }, (_, i) => +(1.4 + 0.1 * i).toFixed(2));
const nA = d16.length, nB = d34.length;
const E = new Float64Array(nA * nB).fill(NaN);
const X: Float64Array[] = new Array(nA * nB);
const start = [d16.indexOf(2.2), d34.indexOf(2.0)] as const;
X[start[0] * nB + start[1]] = xtbOptimise(guess, cons(2.2, 2.0)).x;
const order = Array.from({ length: nA * nB }, (_, c) => c).sort((p, q) => {
  const dp = Math.max(Math.abs(Math.floor(p / nB) - start[0]), Math.abs((p % nB) - start[1]));
  const dq = Math.max(Math.abs(Math.floor(q / nB) - start[0]), Math.abs((q % nB) - start[1]));
  return dp - dq;
});
for (const c of order) {
  const a = Math.floor(c / nB), b = c % nB;
  let from: Float64Array | undefined = X[c];
  for (let r = 1; !from && r < nA + nB; r++) {
    for (let da = -r; da <= r && !from; da++) for (let db = -r; db <= r && !from; db++) {
      const aa = a + da, bb = b + db;
      if (aa >= 0 && aa < nA && bb >= 0 && bb < nB && !Number.isNaN(E[aa * nB + bb]!)) from = X[aa * nB + bb];
    }
  }
  const r = xtbOptimise(from!, cons(d16[a]!, d34[b]!));
  X[c] = r.x; E[c] = r.energy;
}
log(`scan: ${nA * nB} constrained optimisations`);
writeFileSync(join(work, 'grid.xyz'), X.map((x, c) => xyzText(x, `energy: ${E[c]} d16=${d16[Math.floor(c / nB)]} d34=${d34[c % nB]}`)).join(''));

// 3. Bottleneck path from the reactant corner (max d16, min d34) to the product corner (min d16, max d34).
const src = (nA - 1) * nB, dst = nB - 1;
const best = new Float64Array(nA * nB).fill(Infinity), sum = new Float64Array(nA * nB).fill(Infinity);
const prev = new Int32Array(nA * nB).fill(-1), done = new Uint8Array(nA * nB);
best[src] = E[src]!; sum[src] = 0;
for (;;) {
  let u = -1;
  for (let c = 0; c < nA * nB; c++) if (!done[c] && (u < 0 || best[c]! < best[u]! || (best[c] === best[u] && sum[c]! < sum[u]!))) u = c;
  if (u < 0 || best[u] === Infinity) break;
  done[u] = 1;
  if (u === dst) break;
  const a = Math.floor(u / nB), b = u % nB;
  for (let da = -1; da <= 1; da++) for (let db = -1; db <= 1; db++) {
    const aa = a + da, bb = b + db, v = aa * nB + bb;
    if ((da || db) && aa >= 0 && aa < nA && bb >= 0 && bb < nB && !done[v]) {
      const m = Math.max(best[u]!, E[v]!), s = sum[u]! + (E[v]! - E[src]!);
      if (m < best[v]! || (m === best[v] && s < sum[v]!)) { best[v] = m; sum[v] = s; prev[v] = u; }
    }
  }
}
const path: number[] = [];
for (let c = dst; c >= 0; c = prev[c]!) path.unshift(c);
const top = path.reduce((p, c) => (E[c]! > E[p]! ? c : p), path[0]!);
log(`path: ${path.length} grid points, highest at d16 ${d16[Math.floor(top / nB)]}, d34 ${d34[top % nB]}`);

// 4. TS: quadratic fit on the 5x5 neighbourhood of the path maximum, stationary point, constrained opt, Hessian.
const ta = Math.min(Math.max(Math.floor(top / nB), 2), nA - 3), tb = Math.min(Math.max(top % nB, 2), nB - 3);
// Stationary point of a quadratic fitted to a 5x5 patch (spacing h) around (c16, c34); energies from
// constrained optimisations started at `from` (the coarse grid supplies the first patch).
function fitSaddle(c16: number, c34: number, h: number, energyAt: (da: number, db: number) => number): { d16: number; d34: number; det: number } {
  const rows: number[][] = [], rhs: number[] = [];
  for (let da = -2; da <= 2; da++) for (let db = -2; db <= 2; db++) { const u = da * h, v = db * h; rows.push([1, u, v, u * u, u * v, v * v]); rhs.push(energyAt(da, db)); }
  const [, gu, gv, huu, huv, hvv] = leastSquares(rows, rhs) as [number, number, number, number, number, number];
  const det = 4 * huu * hvv - huv * huv;
  return { d16: c16 + (-2 * hvv * gu + huv * gv) / det, d34: c34 + (huv * gu - 2 * huu * gv) / det, det };
}
let saddle = fitSaddle(d16[ta]!, d34[tb]!, 0.1, (da, db) => E[(ta + da) * nB + tb + db]!);
log(`quadratic fit (0.1 A grid): stationary point d16 ${saddle.d16.toFixed(3)}, d34 ${saddle.d34.toFixed(3)} A, Hessian det ${saddle.det.toExponential(2)} (${saddle.det < 0 ? 'saddle' : 'NOT a saddle'})`);
// Two refinements on 0.03 A patches around the current estimate.
for (let it = 0; it < 2; it++) {
  const c = saddle;
  saddle = fitSaddle(c.d16, c.d34, 0.03, (da, db) => xtbOptimise(X[ta * nB + tb]!, cons(c.d16 + 0.03 * da, c.d34 + 0.03 * db)).energy);
  log(`refined fit ${it + 1} (0.03 A patch): d16 ${saddle.d16.toFixed(3)}, d34 ${saddle.d34.toFixed(3)} A, det ${saddle.det.toExponential(2)}`);
}
const tsD16 = saddle.d16, tsD34 = saddle.d34;
const ts = xtbOptimise(X[ta * nB + tb]!, cons(tsD16, tsD34), 'tight');
const freqs = xtbFrequencies(ts.x).filter((f) => Math.abs(f) > 20);
const imaginary = freqs.filter((f) => f < 0);
log(`TS E = ${ts.energy} Eh, imaginary frequencies ${imaginary.map((f) => f.toFixed(0)).join(', ') || 'none'} cm^-1`);

const barrier = (ts.energy - reactant.energy) * HARTREE_KCAL, reaction = (product.energy - reactant.energy) * HARTREE_KCAL;
log(`GFN2 barrier ${barrier.toFixed(2)} kcal/mol, reaction energy ${reaction.toFixed(2)} kcal/mol`);

// Outputs: labelled structures and path (eV, Angstrom), and the scan record.
const toNm = (x: Float64Array): Float64Array => x.map((v) => v / 10);
const labelled = (x: Float64Array, info: Record<string, string>): LabelledFrame => {
  const l = labelWithXtb(SYMBOLS, toNm(x));
  return { symbols: SYMBOLS.slice(), positions: toNm(x), energy: l.energy, forces: l.forces, cell: null, info: { ...info, xi: reactionCoordinate(x).toFixed(4) } };
};
writeLabelledXyz('datasets/data/claisen_structures.extxyz', [
  labelled(reactant.x, { name: 'reactant' }), labelled(ts.x, { name: 'ts' }), labelled(product.x, { name: 'product' }),
], { energyUnit: 'eV', lengthUnit: 'Angstrom', precision: 9 });
writeLabelledXyz('datasets/data/claisen_path.extxyz', path.map((c) => labelled(X[c]!, { name: 'path', d16: String(d16[Math.floor(c / nB)]), d34: String(d34[c % nB]) })), { energyUnit: 'eV', lengthUnit: 'Angstrom', precision: 9 });
const round = (v: number, d = 8): number => +v.toFixed(d);
writeFileAtomic('datasets/data/claisen_scan.json', JSON.stringify({
  method: 'GFN2-xTB (xtb 6.5.1), relaxed scan: constrained optimisations, harmonic constraints 1 Hartree/bohr^2',
  atoms: SYMBOLS, forming: FORMING, breaking: BREAKING,
  d16Angstrom: d16, d34Angstrom: d34, energyHartree: Array.from(E, (v) => round(v)),
  path: path.map((c) => [Math.floor(c / nB), c % nB]),
  reactantHartree: reactant.energy, productHartree: product.energy,
  ts: { d16Angstrom: round(distance(ts.x, 0, 5), 4), d34Angstrom: round(distance(ts.x, 2, 3), 4), energyHartree: ts.energy, imaginaryFrequenciesCm: imaginary, lowestRealFrequencyCm: freqs.find((f) => f > 0) },
  barrierKcal: round(barrier, 3), reactionEnergyKcal: round(reaction, 3),
  literature: { barrierKcal: 30.6, reactionEnthalpyKcal: -18, note: 'experimental Ea and Delta H (gas phase), for scale' },
}, null, 1) + '\n');
log(`wrote datasets/data/claisen_{structures,path}.extxyz, claisen_scan.json, ${work}/grid.xyz`);

function leastSquares(A: number[][], b: number[]): number[] {
  const n = A[0]!.length, M = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  A.forEach((row, r) => { for (let i = 0; i < n; i++) { for (let j = 0; j < n; j++) M[i]![j] += row[i]! * row[j]!; M[i]![n] += row[i]! * b[r]!; } });
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) if (r !== c) { const f = M[r]![c]! / M[c]![c]!; for (let j = c; j <= n; j++) M[r]![j] -= f * M[c]![j]!; }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}
