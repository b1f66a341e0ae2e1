/**
 * 2-D FDTD (Yee) in the x-y plane, SI units, one polarisation per solver:
 *   TM (Ez, Hx, Hy):  u = Ez at nodes (i dx, j dy), vx = Hx at (i, j+1/2), vy = Hy at (i+1/2, j)
 *   TE (Hz, Ex, Ey):  u = Hz at nodes,              vx = Ex at (i, j+1/2), vy = Ey at (i+1/2, j)
 * (TE is the dual grid of TM, so both share one kernel.) Arrays are [nx * ny], index k = i * ny + j;
 * vx is unused at j = ny-1 and vy at i = nx-1.
 * Media per node (epsR, muR, sigma S/m, pec mask); a half-node component averages its two nodes
 * (PEC only if both are PEC). Outer edges: u = 0 (TM: PEC walls, TE: PMC walls), normally hidden
 * behind a CPML of `pml.cells` cells. Sources: point current (TM: Jz A/m^2, TE: magnetic Mz V/m^2) or
 * hard; TF/SF plane wave along +x in a total-field box, fed by an auxiliary 1-D grid of the same dx
 * and dt (whose dispersion matches the 2-D grid exactly along an axis).
 * After k steps u is at t = k dt, v at (k - 1/2) dt.
 */
import { EPS0, FdtdConfigError, MU0, requirePositive, requirePositiveInt } from './constants.ts';
import { checkedTimeStep } from './courant.ts';
import { pmlProfile, type PmlOptions } from './cpml.ts';
import type { WaveformFn } from './waveforms.ts';

export type Polarization2D = 'TM' | 'TE';

export interface Medium2D {
  epsR?: Float64Array;
  muR?: Float64Array;
  /** Electric conductivity (S/m). */
  sigma?: Float64Array;
  /** 1 = perfect electric conductor. */
  pec?: Uint8Array;
  /**
   * TE only, optional per-component overrides at the vx = Ex (i, j+1/2) and vy = Ey (i+1/2, j)
   * positions, e.g. from anisotropic sub-pixel averaging (Farjadpour et al., Opt. Lett. 31, 2972, 2006):
   * relative permittivity and PEC mask. When given, they replace the two-node average.
   */
  epsRx?: Float64Array;
  epsRy?: Float64Array;
  /**
   * TE only, off-diagonal entries of the relative inverse permittivity tensor of the same averaging,
   * (eps^-1)_xy at the vx = Ex positions and (eps^-1)_yx at the vy = Ey positions; the other in-plane
   * component enters as the mean of its four nearest neighbours (as Meep does). With epsRx = 1/(eps^-1)_xx
   * and epsRy = 1/(eps^-1)_yy this is the full anisotropic average, which restores second-order accuracy
   * at curved interfaces (the diagonal alone is first order). Each Ex-Ey neighbour pair uses the mean of
   * its two entries, which keeps the discrete eps^-1 symmetric (stable). Zero where the medium is
   * isotropic; ignored within two cells of the outer edge.
   */
  invEpsXY?: Float64Array;
  invEpsYX?: Float64Array;
  pecX?: Uint8Array;
  pecY?: Uint8Array;
  /**
   * TM only, conformal PEC (Dey & Mittra 1997 / Railton, 2-D TM form): factors d / l multiplying the
   * curl coefficient of vx = Hx (edge (i,j)-(i,j+1)) and vy = Hy (edge (i,j)-(i+1,j)) whose edge is cut
   * by a PEC surface at distance l from its free node (the PEC-side Ez is 0). Needs a reduced dt
   * (about sqrt(min l/d) of the Courant limit). 1 = uncut.
   */
  edgeScaleX?: Float64Array;
  edgeScaleY?: Float64Array;
  /**
   * TE only, conformal PEC (Dey & Mittra 1997): free (non-PEC) length fraction of the vx = Ex and
   * vy = Ey edges and free area fraction of the dual cell around each u = Hz node; the Hz update uses
   * the contour integral over free lengths divided by the free area. Give all three together.
   */
  freeLengthX?: Float64Array;
  freeLengthY?: Float64Array;
  freeArea?: Float64Array;
  /**
   * TM only, one Lorentz pole per node (ADE, Taflove & Hagness sec. 9.4.3):
   *   eps(omega) = epsR + lorentzDeltaEps * w0^2 / (w0^2 - omega^2 + j omega gamma)   (e^{+j omega t}),
   * epsR playing eps_infinity; w0 = lorentzOmega0 (rad/s), gamma = lorentzGamma (1/s). Nodes with
   * lorentzDeltaEps = 0 are plain. Explicit in P (stable for w0 dt < 2).
   */
  lorentzDeltaEps?: Float64Array;
  lorentzOmega0?: Float64Array;
  lorentzGamma?: Float64Array;
  /**
   * TM only, Drude term per node, eps(omega) = epsR - wp^2 / (omega^2 - j omega gamma): the same ADE
   * with w0 = 0 and strength wp^2 (drudeOmegaP rad/s, drudeGamma 1/s). Not on Lorentz nodes.
   */
  drudeOmegaP?: Float64Array;
  drudeGamma?: Float64Array;
}

