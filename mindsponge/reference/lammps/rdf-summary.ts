/**
 * Turns the LAMMPS `compute rdf` output of rdf.in into rdf.json, the only file tests read:
 *  - `average`: per bin r, g(r) and coordination, mean ± standard error over the 5 blocks of
 *    rdf-average.txt (each block averages 100 samples over 10000 steps), and the first peak;
 *  - `frames`: the two configurations of rdf-frames.dump (atoms sorted by id, box [lx, ly, lz]) with
 *    LAMMPS's g(r) and coordination of each single frame (rdf-frames.txt);
 *  - `msd`: mean-squared displacement vs time averaged over the 10 origins of rdf-msd.txt, with the
 *    standard error over origins, and D from a least-squares fit MSD = 6 D t + c over 5-25 tau.
 * Run by rdf-run.sh; `npx tsx mindsponge/reference/lammps/rdf-summary.ts`.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const read = (f: string): string[] => readFileSync(join(here, f), 'utf8').split('\n');

/** fix ave/time mode vector blocks: "step nrows" then nrows of "row c1 c2 c3". */
function vectorBlocks(file: string): { step: number; rows: number[][] }[] {
  const lines = read(file).filter((l) => l.trim() && !l.startsWith('#'));
  const out: { step: number; rows: number[][] }[] = [];
  for (let k = 0; k < lines.length;) {
    const [step, nrows] = lines[k]!.trim().split(/\s+/).map(Number) as [number, number];
    if (!(nrows > 0)) throw new Error(`${file}: bad block header '${lines[k]}' (line ${k + 1} of the data lines)`);
    const rows = lines.slice(k + 1, k + 1 + nrows).map((l) => l.trim().split(/\s+/).map(Number).slice(1));
    if (rows.length !== nrows || rows.some((r) => r.length !== 3 || r.some((v) => !Number.isFinite(v)))) throw new Error(`${file}: block at step ${step} is incomplete`);
    out.push({ step, rows });
    k += 1 + nrows;
  }
  return out;
}

function dumpFrames(file: string): { step: number; box: number[]; positions: number[] }[] {
  const lines = read(file);
  const frames: { step: number; box: number[]; positions: number[] }[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (lines[k] !== 'ITEM: TIMESTEP') continue;
    const step = Number(lines[k + 1]);
    const n = Number(lines[k + 3]);
    const box = [0, 1, 2].map((d) => { const [lo, hi] = lines[k + 5 + d]!.trim().split(/\s+/).map(Number); return hi! - lo!; });
    const atoms = lines.slice(k + 9, k + 9 + n).map((l) => l.trim().split(/\s+/).map(Number));
    atoms.sort((a, b) => a[0]! - b[0]!);
    frames.push({ step, box, positions: atoms.flatMap((a) => a.slice(1, 4)) });
    k += 8 + n;
  }
  return frames;
}

const blocks = vectorBlocks('rdf-average.txt');
const nb = blocks.length, bins = blocks[0]!.rows.length;
const mean = (c: number, i: number) => blocks.reduce((s, b) => s + b.rows[i]![c]!, 0) / nb;
const stderr = (c: number, i: number) => {
  const m = mean(c, i);
  return Math.sqrt(blocks.reduce((s, b) => s + (b.rows[i]![c]! - m) ** 2, 0) / (nb - 1) / nb);
};
const r = blocks[0]!.rows.map((row) => row[0]!);
const g = r.map((_, i) => mean(1, i));
const gErr = r.map((_, i) => stderr(1, i));
const coordination = r.map((_, i) => mean(2, i));
let peak = 0;
for (let i = 0; i < bins; i++) if (g[i]! > g[peak]!) peak = i;
let firstMin = peak;
while (firstMin + 1 < bins && !(g[firstMin + 1]! > g[firstMin]! && g[firstMin]! < 1)) firstMin++;

