/**
 * S11 dataset generator: Latin-hypercube designs of the layer family (snapped to the FDTD cell),
 * simulated across worker_threads with a progress bar, resumable. Each finished design is appended
 * (and fsync'ed) to `<out>.partial.jsonl`; a rerun with the same settings skips the designs already
 * there, and the final dataset is written atomically to `<out>` (format in dataset.ts).
 */
import { appendFileSync, existsSync, readFileSync, openSync, fsyncSync, closeSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRng, latinHypercube } from '../../geometry/index.ts';
import { LAYER_PARAMETERS, LAYER_B, layerFrequencies, snapLayers, type LayerDesign, type LayerGridOptions } from './layerFamily.ts';
import { S11_FORMAT, writeS11Dataset, type S11Dataset } from './dataset.ts';

export interface GenerateOptions {
  out: string;
  count: number;
  seed?: number;
  workers?: number;
  grid?: LayerGridOptions;
  /** Called after each design with (done, total, seconds so far). */
  onProgress?: (done: number, total: number, seconds: number) => void;
}

/**
 * Draws `count` layer designs by Latin-hypercube sampling over {@link LAYER_PARAMETERS} (epsA 2..10,
 * rounded to 4 decimals; dA 4..20 mm; dB 2..12 mm), with thicknesses snapped to whole FDTD cells.
 * @param count number of designs.
 * @param seed RNG seed (deterministic).
 * @param cell FDTD cell size in mm (default 0.25).
 * @returns `count` designs {epsA (relative), dA (mm), dB (mm)}.
 */
export function layerDesigns(count: number, seed: number, cell = 0.25): LayerDesign[] {
  const u = latinHypercube(count, LAYER_PARAMETERS.length, createRng(seed));
  return Array.from({ length: count }, (_, i) => {
    const [a, b, c] = LAYER_PARAMETERS.map((p, k) => p.min + (p.max - p.min) * u[i * LAYER_PARAMETERS.length + k]!) as [number, number, number];
    return snapLayers({ epsA: Number(a.toFixed(4)), dA: b, dB: c }, cell);
  });
}

interface Row { index: number; re: number[]; im: number[]; steps: number; wallSeconds: number }

function readPartial(file: string, key: string): Map<number, Row> {
  const done = new Map<number, Row>();
  if (!existsSync(file)) return done;
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[0] !== key) throw new Error(`${file}: made with other settings (${lines[0]}); expected ${key}. Delete it to start over.`);
  for (let l = 1; l < lines.length; l++) {
    if (!lines[l]) continue;
    try {
      const r = JSON.parse(lines[l]!) as Row;
      done.set(r.index, r);
    } catch {
      // a line cut short by a kill: that design is simply redone
    }
  }
  return done;
}

/**
 * One-line text progress bar: `[####....] done/total  Ns  eta Ms` (30 characters wide; eta = mean time
 * per finished item x items left, '?' before the first).
 * @param done items finished.
 * @param total items in all.
 * @param seconds elapsed wall seconds.
 */
export function progressBar(done: number, total: number, seconds: number): string {
  const w = 30, k = Math.round((w * done) / Math.max(total, 1));
  const eta = done > 0 ? (seconds / done) * (total - done) : NaN;
  return `[${'#'.repeat(k)}${'.'.repeat(w - k)}] ${done}/${total}  ${seconds.toFixed(0)} s  eta ${Number.isFinite(eta) ? eta.toFixed(0) + ' s' : '?'}`;
}

/**
 * Generates an S11 dataset of the two-layer family: {@link layerDesigns}(count, seed), each simulated
 * with the 1-D FDTD ({@link layerS11Fdtd}) in worker_threads, S11 (complex, dimensionless) on
 * {@link layerFrequencies}(grid) in Hz. Resumable: each finished design is appended and fsync'ed to
 * `<out>.partial.jsonl`, which a rerun with the same count, seed and grid reuses; the dataset is then
 * written atomically to `out` and the partial file removed.
 * @param o `out` path; `count` designs (integer >= 1); `seed` (default 0); `workers` (default available
 *   parallelism - 1, at least 1, at most the designs left); `grid` FDTD options (cell mm, default 0.25;
 *   frequencies; durationNs, default 6); `onProgress(done, total, seconds)` after each design.
 * @returns the dataset as written (designs [count][3] in (1, mm, mm), s11 re/im [count][nFreq]).
 * @throws RangeError if count is not a positive integer; Error if the partial file was made with other
 *   settings, or naming the design if a worker's simulation fails.
 */
