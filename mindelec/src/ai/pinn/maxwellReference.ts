/**
 * FDTD reference for the 2-D TE Maxwell PINN: the same source, run with solvers/fdtd2d in SI units on
 * [0,1]^2 (in L0) surrounded by free space and a CPML, so the reference is the open-domain field the
 * PINN's Mur boundary approximates. Snapshots are returned at the Yee positions and times
 * (Hz at nodes and t = k dt; Ex at (i, j+1/2), Ey at (i+1/2, j), both at t = (k - 1/2) dt), in the
 * problem's normalised units (Hz' = eta0 Hz), so a PINN is compared without interpolation.
 * `boundary: 'mur'` / `'mur2'` instead solves the problem the PINN's loss states: the same Yee scheme on [0, 1]^2
 * only, closed by the first- / second-order Mur condition on Hz at the edge nodes (Mur 1981). The two differ once the
 * pulse reaches the edges: first-order Mur reflects obliquely incident waves (|R| = 0.17 at 45 degrees).
 */
import { C0, ETA0, fdtd2d, type PointSource2D } from '../../solvers/index.ts';
import type { MaxwellTE2D } from './maxwell2d.ts';

export interface MaxwellReferenceOptions {
  /** Cells per normalised unit length (default 200). */
  cellsPerUnit?: number;
  /** Normalised times of the snapshots (default 5 times spread over (0, tEnd]). */
  times?: readonly number[];
  /** Keep every `stride`-th node of [0,1]^2 in the snapshots (default 4). */
  stride?: number;
  /** 'open' (default): free space beyond [0, 1]^2 and a CPML; 'mur' / 'mur2': first- / second-order Mur on the box edges. */
  boundary?: 'open' | 'mur' | 'mur2';
}

export interface FieldSamples {
  /** [n, 3] points (x, y, t), normalised. */
  points: Float64Array;
  /** [n] values. */
  values: Float64Array;
}

export interface MaxwellReference {
  Ex: FieldSamples;
  Ey: FieldSamples;
  Hz: FieldSamples;
  /** FDTD steps run and wall time (ms). */
  steps: number;
  wallMs: number;
}

/**
 * Runs the FDTD reference for a {@link maxwellTE2D} problem: solvers/fdtd2d in SI units (dx = L0 /
 * cellsPerUnit, 16 CPML cells plus 8 free-space cells of padding around [0, 1]^2), the magnetic
 * current Mz = s / L0 (V/m^2) applied at every node within 5 sigma of the centre, sampled at the Yee
 * positions: Hz at nodes (x, y) and t = k dt, Ex at (x, y + 1/2 cell) and Ey at (x + 1/2 cell, y) at
 * t = (k - 1/2) dt, every `stride`-th node of the [0, 1]^2 grid.
 * @param problem the PINN problem (its source, lengthUnit and tEnd are used).
 * @param options `cellsPerUnit` cells per L0 (default 200); `times` normalised snapshot times, each
 *   rounded to the nearest whole FDTD step (>= 1) (default 0.2, 0.4, ..., 1.0 x tEnd); `stride` (default 4);
 *   `boundary` 'open' (default), 'mur' or 'mur2' (the first- / second-order Mur box, see the header).
 * @returns `Ex`, `Ey`, `Hz` as {points: Float64Array [n*3] row-major (x, y, t) normalised, values [n]}
 *   in the problem's units (E in V/m, Hz' = eta0 Hz in V/m); `steps` FDTD steps run; `wallMs` wall time
 *   in ms.
 * @throws Error naming the FDTD step if a field becomes non-finite.
 */
export function maxwellTE2DReference(problem: MaxwellTE2D, options: MaxwellReferenceOptions = {}): MaxwellReference {
  if (options.boundary === 'mur' || options.boundary === 'mur2') return murBoxReference(problem, options);
  const n = options.cellsPerUnit ?? 200;
  const stride = options.stride ?? 4;
  const times = options.times ?? [0.2, 0.4, 0.6, 0.8, 1.0].map((q) => q * problem.tEnd);
  const L0 = problem.lengthUnit;
  const pmlCells = 16, pad = 8, off = pmlCells + pad;
  const nodes = n + 1 + 2 * off;
  const dx = L0 / n;
  // Magnetic current Mz = s / L0 (V/m^2) at every node within 5 sigma of the centre.
  const sources: PointSource2D[] = [];
  const waveform = (t: number) => problem.waveform((t * C0) / L0);
  // (clipped to the grid: a source wider than the padding reaches into the CPML, where it is still applied)
  for (const { i, j, s } of sourceNodes(problem, n, off, nodes)) sources.push({ i, j, waveform, amplitude: s / L0 });
  const sim = fdtd2d({ nx: nodes, ny: nodes, dx, pol: 'TE', pml: { cells: pmlCells }, sources });
  const dtN = (sim.dt * C0) / L0; // normalised time step
  const targets = times.map((t) => Math.max(1, Math.round(t / dtN)));
  const out: Rows = { Ex: [], Ey: [], Hz: [] };
  const t0 = performance.now();
  let s = sim.init();
  const last = Math.max(...targets);
  for (let k = 1; k <= last; k++) {
    s = sim.step(s);
    if (!targets.includes(k)) continue;
    sampleSnapshot(out, { n, stride, tH: k * dtN, tE: (k - 0.5) * dtN, hz: s.u, ex: s.vx, ey: s.vy, hzScale: ETA0, index: (i, j) => (i + off) * nodes + (j + off) }, `FDTD step ${k}`);
  }
  return { Ex: pack(out.Ex), Ey: pack(out.Ey), Hz: pack(out.Hz), steps: last, wallMs: performance.now() - t0 };
}

