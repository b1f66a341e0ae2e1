/**
 * Multi-threaded LJ force evaluation: worker_threads over SharedArrayBuffer.
 *
 * The main thread owns the neighbour list; positions, the CSR list and parameters live in shared
 * memory. Atoms are split into contiguous ranges with equal pair counts; thread t (t = 0 is the main
 * thread) runs the same kernel as the serial path over its range into a private force array, and the
 * main thread sums the partial arrays in a fixed order — so results are deterministic for a given
 * thread count (resumes stay bit-for-bit). Workers are started from the kernels' own compiled source
 * (`Function.prototype.toString`), so the same code runs under tsx, vitest and the bundled build; they
 * sleep in `Atomics.wait` between calls and are unref'd (they never keep the process alive).
 */
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Box } from '../space.ts';
import { ljKernelGeneral, ljKernelOrthoSingle } from './ljKernels.ts';

// ctl: [generation, command (0 compute, 1 exit), done count, kernel (0 ortho, 1 general), n, nt, hasBox]
const CTL = 8;

const workerSource = (ortho: string, general: string): string => `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const ljKernelOrthoSingle = ${ortho};
const ljKernelGeneral = ${general};
const ctl = new Int32Array(workerData.ctl);
const port = workerData.port;
const t = workerData.index;
let buf = null;
let gen = 0;
for (;;) {
  Atomics.wait(ctl, 0, gen);
  gen = Atomics.load(ctl, 0);
  if (ctl[1] === 1) break;
  let m;
  while ((m = receiveMessageOnPort(port))) buf = m.message;
  const n = ctl[4], nt = ctl[5];
  const x = new Float64Array(buf.x, 0, 3 * n), f = new Float64Array(buf.f[t], 0, 3 * n);
  const start = new Int32Array(buf.start, 0, n + 1), pairs = new Int32Array(buf.pairs);
  const ranges = new Int32Array(buf.ranges), par = new Float64Array(buf.params), out = new Float64Array(buf.out);
  const v = new Float64Array(6);
  f.fill(0);
  const box = ctl[6] ? { lx: par[0], ly: par[1], lz: par[2], xy: par[3], xz: par[4], yz: par[5] } : null;
  const i0 = ranges[t], i1 = ranges[t + 1];
  let e;
  if (ctl[3] === 0) e = ljKernelOrthoSingle(i0, i1, x, f, v, start, pairs, box, par[6], par[7], par[8], par[9], par[10], par[11]);
  else {
    const k = nt * nt, tab = (o) => new Float64Array(buf.params, 8 * (12 + o * k), k);
    e = ljKernelGeneral(i0, i1, x, f, v, start, pairs, box, new Int32Array(buf.species, 0, n), nt, tab(0), tab(1), tab(2), tab(3), tab(4), par[11]);
  }
  out[7 * t] = e;
  for (let q = 0; q < 6; q++) out[7 * t + 1 + q] = v[q];
  Atomics.add(ctl, 2, 1);
  Atomics.notify(ctl, 2);
}
`;

interface Buffers { x: SharedArrayBuffer; f: SharedArrayBuffer[]; start: SharedArrayBuffer; pairs: SharedArrayBuffer; ranges: SharedArrayBuffer; params: SharedArrayBuffer; out: SharedArrayBuffer; species: SharedArrayBuffer }

export interface LjTables { nt: number; lj1: Float64Array; lj2: Float64Array; lj3: Float64Array; lj4: Float64Array; offset: Float64Array; rc2: number }

