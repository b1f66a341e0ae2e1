/**
 * 2-D time-domain TE Maxwell problem (MindElec's time-domain PINN example), in normalised units:
 * lengths in L0 (default 1 m), time in L0/c, E in V/m and H scaled by eta0 (Hz' = eta0 Hz, V/m):
 *   dEx/dt =  dHz/dy
 *   dEy/dt = -dHz/dx
 *   dHz/dt = -(dEy/dx - dEx/dy) - s(x, y, t)
 * on [0,1]^2 x [0, T]. Source: magnetic current s = A exp(-|r - r0|^2 / (2 sigma^2)) w(t). With SI fields
 * this is Mz = s / L0 (V/m^2), the TE magnetic current of solvers/fdtd2d. The waveform w(t) is either
 *   'ricker' (default): a Ricker wavelet of centre frequency f (default 1 GHz -> f' = f L0 / c) peaking at
 *            t0 = 1/f', w = (1 - 2 (pi f (t - t0))^2) exp(-(pi f (t - t0))^2); or
 *   'gauss':  MindElec's time-domain example's pulse w = exp(-((t - t0) / tau)^2), tau = sqrt(2.3) / (pi f),
 *            t0 = 3.65 tau (a one-sided pulse: it has a DC part, unlike the Ricker).
 * Boundary (the absorbing condition the loss states):
 *   'mur1' (default): first-order Mur/Engquist-Majda dw/dt + n.grad w = 0 for Hz and the tangential E
 *            (Ey on x-faces, Ex on y-faces);
 *   'mur2':  second-order Mur/Engquist-Majda on Hz, dHz_tt + n.grad Hz_t - 1/2 Hz_ss = 0 (s tangential),
 *            integrated once in time with the Maxwell equations (Hz_yy = d/dt Ex_y, Hz_xx = -d/dt Ey_x) so it
 *            needs first derivatives only, as in MindElec's Maxwell2DMur:
 *              x-faces: dHz/dt + n_x dHz/dx - 1/2 dEx/dy = 0,  y-faces: dHz/dt + n_y dHz/dy + 1/2 dEy/dx = 0.
 * All fields are zero at t = 0.
 */
import { add, mul, sub, stack, partialDerivative, type Tensor } from '@mindscience/core';
import { Rectangle, SpaceTime, TimeDomain } from '../../geometry/index.ts';
import { C0 } from '../../solvers/index.ts';
import { column, pointsTensor, type Constraint, type FieldFn, type PinnProblem } from './problem.ts';

export interface MaxwellTE2DOptions {
  /** Length unit (m); default 1. */
  lengthUnit?: number;
  /** Source centre frequency (Hz); default 1e9. */
  frequency?: number;
  /** End time (normalised); default 4 ns in units of L0/c. */
  tEnd?: number;
  /** Source centre (normalised); default [0.5, 0.5]. */
  center?: readonly [number, number];
  /** Gaussian source radius sigma (normalised); default 0.04. */
  sigma?: number;
  /** Source amplitude A; default 30 (fields of order 0.1-1). */
  amplitude?: number;
  /** Source waveform (see the header); default 'ricker'. */
  waveform?: 'ricker' | 'gauss';
  /** Absorbing condition the boundary loss states (see the header); default 'mur1'. */
  boundary?: 'mur1' | 'mur2';
}

export interface MaxwellTE2D extends PinnProblem {
  readonly f: number;
  /** Peak time of the waveform (normalised). */
  readonly t0: number;
  readonly waveformKind: 'ricker' | 'gauss';
  readonly boundaryKind: 'mur1' | 'mur2';
  readonly tEnd: number;
  readonly center: readonly [number, number];
  readonly sigma: number;
  readonly amplitude: number;
  readonly lengthUnit: number;
  /** The source waveform w(t) at normalised time t (peak 1 at t0). */
  waveform(t: number): number;
  /** The three PDE residuals [N, 3] (Ex, Ey, Hz equations). */
  pdeResidual<P>(u: FieldFn<P>, params: P, X: Tensor, source?: Tensor): Tensor;
  /** s(x, y, t) at [n, 3] points (normalised). */
  sourceAt(points: Float64Array): Float64Array;
}