export interface PointSource2D {
  i: number;
  j: number;
  waveform: WaveformFn;
  amplitude?: number;
  /** 'current' (soft, default) or 'hard' (u = amplitude * waveform). */
  kind?: 'current' | 'hard';
}

export interface PlaneWave2D {
  /** Total-field box, node indices inclusive: i0 <= i <= i1, j0 <= j <= j1. Propagation along +x. */
  box: [number, number, number, number];
  /** Incident u (TM: Ez V/m, TE: Hz A/m) at the aux grid's first node, 3 cells before i0. */
  waveform: WaveformFn;
  amplitude?: number;
}

export interface Fdtd2DConfig {
  nx: number;
  ny: number;
  /** Cell sizes (m); dy defaults to dx. */
  dx: number;
  dy?: number;
  dt?: number;
  pol: Polarization2D;
  medium?: Medium2D;
  /** CPML options; `{cells: 0}` for bare walls. Default 12 cells on all four sides. */
  pml?: PmlOptions;
  sources?: PointSource2D[];
  planeWave?: PlaneWave2D;
}

export interface Fdtd2DState {
  readonly step: number;
  /** Time of u (s); v lags by dt/2. */
  readonly time: number;
  readonly u: Float64Array;
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  readonly psi: Float64Array[];
  /** Incident field on the aux grid (u at nodes, vy at half nodes), index m = i - incStart. */
  readonly incU: Float64Array;
  readonly incV: Float64Array;
  readonly incPsi: Float64Array[];
  /** Lorentz polarisation (C/m^2) at the Lorentz nodes: [P^n, P^(n-1)] per node. */
  readonly lorentzP: Float64Array;
}

export interface Fdtd2D {
  readonly nx: number;
  readonly ny: number;
  readonly dx: number;
  readonly dy: number;
  readonly dt: number;
  readonly pol: Polarization2D;
  /** x index of the aux grid's node 0 (plane wave). */
  readonly incStart: number;
  init(): Fdtd2DState;
  step(s: Fdtd2DState): Fdtd2DState;
}

const AUX_PML = 30;

/** vx -= cb (u[k+1] - u[k]) / dy (ca, cb arrays, or scalar cb0 with ca = 1 when null). */
function updateVx(vx: Float64Array, u: Float64Array, ca: Float64Array | null, cb: Float64Array | null, cb0: number, invDy: number, nx: number, ny: number): void {
  for (let i = 0; i < nx; i++) {
    const row = i * ny, end = row + ny - 1;
    if (ca === null || cb === null) {
      const c = cb0 * invDy;
      for (let k = row; k < end; k++) vx[k] = vx[k]! - c * (u[k + 1]! - u[k]!);
    } else {
      for (let k = row; k < end; k++) vx[k] = ca[k]! * vx[k]! - cb[k]! * (u[k + 1]! - u[k]!) * invDy;
    }
  }
}

