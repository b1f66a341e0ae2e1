/**
 * Can a rank-R separable field hold the TE answer? Writes the open-domain FDTD Hz and Ex of the MindElec setup on
 * a 24 x 101 x 101 (t, x, y) grid to $OUT_DIR (default /tmp) for cp_rank.py, which fits CP decompositions by ALS.
 * Run: npx tsx mindelec/reference/maxwell/cpRank.ts && /usr/bin/python3 mindelec/reference/maxwell/cp_rank.py
 * Measured (numpy 1.24): Hz rank 16 0.0355, 32 0.0145, 64 0.0014; Ex rank 32 0.0097, 64 0.0009.
 */
import { writeFileSync } from 'node:fs';
import { maxwellTE2D } from '../../src/ai/pinn/maxwell2d.ts';
import { maxwellTE2DReference } from '../../src/ai/pinn/maxwellReference.ts';

const dir = process.env.OUT_DIR ?? '/tmp';
const p = maxwellTE2D({ sigma: 0.04, amplitude: 10 });
const nt = 24;
const times = Array.from({ length: nt }, (_, i) => ((i + 1) / nt) * p.tEnd);
const ref = maxwellTE2DReference(p, { cellsPerUnit: 100, times, stride: 1 });
for (const f of ['Ex', 'Hz'] as const) writeFileSync(`${dir}/te-ref-${f}.bin`, Buffer.from(ref[f].values.buffer));
console.log(`wrote ${dir}/te-ref-Hz.bin (${ref.Hz.values.length} values) and te-ref-Ex.bin (${ref.Ex.values.length})`);
