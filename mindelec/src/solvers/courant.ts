/**
 * Courant-Friedrichs-Lewy limit of the Yee scheme: dt <= 1 / (c sqrt(sum 1/dx_i^2)), c the fastest
 * wave speed in the grid (vacuum unless every cell is slower). Units: metres in, seconds out.
 */
import { C0, FdtdConfigError } from './constants.ts';

/** Largest stable time step (s) for cell sizes `spacing` (m), one per dimension. */
export function courantLimit(spacing: readonly number[], c = C0): number {
  let s = 0;
  for (const d of spacing) s += 1 / (d * d);
  return 1 / (c * Math.sqrt(s));
}

/**
 * The time step (s) to use for cell sizes `spacing` (m): `courantFactor` (default 0.99) times
 * {@link courantLimit} when dt is undefined, otherwise the requested dt itself.
 * @throws FdtdConfigError when dt is not a finite number > 0, or exceeds the vacuum Courant limit
 *   (the message gives dt, the limit and the Courant number).
 */
export function checkedTimeStep(spacing: readonly number[], dt?: number, courantFactor = 0.99): number {
  const limit = courantLimit(spacing);
  if (dt === undefined) return courantFactor * limit;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new FdtdConfigError(`dt: expected a finite time step > 0 s, got ${dt}`);
  if (dt > limit) {
    throw new FdtdConfigError(
      `dt: ${dt.toExponential(4)} s exceeds the Courant limit ${limit.toExponential(4)} s for cell sizes [${spacing.join(', ')}] m (Courant number ${(dt / limit).toFixed(4)} > 1)`,
    );
  }
  return dt;
}
