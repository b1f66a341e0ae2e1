/**
 * Mean-squared displacement with multiple time origins, and the self-diffusion coefficient from it.
 *
 * `meanSquaredDisplacement({maxLag, frameInterval, group?})` returns `{init, accumulate, result}`:
 * frames are fed in time order, `frameInterval` (ps or τ) apart. Periodic positions are unwrapped by
 * adding the minimum-image displacement between consecutive frames, so an atom must move less than half
 * the smallest box width between frames (sample often enough). Every frame is an origin:
 *   MSD(ℓ) = ⟨|u_i(t + ℓ) − u_i(t)|²⟩ over atoms i in the group and origins t, for ℓ = 1..maxLag frames,
 * with u the unwrapped positions (nm or σ). Cost per frame O(maxLag · N); memory maxLag + 1 frames.
 * `diffusionCoefficient(result, {from, to})` fits MSD = 6 D t + c by least squares over lag times
 * [from, to] (Einstein relation), D in nm²/ps or σ²/τ.
 */
import { type Box, minimumImageInPlace } from '../space.ts';

/** Bad option or input to the MSD analysis; the message names the option, atom or frame. */
export class MsdError extends Error {
  override name = 'MsdError';
}

export interface MsdOptions {
  /** Longest lag in frames, a positive integer. */
  readonly maxLag: number;
  /** Time between frames (ps or τ), > 0. */
  readonly frameInterval: number;
  /** Atom indices to average over (default: every atom). */
  readonly group?: ArrayLike<number>;
}

/** Accumulated sums: plain data. */
export interface MsdState {
  /** Atom indices averaged over (fixed by the first frame). */
  readonly atoms: Int32Array;
  /** [(maxLag+1) * 3 * nGroup] ring buffer of unwrapped positions. */
  readonly unwrapped: Float64Array;
  /** [3 * nAtoms] last raw positions (for unwrapping). */
  readonly last: Float64Array;
  /** [maxLag + 1] Σ |Δu|² per lag and its number of terms. */
  readonly sum: Float64Array;
  readonly count: Float64Array;
  readonly frames: number;
}

export interface MsdResult {
  /** [maxLag] lag times (ps or τ). */
  readonly time: Float64Array;
  /** [maxLag] MSD (nm² or σ²); NaN for lags longer than the trajectory. */
  readonly msd: Float64Array;
  readonly frames: number;
}

export interface MsdFns {
  init(): MsdState;
  /** Adds the next frame. Returns a new record sharing the buffers (do not reuse `state`). */
  accumulate(state: MsdState, positions: Float64Array, box: Box | null): MsdState;
  result(state: MsdState): MsdResult;
}

/**
 * Multiple-origin MSD accumulator: `{init, accumulate(state, positions [n*3] nm|σ, box | null), result}`;
 * frames `frameInterval` (ps|τ) apart, lags 1..maxLag frames, result in nm²|σ².
 * @throws MsdError on bad options, non-finite positions, bad groups or a changing atom count.
 */
