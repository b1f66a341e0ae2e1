/**
 * Parametric microstrip patch antenna, the 3-D S11 family of the surrogate (MindElec's parameterisation
 * example uses a 495-sample, 3-parameter antenna family at 1001 frequencies; this is ours).
 *   Substrate: eps_r 3.38, h = 1.524 mm (Rogers RO4003C, as openEMS's simple-patch tutorial), 64 x 64 mm,
 *   PEC ground below it. PEC patch on top, centred at the origin (to within half a cell along x): length L
 *   along x (the resonant dimension), width W along y. 50 ohm lumped probe feed from ground to patch on the
 *   patch's centre line y = 0, `inset` mm in from its -x (radiating) edge, which sets the input impedance
 *   (a few hundred ohm at the edge, falling towards 0 at the centre).
 *   Solver: solvers/fdtd3d on a uniform in-plane grid (cell mm, default 2), one cell across the substrate
 *   (dz = h; the per-edge PEC keeps the patch and ground apart), 6-cell CPML on all faces, air margins
 *   4 mm sideways, 3 mm below the ground and 9 mm above the patch (S11 within 0.07% of a run with 8 cells of
 *   CPML and 8/6/15 mm of air); openEMS's Gaussian excitation (centre and 20 dB corner from the band);
 *   running DFTs of the port V and I give S11 by power waves (Z0 50 ohm) at nFreq points over fMin..fMax
 *   (default 1001 points, 1.5-4 GHz) after 20 ns (15 ns left up to 0.4% of ringing, and |S11| up to 1.002).
 * Geometry lives on the grid: L and inset are whole cells and W an even number of cells (so the feed sits on
 * the patch's symmetry line and does not excite the TM01 mode); designs are drawn on that lattice
 * (`patchDesignGrid`, a full factorial, as MindElec's sample set is).
 * Units: mm for the design, Hz for frequencies, S11 dimensionless (e^{+j w t} phasors, openEMS's convention).
 */
import { evenFrequencies, checkParameterRanges } from './familyCommon.ts';
import { fdtd3d, rasterizeMedium, portMonitor, sParameters, openEmsGaussian, type Complex } from '../../solvers/index.ts';

export interface PatchDesign {
  /** Patch length along x (mm), the resonant dimension. */
  L: number;
  /** Patch width along y (mm). */
  W: number;
  /** Feed position, distance in from the patch's -x edge (mm). */
  inset: number;
}

export const PATCH_PARAMETERS = [
  { name: 'L', unit: 'mm', min: 24, max: 44 },
  { name: 'W', unit: 'mm', min: 28, max: 44 },
  { name: 'inset', unit: 'mm', min: 2, max: 10 },
] as const;

export const PATCH_SUBSTRATE = { epsR: 3.38, hMm: 1.524, sizeMm: 64 } as const;

export interface PatchGridOptions {
  /** In-plane cell (mm), default 2; L and inset must be whole multiples of it, W an even multiple. */
  cell?: number;
  fMinGHz?: number;
  fMaxGHz?: number;
  nFreq?: number;
  /** Simulated time per run (ns), default 20. */
  durationNs?: number;
  /** CPML thickness (cells), default 6. */
  pmlCells?: number;
  /** Air between the substrate edge and the CPML (mm), default 4. */
  sideMm?: number;
  /** Air above the patch (mm), default 9; below the ground (mm), default 3. */
  aboveMm?: number;
  belowMm?: number;
}

export interface PatchS11 {
  freqs: number[];
  s11: Complex[];
  steps: number;
  cells: [number, number, number];
  wallSeconds: number;
  /** Port voltage amplitude at the end of the run relative to its peak (ring-down check). */
  residual: number;
}

/**
 * The frequency grid of the patch family: nFreq points from fMinGHz to fMaxGHz inclusive.
 * @param o `fMinGHz` (default 1.5), `fMaxGHz` (default 4), `nFreq` (default 1001); other fields ignored.
 * @returns frequencies in Hz.
 * @throws RangeError unless 0 < fMin < fMax and nFreq is an integer >= 2.
 */
