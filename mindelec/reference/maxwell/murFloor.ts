/**
 * How far the first-order Mur box (the boundary the TE PINN's loss states) is from the open domain, on the
 * MindElec setup (sigma 0.04, 4 ns, 200 cells per metre, the five default snapshots): relative L2 per field.
 * Run: npx tsx mindelec/reference/maxwell/murFloor.ts   (~2 s). Measured: Ex 0.0415, Ey 0.0415, Hz 0.0611.
 */
import { maxwellTE2D } from '../../src/ai/pinn/maxwell2d.ts';
import { maxwellTE2DReference } from '../../src/ai/pinn/maxwellReference.ts';
import { relativeL2 } from '../../src/ai/pinn/solver.ts';

const p = maxwellTE2D({ sigma: 0.04, amplitude: 10 });
const open = maxwellTE2DReference(p), mur = maxwellTE2DReference(p, { boundary: 'mur' });
for (const f of ['Ex', 'Ey', 'Hz'] as const) {
  console.log(`${f}: Mur box vs open domain, relative L2 ${relativeL2(mur[f].values, open[f].values, 1)[0]!.toFixed(4)}`);
}