const frameG = vectorBlocks('rdf-frames.txt');
const dumps = dumpFrames('rdf-frames.dump');
if (frameG.length !== dumps.length || frameG.some((b, k) => b.step !== dumps[k]!.step)) {
  throw new Error(`rdf-summary: rdf-frames.txt steps [${frameG.map((b) => b.step)}] do not match rdf-frames.dump steps [${dumps.map((d) => d.step)}]`);
}
// MSD: rows "origin step msd", 10 origins x 251 rows (steps 0..5000 every 20), dt 0.005 tau.
const msdRows = read('rdf-msd.txt').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/).map(Number));
const origins = [...new Set(msdRows.map((r) => r[0]!))];
const byOrigin = origins.map((o) => msdRows.filter((r) => r[0] === o));
const msdLen = Math.min(...byOrigin.map((rows) => rows.length));
const msdTime: number[] = [], msdMean: number[] = [], msdErr: number[] = [];
for (let k = 0; k < msdLen; k++) {
  const steps = byOrigin.map((rows) => rows[k]![1]! - rows[0]![1]!);
  if (steps.some((v) => v !== steps[0])) throw new Error(`rdf-msd.txt: origins disagree on the step of row ${k}`);
  const vals = byOrigin.map((rows) => rows[k]![2]!);
  const m = vals.reduce((a, b) => a + b, 0) / vals.length;
  msdTime.push(steps[0]! * 0.005); msdMean.push(m);
  msdErr.push(Math.sqrt(vals.reduce((a, b) => a + (b - m) ** 2, 0) / (vals.length - 1) / vals.length));
}
const fitD = (from: number, to: number) => {
  let n = 0, st = 0, sm = 0, stt = 0, stm = 0;
  msdTime.forEach((t, k) => { if (t >= from && t <= to) { n++; st += t; sm += msdMean[k]!; stt += t * t; stm += t * msdMean[k]!; } });
  return (n * stm - st * sm) / (n * stt - st * st) / 6;
};
// D per origin (5-25 tau) for its standard error
const perOriginD = byOrigin.map((rows) => {
  let n = 0, st = 0, sm = 0, stt = 0, stm = 0;
  rows.forEach((r) => { const t = (r[1]! - rows[0]![1]!) * 0.005; if (t >= 5 && t <= 25) { n++; st += t; sm += r[2]!; stt += t * t; stm += t * r[2]!; } });
  return (n * stm - st * sm) / (n * stt - st * st) / 6;
});
const dMean = perOriginD.reduce((a, b) => a + b, 0) / perOriginD.length;
const dErr = Math.sqrt(perOriginD.reduce((a, b) => a + (b - dMean) ** 2, 0) / (perOriginD.length - 1) / perOriginD.length);

const log = read('rdf.log.lammps');
const out = {
  lammps: log[0]!.trim(),
  note: 'produced by rdf-run.sh (rdf.in): LJ rho* 0.8442 T* 0.72, 864 atoms, rc 2.5, Nose-Hoover NVT, compute rdf 200 bins to 4.0 sigma',
  statePoint: { density: 0.8442, temperature: 0.72, cutoff: 2.5, atoms: dumps[0]!.positions.length / 3 },
  rMax: 4.0,
  bins,
  average: {
    blocks: nb,
    samplesPerBlock: 100,
    r, g, gStderr: gErr, coordination,
    firstPeak: { r: r[peak], g: g[peak], gStderr: gErr[peak], rMin: r[firstMin], coordination: coordination[firstMin] },
  },
  msd: { origins: origins.length, time: msdTime, msd: msdMean, msdStderr: msdErr, diffusion: { fit: '6 D t + c over 5-25 tau', D: fitD(5, 25), stderr: dErr } },
  frames: dumps.map((d, k) => ({ step: d.step, box: d.box, positions: d.positions, g: frameG[k]!.rows.map((row) => row[1]), coordination: frameG[k]!.rows.map((row) => row[2]) })),
};
const file = join(here, 'rdf.json');
writeFileSync(`${file}.tmp`, JSON.stringify(out) + '\n');
renameSync(`${file}.tmp`, file);
console.log(`rdf.json: first peak g(${out.average.firstPeak.r}) = ${out.average.firstPeak.g!.toFixed(4)} +- ${out.average.firstPeak.gStderr!.toFixed(4)}, first minimum ${out.average.firstPeak.rMin}, coordination ${out.average.firstPeak.coordination!.toFixed(3)}; ${dumps.length} frames; D = ${out.msd.diffusion.D.toFixed(5)} +- ${dErr.toFixed(5)} sigma^2/tau`);
