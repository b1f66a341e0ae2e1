/**
 * 3-D FDTD (Yee 1966), SI units. Nodes (i dx, j dy, k dz), i < nx, j < ny, k < nz; arrays [nx*ny*nz],
 * index (i*ny + j)*nz + k. Ex at (i+1/2, j, k), Ey at (i, j+1/2, k), Ez at (i, j, k+1/2);
 * Hx at (i, j+1/2, k+1/2), Hy at (i+1/2, j, k+1/2), Hz at (i+1/2, j+1/2, k).
 * The outer faces are PEC (tangential E = 0); CPML (`pml.cells` thick, per face selectable) absorbs.
 * Media per node (epsR, muR, sigma S/m, pec); an edge averages its two end nodes (PEC if both are).
 * Sources: current distributions J (A/m^2) on E components; lumped ports (resistive voltage source in
 * series with R ohm over a run of Ez edges, Taflove & Hagness sec. 15.10) that also give port V and I.
 * After k steps E is at t = k dt, H at (k - 1/2) dt. `step` updates typed arrays in place (no allocation).
 */
import { EPS0, FdtdConfigError, MU0, requirePositive, requirePositiveInt } from './constants.ts';
import { checkedTimeStep } from './courant.ts';
import { pmlProfile, type PmlAxis, type PmlOptions } from './cpml.ts';
import type { WaveformFn } from './waveforms.ts';
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

export type EComponent = 'ex' | 'ey' | 'ez';

export interface Medium3D {
  epsR?: Float64Array;
  muR?: Float64Array;
  sigma?: Float64Array;
  pec?: Uint8Array;
  /**
   * Optional per-edge relative permittivity of Ex, Ey, Ez (same [nx * ny * nz] layout, at the E positions),
   * e.g. dual-face averages from medium3d.ts; replaces the two-node average when given.
   */
  epsRx?: Float64Array;
  epsRy?: Float64Array;
  epsRz?: Float64Array;
  /**
   * Optional per-edge PEC masks of Ex, Ey, Ez (1 = the edge lies in a conductor), e.g. from
   * rasterizeMedium; when given they replace the node rule "an edge between two PEC nodes is PEC",
   * which shorts two sheets one cell apart (a patch on a one-cell substrate) through every edge between them.
   */
  pecX?: Uint8Array;
  pecY?: Uint8Array;
  pecZ?: Uint8Array;
  /**
   * One dispersive pole per node (ADE, explicit in P, as fdtd2d TM), epsR playing eps_infinity:
   * Lorentz eps += lorentzDeltaEps w0^2 / (w0^2 - omega^2 + j omega gamma) (lorentzOmega0 rad/s,
   * lorentzGamma 1/s) or Drude eps -= wp^2 / (omega^2 - j omega gamma) (drudeOmegaP rad/s, drudeGamma 1/s).
   * An E edge takes the mean pole strength (deltaEps w0^2 or wp^2) of its two nodes.
   */
  lorentzDeltaEps?: Float64Array;
  lorentzOmega0?: Float64Array;
  lorentzGamma?: Float64Array;
  drudeOmegaP?: Float64Array;
  drudeGamma?: Float64Array;
}

export interface CurrentSource3D {
  component: EComponent;
  /** Flat indices of the E component; amplitudes J (A/m^2) per index (default 1). */
  indices: Int32Array;
  amplitudes?: Float64Array;
  waveform: WaveformFn;
}

export interface LumpedPort3D {
  /** Node column (i, j); the port spans Ez edges k0..k1-1, i.e. from z = k0 dz to z = k1 dz. */
  i: number;
  j: number;
  k0: number;
  k1: number;
  /** Internal resistance (ohm). */
  resistance: number;
  /**
   * Parallel columns: the port spans `count` node columns from (i, j) along `axis` (default 1 column),
   * e.g. the width of a microstrip; each column carries resistance * count, V is their mean, I their sum.
   */
  columns?: { axis: 'x' | 'y'; count: number };
  /** Source voltage Vs(t) (V); omit for a passive (terminated) port. */
  waveform?: WaveformFn;
}

export interface Pml3DOptions extends PmlOptions {
  /** Faces with PML: any of 'x-','x+','y-','y+','z-','z+' (default all six). */
  faces?: string[];
}

export interface Fdtd3DConfig {
  nx: number;
  ny: number;
  nz: number;
  dx: number;
  dy?: number;
  dz?: number;
  dt?: number;
  medium?: Medium3D;
  pml?: Pml3DOptions;
  sources?: CurrentSource3D[];
  ports?: LumpedPort3D[];
  /**
   * 2 = split the bulk H and E sweeps over two threads (worker_threads, fields in SharedArrayBuffer;
   * CPML, sources and ports stay on the calling thread). Default 1. Call dispose() when done.
   */
  threads?: 1 | 2;
}

export interface Fdtd3DState {
  readonly step: number;
  readonly time: number;
  readonly ex: Float64Array;
  readonly ey: Float64Array;
  readonly ez: Float64Array;
  readonly hx: Float64Array;
  readonly hy: Float64Array;
  readonly hz: Float64Array;
  readonly psi: Float64Array[];
  /** Dispersive polarisation (C/m^2) per dispersive E edge: [P^n, P^(n-1)]. */
  readonly dispP: Float64Array;
}