export function patchFrequencies(o: PatchGridOptions = {}): number[] {
  return evenFrequencies('patch', o.fMinGHz ?? 1.5, o.fMaxGHz ?? 4, o.nFreq ?? 1001);
}

/**
 * Validates a patch design: each parameter within {@link PATCH_PARAMETERS} (L 24..44, W 28..44, inset 2..10 mm),
 * L and inset whole multiples of the cell, W an even multiple of it.
 * @param d the design (mm).
 * @param cell in-plane cell (mm), default 2.
 * @throws RangeError naming the parameter, its value and what was expected.
 */
export function checkPatchDesign(d: PatchDesign, cell = 2): void {
  checkParameterRanges('patch', PATCH_PARAMETERS, d as unknown as Record<string, unknown>);
  for (const [name, v, m] of [['L', d.L, cell], ['W', d.W, 2 * cell], ['inset', d.inset, cell]] as const) {
    if (Math.abs(v / m - Math.round(v / m)) > 1e-6) throw new RangeError(`patch design: ${name} = ${v} mm; expected a multiple of ${m} mm (the grid is ${cell} mm)`);
  }
}

/**
 * The full-factorial design lattice of the family: L from 24 to 44 mm by one cell, W from 28 to 44 mm by two
 * cells, inset from 2 to 10 mm by one cell; for the default 2 mm cell 11 x 5 x 5 = 275 designs.
 * @param cell in-plane cell (mm), default 2.
 * @returns designs ordered L-major, then W, then inset (mm).
 */
export function patchDesignGrid(cell = 2): PatchDesign[] {
  const axis = (min: number, max: number, stride: number) => {
    const out: number[] = [];
    for (let k = Math.ceil(min / stride - 1e-9); k * stride <= max + 1e-9; k++) out.push(Number((k * stride).toFixed(6)));
    return out;
  };
  const out: PatchDesign[] = [];
  for (const L of axis(24, 44, cell)) for (const W of axis(28, 44, 2 * cell)) for (const inset of axis(2, 10, cell)) out.push({ L, W, inset });
  return out;
}

/**
 * FDTD S11 of one patch design (method in the file header).
 * @param design L, W, inset (mm), on the cell lattice ({@link checkPatchDesign}).
 * @param o grid options ({@link PatchGridOptions}).
 * @returns S11 (complex) at {@link patchFrequencies}(o), steps, grid cells, wall seconds and the ring-down
 *   residual (|V| over the last 5% of the run / peak |V|; > 1e-2 means the run was too short).
 * @throws RangeError for an invalid design; Error naming the step if the fields blow up.
 */
