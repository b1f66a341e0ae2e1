/**
 * How far the Mur boxes (the boundaries the TE PINN's loss can state) are from the open domain, relative L2 per
 * field over the five default snapshots:
 *   our Ricker setup (sigma 0.04, 4 ns, 200 cells per metre), first- and second-order Mur;
 *   MindElec's setup (Gaussian pulse, sigma 0.0025 at (0.4975, 0.4975), 400 cells per metre), both orders.
 * Run: npx tsx mindelec/reference/maxwell/murFloor.ts   (~20 s). Measured: see RESULTS.md ("TE Maxwell").
 */
import { maxwellTE2D } from '../../src/ai/pinn/maxwell2d.ts';
import { maxwellTE2DReference } from '../../src/ai/pinn/maxwellReference.ts';
import { relativeL2 } from '../../src/ai/pinn/solver.ts';

const setups = [
  { name: 'Ricker, sigma 0.04', p: maxwellTE2D({ sigma: 0.04, amplitude: 10 }), cellsPerUnit: 200 },
  { name: 'MindElec (Gaussian pulse, sigma 0.0025)', p: maxwellTE2D({ sigma: 0.0025, amplitude: 2000, center: [0.4975, 0.4975], waveform: 'gauss', boundary: 'mur2' }), cellsPerUnit: 400 },
];
for (const { name, p, cellsPerUnit } of setups) {
  const open = maxwellTE2DReference(p, { cellsPerUnit });
  for (const boundary of ['mur', 'mur2'] as const) {
    const box = maxwellTE2DReference(p, { cellsPerUnit, boundary });
    const e = (['Ex', 'Ey', 'Hz'] as const).map((f) => `${f} ${relativeL2(box[f].values, open[f].values, 1)[0]!.toFixed(4)}`);
    console.log(`${name}: ${boundary === 'mur' ? 'first' : 'second'}-order Mur box vs open domain: ${e.join(', ')}`);
  }
}