export interface Fdtd3D {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  readonly dx: number;
  readonly dy: number;
  readonly dz: number;
  readonly dt: number;
  index(i: number, j: number, k: number): number;
  init(): Fdtd3DState;
  step(s: Fdtd3DState): Fdtd3DState;
  /** Port voltage V = -sum Ez dz (top relative to bottom) at the E time, V. */
  portVoltage(s: Fdtd3DState, port: number): number;
  /** Port current I (A, flowing +z through the port = into the device) at the H time: loop integral of H. */
  portCurrent(s: Fdtd3DState, port: number): number;
  /** Stop the helper thread (threads: 2); a no-op otherwise. */
  dispose(): void;
}

type Range = [number, number, number, number, number, number];

/** Index box and strides of one component update: i in [i0, i1], j in [j0, j1], k in [k0, k1]. */
interface Sweep {
  i0: number; i1: number; j0: number; j1: number; k0: number; k1: number;
  /** strides along i and j (k stride is 1) */
  si: number; sj: number;
}

/**
 * H curl update: G[q] -= c[q] * ((A[q + sa] - A[q]) ia - (B[q + sb] - B[q]) ib), c = c0 when null.
 * E.g. Hx: A = Ez (sa = stride along y), B = Ey (sb = 1, along z). Plain typed-array loops.
 */
function updateH(w: Sweep, G: Float64Array, A: Float64Array, B: Float64Array, c: Float64Array | null, c0: number, sa: number, sb: number, ia: number, ib: number): void {
  for (let i = w.i0; i <= w.i1; i++) {
    for (let j = w.j0; j <= w.j1; j++) {
      const base = i * w.si + j * w.sj;
      const end = base + w.k1;
      if (c === null) {
        for (let q = base + w.k0; q <= end; q++) G[q] = G[q]! - c0 * ((A[q + sa]! - A[q]!) * ia - (B[q + sb]! - B[q]!) * ib);
      } else {
        for (let q = base + w.k0; q <= end; q++) G[q] = G[q]! - c[q]! * ((A[q + sa]! - A[q]!) * ia - (B[q + sb]! - B[q]!) * ib);
      }
    }
  }
}

/** E curl update: G[q] = ca[q] G[q] + cb[q] ((A[q] - A[q - sa]) ia - (B[q] - B[q - sb]) ib); ca = 1, cb = cb0 when null. */
function updateE(w: Sweep, G: Float64Array, ca: Float64Array | null, cb: Float64Array | null, cb0: number, A: Float64Array, B: Float64Array, sa: number, sb: number, ia: number, ib: number): void {
  for (let i = w.i0; i <= w.i1; i++) {
    for (let j = w.j0; j <= w.j1; j++) {
      const base = i * w.si + j * w.sj;
      const end = base + w.k1;
      if (ca === null || cb === null) {
        const ca0 = cb0 * ia, cb1 = cb0 * ib;
        for (let q = base + w.k0; q <= end; q++) G[q] = G[q]! + ca0 * (A[q]! - A[q - sa]!) - cb1 * (B[q]! - B[q - sb]!);
      } else {
        for (let q = base + w.k0; q <= end; q++) G[q] = ca[q]! * G[q]! + cb[q]! * ((A[q]! - A[q - sa]!) * ia - (B[q]! - B[q - sb]!) * ib);
      }
    }
  }
}

/** One row of a CPML correction: psi <- b psi + c' dF;  G += sign * coef * psi (coef = c0 when null). */
function pmlRow(psi: Float64Array, F: Float64Array, G: Float64Array, coef: Float64Array | null, c0: number, sign: number, b: number, cInv: number, off: number, st: number, qBase: number, pBase: number, fs: number, ps: number, v0: number, v1: number): void {
  if (coef === null) {
    const k = sign * c0;
    for (let v = v0; v <= v1; v++) {
      const q = qBase + v * fs, pq = pBase + v * ps;
      const x = b * psi[pq]! + cInv * (F[q + off]! - F[q + off - st]!);
      psi[pq] = x;
      G[q] = G[q]! + k * x;
    }
  } else {
    for (let v = v0; v <= v1; v++) {
      const q = qBase + v * fs, pq = pBase + v * ps;
      const x = b * psi[pq]! + cInv * (F[q + off]! - F[q + off - st]!);
      psi[pq] = x;
      G[q] = G[q]! + sign * coef[q]! * x;
    }
  }
}

/** CPML correction along one k column (z slabs): entries p = pFirst..pLast of the PML index list. */
function pmlColumn(psi: Float64Array, F: Float64Array, G: Float64Array, coef: Float64Array | null, c0: number, sign: number, b: Float64Array, c: Float64Array, index: Int32Array, inv: number, off: number, st: number, qBase: number, pBase: number, pFirst: number, pLast: number): void {
  for (let p = pFirst; p <= pLast; p++) {
    const q = qBase + index[p]!, pq = pBase + p;
    const x = b[p]! * psi[pq]! + c[p]! * inv * (F[q + off]! - F[q + off - st]!);
    psi[pq] = x;
    G[q] = G[q]! + sign * (coef === null ? c0 : coef[q]!) * x;
  }
}

