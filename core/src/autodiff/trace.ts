/**
 * The interpreter stack (JAX "autodidax" design). Each active transform pushes a Trace with a unique
 * level; a tracer is a Tensor carrying a payload that names its trace. `bind` (primitive.ts) hands a
 * primitive to the highest-level trace among its arguments; that trace unwraps its own tracers, binds
 * the primitive again on the primals (reaching lower levels or the concrete kernel) and wraps the
 * result. Values of other (lower) levels are constants to a trace, which is what rules out
 * perturbation confusion when transforms nest.
 */
import { TraceError } from '../errors.ts';
import type { Tensor } from '../tensor.ts';
import type { Primitive } from '../primitive.ts';

export interface TracerPayload {
  readonly trace: Trace;
  readonly primal: Tensor;
}

export abstract class Trace {
  readonly level: number;
  active = true;
  constructor(level: number) {
    this.level = level;
  }
  abstract process(prim: Primitive<unknown>, args: readonly Tensor[], params: unknown): Tensor;
}

const stack: Trace[] = [];

/** Run `body` with a new trace pushed; always pops it (and marks it inactive) afterwards. */
export function withTrace<T extends Trace, R>(make: (level: number) => T, body: (trace: T) => R): R {
  const trace = make(stack.length + 1);
  stack.push(trace);
  try {
    return body(trace);
  } finally {
    trace.active = false;
    const top = stack.pop();
    if (top !== trace) throw new TraceError('internal: trace stack corrupted (transforms exited out of order)');
  }
}

export function currentLevel(): number {
  return stack.length;
}

export function findTopTrace(args: readonly Tensor[]): Trace | null {
  let top: Trace | null = null;
  for (const a of args) {
    const p = a._tracer;
    if (p === null) continue;
    if (!p.trace.active) {
      throw new TraceError(
        `a tracer from a finished transform (level ${p.trace.level}) was used after that transform returned; ` +
          'do not keep tensors created inside grad/jvp/vjp functions in outer variables',
      );
    }
    if (top === null || p.trace.level > top.level) top = p.trace;
  }
  return top;
}
