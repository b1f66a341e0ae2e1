/**
 * Forward mode. A JVP tracer carries (primal, tangent); processing a primitive binds it on the
 * primals one level down and applies the primitive's JVP rule to the tangents. Non-tracers of this
 * level are constants (tangent = symbolic zero, `null`), so rules never see spurious zeros and
 * nested jvps of the same function cannot confuse their perturbations.
 */
import { bind, checkRuleShape, type Primitive } from '../primitive.ts';
import { Tensor } from '../tensor.ts';
import { Trace, type TracerPayload } from './trace.ts';

export interface JvpPayload extends TracerPayload {
  readonly tangent: Tensor;
}

export class JvpTrace extends Trace {
  wrap(primal: Tensor, tangent: Tensor): Tensor {
    const payload: JvpPayload = { trace: this, primal, tangent };
    return Tensor._tracer(payload, primal.shape, primal.dtype);
  }

  /** (primal, tangent-or-null) of any tensor as seen from this level. */
  unwrap(x: Tensor): [Tensor, Tensor | null] {
    const p = x._tracer;
    if (p !== null && p.trace === this) return [p.primal, (p as JvpPayload).tangent];
    return [x, null];
  }

  process(prim: Primitive<unknown>, args: readonly Tensor[], params: unknown): Tensor {
    const primals: Tensor[] = [];
    const tangents: (Tensor | null)[] = [];
    for (const a of args) {
      const [p, t] = this.unwrap(a);
      primals.push(p);
      tangents.push(t);
    }
    const out = bind(prim, primals, params);
    if (prim.zeroDerivative) return out;
    const t = prim.jvp(primals, tangents, params, out);
    if (t === null) return out;
    checkRuleShape(prim.name, 'jvp tangent', t, out.shape);
    return this.wrap(out, t.dtype === out.dtype ? t : t.cast(out.dtype));
  }
}