interface HelperSetup {
  sweeps: Record<'hx' | 'hy' | 'hz' | 'ex' | 'ey' | 'ez', Sweep>;
  coef: Record<string, Float64Array | null>;
  scalars: { ch0: number; cbE0: number; sx: number; sy: number; ix: number; iy: number; iz: number };
}

interface Helper {
  bind(s: Fdtd3DState): void;
  start(cmd: 1 | 2): void;
  finish(): void;
  dispose(): void;
}

/**
 * The helper thread's loop. Its source is sent to the worker with updateH/updateE (Function#toString),
 * so it may only use those two functions and globals. ctl: [0] sequence, [1] command (1 = H, 2 = E,
 * 3 = rebind fields from the port, -1 = exit), [2] last finished sequence.
 */
function helperLoop(data: { ctl: SharedArrayBuffer; setup: HelperSetup; port: MessagePort }, receive: (p: MessagePort) => { message: Record<string, Float64Array> } | undefined): void {
  const ctl = new Int32Array(data.ctl);
  const { sweeps: w, coef: c, scalars: k } = data.setup;
  let f: Record<string, Float64Array> = {};
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
    const cmd = Atomics.load(ctl, 1);
    if (cmd === -1) break;
    if (cmd === 3) {
      const m = receive(data.port);
      if (m) f = m.message;
    } else if (cmd === 1) {
      updateH(w.hx, f.hx!, f.ez!, f.ey!, c.chx!, k.ch0, k.sy, 1, k.iy, k.iz);
      updateH(w.hy, f.hy!, f.ex!, f.ez!, c.chy!, k.ch0, 1, k.sx, k.iz, k.ix);
      updateH(w.hz, f.hz!, f.ey!, f.ex!, c.chz!, k.ch0, k.sx, k.sy, k.ix, k.iy);
    } else if (cmd === 2) {
      updateE(w.ex, f.ex!, c.caEx!, c.cbEx!, k.cbE0, f.hz!, f.hy!, k.sy, 1, k.iy, k.iz);
      updateE(w.ey, f.ey!, c.caEy!, c.cbEy!, k.cbE0, f.hx!, f.hz!, 1, k.sx, k.iz, k.ix);
      updateE(w.ez, f.ez!, c.caEz!, c.cbEz!, k.cbE0, f.hy!, f.hx!, k.sx, k.sy, k.ix, k.iy);
    }
    Atomics.store(ctl, 2, seen);
    Atomics.notify(ctl, 2);
  }
}

function startHelper(setup: HelperSetup): Helper {
  const ctlBuf = new SharedArrayBuffer(12);
  const ctl = new Int32Array(ctlBuf);
  const { port1, port2 } = new MessageChannel();
  const code = [
    "const { workerData, receiveMessageOnPort } = require('node:worker_threads');",
    updateH.toString(),
    updateE.toString(),
    helperLoop.toString(),
    'helperLoop(workerData, receiveMessageOnPort);',
  ].join('\n');
  const worker = new Worker(code, { eval: true, workerData: { ctl: ctlBuf, setup, port: port2 }, transferList: [port2] });
  worker.unref();
  let seq = 0;
  let bound: Float64Array | null = null;
  const signal = (cmd: number) => {
    seq++;
    Atomics.store(ctl, 1, cmd);
    Atomics.store(ctl, 0, seq);
    Atomics.notify(ctl, 0);
  };
  const wait = () => {
    while (Atomics.load(ctl, 2) !== seq) Atomics.wait(ctl, 2, Atomics.load(ctl, 2), 50);
  };
  return {
    bind(s) {
      if (bound === s.ex) return;
      port1.postMessage({ ex: s.ex, ey: s.ey, ez: s.ez, hx: s.hx, hy: s.hy, hz: s.hz });
      signal(3);
      wait();
      bound = s.ex;
    },
    start: (cmd) => signal(cmd),
    finish: wait,
    dispose() {
      signal(-1);
      port1.close();
      void worker.terminate();
    },
  };
}

