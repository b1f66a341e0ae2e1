/**
 * Trains a TE Maxwell PINN config (default: the shipped separable one) through runPinn, then prints the
 * relative and absolute L2 error of each field at each reference snapshot, against the open domain and the
 * first-order Mur box: where in time the remaining error sits.
 * Run: npx tsx mindelec/reference/maxwell/snapshots.ts [config.json] [steps]
 * (the shipped config takes ~45 min on one core; a smaller `steps` gives a quick look). The RESULTS.md
 * breakdown came from perAxis 40, boundaryPerAxis 40, 40 000 steps halved every 8 000.
 */
import { readFileSync } from 'node:fs';
import { maxwellTE2D } from '../../src/ai/pinn/maxwell2d.ts';
import { maxwellTE2DReference } from '../../src/ai/pinn/maxwellReference.ts';
import { parsePinnConfig, runPinn } from '../../src/ai/pinn/run.ts';

const file = process.argv[2] ?? 'mindelec/src/ai/configs/maxwell-separable.json';
const config = parsePinnConfig(file, readFileSync(file, 'utf8'));
if (process.argv[3]) config.train.steps = Number(process.argv[3]);
if (config.problem !== 'maxwell-te2d') throw new Error(`${file}: problem ${config.problem}; expected maxwell-te2d`);
const r = runPinn(config, (line) => console.log(line));
const problem = maxwellTE2D(config.maxwell);
for (const boundary of ['open', 'mur'] as const) {
  const ref = maxwellTE2DReference(problem, { cellsPerUnit: config.maxwell.cellsPerUnit, boundary });
  for (const [c, f] of (['Ex', 'Ey', 'Hz'] as const).entries()) {
    const pts = ref[f].points, vals = ref[f].values, pred = r.predict(pts);
    const byTime = new Map<number, { err: number; ref: number; n: number }>();
    for (let i = 0; i < vals.length; i++) {
      const t = pts[3 * i + 2]!;
      const acc = byTime.get(t) ?? { err: 0, ref: 0, n: 0 };
      acc.err += (pred[3 * i + c]! - vals[i]!) ** 2;
      acc.ref += vals[i]! ** 2;
      acc.n += 1;
      byTime.set(t, acc);
    }
    const cells = [...byTime].map(([t, a]) => `t=${t.toFixed(2)}: ${Math.sqrt(a.err / a.ref).toFixed(3)} (rms ref ${Math.sqrt(a.ref / a.n).toExponential(1)}, rms err ${Math.sqrt(a.err / a.n).toExponential(1)})`);
    console.log(`${boundary} ${f}: ${cells.join('  ')}`);
  }
}