export function patchS11Fdtd(design: PatchDesign, o: PatchGridOptions = {}): PatchS11 {
  const cellMm = o.cell ?? 2;
  checkPatchDesign(design, cellMm);
  const d = cellMm * 1e-3, h = PATCH_SUBSTRATE.hMm * 1e-3, dz = h;
  const pml = o.pmlCells ?? 6;
  const sub = PATCH_SUBSTRATE.sizeMm * 1e-3;
  const half = sub / 2 + (o.sideMm ?? 4) * 1e-3;
  const nHalf = Math.round(half / d);
  const nxy = 2 * nHalf + 1 + 2 * pml;
  const below = Math.round(((o.belowMm ?? 3) * 1e-3) / dz), above = Math.round(((o.aboveMm ?? 9) * 1e-3) / dz);
  const nz = pml + below + 1 + above + pml + 1;
  const origin: [number, number, number] = [-(nHalf + pml) * d, -(nHalf + pml) * d, -(pml + below) * dz];
  const nL = Math.round(design.L / cellMm), nW = Math.round(design.W / cellMm);
  const xl = -Math.floor(nL / 2) * d, yl = -(nW / 2) * d; // patch edges on nodes
  const L = nL * d, W = nW * d;
  const medium = rasterizeMedium({ nx: nxy, ny: nxy, nz, dx: d, dy: d, dz, origin }, [
    { shape: { kind: 'box', min: [-sub / 2, -sub / 2, 0], max: [sub / 2, sub / 2, h] }, material: { epsR: PATCH_SUBSTRATE.epsR } },
    { shape: { kind: 'box', min: [-sub / 2, -sub / 2, 0], max: [sub / 2, sub / 2, 0] }, material: { pec: true } },
    { shape: { kind: 'box', min: [xl, yl, h], max: [xl + L, yl + W, h] }, material: { pec: true } },
  ]);
  const freqs = patchFrequencies(o);
  const fMin = freqs[0]!, fMax = freqs[freqs.length - 1]!;
  const waveform = openEmsGaussian(0.5 * (fMin + fMax), 0.5 * (fMax - fMin));
  const iFeed = nHalf + pml - Math.floor(nL / 2) + Math.round(design.inset / cellMm), jFeed = nHalf + pml, kGnd = pml + below;
  const sim = fdtd3d({
    nx: nxy, ny: nxy, nz, dx: d, dy: d, dz, medium, pml: { cells: pml },
    ports: [{ i: iFeed, j: jFeed, k0: kGnd, k1: kGnd + 1, resistance: 50, waveform }],
  });
  const mon = portMonitor(sim, 1, freqs);
  const steps = Math.ceil(((o.durationNs ?? 20) * 1e-9) / sim.dt);
  const tail = Math.floor(steps * 0.95);
  let s = sim.init(), m = mon.init();
  let peak = 0, last = 0;
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    s = sim.step(s);
    m = mon.update(m, s);
    const v = Math.abs(sim.portVoltage(s, 0));
    if (!Number.isFinite(v)) throw new Error(`patchS11Fdtd: fields blew up at step ${t + 1} (design ${JSON.stringify(design)})`);
    if (v > peak) peak = v;
    if (t >= tail && v > last) last = v;
  }
  sim.dispose();
  const sp = sParameters(m, 1, 0, 50);
  return {
    freqs, s11: sp.S.map((c) => c[0]!), steps, cells: [nxy, nxy, nz],
    wallSeconds: (performance.now() - t0) / 1000, residual: peak > 0 ? last / peak : 0,
  };
}

/**
 * Cavity-model resonance of a rectangular patch (Hammerstad 1975: effective permittivity and fringing
 * extension dL), f = c / (2 (L + 2 dL) sqrt(eps_eff)). The surrogate's frequency warp divides by it.
 * @param L patch length (mm), the resonant dimension.
 * @param W patch width (mm).
 * @param epsR substrate permittivity (default the family's 3.38).
 * @param hMm substrate height (mm, default the family's 1.524).
 * @returns the TM10 resonance in Hz.
 * @throws RangeError unless L, W, hMm > 0 and epsR >= 1.
 */
export function patchCavityResonance(L: number, W: number, epsR: number = PATCH_SUBSTRATE.epsR, hMm: number = PATCH_SUBSTRATE.hMm): number {
  if (!(L > 0 && W > 0 && hMm > 0 && epsR >= 1)) throw new RangeError(`patchCavityResonance: need L, W, h > 0 mm and eps_r >= 1, got L ${L}, W ${W}, h ${hMm}, eps_r ${epsR}`);
  const ee = (epsR + 1) / 2 + (epsR - 1) / 2 / Math.sqrt(1 + (12 * hMm) / W);
  const dL = (0.412 * hMm * (ee + 0.3) * (W / hMm + 0.264)) / ((ee - 0.258) * (W / hMm + 0.8));
  return 299792458 / (2 * (L + 2 * dL) * 1e-3 * Math.sqrt(ee));
}
