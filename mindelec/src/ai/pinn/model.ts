/**
 * Trained PINN weights on disk, so a long run is not lost when the process ends. Both networks `runPinn`
 * trains are groups of dense layers (multi-scale: one sine MLP per scale; separable: one per axis), stored as
 *   { format: "mindelec-pinn-model", version: 1, config: {problem, helmholtz, maxwell, net}, groups:
 *     [[{ shape: [in, out], w: number[in * out], b: number[out] }, ...], ...] }
 * `readPinnModel` rebuilds the network from the stored config and returns the field as `predict(points)`:
 * flat row-major [n * inputs] points in the problem's units -> [n * outputs].
 */
import { readFileSync } from 'node:fs';
import { tensor } from '@mindscience/core';
import { writeFileAtomic } from '../../io/index.ts';
import { multiScaleSinNet, type SinMlpParams } from '../nn.ts';
import { maxwellTE2D } from './maxwell2d.ts';
import { separableMaxwell } from './maxwellSeparable.ts';
import type { PinnRunConfig, Predict } from './run.ts';

const FORMAT = 'mindelec-pinn-model';
type StoredLayer = { shape: [number, number]; w: number[]; b: number[] };

/**
 * Writes the trained weights of a `runPinn` state (atomically) with the parts of the config that define the
 * network. `groups` is `state.params.net.nets` (multi-scale) or `state.params.axes` (separable).
 */
export function writePinnModel(file: string, config: PinnRunConfig, groups: readonly SinMlpParams[]): void {
  const stored = groups.map((layers) => layers.map((l): StoredLayer => ({ shape: [l.w.shape[0]!, l.w.shape[1]!], w: Array.from(l.w.data()), b: Array.from(l.b.data()) })));
  const { problem, helmholtz, maxwell, net } = config;
  writeFileAtomic(file, JSON.stringify({ format: FORMAT, version: 1, config: { problem, helmholtz, maxwell, net }, groups: stored }) + '\n');
}

/**
 * Reads a model written by {@link writePinnModel}.
 * @returns the stored config, `predict(points)` ([n * inputs] -> [n * outputs], problem units) and the weights
 *   as `groups` (one sine MLP per scale or axis; a warm start for `runPinn`'s `init`).
 * @throws Error naming the file and the field when the file is not such a model, a layer's arrays do not
 *   match its shape, or the layers do not fit the stored network.
 */
export function readPinnModel(file: string): { config: Pick<PinnRunConfig, 'problem' | 'helmholtz' | 'maxwell' | 'net'>; predict: Predict; groups: SinMlpParams[] } {
  let v: { format?: unknown; version?: unknown; config?: PinnRunConfig; groups?: unknown };
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not a readable JSON model (${(e as Error).message})`);
  }
  if (v?.format !== FORMAT || v.version !== 1) throw new Error(`${file}: format ${JSON.stringify(v?.format)} version ${JSON.stringify(v?.version)}; expected "${FORMAT}" version 1`);
  const config = v.config;
  if (!config || typeof config !== 'object' || !config.net) throw new Error(`${file}: missing config.net`);
  if (!Array.isArray(v.groups)) throw new Error(`${file}: groups is not an array`);
  const groups: SinMlpParams[] = v.groups.map((g: unknown, gi: number) => {
    if (!Array.isArray(g)) throw new Error(`${file}: groups[${gi}] is not an array of layers`);
    return g.map((l: StoredLayer, li: number) => {
      const at = `${file}: groups[${gi}][${li}]`;
      const [nIn, nOut] = Array.isArray(l?.shape) ? l.shape : [NaN, NaN];
      if (!(nIn! > 0 && nOut! > 0) || !Array.isArray(l.w) || !Array.isArray(l.b) || l.w.length !== nIn! * nOut! || l.b.length !== nOut) {
        throw new Error(`${at}: expected {shape: [in, out], w: in*out numbers, b: out numbers}`);
      }
      if (!l.w.every(Number.isFinite) || !l.b.every(Number.isFinite)) throw new Error(`${at}: non-finite weight`);
      return { w: tensor(Float64Array.from(l.w), { shape: [nIn!, nOut!] }), b: tensor(Float64Array.from(l.b)) };
    });
  });
  const net = config.net;
  let predict: Predict;
  if (net.kind === 'separable') {
    const sep = separableMaxwell({ problem: maxwellTE2D(config.maxwell), rank: net.rank, hidden: net.hidden, omega0: net.omega0, headScale: net.headScale, quasiStatic: net.quasiStatic === true, quasiStaticRadius: net.quasiStaticRadius });
    const want = [1, ...net.hidden, 3 * net.rank];
    if (groups.length !== 3 || groups.some((g) => g.length !== want.length - 1 || g.some((l, i) => l.w.shape[0] !== want[i] || l.w.shape[1] !== want[i + 1]))) {
      throw new Error(`${file}: groups do not fit a separable network of 3 axes with widths [${want.join(', ')}]`);
    }
    predict = (points) => sep.predict({ axes: groups }, points);
  } else {
    const ms = multiScaleSinNet(net.widths, { scales: net.scales, omega0: net.omega0 });
    if (groups.length !== net.scales.length || groups.some((g) => g.length !== net.widths.length - 1 || g.some((l, i) => l.w.shape[0] !== net.widths[i] || l.w.shape[1] !== net.widths[i + 1]))) {
      throw new Error(`${file}: groups do not fit a multi-scale network of ${net.scales.length} scales with widths [${net.widths.join(', ')}]`);
    }
    const d = net.widths[0]!;
    predict = (points) => Float64Array.from(ms.apply({ nets: groups }, tensor(points, { shape: [points.length / d, d] })).data());
  }
  return { config, predict, groups };
}
