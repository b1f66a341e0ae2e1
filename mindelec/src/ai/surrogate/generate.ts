/**
 * S11 dataset generator for the two design families: 'two-layer' (Latin-hypercube designs of the 1-D
 * dielectric window, snapped to the FDTD cell; layerFamily.ts) and 'patch' (the full-factorial lattice of
 * the 3-D microstrip patch antenna, or a seeded subset of it; patchFamily.ts), simulated across
 * worker_threads with a progress bar, resumable. Each finished design is appended (and fsync'ed) to
 * `<out>.partial.jsonl`; a rerun with the same settings skips the designs already there, and the final
 * dataset is written atomically to `<out>` (format in dataset.ts).
 */
import { appendFileSync, existsSync, readFileSync, openSync, fsyncSync, closeSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRng, latinHypercube } from '../../geometry/index.ts';
import { LAYER_PARAMETERS, LAYER_B, layerFrequencies, snapLayers, type LayerDesign, type LayerGridOptions } from './layerFamily.ts';
import { PATCH_PARAMETERS, PATCH_SUBSTRATE, patchDesignGrid, patchFrequencies, type PatchGridOptions } from './patchFamily.ts';
import { S11_FORMAT, writeS11Dataset, type S11Dataset } from './dataset.ts';

/** The design families the generator knows. */
export type S11Family = 'two-layer' | 'patch';

export interface GenerateOptions {
  out: string;
  /** 'two-layer' (default) or 'patch'. */
  family?: S11Family;
  /** Designs: required for 'two-layer'; for 'patch' at most the lattice size (default: the whole lattice). */
  count?: number;
  seed?: number;
  workers?: number;
  /** Grid options of the family (LayerGridOptions or PatchGridOptions). */
  grid?: LayerGridOptions & PatchGridOptions;
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

/**
 * The designs of a patch dataset: the whole {@link patchDesignGrid} lattice (cell mm, default 2), or, with
 * `count` below its size, a seeded random subset of it in lattice order.
 * @returns designs as [L, W, inset] (mm).
 * @throws RangeError if count exceeds the lattice or is not a positive integer.
 */
export function patchDesigns(count: number | undefined, seed: number, cell = 2): number[][] {
  const all = patchDesignGrid(cell).map((d) => [d.L, d.W, d.inset]);
  if (count === undefined || count === all.length) return all;
  if (!Number.isInteger(count) || count < 1 || count > all.length) throw new RangeError(`patch designs: count = ${count}; expected an integer in 1..${all.length} (the lattice)`);
  const rng = createRng(seed);
  const keys = all.map(() => rng.next());
  const order = all.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]!).slice(0, count).sort((a, b) => a - b);
  return order.map((i) => all[i]!);
}

