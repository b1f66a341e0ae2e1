/** Error types of @mindscience/core. Messages name the op, the offending value and what was expected. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}
/**
 * Misuse of a transform: a tracer from a finished grad/jvp/vjp used after that transform returned, or transforms
 * exited out of order.
 */
export class TraceError extends Error {
  override name = 'TraceError';
}
/** A primitive declared twice under one name, or declared without both jvp and vjp rules (see `definePrimitive`). */
export class RegistryError extends Error {
  override name = 'RegistryError';
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