export class LjThreadPool {
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly ctl: Int32Array;
  private buf: Buffers | null = null;
  private listPairsCopied = -1;
  private lastList: Int32Array | null = null;

  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 2) throw new RangeError(`lennardJones.threads = ${threads}, expected an integer >= 2 (1 = serial)`);
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * CTL));
    const src = workerSource(ljKernelOrthoSingle.toString(), ljKernelGeneral.toString());
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const w = new Worker(src, { eval: true, workerData: { ctl: this.ctl.buffer, port: port2, index: t }, transferList: [port2] });
      w.unref();
      port1.unref();
      this.workers.push(w);
      this.ports.push(port1);
    }
  }

  /** Adds energy/forces/virial of all pairs into f, v; returns the pair energy. */
  compute(x: Float64Array, box: Box | null, start: Int32Array, pairs: Int32Array, nPairs: number, species: Int32Array | null, tab: LjTables, f: Float64Array, v: Float64Array): number {
    const n = x.length / 3, T = this.threads, nt = tab.nt, k = nt * nt;
    let b = this.buf;
    if (!b || b.x.byteLength < 8 * 3 * n || b.pairs.byteLength < 4 * nPairs || b.params.byteLength < 8 * (12 + 5 * k)) {
      const sab = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(8 * Math.max(1, Math.ceil(bytes / 8)));
      b = this.buf = {
        x: sab(8 * 3 * n), f: Array.from({ length: T }, () => sab(8 * 3 * n)), start: sab(4 * (n + 1)), pairs: sab(Math.ceil(4 * nPairs * 1.3)),
        ranges: sab(4 * (T + 1)), params: sab(8 * (12 + 5 * k)), out: sab(8 * 7 * T), species: sab(4 * n),
      };
      for (const p of this.ports) p.postMessage(b);
      this.lastList = null;
    }
    new Float64Array(b.x, 0, 3 * n).set(x);
    const sStart = new Int32Array(b.start, 0, n + 1);
    // Copy the list only when it changed (the provider rebuilds it every few steps).
    if (this.lastList !== pairs || this.listPairsCopied !== nPairs || sStart[n] !== start[n] || sStart[1] !== start[1]) {
      sStart.set(start.subarray(0, n + 1));
      new Int32Array(b.pairs, 0, nPairs).set(pairs.subarray(0, nPairs));
      if (species) new Int32Array(b.species, 0, n).set(species);
      this.lastList = pairs; this.listPairsCopied = nPairs;
    }
    const ranges = new Int32Array(b.ranges);
    ranges[0] = 0;
    for (let t = 1, i = 0; t < T; t++) {
      const target = (nPairs * t) / T;
      while (i < n && start[i]! < target) i++;
      ranges[t] = i;
    }
    ranges[T] = n;
    const par = new Float64Array(b.params);
    if (box) { par[0] = box.lx; par[1] = box.ly; par[2] = box.lz; par[3] = box.xy; par[4] = box.xz; par[5] = box.yz; }
    const ortho = nt === 1 && (!box || (box.xy === 0 && box.xz === 0 && box.yz === 0));
    par[6] = tab.lj1[0]!; par[7] = tab.lj2[0]!; par[8] = tab.lj3[0]!; par[9] = tab.lj4[0]!; par[10] = tab.offset[0]!; par[11] = tab.rc2;
    [tab.lj1, tab.lj2, tab.lj3, tab.lj4, tab.offset].forEach((a, o) => par.set(a, 12 + o * k));
    const ctl = this.ctl;
    ctl[1] = 0; ctl[3] = ortho ? 0 : 1; ctl[4] = n; ctl[5] = nt; ctl[6] = box ? 1 : 0;
    Atomics.store(ctl, 2, 0);
    Atomics.add(ctl, 0, 1);
    Atomics.notify(ctl, 0);
    // thread 0: the main thread's own share, straight into the caller's arrays
    const f0 = new Float64Array(b.f[0]!, 0, 3 * n);
    f0.fill(0);
    const v0 = new Float64Array(6);
    const sPairs = new Int32Array(b.pairs), sX = new Float64Array(b.x, 0, 3 * n);
    let energy = ortho
      ? ljKernelOrthoSingle(0, ranges[1]!, sX, f0, v0, sStart, sPairs, box, tab.lj1[0]!, tab.lj2[0]!, tab.lj3[0]!, tab.lj4[0]!, tab.offset[0]!, tab.rc2)
      : ljKernelGeneral(0, ranges[1]!, sX, f0, v0, sStart, sPairs, box, new Int32Array(b.species, 0, n), nt, tab.lj1, tab.lj2, tab.lj3, tab.lj4, tab.offset, tab.rc2);
    let done: number;
    while ((done = Atomics.load(ctl, 2)) < T - 1) Atomics.wait(ctl, 2, done, 10_000);
    const out = new Float64Array(b.out);
    for (let q = 0; q < 6; q++) v[q] = v[q]! + v0[q]!;
    for (let k3 = 0; k3 < 3 * n; k3++) f[k3] = f[k3]! + f0[k3]!;
    for (let t = 1; t < T; t++) {
      energy += out[7 * t]!;
      for (let q = 0; q < 6; q++) v[q] = v[q]! + out[7 * t + 1 + q]!;
      const ft = new Float64Array(b.f[t]!, 0, 3 * n);
      for (let k3 = 0; k3 < 3 * n; k3++) f[k3] = f[k3]! + ft[k3]!;
    }
    return energy;
  }

  close(): void {
    this.ctl[1] = 1;
    Atomics.add(this.ctl, 0, 1);
    Atomics.notify(this.ctl, 0);
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
  }
}