/**
 * Builds a 3-D Yee FDTD simulator (SI units, PEC outer faces, CPML) as `{init, step}` plus port probes.
 * @param config Options ({@link Fdtd3DConfig}):
 *   - `nx`: Nodes along x (integer >= 3; likewise `ny`, `nz`); every field array is Float64Array
 *     [nx * ny * nz], row-major with k fastest: index (i * ny + j) * nz + k (also `sim.index(i, j, k)`).
 *   - `dx`: Cell size along x (m); `dy`, `dz` (m) default to dx.
 *   - `dt`: Time step (s); default 0.99 of the 3-D Courant limit.
 *   - `medium`: Per-node epsR, muR (default 1), sigma (S/m), pec mask, optional per-edge epsRx/y/z
 *     and pecX/Y/Z (same layout, at the E positions; e.g. from {@link rasterizeMedium}) and one Drude or
 *     Lorentz pole per node (see {@link Medium3D}).
 *   - `pml`: CPML options (default 10 cells) and `faces`, a subset of 'x-','x+','y-','y+','z-','z+'
 *     (default all six); faces without PML are bare PEC walls.
 *   - `sources`: Soft current sources: J = amplitude * waveform(t) (A/m^2, amplitudes default 1) on
 *     the listed flat indices of one E component, sampled at (k + 1/2) dt.
 *   - `ports`: Lumped ports over Ez edges k0..k1-1 of one or `columns.count` node columns: a
 *     resistance (ohm) in series with the optional source voltage waveform(t) (V); see {@link LumpedPort3D}.
 *   - `threads`: 1 (default) or 2: bulk sweeps split over a worker thread (shared memory); call
 *     `dispose()` when done.
 * @returns `{nx, ny, nz, dx, dy, dz, dt, index, init, step, portVoltage, portCurrent, dispose}`. `init()` gives
 *   zero ex/ey/ez (V/m) and hx/hy/hz (A/m); `step(s)` advances one dt in place and returns a new record
 *   (after k steps E is at k dt, H at (k - 1/2) dt). `portVoltage(s, p)` is V (V) at the E time and
 *   `portCurrent(s, p)` I (A, into the device, +z) at the H time, for port index p.
 * @throws FdtdConfigError naming the field when a size is not an integer >= 3, a cell size <= 0, dt exceeds
 *   the Courant limit, threads is not 1 or 2, a medium array is not nx * ny * nz long, a port lies outside
 *   columns 1..nx-2 / 1..ny-2 or 0 <= k0 < k1 <= nz-1, has resistance <= 0 or shares an edge with another
 *   port, a source index is out of range or its amplitudes length differs, or a dispersive pole is invalid
 *   (Lorentz/Drude parameters, both on one node, or sqrt(strength + omega0^2) dt >= 1).
 */
