/** Error types of @mindscience/core. Messages name the op, the offending value and what was expected. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}
export class TraceError extends Error {
  override name = 'TraceError';
}
export class RegistryError extends Error {
  override name = 'RegistryError';
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
