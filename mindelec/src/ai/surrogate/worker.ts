/**
 * worker_threads entry for the S11 generator: receives {index, design, grid} messages, runs the FDTD
 * of one design and posts {index, re, im, steps, wallSeconds} (or {index, error}). One design at a time.
 */
import { parentPort } from 'node:worker_threads';
import { layerS11Fdtd, type LayerDesign, type LayerGridOptions } from './layerFamily.ts';

interface Job { index: number; design: LayerDesign; grid: LayerGridOptions }

parentPort!.on('message', (job: Job | null) => {
  if (job === null) {
    process.exit(0);
  }
  try {
    const r = layerS11Fdtd(job.design, job.grid);
    parentPort!.postMessage({ index: job.index, re: r.s11.map((c) => c.re), im: r.s11.map((c) => c.im), steps: r.steps, wallSeconds: r.wallSeconds });
  } catch (e) {
    parentPort!.postMessage({ index: job.index, error: (e as Error).message });
  }
});
