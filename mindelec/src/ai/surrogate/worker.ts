/**
 * worker_threads entry for the S11 generator: receives {index, family, design, grid} messages, runs the FDTD
 * of one design and posts {index, re, im, steps, wallSeconds} (or {index, error}). One design at a time.
 */
import { parentPort } from 'node:worker_threads';
import { layerS11Fdtd, type LayerGridOptions } from './layerFamily.ts';
import { patchS11Fdtd, type PatchGridOptions } from './patchFamily.ts';

interface Job { index: number; family: 'two-layer' | 'patch'; design: number[]; grid: LayerGridOptions & PatchGridOptions }

parentPort!.on('message', (job: Job | null) => {
  if (job === null) {
    process.exit(0);
  }
  try {
    const [a, b, c] = job.design as [number, number, number];
    const r = job.family === 'patch' ? patchS11Fdtd({ L: a, W: b, inset: c }, job.grid) : layerS11Fdtd({ epsA: a, dA: b, dB: c }, job.grid);
    const residual = 'residual' in r ? r.residual : undefined;
    parentPort!.postMessage({ index: job.index, re: r.s11.map((z) => z.re), im: r.s11.map((z) => z.im), steps: r.steps, wallSeconds: r.wallSeconds, residual });
  } catch (e) {
    parentPort!.postMessage({ index: job.index, error: (e as Error).message });
  }
});
