/**
 * Validation case `mie2d`: FDTD bistatic echo width of a circular cylinder (PEC or dielectric, TM or TE)
 * against the Bessel/Hankel series. TF/SF plane wave (modulated Gaussian), running DFT on an NTFF
 * contour, normalised by the DFT of the incident wave at the cylinder axis.
 * Staircased PEC (nodes with r <= a); dielectric permittivity averaged over 8x8 sub-samples per node.
 * Error metric: max over phi of |sigma_fdtd - sigma_series| / max_phi sigma_series (nulls don't dominate).
 */
import { C0 } from '../constants.ts';
import { fdtd2d, type Medium2D } from '../fdtd2d.ts';
import { dftMonitor } from '../dft.ts';
import { ntff2dMonitor, echoWidth } from '../ntff2d.ts';
import { modulatedGaussian } from '../waveforms.ts';
import { mie2dEchoWidth, type CylinderSpec } from './mie2dSeries.ts';

export interface Mie2DOptions extends CylinderSpec {
  /** Cells per wavelength in the densest medium, lambda0 / sqrt(epsR) (default 20). */
  cellsPerWavelength?: number;
  /** Frequency (Hz); only sets the scale (default 1 GHz). */
  frequency?: number;
  /** Angles (deg) at which to report; default 0..360 step 5. */
  anglesDeg?: number[];
}

export interface Mie2DResult {
  anglesDeg: number[];
  /** sigma_2D / lambda from FDTD and from the series. */
  ours: number[];
  analytic: number[];
  /** max |ours - analytic| / max(analytic). */
  maxRelError: number;
  steps: number;
  cells: [number, number];
}

/**
 * Cylinder of radius R cells centred on node (c, c) in an n x n grid. PEC: staircased at each field
 * component's own position. Dielectric: per node <eps> over 8x8 sub-samples (TM Ez is parallel to the
 * surface); per in-plane component the anisotropic average 1/eps_xx = n_x^2 <1/eps> + (1 - n_x^2) / <eps>.
 */
export function cylinderMedium(n: number, c: number, R: number, eps?: number): Medium2D {
  const N = n * n;
  const sub = 8;
  const inside = (x: number, y: number) => x * x + y * y <= R * R;
  if (eps === undefined) {
    const pec = new Uint8Array(N), pecX = new Uint8Array(N), pecY = new Uint8Array(N);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const k = i * n + j;
        if (inside(i - c, j - c)) pec[k] = 1;
        if (inside(i - c, j + 0.5 - c)) pecX[k] = 1;
        if (inside(i + 0.5 - c, j - c)) pecY[k] = 1;
      }
    }
    return { pec, pecX, pecY };
  }
  // [mean eps, mean 1/eps] over the cell centred at (x, y)
  const average = (x: number, y: number): [number, number] => {
    let e = 0, ie = 0;
    for (let p = 0; p < sub; p++) {
      for (let q = 0; q < sub; q++) {
        const v = inside(x - 0.5 + (p + 0.5) / sub, y - 0.5 + (q + 0.5) / sub) ? eps : 1;
        e += v;
        ie += 1 / v;
      }
    }
    return [e / (sub * sub), ie / (sub * sub)];
  };
  const epsR = new Float64Array(N).fill(1), epsRx = new Float64Array(N).fill(1), epsRy = new Float64Array(N).fill(1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      const x = i - c, y = j - c;
      if (Math.hypot(x, y) > R + 2) continue;
      epsR[k] = average(x, y)[0];
      for (const [px, py, out, along] of [
        [x, y + 0.5, epsRx, 0],
        [x + 0.5, y, epsRy, 1],
      ] as const) {
        const [e, ie] = average(px, py);
        const r = Math.hypot(px, py) || 1;
        const nComp = (along === 0 ? px : py) / r;
        out[k] = 1 / (nComp * nComp * ie + (1 - nComp * nComp) / e);
      }
    }
  }
  return { epsR, epsRx, epsRy };
}

export function mie2dFdtd(opts: Mie2DOptions): Mie2DResult {
  const f = opts.frequency ?? 1e9;
  const ppw = opts.cellsPerWavelength ?? 20;
  const lambda = C0 / f;
  const dx = lambda / Math.sqrt(opts.epsR ?? 1) / ppw;
  const k = (2 * Math.PI) / lambda;
  const a = opts.ka / k;
  const R = a / dx; // radius in cells
  const pmlCells = 12;
  const tfHalf = Math.ceil(R) + 3;
  const ntffHalf = tfHalf + 3;
  const half = ntffHalf + 4 + pmlCells;
  const n = 2 * half + 1;
  const c = half; // centre node
  const N = n * n;
  const medium = cylinderMedium(n, c, R, opts.epsR);
  const waveform = modulatedGaussian({ f0: f, halfBandwidth: 0.5 * f });
  const sim = fdtd2d({
    nx: n,
    ny: n,
    dx,
    pol: opts.pol,
    medium,
    pml: { cells: pmlCells },
    planeWave: { box: [c - tfHalf, c + tfHalf, c - tfHalf, c + tfHalf], waveform },
  });
  const ntff = ntff2dMonitor(sim, { ia: c - ntffHalf, ib: c + ntffHalf, ja: c - ntffHalf, jb: c + ntffHalf }, [f], { i: c, j: c });
  const incProbe = dftMonitor([f], 1, sim.dt, Int32Array.of(c - sim.incStart));
  let s = sim.init();
  let m = ntff.init();
  let inc = incProbe.init();
  // Run until the pulse has crossed the domain and the field has rung down.
  const tau = Math.sqrt(Math.log(100)) / (Math.PI * 0.5 * f);
  const minSteps = Math.ceil((9 * tau + (3 * n * dx) / C0) / sim.dt);
  const maxSteps = minSteps * 20;
  let peak = 0;
  while (s.step < maxSteps) {
    s = sim.step(s);
    m = ntff.update(m, s);
    inc = incProbe.update(inc, s.incU, s.time);
    if (s.step % 50 === 0) {
      let mx = 0;
      for (let q = 0; q < N; q++) mx = Math.max(mx, Math.abs(s.u[q]!));
      peak = Math.max(peak, mx);
      if (s.step > minSteps && mx < 1e-6 * peak) break;
    }
  }
  const anglesDeg = opts.anglesDeg ?? Array.from({ length: 73 }, (_, q) => q * 5);
  const phis = anglesDeg.map((d) => (d * Math.PI) / 180);
  const incMag = Math.hypot(inc.re[0]!, inc.im[0]!);
  const sigma = echoWidth(ntff.farIntegral(m, 0, phis), k, incMag);
  const ours = Array.from(sigma, (v) => v / lambda);
  const analytic = Array.from(mie2dEchoWidth(opts, phis));
  const peakRef = Math.max(...analytic);
  let maxRelError = 0;
  for (let q = 0; q < ours.length; q++) maxRelError = Math.max(maxRelError, Math.abs(ours[q]! - analytic[q]!) / peakRef);
  return { anglesDeg, ours, analytic, maxRelError, steps: s.step, cells: [n, n] };
}
