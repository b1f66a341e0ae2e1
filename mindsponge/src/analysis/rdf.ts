/**
 * Radial distribution function g(r) and running coordination number, accumulated over frames.
 *
 * `radialDistribution({rMax, bins, groupA?, groupB?})` returns `{init, accumulate, result}` (the
 * jax-md `{init, step}` shape): `init()` makes an empty `RdfState`, `accumulate(state, positions, box)`
 * adds one frame, `result(state)` normalises. Positions are flat `Float64Array` [n*3] in nm (or σ);
 * `box` is a `Box` (orthorhombic or restricted triclinic, minimum image) or null for free space, where
 * the `volume` option (nm³ or σ³) supplies the density.
 *
 * Definition (the same as LAMMPS `compute rdf`, so the two agree bin for bin): bin k covers
 * [k Δr, (k+1) Δr) with Δr = rMax/bins and is reported at its centre. Over ordered pairs (i in A,
 * j in B, i ≠ j) with distance in bin k, summed over frames f,
 *   g_k = H_k / Σ_f (N_A N_B − N_{A∩B}) · (4π/3)((k+1)³ − k³) Δr³ / V_f
 *   n_k = Σ_{m ≤ k} H_m / Σ_f N_A                 (coordination: B partners of an A atom within (k+1) Δr)
 * Normalising per frame by its own volume makes NPT trajectories average correctly.
 *
 * Pairs come from the engine's O(N) cell list (`neighborList` with cutoff rMax, no skin); rMax must
 * be at most half the smallest perpendicular box width (the minimum-image limit).
 */
import { neighborList, type NeighborList, type NeighborListFns } from '../partition.ts';
import { type Box, boxVolume, boxWidths, minimumImageInPlace } from '../space.ts';

/** Bad option or input to the g(r) analysis; the message names the option, atom or frame. */
export class RdfError extends Error {
  override name = 'RdfError';
}

export interface RdfOptions {
  /** Largest distance binned (nm or σ), > 0. */
  readonly rMax: number;
  /** Number of bins, a positive integer. */
  readonly bins: number;
  /** Atom indices of the central group A (default: every atom). */
  readonly groupA?: ArrayLike<number>;
  /** Atom indices of the partner group B (default: every atom). */
  readonly groupB?: ArrayLike<number>;
  /** Volume (nm³ or σ³) used for the density in free space (box null); ignored for periodic boxes. */
  readonly volume?: number;
}

/** Accumulated histogram: plain data, so it can be saved, merged or inspected. */
export interface RdfState {
  /** [bins] ordered A→B pair counts summed over frames. */
  readonly histogram: Float64Array;
  /** Σ_f (N_A N_B − N_{A∩B}) / V_f (pairs per volume). */
  readonly pairDensity: number;
  /** Σ_f N_A. */
  readonly centres: number;
  readonly frames: number;
}

export interface RdfResult {
  /** [bins] bin centres (nm or σ). */
  readonly r: Float64Array;
  /** [bins] g(r), dimensionless. */
  readonly g: Float64Array;
  /** [bins] running coordination number n(r) out to the bin's upper edge. */
  readonly coordination: Float64Array;
  readonly frames: number;
}

export interface RdfFns {
  init(): RdfState;
  /** Adds one frame. Returns a new record sharing the histogram buffer (do not reuse `state`). */
  accumulate(state: RdfState, positions: Float64Array, box: Box | null): RdfState;
  result(state: RdfState): RdfResult;
}

/**
 * g(r) accumulator over frames: `{init, accumulate(state, positions [n*3] nm|σ, box | null), result}`.
 * Same bins and normalisation as LAMMPS `compute rdf` (see the file header); rMax <= half the box width.
 * @throws RdfError on bad options, non-finite positions, bad groups or a changing atom count.
 */