/**
 * Builds the normalised 2-D TE Maxwell PINN problem on [0, 1]^2 x [0, tEnd] (x, y in L0, t in L0/c,
 * Ex, Ey in V/m, Hz' = eta0 Hz in V/m) with a Gaussian-profile magnetic-current source, an absorbing
 * boundary and zero initial fields. Inputs ['x', 'y', 't'], outputs ['Ex', 'Ey', 'Hz'].
 * @param options `lengthUnit` L0 in m (default 1); `frequency` the waveform's frequency in Hz (default
 *   1e9; stored normalised as `f` = frequency L0 / c); `waveform` 'ricker' (default; peak time `t0` = 1/f) or
 *   'gauss' (MindElec's pulse, `t0` = 3.65 sqrt(2.3) / (pi f)); `boundary` 'mur1' (default) or 'mur2'; `tEnd`
 *   normalised end time (default 4 ns, i.e. 4e-9 c / L0); `center` normalised (default [0.5, 0.5]); `sigma`
 *   normalised Gaussian radius (default 0.04); `amplitude` A (default 30).
 * @returns the problem. `constraints(counts, seed)` returns `domain` (counts.domain, default 2000 points
 *   [N, 3], half of them in an 8 sigma square around the source; residual [N, 3] for the Ex, Ey, Hz
 *   equations), `boundary` (counts.boundary, default 800; 'mur1' residual [N, 2]: tangential E, Hz; 'mur2'
 *   [N, 1]: Hz) and `initial` (counts.initial, default 800 points at t = 0; residual u itself [N, 3]).
 *   `sourceAt(points)` maps a flat row-major [n*3] (x, y, t) Float64Array to s [n]; `waveform(t)` takes
 *   normalised time; `pdeResidual(u, params, X [N, 3], source?)` -> [N, 3].
 * @throws RangeError if lengthUnit, frequency, tEnd or sigma is not a finite positive number, or waveform
 *   or boundary is not one of the names above.
 */
