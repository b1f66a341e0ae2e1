/** SI electromagnetic constants (CODATA 2018). */
export const C0 = 299_792_458; // m/s
export const MU0 = 1.25663706212e-6; // H/m
export const EPS0 = 1 / (MU0 * C0 * C0); // F/m
export const ETA0 = Math.sqrt(MU0 / EPS0); // ohm, impedance of free space

/** Thrown for invalid solver configuration; the message names the field, the value and what was expected. */
export class FdtdConfigError extends Error {
  override name = 'FdtdConfigError';
}

export function requirePositiveInt(field: string, v: unknown, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new FdtdConfigError(`${field}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function requirePositive(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new FdtdConfigError(`${field}: expected a finite number > 0, got ${JSON.stringify(v)}`);
  }
  return v;
}