export function radialDistribution(options: RdfOptions): RdfFns {
  const { rMax, bins } = options;
  if (!(rMax > 0) || !Number.isFinite(rMax)) throw new RdfError(`rdf: rMax = ${rMax}, expected a finite distance > 0`);
  if (!Number.isInteger(bins) || bins < 1) throw new RdfError(`rdf: bins = ${bins}, expected a positive integer`);
  if (options.volume !== undefined && !(options.volume > 0 && Number.isFinite(options.volume))) {
    throw new RdfError(`rdf: volume = ${options.volume}, expected a finite volume > 0`);
  }
  const dr = rMax / bins;
  const inv = 1 / dr;
  const rMax2 = rMax * rMax;
  // Cutoff a hair above rMax so that no pair below rMax is lost to rounding in the list build.
  const fns: NeighborListFns = neighborList({ cutoff: rMax * (1 + 1e-12), skin: 0 });
  let list: NeighborList | null = null;
  // Membership flags per atom (bit 1: in A, bit 2: in B), rebuilt when the atom count changes.
  let member = new Uint8Array(0);
  let nA = 0, nB = 0, nAB = 0;

  function memberships(n: number): void {
    if (member.length === n) return;
    member = new Uint8Array(n);
    const mark = (group: ArrayLike<number> | undefined, bit: number, name: string): void => {
      if (!group) { for (let i = 0; i < n; i++) member[i]! |= bit; return; }
      for (let k = 0; k < group.length; k++) {
        const i = group[k]!;
        if (!Number.isInteger(i) || i < 0 || i >= n) throw new RdfError(`rdf: ${name}[${k}] = ${i}, expected an atom index in [0, ${n})`);
        if (member[i]! & bit) throw new RdfError(`rdf: ${name} lists atom ${i} twice (entry ${k})`);
        member[i]! |= bit;
      }
    };
    mark(options.groupA, 1, 'groupA');
    mark(options.groupB, 2, 'groupB');
    nA = 0; nB = 0; nAB = 0;
    for (let i = 0; i < n; i++) {
      const m = member[i]!;
      if (m & 1) nA++;
      if (m & 2) nB++;
      if (m === 3) nAB++;
    }
    if (nA === 0 || nB === 0) throw new RdfError(`rdf: group ${nA === 0 ? 'A' : 'B'} is empty`);
  }

  function accumulate(state: RdfState, positions: Float64Array, box: Box | null): RdfState {
    if (state.histogram.length !== bins) throw new RdfError(`rdf: state has ${state.histogram.length} bins, expected ${bins}`);
    const n = positions.length / 3;
    if (!Number.isInteger(n)) throw new RdfError(`rdf: positions length ${positions.length} is not a multiple of 3`);
    if (state.frames > 0 && member.length !== n) throw new RdfError(`rdf: frame ${state.frames} has ${n} atoms, earlier frames had ${member.length}`);
    memberships(n);
    let V: number;
    if (box) {
      const w = boxWidths(box);
      const half = 0.5 * Math.min(w[0], w[1], w[2]);
      if (rMax > half) throw new RdfError(`rdf: rMax = ${rMax} exceeds half the smallest box width ${half.toPrecision(6)} (frame ${state.frames}); use rMax <= ${half.toPrecision(6)}`);
      V = boxVolume(box);
    } else {
      if (options.volume === undefined) throw new RdfError('rdf: free space (box null) needs the `volume` option to define the density');
      V = options.volume;
    }
    for (let k = 0; k < positions.length; k++) {
      if (!Number.isFinite(positions[k]!)) throw new RdfError(`rdf: atom ${Math.floor(k / 3)} has a non-finite coordinate ${positions[k]} (frame ${state.frames})`);
    }
    list = list && list.refPositions.length === positions.length ? fns.update(list, positions, box) : fns.allocate(positions, box);
    const { start, pairs } = list;
    const h = state.histogram;
    const d = new Float64Array(3); // one displacement, wrapped by the engine's minimum image
    for (let i = 0; i < n; i++) {
      const mi = member[i]!;
      const xi = positions[3 * i]!, yi = positions[3 * i + 1]!, zi = positions[3 * i + 2]!;
      for (let p = start[i]!, end = start[i + 1]!; p < end; p++) {
        const j = pairs[p]!;
        const mj = member[j]!;
        // ordered pairs i→j (i in A, j in B) and j→i (j in A, i in B)
        const w = ((mi & 1) && (mj & 2) ? 1 : 0) + ((mj & 1) && (mi & 2) ? 1 : 0);
        if (w === 0) continue;
        d[0] = xi - positions[3 * j]!; d[1] = yi - positions[3 * j + 1]!; d[2] = zi - positions[3 * j + 2]!;
        if (box) minimumImageInPlace(box, d);
        const r2 = d[0]! * d[0]! + d[1]! * d[1]! + d[2]! * d[2]!;
        if (r2 >= rMax2) continue;
        const b = Math.floor(Math.sqrt(r2) * inv);
        if (b < bins) h[b]! += w;
      }
    }
    return { histogram: h, pairDensity: state.pairDensity + (nA * nB - nAB) / V, centres: state.centres + nA, frames: state.frames + 1 };
  }

  function result(state: RdfState): RdfResult {
    if (state.frames === 0) throw new RdfError('rdf: no frames accumulated');
    const r = new Float64Array(bins), g = new Float64Array(bins), coordination = new Float64Array(bins);
    let running = 0;
    for (let k = 0; k < bins; k++) {
      r[k] = (k + 0.5) * dr;
      const shell = ((4 * Math.PI) / 3) * ((k + 1) ** 3 - k ** 3) * dr ** 3;
      g[k] = state.pairDensity > 0 ? state.histogram[k]! / (state.pairDensity * shell) : 0;
      running += state.histogram[k]!;
      coordination[k] = running / state.centres;
    }
    return { r, g, coordination, frames: state.frames };
  }

  return {
    init: () => ({ histogram: new Float64Array(bins), pairDensity: 0, centres: 0, frames: 0 }),
    accumulate,
    result,
  };
}

