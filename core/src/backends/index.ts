/** Active backend selection. Primitives call `backend()` for their kernels. */
import type { Backend } from './backend.ts';
import { jsBackend } from './js.ts';

let active: Backend = jsBackend;

export function backend(): Backend {
  return active;
}

/** Switch the kernel backend (e.g. to run the same test suite against another backend). */
export function setBackend(b: Backend): void {
  active = b;
}

export type { Backend, StridedArray, UnaryOp, BinaryOp, ReduceOp } from './backend.ts';
export { jsBackend } from './js.ts';