export function meanSquaredDisplacement(options: MsdOptions): MsdFns {
  const { maxLag, frameInterval } = options;
  if (!Number.isInteger(maxLag) || maxLag < 1) throw new MsdError(`msd: maxLag = ${maxLag}, expected a positive integer (frames)`);
  if (!(frameInterval > 0) || !Number.isFinite(frameInterval)) throw new MsdError(`msd: frameInterval = ${frameInterval}, expected a finite time > 0`);
  const slots = maxLag + 1;
  const d = new Float64Array(3);

  function selection(n: number): Int32Array {
    if (!options.group) return Int32Array.from({ length: n }, (_, i) => i);
    const g = options.group;
    const seen = new Uint8Array(n);
    const out = new Int32Array(g.length);
    for (let k = 0; k < g.length; k++) {
      const i = g[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new MsdError(`msd: group[${k}] = ${i}, expected an atom index in [0, ${n})`);
      if (seen[i]) throw new MsdError(`msd: group lists atom ${i} twice (entry ${k})`);
      seen[i] = 1;
      out[k] = i;
    }
    if (out.length === 0) throw new MsdError('msd: group is empty');
    return out;
  }

  function accumulate(state: MsdState, positions: Float64Array, box: Box | null): MsdState {
    const n = positions.length / 3;
    if (!Number.isInteger(n) || n === 0) throw new MsdError(`msd: positions length ${positions.length} is not a positive multiple of 3`);
    for (let k = 0; k < positions.length; k++) {
      if (!Number.isFinite(positions[k]!)) throw new MsdError(`msd: atom ${Math.floor(k / 3)} has a non-finite coordinate ${positions[k]} (frame ${state.frames})`);
    }
    let s = state;
    if (s.frames === 0) {
      const atoms = selection(n);
      s = { atoms, unwrapped: new Float64Array(slots * 3 * atoms.length), last: positions.slice(), sum: new Float64Array(slots), count: new Float64Array(slots), frames: 0 };
    } else if (s.last.length !== positions.length) {
      throw new MsdError(`msd: frame ${s.frames} has ${n} atoms, earlier frames had ${s.last.length / 3}`);
    }
    const atoms = s.atoms, m = atoms.length, stride = 3 * m;
    const u = s.unwrapped, f = s.frames;
    const cur = (f % slots) * stride;
    if (f === 0) {
      for (let a = 0; a < m; a++) for (let c = 0; c < 3; c++) u[3 * a + c] = positions[3 * atoms[a]! + c]!;
    } else {
      const prev = ((f - 1) % slots) * stride;
      for (let a = 0; a < m; a++) {
        const i = atoms[a]!;
        d[0] = positions[3 * i]! - s.last[3 * i]!; d[1] = positions[3 * i + 1]! - s.last[3 * i + 1]!; d[2] = positions[3 * i + 2]! - s.last[3 * i + 2]!;
        if (box) minimumImageInPlace(box, d);
        u[cur + 3 * a] = u[prev + 3 * a]! + d[0]!; u[cur + 3 * a + 1] = u[prev + 3 * a + 1]! + d[1]!; u[cur + 3 * a + 2] = u[prev + 3 * a + 2]! + d[2]!;
      }
      for (let lag = 1; lag <= Math.min(f, maxLag); lag++) {
        const o = ((f - lag) % slots) * stride;
        let acc = 0;
        for (let k = 0; k < stride; k++) { const dx = u[cur + k]! - u[o + k]!; acc += dx * dx; }
        s.sum[lag]! += acc;
        s.count[lag]! += m;
      }
    }
    s.last.set(positions);
    return { ...s, frames: f + 1 };
  }

  function result(state: MsdState): MsdResult {
    if (state.frames < 2) throw new MsdError(`msd: ${state.frames} frame(s) accumulated, need at least 2`);
    const time = new Float64Array(maxLag), msd = new Float64Array(maxLag);
    for (let lag = 1; lag <= maxLag; lag++) {
      time[lag - 1] = lag * frameInterval;
      msd[lag - 1] = state.count[lag]! > 0 ? state.sum[lag]! / state.count[lag]! : NaN;
    }
    return { time, msd, frames: state.frames };
  }

  return {
    init: () => ({ atoms: new Int32Array(0), unwrapped: new Float64Array(0), last: new Float64Array(0), sum: new Float64Array(slots), count: new Float64Array(slots), frames: 0 }),
    accumulate,
    result,
  };
}

/** D from a least-squares line MSD = 6 D t + c over lag times in [from, to] (inclusive; ps or τ). */
export function diffusionCoefficient(res: MsdResult, window: { from: number; to: number }): { D: number; intercept: number; points: number } {
  let n = 0, st = 0, sm = 0, stt = 0, stm = 0;
  for (let k = 0; k < res.time.length; k++) {
    const t = res.time[k]!, y = res.msd[k]!;
    if (t < window.from - 1e-12 || t > window.to + 1e-12 || !Number.isFinite(y)) continue;
    n++; st += t; sm += y; stt += t * t; stm += t * y;
  }
  if (n < 2) throw new MsdError(`msd: the fit window [${window.from}, ${window.to}] holds ${n} lag(s) with data, need at least 2`);
  const slope = (n * stm - st * sm) / (n * stt - st * st);
  return { D: slope / 6, intercept: (sm - slope * st) / n, points: n };
}