interface Row { index: number; re: number[]; im: number[]; steps: number; wallSeconds: number; residual?: number }

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
 * Generates an S11 dataset: for 'two-layer' {@link layerDesigns}(count, seed) simulated with the 1-D FDTD
 * (layerS11Fdtd) on layerFrequencies(grid); for 'patch' {@link patchDesigns}(count, seed) simulated with the
 * 3-D FDTD (patchS11Fdtd) on patchFrequencies(grid); in worker_threads, S11 complex and dimensionless, Hz. Resumable: each finished design is appended and fsync'ed to
 * `<out>.partial.jsonl`, which a rerun with the same count, seed and grid reuses; the dataset is then
 * written atomically to `out` and the partial file removed.
 * @param o `out` path; `family` (default 'two-layer'); `count` designs (two-layer: integer >= 1, required;
 *   patch: optional, default the whole lattice); `seed` (default 0); `workers` (default available
 *   parallelism - 1, at least 1, at most the designs left); `grid` FDTD options (two-layer: cell 0.25 mm,
 *   durationNs 6; patch: cell 2 mm, durationNs 20, margins; frequencies); `onProgress(done, total, seconds)`.
 * @returns the dataset as written (designs [count][3] in the family's units, s11 re/im [count][nFreq]).
 * @throws RangeError for an unknown family or a bad count; Error if the partial file was made with other
 *   settings, or naming the design if a worker's simulation fails.
 */
export async function generateS11Dataset(o: GenerateOptions): Promise<S11Dataset> {
  const seed = o.seed ?? 0, grid = o.grid ?? {}, family = o.family ?? 'two-layer';
  if (family !== 'two-layer' && family !== 'patch') throw new RangeError(`generateS11Dataset: family = ${JSON.stringify(family)}; expected "two-layer" or "patch"`);
  let designs: number[][];
  if (family === 'two-layer') {
    if (o.count === undefined || !Number.isInteger(o.count) || o.count < 1) throw new RangeError(`generateS11Dataset: count = ${o.count}; expected a positive integer`);
    designs = layerDesigns(o.count, seed, grid.cell ?? 0.25).map((d) => [d.epsA, d.dA, d.dB]);
  } else {
    designs = patchDesigns(o.count, seed, grid.cell ?? 2);
  }
  const freqs = family === 'two-layer' ? layerFrequencies(grid) : patchFrequencies(grid);
  const partial = `${o.out}.partial.jsonl`;
  const key = JSON.stringify({ family, count: designs.length, seed, grid });
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
        w.postMessage({ index, family, design: designs[index], grid });
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
  const perFamily = family === 'two-layer' ? {
    family: 'two-layer dielectric window (layer A lossless eps_r epsA, thickness dA; layer B eps_r 4, 0.05 S/m, thickness dB), normal incidence, S11 at the front face',
    parameters: LAYER_PARAMETERS,
    provenance: {
      solver: 'mindelec solvers/fdtd1d (Yee, CPML 20 cells), empty + loaded runs, running DFT at a probe, phase moved to the front face',
      grid: { cellMm: grid.cell ?? 0.25, durationNs: grid.durationNs ?? 6 },
      layerB: LAYER_B,
      sampling: `Latin hypercube, seed ${seed}, thicknesses snapped to the cell`,
    },
  } : {
    family: `microstrip patch antenna (PEC patch L x W on eps_r ${PATCH_SUBSTRATE.epsR}, h ${PATCH_SUBSTRATE.hMm} mm, ${PATCH_SUBSTRATE.sizeMm} mm square substrate and ground), 50 ohm probe feed inset mm from the -x edge on the centre line, S11 at the port`,
    parameters: PATCH_PARAMETERS,
    provenance: {
      solver: 'mindelec solvers/fdtd3d (Yee, CPML, per-edge PEC, 50 ohm lumped port), openEMS Gaussian excitation, S11 by power waves from running DFTs of the port V and I',
      grid: { cellMm: grid.cell ?? 2, durationNs: grid.durationNs ?? 20, pmlCells: grid.pmlCells ?? 6, sideMm: grid.sideMm ?? 4, aboveMm: grid.aboveMm ?? 9, belowMm: grid.belowMm ?? 3 },
      substrate: PATCH_SUBSTRATE,
      sampling: o.count === undefined ? 'full factorial on the cell lattice (patchDesignGrid)' : `seeded subset (seed ${seed}) of the cell lattice`,
      maxRingDownResidual: Math.max(...rows.map((r) => r.residual ?? 0)),
    },
  };
  const ds: S11Dataset = {
    format: S11_FORMAT,
    family: perFamily.family,
    parameters: perFamily.parameters.map((p) => ({ name: p.name, unit: p.unit, min: p.min, max: p.max })),
    designs,
    freqs,
    s11: { re: rows.map((r) => r.re), im: rows.map((r) => r.im) },
    provenance: {
      familyKey: family,
      generator: 'mindelec/src/ai/surrogate/generate.ts (npx mindelec surrogate generate)',
      ...perFamily.provenance,
      fdtdSecondsPerDesign: rows.reduce((a, r) => a + r.wallSeconds, 0) / rows.length,
      fdtdStepsPerDesign: rows.reduce((a, r) => a + r.steps, 0) / rows.length,
      created: new Date().toISOString(),
    },
  };
  writeS11Dataset(o.out, ds);
  rmSync(partial, { force: true });
  return ds;
}
