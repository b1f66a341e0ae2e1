/**
 * Our side of the patch comparison: the openEMS tutorial patch on a uniform 1 mm x 1 mm x h/N grid
 * (patchFdtd defaults: 15 mm air margin, 12 ns, 8-cell CPML), S11 and Z_in at 401 frequencies over 1-3 GHz,
 * written next to the openEMS runs (patch_openems.py --uniform 1.0 --sub-cells N).
 * Run: npx tsx mindelec/reference/patch/patch_mindelec.ts --sub-cells 1   (-> patch_mindelec_1mm_h1.json)
 */
import { renameSync, writeFileSync } from 'node:fs';
import { patchFdtd } from '../../src/solvers/validation/patch.ts';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? d : Number(process.argv[i + 1]);
};
const nSub = arg('--sub-cells', 1);
const r = patchFdtd({ substrateCells: nSub, dxy: 1e-3, nFreq: 401 });
const out = new URL(`./patch_mindelec_1mm_h${nSub}.json`, import.meta.url).pathname;
writeFileSync(out + '.tmp', JSON.stringify({
  source: `ours: patchFdtd({substrateCells: ${nSub}, dxy: 1e-3, nFreq: 401}); npx tsx mindelec/reference/patch/patch_mindelec.ts --sub-cells ${nSub}`,
  resonance_hz: r.resonance, s11_min_db: r.s11MinDb, cells: r.cells, steps: r.steps, wall_s: r.wallSeconds,
  freq_hz: r.freqs, s11_re: r.S.map((c) => c[0]!.re), s11_im: r.S.map((c) => c[0]!.im), zin_re: r.zin.map((z) => z.re), zin_im: r.zin.map((z) => z.im),
}));
renameSync(out + '.tmp', out);
console.log(`patch h/${nSub}: resonance ${(r.resonance / 1e9).toFixed(4)} GHz, |S11| ${r.s11MinDb.toFixed(2)} dB, ${r.cells.join(' x ')} cells, ${r.wallSeconds.toFixed(0)} s`);