export function fdtd3d(config: Fdtd3DConfig): Fdtd3D {
  const nx = requirePositiveInt('nx', config.nx, 3);
  const ny = requirePositiveInt('ny', config.ny, 3);
  const nz = requirePositiveInt('nz', config.nz, 3);
  const dx = requirePositive('dx', config.dx);
  const dy = config.dy === undefined ? dx : requirePositive('dy', config.dy);
  const dz = config.dz === undefined ? dx : requirePositive('dz', config.dz);
  const dt = checkedTimeStep([dx, dy, dz], config.dt);
  const N = nx * ny * nz;
  const sx = ny * nz, sy = nz;
  const threads = config.threads ?? 1;
  if (threads !== 1 && threads !== 2) throw new FdtdConfigError(`threads: expected 1 or 2, got ${JSON.stringify(config.threads)}`);
  // arrays the helper thread reads or writes live in shared memory
  const alloc = (n: number): Float64Array => (threads === 2 ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n));
  const idx = (i: number, j: number, k: number) => (i * ny + j) * nz + k;
  const m = config.medium ?? {};
  for (const f of ['epsR', 'muR', 'sigma', 'pec', 'epsRx', 'epsRy', 'epsRz', 'pecX', 'pecY', 'pecZ', 'lorentzDeltaEps', 'lorentzOmega0', 'lorentzGamma', 'drudeOmegaP', 'drudeGamma'] as const) {
    const a = m[f];
    if (a && a.length !== N) throw new FdtdConfigError(`medium.${f}: length ${a.length}, expected nx*ny*nz = ${N}`);
  }
  const ports = config.ports ?? [];
  // extra conductivity from port resistors, per Ez edge
  const portSigma = new Map<number, number>();
  // flat Ez indices per port column (columns x edges)
  const portCols: Int32Array[][] = [];
  ports.forEach((p, q) => {
    const where = `ports[${q}]`;
    const count = p.columns?.count ?? 1, axis = p.columns?.axis ?? 'y';
    if (!(Number.isInteger(count) && count >= 1)) throw new FdtdConfigError(`${where}.columns.count: expected an integer >= 1, got ${count}`);
    if (axis !== 'x' && axis !== 'y') throw new FdtdConfigError(`${where}.columns.axis: expected 'x' or 'y', got ${JSON.stringify(axis)}`);
    const iEnd = axis === 'x' ? p.i + count - 1 : p.i, jEnd = axis === 'y' ? p.j + count - 1 : p.j;
    if (!(Number.isInteger(p.i) && p.i >= 1 && iEnd <= nx - 2)) throw new FdtdConfigError(`${where}.i: expected columns within 1..${nx - 2}, got ${p.i}..${iEnd}`);
    if (!(Number.isInteger(p.j) && p.j >= 1 && jEnd <= ny - 2)) throw new FdtdConfigError(`${where}.j: expected columns within 1..${ny - 2}, got ${p.j}..${jEnd}`);
    if (!(Number.isInteger(p.k0) && Number.isInteger(p.k1) && p.k0 >= 0 && p.k1 <= nz - 1 && p.k0 < p.k1)) {
      throw new FdtdConfigError(`${where}: expected integers 0 <= k0 < k1 <= ${nz - 1}, got k0=${p.k0} k1=${p.k1}`);
    }
    if (!(p.resistance > 0)) throw new FdtdConfigError(`${where}.resistance: expected > 0 ohm, got ${p.resistance}`);
    const nEdges = p.k1 - p.k0;
    const cols: Int32Array[] = [];
    for (let c = 0; c < count; c++) {
      const ci = axis === 'x' ? p.i + c : p.i, cj = axis === 'y' ? p.j + c : p.j;
      const col = new Int32Array(nEdges);
      for (let k = p.k0; k < p.k1; k++) {
        const q2 = idx(ci, cj, k);
        if (portSigma.has(q2)) throw new FdtdConfigError(`${where}: Ez edge (${ci}, ${cj}, ${k}) already belongs to another port`);
        portSigma.set(q2, (nEdges * dz) / (p.resistance * count * dx * dy));
        col[k - p.k0] = q2;
      }
      cols.push(col);
    }
    portCols.push(cols);
  });
  const eps = (q: number) => EPS0 * (m.epsR?.[q] ?? 1);
  const sig = (q: number) => m.sigma?.[q] ?? 0;
  const pec = (q: number) => (m.pec?.[q] ?? 0) !== 0;
  const mkE = (stride: number, isEz: boolean, edgeEps?: Float64Array, edgePec?: Uint8Array): [Float64Array, Float64Array] => {
    const ca = alloc(N), cb = alloc(N);
    for (let q = 0; q < N; q++) {
      const q2 = q + stride < N ? q + stride : q;
      const isPec = edgePec ? edgePec[q] !== 0 : pec(q) && pec(q2);
      // a port edge is never PEC, even when it bridges two conductors one cell apart
      if (isPec && !(isEz && portSigma.has(q))) continue;
      const e = edgeEps ? EPS0 * edgeEps[q]! : 0.5 * (eps(q) + eps(q2));
      const s = 0.5 * (sig(q) + sig(q2)) + (isEz ? (portSigma.get(q) ?? 0) : 0);
      const loss = (s * dt) / (2 * e);
      ca[q] = (1 - loss) / (1 + loss);
      cb[q] = dt / e / (1 + loss);
    }
    return [ca, cb];
  };
  const [caEx, cbEx] = mkE(sx, false, m.epsRx, m.pecX);
  const [caEy, cbEy] = mkE(sy, false, m.epsRy, m.pecY);
  const [caEz, cbEz] = mkE(1, true, m.epsRz, m.pecZ);
  // Vacuum-like components (ca = 1, cb = dt/eps0 everywhere they are updated) take a scalar path.
  const cbE0 = dt / EPS0;
  const uniformE = (ca: Float64Array, cb: Float64Array, r: Range): boolean => {
    for (let i = r[0]; i <= r[1]; i++) for (let j = r[2]; j <= r[3]; j++) for (let k = r[4]; k <= r[5]; k++) {
      const q = (i * ny + j) * nz + k;
      if (ca[q] !== 1 || cb[q] !== cbE0) return false;
    }
    return true;
  };
  // H coefficient dt/mu: a scalar unless muR is given (H sits at a face centre: average 4 nodes)
  const muCoef = (a: number, b: number): Float64Array | null => {
    const mu = m.muR;
    if (!mu) return null;
    const c = alloc(N);
    for (let q = 0; q < N; q++) {
      const at = (r: number) => (r < N ? mu[r]! : mu[q]!);
      c[q] = dt / (MU0 * 0.25 * (at(q) + at(q + a) + at(q + b) + at(q + a + b)));
    }
    return c;
  };
  const chx = muCoef(sy, 1);
  const chy = muCoef(sx, 1);
  const chz = muCoef(sx, sy);
  const ch0 = dt / MU0;
  const faces = new Set(config.pml?.faces ?? ['x-', 'x+', 'y-', 'y+', 'z-', 'z+']);
  const prof = (n: number, d: number, axis: string) =>
    pmlProfile(n, d, dt, { cells: 10, ...config.pml, low: faces.has(`${axis}-`), high: faces.has(`${axis}+`) });
  const px = prof(nx, dx, 'x'), py = prof(ny, dy, 'y'), pz = prof(nz, dz, 'z');
  const sources = config.sources ?? [];
  sources.forEach((s, q) => {
    for (const v of s.indices) if (!(v >= 0 && v < N)) throw new FdtdConfigError(`sources[${q}].indices: index ${v} outside 0..${N - 1}`);
    if (s.amplitudes && s.amplitudes.length !== s.indices.length) throw new FdtdConfigError(`sources[${q}].amplitudes: length ${s.amplitudes.length}, expected ${s.indices.length}`);
  });
  const ix = 1 / dx, iy = 1 / dy, iz = 1 / dz;

  // Update ranges (inclusive) per component; tangential E on the outer faces stays 0.
  const rEx: Range = [0, nx - 2, 1, ny - 2, 1, nz - 2];
  const rEy: Range = [1, nx - 2, 0, ny - 2, 1, nz - 2];
  const rEz: Range = [1, nx - 2, 1, ny - 2, 0, nz - 2];
  const rHx: Range = [0, nx - 1, 0, ny - 2, 0, nz - 2];
  const rHy: Range = [0, nx - 2, 0, ny - 1, 0, nz - 2];
  const rHz: Range = [0, nx - 2, 0, ny - 2, 0, nz - 1];
  const uniEx = uniformE(caEx, cbEx, rEx), uniEy = uniformE(caEy, cbEy, rEy), uniEz = uniformE(caEz, cbEz, rEz);
  const sweep = (r: Range): Sweep => ({ i0: r[0], i1: r[1], j0: r[2], j1: r[3], k0: r[4], k1: r[5], si: sx, sj: sy });
  const [wEx, wEy, wEz, wHx, wHy, wHz] = [rEx, rEy, rEz, rHx, rHy, rHz].map(sweep) as [Sweep, Sweep, Sweep, Sweep, Sweep, Sweep];

  // Dispersive E edges: P^{n+1} = A P^n + B P^{n-1} + C E^n; E -= cb (P^{n+1} - P^n) / dt after the E update.
  const dIdx: number[] = [], dComp: number[] = [], dA: number[] = [], dB: number[] = [], dC: number[] = [];
  if (m.lorentzDeltaEps || m.drudeOmegaP) {
    // per node: [strength (rad/s)^2, w0, gamma]
    const pole = (q: number): [number, number, number] => {
      const de = m.lorentzDeltaEps?.[q] ?? 0, wp = m.drudeOmegaP?.[q] ?? 0;
      if (de !== 0 && wp !== 0) throw new FdtdConfigError(`medium: node ${q} has both a Lorentz and a Drude term (one pole per node)`);
      if (de !== 0) {
        const w0 = m.lorentzOmega0?.[q] ?? 0, g = m.lorentzGamma?.[q] ?? 0;
        if (!(de > 0) || !(w0 > 0) || !(g >= 0)) throw new FdtdConfigError(`medium.lorentz at node ${q}: expected deltaEps > 0, omega0 > 0 (rad/s), gamma >= 0 (1/s), got ${de}, ${w0}, ${g}`);
        return [de * w0 * w0, w0, g];
      }
      if (wp !== 0) {
        const g = m.drudeGamma?.[q] ?? 0;
        if (!(wp > 0) || !(g >= 0)) throw new FdtdConfigError(`medium.drude at node ${q}: expected omegaP > 0 (rad/s), gamma >= 0 (1/s), got ${wp}, ${g}`);
        return [wp * wp, 0, g];
      }
      return [0, 0, 0];
    };
    ([[rEx, sx, cbEx], [rEy, sy, cbEy], [rEz, 1, cbEz]] as const).forEach(([r, st, cb], comp) => {
      for (let i = r[0]; i <= r[1]; i++) for (let j = r[2]; j <= r[3]; j++) for (let k = r[4]; k <= r[5]; k++) {
        const q = (i * ny + j) * nz + k;
        if (cb[q] === 0) continue; // PEC edge
        const a = pole(q), b = pole(q + st);
        const strength = 0.5 * (a[0] + b[0]);
        if (strength === 0) continue;
        const [, w0, g] = a[0] !== 0 ? a : b;
        if (!(Math.sqrt(strength + w0 * w0) * dt < 1)) throw new FdtdConfigError(`medium: dispersive edge at node (${i}, ${j}, ${k}): pole strength sqrt(${strength + w0 * w0}) rad/s times dt = ${Math.sqrt(strength + w0 * w0) * dt}, expected < 1 for stability`);
        const d = 1 + (g * dt) / 2;
        dIdx.push(q);
        dComp.push(comp);
        dA.push((2 - w0 * w0 * dt * dt) / d);
        dB.push(-(1 - (g * dt) / 2) / d);
        dC.push((EPS0 * strength * dt * dt) / d);
      }
    });
  }
  const dispIdx = Int32Array.from(dIdx), dispComp = Uint8Array.from(dComp), dispA = Float64Array.from(dA), dispB = Float64Array.from(dB), dispC = Float64Array.from(dC);
  const dispE = new Float64Array(dIdx.length);

  /**
   * CPML correction for one curl term: G[q] += sign * coef[q] * psi, psi <- b psi + c dF,
   * dF = (F[q + fo] - F[q + fo - stride]) * inv, over range r restricted to PML positions on `axis`.
   */
  interface PmlTerm { g: 'ex' | 'ey' | 'ez' | 'hx' | 'hy' | 'hz'; f: 'ex' | 'ey' | 'ez' | 'hx' | 'hy' | 'hz'; axis: 0 | 1 | 2; sign: number; forward: boolean; r: Range; prof: PmlAxis; }
  const terms: PmlTerm[] = [
    // H updates (forward differences of E, H-type positions along the derivative axis)
    { g: 'hx', f: 'ez', axis: 1, sign: -1, forward: true, r: rHx, prof: py.h },
    { g: 'hx', f: 'ey', axis: 2, sign: +1, forward: true, r: rHx, prof: pz.h },
    { g: 'hy', f: 'ex', axis: 2, sign: -1, forward: true, r: rHy, prof: pz.h },
    { g: 'hy', f: 'ez', axis: 0, sign: +1, forward: true, r: rHy, prof: px.h },
    { g: 'hz', f: 'ey', axis: 0, sign: -1, forward: true, r: rHz, prof: px.h },
    { g: 'hz', f: 'ex', axis: 1, sign: +1, forward: true, r: rHz, prof: py.h },
    // E updates (backward differences of H, E-type positions)
    { g: 'ex', f: 'hz', axis: 1, sign: +1, forward: false, r: rEx, prof: py.e },
    { g: 'ex', f: 'hy', axis: 2, sign: -1, forward: false, r: rEx, prof: pz.e },
    { g: 'ey', f: 'hx', axis: 2, sign: +1, forward: false, r: rEy, prof: pz.e },
    { g: 'ey', f: 'hz', axis: 0, sign: -1, forward: false, r: rEy, prof: px.e },
    { g: 'ez', f: 'hy', axis: 0, sign: +1, forward: false, r: rEz, prof: px.e },
    { g: 'ez', f: 'hx', axis: 1, sign: -1, forward: false, r: rEz, prof: py.e },
  ];
  const extent = [nx, ny, nz];
  const strides = [sx, sy, 1];
  const invs = [ix, iy, iz];
  const coefFor: Record<string, Float64Array | null> = { ex: cbEx, ey: cbEy, ez: cbEz, hx: chx, hy: chy, hz: chz };
  // psi arrays: the PML positions on the axis x the full extent of the other two axes
  const psiSizes = terms.map((t) => {
    const sizes = extent.slice();
    sizes[t.axis] = t.prof.index.length;
    return sizes[0]! * sizes[1]! * sizes[2]!;
  });

  function applyPml(t: PmlTerm, psi: Float64Array, F: Float64Array, G: Float64Array): void {
    const { index, b, c } = t.prof;
    const coef = coefFor[t.g]!;
    const scalar = t.g[0] === 'h' && coef === null ? ch0 : 0;
    const st = strides[t.axis]!;
    const inv = invs[t.axis]!;
    const off = t.forward ? st : 0;
    const [i0, i1, j0, j1, k0, k1] = t.r;
    const lo = [i0, j0, k0], hi = [i1, j1, k1];
    const dims = extent.slice();
    dims[t.axis] = index.length;
    const a1 = t.axis === 0 ? 1 : 0, a2 = t.axis === 2 ? 1 : 2;
    // strides of the field array and of the psi slab along (axis, a1, a2)
    const psiStride = [dims[1]! * dims[2]!, dims[2]!, 1];
    const fs0 = strides[t.axis]!, fs1 = strides[a1]!, fs2 = strides[a2]!;
    const ps0 = psiStride[t.axis]!, ps1 = psiStride[a1]!, ps2 = psiStride[a2]!;
    const u0 = lo[a1]!, u1 = hi[a1]!, v0 = lo[a2]!, v1 = hi[a2]!;
    if (t.axis === 2) {
      // z slabs: keep the inner loop on the contiguous k axis
      const np = index.length;
      let pFirst = 0, pLast = np - 1;
      while (pFirst < np && index[pFirst]! < lo[2]!) pFirst++;
      while (pLast >= 0 && index[pLast]! > hi[2]!) pLast--;
      for (let u = u0; u <= u1; u++) {
        for (let v = v0; v <= v1; v++) {
          pmlColumn(psi, F, G, coef, scalar, t.sign, b, c, index, inv, off, st, u * fs1 + v * fs2, (u * dims[1]! + v) * np, pFirst, pLast);
        }
      }
      return;
    }
    for (let p = 0; p < index.length; p++) {
      const pos = index[p]!;
      if (pos < lo[t.axis]! || pos > hi[t.axis]!) continue;
      const bp = b[p]!, cp = c[p]!;
      for (let u = u0; u <= u1; u++) {
        pmlRow(psi, F, G, coef, scalar, t.sign, bp, cp * inv, off, st, pos * fs0 + u * fs1, p * ps0 + u * ps1, fs2, ps2, v0, v1);
      }
    }
  }

  // Two threads: this thread sweeps i < iSplit, the helper i >= iSplit (same kernels, shared arrays).
  const iSplit = nx >> 1;
  const ownCache = new Map<Sweep, Sweep>();
  const own = (w: Sweep): Sweep => {
    let o = ownCache.get(w);
    if (!o) {
      o = { ...w, i1: Math.min(w.i1, iSplit - 1) };
      ownCache.set(w, o);
    }
    return o;
  };
  const helper = threads === 2 ? startHelper({
    sweeps: { hx: { ...wHx, i0: Math.max(wHx.i0, iSplit) }, hy: { ...wHy, i0: Math.max(wHy.i0, iSplit) }, hz: { ...wHz, i0: Math.max(wHz.i0, iSplit) }, ex: { ...wEx, i0: Math.max(wEx.i0, iSplit) }, ey: { ...wEy, i0: Math.max(wEy.i0, iSplit) }, ez: { ...wEz, i0: Math.max(wEz.i0, iSplit) } },
    coef: { chx, chy, chz, caEx: uniEx ? null : caEx, cbEx: uniEx ? null : cbEx, caEy: uniEy ? null : caEy, cbEy: uniEy ? null : cbEy, caEz: uniEz ? null : caEz, cbEz: uniEz ? null : cbEz },
    scalars: { ch0, cbE0, sx, sy, ix, iy, iz },
  }) : null;

  const portIdx = portCols.map((cols) => Int32Array.from(cols.flatMap((c) => Array.from(c))));

  return {
    nx, ny, nz, dx, dy, dz, dt,
    index: idx,
    init: () => ({
      step: 0,
      time: 0,
      ex: alloc(N), ey: alloc(N), ez: alloc(N),
      hx: alloc(N), hy: alloc(N), hz: alloc(N),
      psi: psiSizes.map((n) => new Float64Array(n)),
      dispP: new Float64Array(2 * dispIdx.length),
    }),
    step(s) {
      const { ex, ey, ez, hx, hy, hz } = s;
      // ---- H
      if (helper) {
        helper.bind(s);
        helper.start(1);
        updateH(own(wHx), hx, ez, ey, chx, ch0, sy, 1, iy, iz);
        updateH(own(wHy), hy, ex, ez, chy, ch0, 1, sx, iz, ix);
        updateH(own(wHz), hz, ey, ex, chz, ch0, sx, sy, ix, iy);
        helper.finish();
      } else {
        updateH(wHx, hx, ez, ey, chx, ch0, sy, 1, iy, iz);
        updateH(wHy, hy, ex, ez, chy, ch0, 1, sx, iz, ix);
        updateH(wHz, hz, ey, ex, chz, ch0, sx, sy, ix, iy);
      }
      const F: Record<string, Float64Array> = { ex, ey, ez, hx, hy, hz };
      for (let t = 0; t < 6; t++) applyPml(terms[t]!, s.psi[t]!, F[terms[t]!.f]!, F[terms[t]!.g]!);
      // ---- E
      const EC = [ex, ey, ez] as const, CB = [cbEx, cbEy, cbEz] as const;
      for (let p = 0; p < dispIdx.length; p++) dispE[p] = EC[dispComp[p]!]![dispIdx[p]!]!;
      if (helper) helper.start(2);
      const wx = helper ? own(wEx) : wEx, wy = helper ? own(wEy) : wEy, wz = helper ? own(wEz) : wEz;
      updateE(wx, ex, uniEx ? null : caEx, uniEx ? null : cbEx, cbE0, hz, hy, sy, 1, iy, iz);
      updateE(wy, ey, uniEy ? null : caEy, uniEy ? null : cbEy, cbE0, hx, hz, 1, sx, iz, ix);
      updateE(wz, ez, uniEz ? null : caEz, uniEz ? null : cbEz, cbE0, hy, hx, sx, sy, ix, iy);
      if (helper) helper.finish();
      for (let t = 6; t < 12; t++) applyPml(terms[t]!, s.psi[t]!, F[terms[t]!.f]!, F[terms[t]!.g]!);
      {
        const P = s.dispP;
        for (let p = 0; p < dispIdx.length; p++) {
          const q = dispIdx[p]!, c = dispComp[p]!, pn = P[2 * p]!;
          const next = dispA[p]! * pn + dispB[p]! * P[2 * p + 1]! + dispC[p]! * dispE[p]!;
          EC[c]![q]! -= (CB[c]![q]! * (next - pn)) / dt;
          P[2 * p + 1] = pn;
          P[2 * p] = next;
        }
      }
      const tHalf = (s.step + 0.5) * dt;
      for (const src of sources) {
        const w = src.waveform(tHalf);
        const E = F[src.component]!;
        const cb = src.component === 'ex' ? cbEx : src.component === 'ey' ? cbEy : cbEz;
        const { indices, amplitudes } = src;
        for (let p = 0; p < indices.length; p++) {
          const q = indices[p]!;
          E[q]! -= cb[q]! * (amplitudes ? amplitudes[p]! : 1) * w;
        }
      }
      ports.forEach((p, n) => {
        if (!p.waveform) return;
        // J_s = Vs / (R count dx dy) on every edge of the port (each column carries R count)
        const js = p.waveform(tHalf) / (p.resistance * portCols[n]!.length * dx * dy);
        for (const q of portIdx[n]!) ez[q]! -= cbEz[q]! * js;
      });
      return { ...s, step: s.step + 1, time: (s.step + 1) * dt };
    },
    dispose() {
      helper?.dispose();
    },
    portVoltage(s, n) {
      // mean over the parallel columns of -sum Ez dz
      let v = 0;
      for (const q of portIdx[n]!) v -= s.ez[q]! * dz;
      return v / portCols[n]!.length;
    },
    portCurrent(s, n) {
      // sum over columns of the H loop around each column's middle edge
      let cur = 0;
      for (const col of portCols[n]!) {
        const q = col[(col.length - 1) >> 1]!;
        cur += (s.hy[q]! - s.hy[q - sx]!) * dy - (s.hx[q]! - s.hx[q - sy]!) * dx;
      }
      return cur;
    },
  };
}