/** g(r) of a list of frames in one call (see `radialDistribution`). */
export function rdf(frames: Iterable<{ positions: Float64Array; box: Box | null }>, options: RdfOptions): RdfResult {
  const fns = radialDistribution(options);
  let s = fns.init();
  for (const f of frames) s = fns.accumulate(s, f.positions, f.box);
  return fns.result(s);
}

/** Indices of the atoms whose species equals `species` (for `groupA`/`groupB`). */
export function atomsOfSpecies(speciesOfAtom: ArrayLike<number>, species: number): Int32Array {
  let count = 0;
  for (let i = 0; i < speciesOfAtom.length; i++) if (speciesOfAtom[i] === species) count++;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < speciesOfAtom.length; i++) if (speciesOfAtom[i] === species) out[k++] = i;
  return out;
}

export interface RdfPeak {
  /** Bin centre of the maximum (nm or σ). */
  readonly r: number;
  readonly g: number;
  /** Position of the first minimum after the peak (nm or σ), NaN if g never turns up again. */
  readonly rMin: number;
  /** Coordination number out to that minimum (the first coordination shell). */
  readonly coordination: number;
}

/** First peak of g(r): the largest g before g falls back below 1 after first exceeding it, and the first shell. */
export function rdfFirstPeak(res: RdfResult): RdfPeak {
  const { r, g, coordination } = res;
  let k = 0;
  while (k < g.length && g[k]! <= 1) k++;
  if (k === g.length) throw new RdfError('rdf: g(r) never exceeds 1; no first peak');
  let best = k;
  while (k < g.length && g[k]! > 1) { if (g[k]! > g[best]!) best = k; k++; }
  // First minimum: the lowest g between falling below 1 and rising above 1 again (the second shell).
  let m = k, k3 = k;
  while (k3 < g.length && g[k3]! <= 1) { if (g[k3]! < g[m]!) m = k3; k3++; }
  const found = k < g.length && k3 < g.length;
  return { r: r[best]!, g: g[best]!, rMin: found ? r[m]! : NaN, coordination: found ? coordination[m]! : NaN };
}