export async function generateS11Dataset(o: GenerateOptions): Promise<S11Dataset> {
  const seed = o.seed ?? 0, grid = o.grid ?? {};
  if (!Number.isInteger(o.count) || o.count < 1) throw new RangeError(`generateS11Dataset: count = ${o.count}; expected a positive integer`);
  const designs = layerDesigns(o.count, seed, grid.cell ?? 0.25);
  const freqs = layerFrequencies(grid);
  const partial = `${o.out}.partial.jsonl`;
  const key = JSON.stringify({ family: 'two-layer', count: o.count, seed, grid });
  const done = readPartial(partial, key);
  if (!existsSync(partial)) appendFileSync(partial, key + '\n');
  const todo = designs.map((_, i) => i).filter((i) => !done.has(i));
  const nWorkers = Math.max(1, Math.min(o.workers ?? Math.max(1, availableParallelism() - 1), todo.length));
  const t0 = performance.now();
  o.onProgress?.(done.size, designs.length, 0);
  if (todo.length > 0) {
    await new Promise<void>((resolve, reject) => {
      let next = 0, running = 0;
      const fd = openSync(partial, 'a');
      const workers: Worker[] = [];
      const finish = (err?: Error) => {
        for (const w of workers) void w.terminate();
        closeSync(fd);
        if (err) reject(err);
        else resolve();
      };
      const feed = (w: Worker) => {
        if (next >= todo.length) {
          w.postMessage(null);
          return;
        }
        const index = todo[next++]!;
        running++;
        w.postMessage({ index, design: designs[index], grid });
      };
      for (let k = 0; k < nWorkers; k++) {
        const w = new Worker(new URL('./worker.mjs', import.meta.url));
        workers.push(w);
        w.on('message', (msg: Row | { index: number; error: string }) => {
          running--;
          if ('error' in msg) return finish(new Error(`design ${msg.index} ${JSON.stringify(designs[msg.index])}: ${msg.error}`));
          done.set(msg.index, msg);
          appendFileSync(fd, JSON.stringify(msg) + '\n');
          fsyncSync(fd);
          o.onProgress?.(done.size, designs.length, (performance.now() - t0) / 1000);
          if (done.size === designs.length) return finish();
          feed(w);
        });
        w.on('error', (e) => finish(e));
        feed(w);
      }
      void running;
    });
  }
  const rows = designs.map((_, i) => done.get(i)!);
  const ds: S11Dataset = {
    format: S11_FORMAT,
    family: 'two-layer dielectric window (layer A lossless eps_r epsA, thickness dA; layer B eps_r 4, 0.05 S/m, thickness dB), normal incidence, S11 at the front face',
    parameters: LAYER_PARAMETERS.map((p) => ({ name: p.name, unit: p.unit, min: p.min, max: p.max })),
    designs: designs.map((d) => [d.epsA, d.dA, d.dB]),
    freqs,
    s11: { re: rows.map((r) => r.re), im: rows.map((r) => r.im) },
    provenance: {
      generator: 'mindelec/src/ai/surrogate/generate.ts (npx mindelec surrogate generate)',
      solver: 'mindelec solvers/fdtd1d (Yee, CPML 20 cells), empty + loaded runs, running DFT at a probe, phase moved to the front face',
      grid: { cellMm: grid.cell ?? 0.25, durationNs: grid.durationNs ?? 6 },
      layerB: LAYER_B,
      sampling: `Latin hypercube, seed ${seed}, thicknesses snapped to the cell`,
      fdtdSecondsPerDesign: rows.reduce((a, r) => a + r.wallSeconds, 0) / rows.length,
      fdtdStepsPerDesign: rows.reduce((a, r) => a + r.steps, 0) / rows.length,
      created: new Date().toISOString(),
    },
  };
  writeS11Dataset(o.out, ds);
  rmSync(partial, { force: true });
  return ds;
}