type Rows = { Ex: number[][]; Ey: number[][]; Hz: number[][] };

/**
 * Nodes (i, j) of a grid with n cells per unit and `off` nodes of padding before [0, 1]^2, within 5 sigma of
 * the source centre (clipped to [1, nodes - 2]), with the source's spatial profile s = A exp(-r^2 / 2 sigma^2)
 * (values below 1e-8 A dropped).
 */
function sourceNodes(problem: MaxwellTE2D, n: number, off: number, nodes: number): { i: number; j: number; s: number }[] {
  const reach = Math.ceil(5 * problem.sigma * n);
  const ci = Math.round(problem.center[0] * n) + off, cj = Math.round(problem.center[1] * n) + off;
  const out: { i: number; j: number; s: number }[] = [];
  for (let i = Math.max(1, ci - reach); i <= Math.min(nodes - 2, ci + reach); i++) {
    for (let j = Math.max(1, cj - reach); j <= Math.min(nodes - 2, cj + reach); j++) {
      const x = (i - off) / n - problem.center[0], y = (j - off) / n - problem.center[1];
      const g = Math.exp(-(x * x + y * y) / (2 * problem.sigma ** 2));
      if (g >= 1e-8) out.push({ i, j, s: problem.amplitude * g });
    }
  }
  return out;
}

/**
 * Appends one snapshot: Hz (times hzScale) at every stride-th node (x, y) = (i / n, j / n) of [0, 1]^2 and time
 * tH, Ex at (x, y + 1/2 cell) and Ey at (x + 1/2 cell, y) at time tE; `index(i, j)` is the node's position in
 * the field arrays. Throws naming `when` if any field value is non-finite.
 */
function sampleSnapshot(
  out: Rows,
  o: { n: number; stride: number; tH: number; tE: number; hz: Float64Array; ex: Float64Array; ey: Float64Array; hzScale: number; index: (i: number, j: number) => number },
  when: string,
): void {
  for (const v of [o.hz, o.ex, o.ey]) {
    for (let q = 0; q < v.length; q++) if (!Number.isFinite(v[q]!)) throw new Error(`maxwellTE2DReference: non-finite field at ${when}`);
  }
  const { n } = o;
  for (let i = 0; i <= n; i += o.stride) {
    for (let j = 0; j <= n; j += o.stride) {
      const q = o.index(i, j), x = i / n, y = j / n;
      out.Hz.push([x, y, o.tH, o.hzScale * o.hz[q]!]);
      if (j < n) out.Ex.push([x, y + 0.5 / n, o.tE, o.ex[q]!]);
      if (i < n) out.Ey.push([x + 0.5 / n, y, o.tE, o.ey[q]!]);
    }
  }
}

const pack = (rows: number[][]): FieldSamples => ({
  points: Float64Array.from(rows.flatMap((r) => [r[0]!, r[1]!, r[2]!])),
  values: Float64Array.from(rows.map((r) => r[3]!)),
});

/**
 * The Mur-box reference: the Yee TE scheme in the problem's normalised units (c = 1) on the nodes of
 * [0, 1]^2 only, with fdtd2d's time step (0.99 of the Courant limit) and source placement, so that before
 * the pulse reaches the edges it matches the open-domain reference to rounding; Hz on the edge nodes
 * follows the first-order Mur update Hz_0^{n+1} = Hz_1^n + (dt - dx) / (dt + dx) (Hz_1^{n+1} - Hz_0^n), or with
 * boundary 'mur2' Mur's second-order update (Taflove & Hagness, Computational Electrodynamics, sec. 6.3; the
 * discrete form of dHz/dn dt + d^2Hz/dt^2 - 1/2 d^2Hz/ds^2 = 0, the condition MindElec's loss states) on the
 * edges and the first-order one at the four corners.
 * Sampled exactly as the open reference (same points, same order).
 */