/** vy += cb (u[k+ny] - u[k]) / dx. */
function updateVy(vy: Float64Array, u: Float64Array, ca: Float64Array | null, cb: Float64Array | null, cb0: number, invDx: number, nx: number, ny: number): void {
  for (let i = 0; i < nx - 1; i++) {
    const row = i * ny, end = row + ny;
    if (ca === null || cb === null) {
      const c = cb0 * invDx;
      for (let k = row; k < end; k++) vy[k] = vy[k]! + c * (u[k + ny]! - u[k]!);
    } else {
      for (let k = row; k < end; k++) vy[k] = ca[k]! * vy[k]! + cb[k]! * (u[k + ny]! - u[k]!) * invDx;
    }
  }
}

/** u = ca u + cb ((vy[k] - vy[k-ny]) / dx - (vx[k] - vx[k-1]) / dy) on interior nodes. */
function updateU(u: Float64Array, vx: Float64Array, vy: Float64Array, ca: Float64Array | null, cb: Float64Array | null, cb0: number, invDx: number, invDy: number, nx: number, ny: number): void {
  for (let i = 1; i < nx - 1; i++) {
    const row = i * ny, end = row + ny - 1;
    if (ca === null || cb === null) {
      const cx = cb0 * invDx, cy = cb0 * invDy;
      for (let k = row + 1; k < end; k++) u[k] = u[k]! + cx * (vy[k]! - vy[k - ny]!) - cy * (vx[k]! - vx[k - 1]!);
    } else {
      for (let k = row + 1; k < end; k++) u[k] = ca[k]! * u[k]! + cb[k]! * ((vy[k]! - vy[k - ny]!) * invDx - (vx[k]! - vx[k - 1]!) * invDy);
    }
  }
}

/**
 * Builds a 2-D Yee FDTD simulator in the x-y plane (SI units) for one polarisation, as `{init, step}`.
 * @param config Options ({@link Fdtd2DConfig}):
 *   - `nx`: Nodes along x (integer >= 3; likewise `ny` along y).
 *   - `dx`: Cell size along x (m); `dy` along y (m, default dx).
 *   - `dt`: Time step (s); default 0.99 of the 2-D Courant limit.
 *   - `pol`: 'TM' (u = Ez V/m, vx = Hx, vy = Hy A/m) or 'TE' (u = Hz A/m, vx = Ex, vy = Ey V/m).
 *   - `medium`: Per-node arrays, each of length nx * ny, row-major, index k = i * ny + j
 *     (i along x): epsR, muR (default 1), sigma (S/m), pec mask (Uint8Array, 1 = PEC), plus the TE
 *     anisotropic-averaging, conformal-PEC and TM Lorentz/Drude fields of {@link Medium2D}.
 *   - `pml`: CPML options applied on all four sides; default 12 cells (`{cells: 0}`: bare u = 0 walls).
 *   - `sources`: Point sources at interior node (i, j): 'current' (default, soft: TM Jz A/m^2,
 *     TE magnetic Mz V/m^2, amplitude * waveform at (k + 1/2) dt) or 'hard' (u = amplitude * waveform at (k + 1) dt).
 *   - `planeWave`: TF/SF plane wave along +x into the inclusive node box [i0, i1, j0, j1], fed by an
 *     auxiliary 1-D vacuum grid of the same dx and dt starting at node `incStart` = i0 - 3.
 * @returns `{nx, ny, dx, dy, dt, pol, incStart, init, step}`. `init()` gives zero fields `u`, `vx`, `vy`,
 *   each Float64Array [nx * ny] row-major (vx at (i, j+1/2), unused at j = ny-1; vy at (i+1/2, j), unused at
 *   i = nx-1). `step(s)` advances one dt in place and returns a new record (after k steps u is at k dt,
 *   v at (k - 1/2) dt).
 * @throws FdtdConfigError naming the field when nx/ny < 3, dx/dy <= 0, dt exceeds the Courant limit, pol is
 *   not 'TM'/'TE', a medium array is not nx * ny long, a source is not an interior node (1..nx-2, 1..ny-2),
 *   the plane-wave box is not at least 4 cells inside the PML, dispersive poles are used with TE, or a pole
 *   is invalid (Lorentz: deltaEps > 0, omega0 > 0, gamma >= 0, omega0 dt < 2; Drude: omegaP dt < 1; one per node).
 */
