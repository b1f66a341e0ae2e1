/**
 * Trains a TE Maxwell PINN config (default: the shipped separable one) through runPinn, or reads a trained
 * model file, then prints the relative and absolute L2 error of each field at each reference snapshot, against
 * the open domain and the Mur box of the order the problem states (plus, for the near-source region, the error
 * within r < 0.05 of the source): where the remaining error sits.
 * Run: npx tsx mindelec/reference/maxwell/snapshots.ts [config.json] [steps]
 *      npx tsx mindelec/reference/maxwell/snapshots.ts --model model.json
 * (the shipped config takes ~45 min on one core; a smaller `steps` gives a quick look). The RESULTS.md
 * breakdowns came from the runs named there.
 */
import { readFileSync } from 'node:fs';
import { maxwellTE2D } from '../../src/ai/pinn/maxwell2d.ts';
import { maxwellTE2DReference } from '../../src/ai/pinn/maxwellReference.ts';
import { parsePinnConfig, runPinn, type Predict } from '../../src/ai/pinn/run.ts';
import { readPinnModel } from '../../src/ai/pinn/model.ts';

let r: { predict: Predict }, config: { problem: string; maxwell: Parameters<typeof maxwellTE2D>[0] & { cellsPerUnit?: number } };
if (process.argv[2] === '--model') {
  const m = readPinnModel(process.argv[3]!);
  r = m;
  config = m.config;
} else {
  const file = process.argv[2] ?? 'mindelec/src/ai/configs/maxwell-separable.json';
  const c = parsePinnConfig(file, readFileSync(file, 'utf8'));
  if (process.argv[3]) c.train.steps = Number(process.argv[3]);
  if (c.problem !== 'maxwell-te2d') throw new Error(`${file}: problem ${c.problem}; expected maxwell-te2d`);
  r = runPinn(c, (line) => console.log(line));
  config = c;
}
const problem = maxwellTE2D(config.maxwell);
for (const boundary of ['open', problem.boundaryKind === 'mur2' ? 'mur2' : 'mur'] as const) {
  const ref = maxwellTE2DReference(problem, { cellsPerUnit: config.maxwell.cellsPerUnit, boundary });
  for (const [c, f] of (['Ex', 'Ey', 'Hz'] as const).entries()) {
    const pts = ref[f].points, vals = ref[f].values, pred = r.predict(pts);
    const byTime = new Map<number, { err: number; ref: number; n: number }>();
    let nearErr = 0, allErr = 0, allRef = 0;
    for (let i = 0; i < vals.length; i++) {
      const e2 = (pred[3 * i + c]! - vals[i]!) ** 2;
      allErr += e2;
      allRef += vals[i]! ** 2;
      if (Math.hypot(pts[3 * i]! - problem.center[0], pts[3 * i + 1]! - problem.center[1]) < 0.05) nearErr += e2;
      const t = pts[3 * i + 2]!;
      const acc = byTime.get(t) ?? { err: 0, ref: 0, n: 0 };
      acc.err += (pred[3 * i + c]! - vals[i]!) ** 2;
      acc.ref += vals[i]! ** 2;
      acc.n += 1;
      byTime.set(t, acc);
    }
    const cells = [...byTime].map(([t, a]) => `t=${t.toFixed(2)}: ${Math.sqrt(a.err / a.ref).toFixed(3)} (rms ref ${Math.sqrt(a.ref / a.n).toExponential(1)}, rms err ${Math.sqrt(a.err / a.n).toExponential(1)})`);
    console.log(`${boundary} ${f}: L2 ${Math.sqrt(allErr / allRef).toFixed(4)} (${(100 * nearErr / allErr).toFixed(0)}% of the squared error within r < 0.05 of the source)  ${cells.join('  ')}`);
  }
}