function murBoxReference(problem: MaxwellTE2D, options: MaxwellReferenceOptions): MaxwellReference {
  const n = options.cellsPerUnit ?? 200;
  const stride = options.stride ?? 4;
  const times = options.times ?? [0.2, 0.4, 0.6, 0.8, 1.0].map((q) => q * problem.tEnd);
  const N = n + 1, dx = 1 / n, dt = (0.99 * dx) / Math.SQRT2;
  const H = new Float64Array(N * N), Ex = new Float64Array(N * N), Ey = new Float64Array(N * N), Hold = new Float64Array(N * N);
  const second = options.boundary === 'mur2', Hold2 = new Float64Array(second ? N * N : 0); // Hz at steps n, n - 1
  // Source at every node within 5 sigma of the centre, as the open reference applies it.
  const g = new Float64Array(N * N);
  for (const { i, j, s } of sourceNodes(problem, n, 0, N)) g[i * N + j] = s;
  const c = dt / dx, k = (dt - dx) / (dt + dx);
  // Mur updates of edge node q0 from its inner neighbour q1 (H: step n + 1 inside, Hold: n, Hold2: n - 1).
  const mur1 = (q0: number, q1: number) => Hold[q1]! + k * (H[q1]! - Hold[q0]!);
  // Second order (Mur 1981) between the corners; `along` is the index step along the edge.
  const b = (2 * dx) / (dt + dx), e = (dt * dt) / (2 * dx * (dt + dx));
  const mur2 = (q0: number, q1: number, along: number) =>
    -Hold2[q1]! + k * (H[q1]! + Hold2[q0]!) + b * (Hold[q0]! + Hold[q1]!)
    + e * (Hold[q0 + along]! - 2 * Hold[q0]! + Hold[q0 - along]! + Hold[q1 + along]! - 2 * Hold[q1]! + Hold[q1 - along]!);
  const corners = [[0, N + 1], [N - 1, 2 * N - 2], [(N - 1) * N, (N - 2) * N + 1], [N * N - 1, (N - 1) * N - 2]] as const;
  const targets = times.map((t) => Math.max(1, Math.round(t / dt)));
  const last = Math.max(...targets);
  const out: Rows = { Ex: [], Ey: [], Hz: [] };
  const t0 = performance.now();
  for (let s = 1; s <= last; s++) {
    for (let i = 0; i < N; i++) for (let j = 0; j + 1 < N; j++) Ex[i * N + j] += c * (H[i * N + j + 1]! - H[i * N + j]!);
    for (let i = 0; i + 1 < N; i++) for (let j = 0; j < N; j++) Ey[i * N + j] -= c * (H[(i + 1) * N + j]! - H[i * N + j]!);
    Hold.set(H);
    const r = dt * problem.waveform((s - 0.5) * dt);
    for (let i = 1; i + 1 < N; i++) {
      for (let j = 1; j + 1 < N; j++) {
        const q = i * N + j;
        H[q] -= c * (Ey[q]! - Ey[q - N]! - (Ex[q]! - Ex[q - 1]!)) + g[q]! * r;
      }
    }
    if (second) {
      for (let j = 1; j + 1 < N; j++) {
        H[j] = mur2(j, N + j, 1);
        H[(N - 1) * N + j] = mur2((N - 1) * N + j, (N - 2) * N + j, 1);
      }
      for (let i = 1; i + 1 < N; i++) {
        H[i * N] = mur2(i * N, i * N + 1, N);
        H[i * N + N - 1] = mur2(i * N + N - 1, i * N + N - 2, N);
      }
      for (const [q0, q1] of corners) H[q0] = mur1(q0, q1); // first order along the diagonal
      Hold2.set(Hold);
    } else {
      for (let j = 0; j < N; j++) {
        H[j] = mur1(j, N + j);
        H[(N - 1) * N + j] = mur1((N - 1) * N + j, (N - 2) * N + j);
      }
      for (let i = 0; i < N; i++) {
        H[i * N] = mur1(i * N, i * N + 1);
        H[i * N + N - 1] = mur1(i * N + N - 1, i * N + N - 2);
      }
    }
    if (targets.includes(s)) sampleSnapshot(out, { n, stride, tH: s * dt, tE: (s - 0.5) * dt, hz: H, ex: Ex, ey: Ey, hzScale: 1, index: (i, j) => i * N + j }, `Mur-box step ${s}`);
  }
  return { Ex: pack(out.Ex), Ey: pack(out.Ey), Hz: pack(out.Hz), steps: last, wallMs: performance.now() - t0 };
}