export function maxwellTE2D(options: MaxwellTE2DOptions = {}): MaxwellTE2D {
  const L0 = options.lengthUnit ?? 1;
  const fHz = options.frequency ?? 1e9;
  const f = (fHz * L0) / C0;
  const waveformKind = options.waveform ?? 'ricker';
  const boundaryKind = options.boundary ?? 'mur1';
  if (waveformKind !== 'ricker' && waveformKind !== 'gauss') throw new RangeError(`maxwellTE2D: waveform = ${String(waveformKind)}; expected 'ricker' or 'gauss'`);
  if (boundaryKind !== 'mur1' && boundaryKind !== 'mur2') throw new RangeError(`maxwellTE2D: boundary = ${String(boundaryKind)}; expected 'mur1' or 'mur2'`);
  const tau = Math.sqrt(2.3) / (Math.PI * f); // MindElec's Gaussian pulse width (normalised)
  const t0 = waveformKind === 'ricker' ? 1 / f : 3.65 * tau;
  const tEnd = options.tEnd ?? (4e-9 * C0) / L0;
  const center = options.center ?? [0.5, 0.5];
  const sigma = options.sigma ?? 0.04;
  const amplitude = options.amplitude ?? 30;
  for (const [n, v] of [['lengthUnit', L0], ['frequency', fHz], ['tEnd', tEnd], ['sigma', sigma]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`maxwellTE2D: ${n} = ${v}; expected a positive number`);
  }
  const space = new Rectangle('square', [0, 0], [1, 1]);
  const geometry = new SpaceTime(space, new TimeDomain(0, tEnd));
  const pf2 = (Math.PI * f) ** 2;
  const waveform = waveformKind === 'ricker'
    ? (t: number) => (1 - 2 * pf2 * (t - t0) ** 2) * Math.exp(-pf2 * (t - t0) ** 2)
    : (t: number) => Math.exp(-(((t - t0) / tau) ** 2));

  const sourceAt = (points: Float64Array): Float64Array => {
    const n = points.length / 3;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const dx = points[3 * i]! - center[0], dy = points[3 * i + 1]! - center[1];
      out[i] = amplitude * Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) * waveform(points[3 * i + 2]!);
    }
    return out;
  };
  // The source is a fixed function of the points, so it is computed once per draw (no tensor graph).
  const sourceTensor = (X: Tensor): Tensor => pointsTensor(sourceAt(Float64Array.from(X.data())), 1).reshape([-1]);

  const pdeResidual = <P>(u: FieldFn<P>, params: P, X: Tensor, source?: Tensor): Tensor => {
    const d = (i: number) => partialDerivative(u, params, X, i); // [N, 3] rows (Ex, Ey, Hz)
    const ux = d(0), uy = d(1), ut = d(2);
    const s = source ?? sourceTensor(X);
    const rEx = sub(column(ut, 0), column(uy, 2));
    const rEy = add(column(ut, 1), column(ux, 2));
    const rHz = add(add(column(ut, 2), sub(column(ux, 1), column(uy, 0))), s);
    return stack([rEx, rEy, rHz], 1);
  };

  return {
    name: `maxwellTE2D(f=${fHz} Hz, ${waveformKind}, ${boundaryKind})`,
    inputs: ['x', 'y', 't'],
    outputs: ['Ex', 'Ey', 'Hz'],
    geometry,
    f, t0, tEnd, center, sigma, amplitude, lengthUnit: L0,
    waveformKind, boundaryKind,
    waveform,
    pdeResidual,
    sourceAt,
    constraints(counts, seed) {
      // Half the interior points are drawn near the source, where the field has its finest features.
      const nDomain = counts.domain ?? 2000;
      const uniformPts = geometry.sampleInterior(nDomain - Math.floor(nDomain / 2), { seed, sampler: 'uniform' });
      const near = geometry.sampleInterior(Math.floor(nDomain / 2), { seed: seed + 3, sampler: 'uniform' });
      for (let i = 0; i < near.length; i += 3) {
        near[i] = center[0] + (near[i]! - 0.5) * 8 * sigma;
        near[i + 1] = center[1] + (near[i + 1]! - 0.5) * 8 * sigma;
      }
      const all = new Float64Array(uniformPts.length + near.length);
      all.set(uniformPts);
      all.set(near, uniformPts.length);
      const Xd = pointsTensor(all, 3);
      const src = pointsTensor(sourceAt(all), 1).reshape([-1]);
      const bs = geometry.sampleBoundary(counts.boundary ?? 800, { seed: seed + 1, sampler: 'uniform' });
      const Xb = pointsTensor(bs.points, 3);
      const nb = bs.points.length / 3;
      // Outward normals per point, and a mask selecting the tangential E component (Ey on x-faces).
      const nx = new Float64Array(nb), ny = new Float64Array(nb), onX = new Float64Array(nb), onY = new Float64Array(nb);
      for (let i = 0; i < nb; i++) {
        nx[i] = bs.normals[3 * i]!;
        ny[i] = bs.normals[3 * i + 1]!;
        onX[i] = Math.abs(nx[i]!) > 0.5 ? 1 : 0;
        onY[i] = 1 - onX[i]!;
      }
      const [tnx, tny, tOnX, tOnY] = [nx, ny, onX, onY].map((a) => pointsTensor(a, 1).reshape([-1])) as [Tensor, Tensor, Tensor, Tensor];
      const xy0 = space.sampleInterior(counts.initial ?? 800, { seed: seed + 2, sampler: 'uniform' });
      const xyt0 = new Float64Array((xy0.length / 2) * 3); // (x, y, t = 0)
      for (let i = 0; i < xy0.length / 2; i++) {
        xyt0[3 * i] = xy0[2 * i]!;
        xyt0[3 * i + 1] = xy0[2 * i + 1]!;
      }
      const Xi = pointsTensor(xyt0, 3);
      const domain: Constraint = { name: 'domain', points: Xd, residual: (u, p, X) => pdeResidual(u, p, X, src) };
      const boundary: Constraint = {
        name: 'boundary',
        points: Xb,
        residual: (u, p, X) => {
          const ux = partialDerivative(u, p, X, 0), uy = partialDerivative(u, p, X, 1), ut = partialDerivative(u, p, X, 2);
          // First-order Mur: w_t + n.grad w for each field; keep Hz and the tangential E.
          const mur = (c: number) => add(column(ut, c), add(mul(tnx, column(ux, c)), mul(tny, column(uy, c))));
          if (boundaryKind === 'mur2') {
            // Second order on Hz: mur(Hz) - 1/2 dEx/dy on x-faces, + 1/2 dEy/dx on y-faces.
            const tangential = sub(mul(tOnY, column(ux, 1)), mul(tOnX, column(uy, 0)));
            return stack([add(mur(2), mul(tangential, 0.5))], 1);
          }
          const eTan = add(mul(tOnX, mur(1)), mul(tOnY, mur(0)));
          return stack([eTan, mur(2)], 1);
        },
      };
      const initial: Constraint = { name: 'initial', points: Xi, residual: (u, p, X) => u(p, X) };
      return [domain, boundary, initial];
    },
  };
}