export function fdtd2d(config: Fdtd2DConfig): Fdtd2D {
  const nx = requirePositiveInt('nx', config.nx, 3);
  const ny = requirePositiveInt('ny', config.ny, 3);
  const dx = requirePositive('dx', config.dx);
  const dy = config.dy === undefined ? dx : requirePositive('dy', config.dy);
  const dt = checkedTimeStep([dx, dy], config.dt);
  const pol = config.pol;
  if (pol !== 'TM' && pol !== 'TE') throw new FdtdConfigError(`pol: expected 'TM' or 'TE', got ${JSON.stringify(pol)}`);
  const N = nx * ny;
  const m = config.medium ?? {};
  for (const f of ['epsR', 'muR', 'sigma', 'pec', 'epsRx', 'epsRy', 'invEpsXY', 'invEpsYX', 'pecX', 'pecY', 'edgeScaleX', 'edgeScaleY', 'freeLengthX', 'freeLengthY', 'freeArea', 'lorentzDeltaEps', 'lorentzOmega0', 'lorentzGamma', 'drudeOmegaP', 'drudeGamma'] as const) {
    const a = m[f];
    if (a && a.length !== N) throw new FdtdConfigError(`medium.${f}: length ${a.length}, expected nx*ny = ${N}`);
  }
  // TE is TM with E <-> H, eps <-> mu and the curl signs flipped.
  const sign = pol === 'TM' ? 1 : -1;
  const eps = (k: number) => EPS0 * (m.epsR?.[k] ?? 1);
  const mu = (k: number) => MU0 * (m.muR?.[k] ?? 1);
  const sig = (k: number) => m.sigma?.[k] ?? 0;
  const pec = (k: number) => (m.pec?.[k] ?? 0) !== 0;
  const caU = new Float64Array(N);
  const cbU = new Float64Array(N);
  const srcU = new Float64Array(N);
  const caVx = new Float64Array(N);
  const cbVx = new Float64Array(N);
  const caVy = new Float64Array(N);
  const cbVy = new Float64Array(N);
  // (eps, sigma) -> lossy update coefficients; for H components sigma = 0.
  const coef = (material: number, sigma: number, isPec: boolean): [number, number] => {
    if (isPec) return [0, 0];
    const loss = (sigma * dt) / (2 * material);
    return [(1 - loss) / (1 + loss), dt / material / (1 + loss)];
  };
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const k = i * ny + j;
      let a: number, b: number;
      if (pol === 'TM') [a, b] = coef(eps(k), sig(k), pec(k));
      else [a, b] = coef(mu(k), 0, false);
      caU[k] = a;
      cbU[k] = sign * b;
      srcU[k] = b;
      for (const [dirK, ca, cb, epsC, pecC, scaleC] of [
        [j < ny - 1 ? k + 1 : -1, caVx, cbVx, m.epsRx, m.pecX, m.edgeScaleX],
        [i < nx - 1 ? k + ny : -1, caVy, cbVy, m.epsRy, m.pecY, m.edgeScaleY],
      ] as const) {
        if (dirK < 0) continue;
        if (pol === 'TM') {
          [a, b] = coef(0.5 * (mu(k) + mu(dirK)), 0, false);
          if (scaleC) b *= scaleC[k]!;
        }
        else {
          const e = epsC ? EPS0 * epsC[k]! : 0.5 * (eps(k) + eps(dirK));
          const p = pecC ? pecC[k] !== 0 : pec(k) && pec(dirK);
          [a, b] = coef(e, 0.5 * (sig(k) + sig(dirK)), p);
        }
        ca[k] = a;
        cb[k] = sign * b;
      }
    }
  }
  // TE conformal cut cells: u[k] += cbU[k] * (curl_free - curl_full), curl_free = contour over free
  // lengths / free area. Stored as flat lists (node index, weights of the four edges).
  const cut: number[] = [];
  const cutW: number[] = [];
  if (pol === 'TE' && m.freeLengthX && m.freeLengthY && m.freeArea) {
    const fx = m.freeLengthX, fy = m.freeLengthY, fa = m.freeArea;
    for (let i = 1; i < nx - 1; i++) {
      for (let j = 1; j < ny - 1; j++) {
        const k = i * ny + j;
        const a = fa[k]!;
        if (a >= 1 || a <= 0) continue;
        const wR = fy[k]! / a, wL = fy[k - ny]! / a, wT = fx[k]! / a, wB = fx[k - 1]! / a;
        if (wR === 1 && wL === 1 && wT === 1 && wB === 1) continue;
        cut.push(k);
        cutW.push(wR - 1, wL - 1, wT - 1, wB - 1);
      }
    }
  }
  const cutIdx = Int32Array.from(cut), cutWeights = Float64Array.from(cutW);
  // Lorentz nodes: P^{n+1} = lA P^n + lB P^{n-1} + lC E^n; the E update then subtracts cb (P^{n+1} - P^n) / dt
  const lor: number[] = [], lorA: number[] = [], lorB: number[] = [], lorC: number[] = [];
  // one pole per node: (strength = deltaEps w0^2 or wp^2, w0, gamma)
  const pole = (k: number, strength: number, w0: number, g: number) => {
    const d = 1 + (g * dt) / 2;
    lor.push(k);
    lorA.push((2 - w0 * w0 * dt * dt) / d);
    lorB.push(-(1 - (g * dt) / 2) / d);
    lorC.push((EPS0 * strength * dt * dt) / d);
  };
  if ((m.lorentzDeltaEps || m.drudeOmegaP) && pol !== 'TM') throw new FdtdConfigError('medium.lorentz*/drude*: dispersive media are implemented for TM only');
  for (let k = 0; k < N && (m.lorentzDeltaEps || m.drudeOmegaP); k++) {
    const de = m.lorentzDeltaEps?.[k] ?? 0, wp = m.drudeOmegaP?.[k] ?? 0;
    if (de !== 0 && wp !== 0) throw new FdtdConfigError(`medium: node ${k} has both a Lorentz and a Drude term (one pole per node)`);
    if (de !== 0) {
      const w0 = m.lorentzOmega0?.[k] ?? 0, g = m.lorentzGamma?.[k] ?? 0;
      if (!(de > 0) || !(w0 > 0) || !(g >= 0)) throw new FdtdConfigError(`medium.lorentz at node ${k}: expected deltaEps > 0, omega0 > 0 (rad/s), gamma >= 0 (1/s), got ${de}, ${w0}, ${g}`);
      if (!(w0 * dt < 2)) throw new FdtdConfigError(`medium.lorentzOmega0[${k}] = ${w0} rad/s: omega0 dt = ${w0 * dt} must be < 2 for stability`);
      pole(k, de * w0 * w0, w0, g);
    } else if (wp !== 0) {
      const g = m.drudeGamma?.[k] ?? 0;
      if (!(wp > 0) || !(g >= 0)) throw new FdtdConfigError(`medium.drude at node ${k}: expected omegaP > 0 (rad/s), gamma >= 0 (1/s), got ${wp}, ${g}`);
      if (!(wp * dt < 1)) throw new FdtdConfigError(`medium.drudeOmegaP[${k}] = ${wp} rad/s: omegaP dt = ${wp * dt} must be < 1 for stability`);
      pole(k, wp * wp, 0, g);
    }
  }
  const lorIdx = Int32Array.from(lor), lorCa = Float64Array.from(lorA), lorCb = Float64Array.from(lorB), lorCc = Float64Array.from(lorC);
  const lorE = new Float64Array(lor.length);
  // TE off-diagonal inverse permittivity. Each vx (i, j+1/2) couples to its four vy neighbours
  // (i-+1/2, j), (i-+1/2, j+1) and back, with one weight per pair, (xy[vx] + yx[vy]) / 8: the discrete
  // eps^-1 stays symmetric, so the scheme keeps its energy norm (a one-sided 4-point average is not
  // symmetric and blows up at high contrast, e.g. eps 50). Flat lists: component index, four weights
  // dt/eps0 * w. TM ignores them like epsRx/epsRy (a medium builder need not know the polarisation).
  const offX: number[] = [], offXw: number[] = [], offY: number[] = [], offYw: number[] = [];
  if (pol === 'TE' && (m.invEpsXY || m.invEpsYX)) {
    const xy = m.invEpsXY, yx = m.invEpsYX;
    const inX = (k: number) => { const i = Math.floor(k / ny), j = k % ny; return i >= 1 && i <= nx - 2 && j >= 1 && j <= ny - 3; };
    const inY = (k: number) => { const i = Math.floor(k / ny), j = k % ny; return i >= 1 && i <= nx - 3 && j >= 1 && j <= ny - 2; };
    const pair = (kx: number, ky: number) => (inX(kx) && inY(ky) ? (((xy?.[kx] ?? 0) + (yx?.[ky] ?? 0)) * dt) / (8 * EPS0) : 0);
    for (let k = 0; k < N; k++) {
      const wx = [pair(k, k - ny), pair(k, k), pair(k, k - ny + 1), pair(k, k + 1)];
      if (wx.some((w) => w !== 0)) offX.push(k), offXw.push(...wx);
      const wy = [pair(k - 1, k), pair(k, k), pair(k + ny - 1, k), pair(k + ny, k)];
      if (wy.some((w) => w !== 0)) offY.push(k), offYw.push(...wy);
    }
  }
  const offXIdx = Int32Array.from(offX), offXW = Float64Array.from(offXw), offYIdx = Int32Array.from(offY), offYW = Float64Array.from(offYw);
  // Uniform coefficient arrays (vacuum, no loss) take a scalar path: fewer memory streams per cell.
  const uniform = (ca: Float64Array, cb: Float64Array, n: number, step: number, count: number) => {
    for (let r = 0; r < count; r++) {
      for (let q = 0; q < n; q++) {
        const k = r * step + q;
        if (ca[k] !== 1 || cb[k] !== cb[0]) return false;
      }
    }
    return true;
  };
  const uniVx = uniform(caVx, cbVx, ny - 1, ny, nx);
  const uniVy = uniform(caVy, cbVy, ny, ny, nx - 1);
  const uniU = uniform(caU, cbU, N, 0, 1);
  const cbVx0 = cbVx[0]!, cbVy0 = cbVy[0]!, cbU0 = cbU[0]!;
  const pmlX = pmlProfile(nx, dx, dt, { cells: 12, ...config.pml });
  const pmlY = pmlProfile(ny, dy, dt, { cells: 12, ...config.pml });
  const sources = config.sources ?? [];
  for (const [q, s] of sources.entries()) {
    if (!Number.isInteger(s.i) || s.i < 1 || s.i > nx - 2) throw new FdtdConfigError(`sources[${q}].i: expected 1..${nx - 2}, got ${s.i}`);
    if (!Number.isInteger(s.j) || s.j < 1 || s.j > ny - 2) throw new FdtdConfigError(`sources[${q}].j: expected 1..${ny - 2}, got ${s.j}`);
  }
  const pw = config.planeWave;
  let incStart = 0;
  let nInc = 0;
  let i0 = 0, i1 = 0, j0 = 0, j1 = 0;
  if (pw) {
    [i0, i1, j0, j1] = pw.box;
    const pmlCells = config.pml?.cells ?? 12;
    if (!(i0 >= pmlCells + 4 && i1 <= nx - pmlCells - 4 && i0 < i1 && j0 >= pmlCells + 4 && j1 <= ny - pmlCells - 4 && j0 < j1)) {
      throw new FdtdConfigError(`planeWave.box: [${pw.box.join(', ')}] must lie at least 4 cells inside the PML (nx=${nx}, ny=${ny}, pml=${pmlCells}) with i0<i1, j0<j1`);
    }
    incStart = i0 - 3;
    nInc = i1 + 3 - incStart + AUX_PML;
  }
  const incPml = pmlProfile(Math.max(nInc, 2), dx, dt, { cells: AUX_PML, low: false });
  // vacuum aux coefficients (TM: u=Ez uses eps, v=Hy uses mu)
  const incCbU = (sign * dt) / (pol === 'TM' ? EPS0 : MU0);
  const incCbV = (sign * dt) / (pol === 'TM' ? MU0 : EPS0);
  const invDx = 1 / dx;
  const invDy = 1 / dy;
  const px = pmlX, py = pmlY;

  return {
    nx,
    ny,
    dx,
    dy,
    dt,
    pol,
    incStart,
    init: () => ({
      step: 0,
      time: 0,
      u: new Float64Array(N),
      vx: new Float64Array(N),
      vy: new Float64Array(N),
      psi: [
        new Float64Array(nx * py.h.index.length), // vx, d/dy
        new Float64Array(px.h.index.length * ny), // vy, d/dx
        new Float64Array(px.e.index.length * ny), // u, d/dx
        new Float64Array(nx * py.e.index.length), // u, d/dy
      ],
      incU: new Float64Array(nInc),
      incV: new Float64Array(Math.max(nInc - 1, 0)),
      incPsi: [new Float64Array(incPml.h.index.length), new Float64Array(incPml.e.index.length)],
      lorentzP: new Float64Array(2 * lorIdx.length),
    }),
    step(s) {
      const { u, vx, vy, psi, incU, incV, incPsi } = s;
      const [psiVxY, psiVyX, psiUX, psiUY] = psi as [Float64Array, Float64Array, Float64Array, Float64Array];
      // ---- v (H for TM, E for TE) from u at step n
      updateVx(vx, u, uniVx ? null : caVx, uniVx ? null : cbVx, cbVx0, invDy, nx, ny);
      updateVy(vy, u, uniVy ? null : caVy, uniVy ? null : cbVy, cbVy0, invDx, nx, ny);
      {
        const { index, b, c } = py.h;
        const np = index.length;
        for (let i = 0; i < nx; i++) {
          for (let p = 0; p < np; p++) {
            const k = i * ny + index[p]!;
            const q = i * np + p;
            psiVxY[q] = b[p]! * psiVxY[q]! + c[p]! * (u[k + 1]! - u[k]!) * invDy;
            vx[k]! -= cbVx[k]! * psiVxY[q]!;
          }
        }
      }
      {
        const { index, b, c } = px.h;
        for (let p = 0; p < index.length; p++) {
          const row = index[p]! * ny;
          const bp = b[p]!, cp = c[p]!;
          for (let j = 0; j < ny; j++) {
            const k = row + j;
            const q = p * ny + j;
            psiVyX[q] = bp * psiVyX[q]! + cp * (u[k + ny]! - u[k]!) * invDx;
            vy[k]! += cbVy[k]! * psiVyX[q]!;
          }
        }
      }
      if (pw) {
        const a = pw.amplitude ?? 1;
        for (let j = j0; j <= j1; j++) {
          let k = (i0 - 1) * ny + j;
          vy[k]! -= cbVy[k]! * invDx * a * incU[i0 - incStart]!;
          k = i1 * ny + j;
          vy[k]! += cbVy[k]! * invDx * a * incU[i1 - incStart]!;
        }
        for (let i = i0; i <= i1; i++) {
          let k = i * ny + j0 - 1;
          vx[k]! += cbVx[k]! * invDy * a * incU[i - incStart]!;
          k = i * ny + j1;
          vx[k]! -= cbVx[k]! * invDy * a * incU[i - incStart]!;
        }
        // aux grid v
        for (let q = 0; q < nInc - 1; q++) incV[q]! += incCbV * (incU[q + 1]! - incU[q]!) * invDx;
        const { index, b, c } = incPml.h;
        const ps = incPsi[0]!;
        for (let p = 0; p < index.length; p++) {
          const q = index[p]!;
          ps[p] = b[p]! * ps[p]! + c[p]! * (incU[q + 1]! - incU[q]!) * invDx;
          incV[q]! += incCbV * ps[p]!;
        }
      }
      // off-diagonal couplings: gx = dHz/dy at vx, gy = -dHz/dx at vy, four neighbours each (u is
      // unchanged by the v update, so the order does not matter)
      for (let p = 0; p < offXIdx.length; p++) {
        const k = offXIdx[p]!, q = 4 * p;
        vx[k]! += invDx * (offXW[q]! * (u[k - ny]! - u[k]!) + offXW[q + 1]! * (u[k]! - u[k + ny]!) + offXW[q + 2]! * (u[k - ny + 1]! - u[k + 1]!) + offXW[q + 3]! * (u[k + 1]! - u[k + ny + 1]!));
      }
      for (let p = 0; p < offYIdx.length; p++) {
        const k = offYIdx[p]!, q = 4 * p;
        vy[k]! += invDy * (offYW[q]! * (u[k]! - u[k - 1]!) + offYW[q + 1]! * (u[k + 1]! - u[k]!) + offYW[q + 2]! * (u[k + ny]! - u[k + ny - 1]!) + offYW[q + 3]! * (u[k + ny + 1]! - u[k + ny]!));
      }
      // ---- u from v at step n+1/2
      for (let p = 0; p < lorIdx.length; p++) lorE[p] = u[lorIdx[p]!]!;
      updateU(u, vx, vy, uniU ? null : caU, uniU ? null : cbU, cbU0, invDx, invDy, nx, ny);
      for (let p = 0; p < cutIdx.length; p++) {
        const k = cutIdx[p]!, w = 4 * p;
        u[k]! += cbU[k]! * ((cutWeights[w]! * vy[k]! - cutWeights[w + 1]! * vy[k - ny]!) * invDx - (cutWeights[w + 2]! * vx[k]! - cutWeights[w + 3]! * vx[k - 1]!) * invDy);
      }
      {
        const { index, b, c } = px.e;
        for (let p = 0; p < index.length; p++) {
          const i = index[p]!;
          if (i === 0 || i === nx - 1) continue;
          const bp = b[p]!, cp = c[p]!;
          for (let j = 1; j < ny - 1; j++) {
            const k = i * ny + j;
            const q = p * ny + j;
            psiUX[q] = bp * psiUX[q]! + cp * (vy[k]! - vy[k - ny]!) * invDx;
            u[k]! += cbU[k]! * psiUX[q]!;
          }
        }
      }
      {
        const { index, b, c } = py.e;
        const np = index.length;
        for (let i = 1; i < nx - 1; i++) {
          for (let p = 0; p < np; p++) {
            const j = index[p]!;
            if (j === 0 || j === ny - 1) continue;
            const k = i * ny + j;
            const q = i * np + p;
            psiUY[q] = b[p]! * psiUY[q]! + c[p]! * (vx[k]! - vx[k - 1]!) * invDy;
            u[k]! -= cbU[k]! * psiUY[q]!;
          }
        }
      }
      const tHalf = (s.step + 0.5) * dt;
      const tNew = (s.step + 1) * dt;
      if (pw) {
        const a = pw.amplitude ?? 1;
        for (let j = j0; j <= j1; j++) {
          let k = i0 * ny + j;
          u[k]! -= cbU[k]! * invDx * a * incV[i0 - 1 - incStart]!;
          k = i1 * ny + j;
          u[k]! += cbU[k]! * invDx * a * incV[i1 - incStart]!;
        }
        for (let q = 1; q < nInc - 1; q++) incU[q]! += incCbU * (incV[q]! - incV[q - 1]!) * invDx;
        const { index, b, c } = incPml.e;
        const ps = incPsi[1]!;
        for (let p = 0; p < index.length; p++) {
          const q = index[p]!;
          if (q === 0 || q === nInc - 1) continue;
          ps[p] = b[p]! * ps[p]! + c[p]! * (incV[q]! - incV[q - 1]!) * invDx;
          incU[q]! += incCbU * ps[p]!;
        }
        incU[0] = pw.waveform(tNew);
      }
      {
        const P = s.lorentzP;
        for (let p = 0; p < lorIdx.length; p++) {
          const k = lorIdx[p]!;
          const pn = P[2 * p]!, next = lorCa[p]! * pn + lorCb[p]! * P[2 * p + 1]! + lorCc[p]! * lorE[p]!;
          u[k]! -= (cbU[k]! * (next - pn)) / dt;
          P[2 * p + 1] = pn;
          P[2 * p] = next;
        }
      }
      for (const src of sources) {
        const k = src.i * ny + src.j;
        const a = src.amplitude ?? 1;
        if (src.kind === 'hard') u[k] = a * src.waveform(tNew);
        else u[k]! -= srcU[k]! * a * src.waveform(tHalf);
      }
      return { ...s, step: s.step + 1, time: tNew };
    },
  };
}
