/**
 * Reverse mode as a level-tagged tape. Processing a primitive binds it on the primals one level
 * down and records a node (primitive, params, input tracers, primals, output). `backward` runs
 * after this level has been popped: it walks the tape backwards applying the VJP rules, which are
 * ordinary ops on (possibly lower-level) tensors — so an outer transform traces the backward pass,
 * which is what makes grad-of-grad, forward-over-reverse and force training work.
 */
import { bind, checkRuleShape, type Primitive } from '../primitive.ts';
import { Tensor } from '../tensor.ts';
import { add } from '../ops/elementwise.ts';
import { Trace, type TracerPayload } from './trace.ts';

export interface VjpPayload extends TracerPayload {
  /** Unique within the trace: inputs get ids first, then node outputs in tape order. */
  readonly id: number;
}

interface TapeNode {
  prim: Primitive<unknown>;
  params: unknown;
  inputs: (VjpPayload | null)[];
  primals: Tensor[];
  out: Tensor;
  outId: number;
}

export class VjpTrace extends Trace {
  private readonly tape: TapeNode[] = [];
  private nextId = 0;

  /** A fresh input tracer of this level. */
  input(primal: Tensor): Tensor {
    const payload: VjpPayload = { trace: this, primal, id: this.nextId++ };
    return Tensor._tracer(payload, primal.shape, primal.dtype);
  }

  process(prim: Primitive<unknown>, args: readonly Tensor[], params: unknown): Tensor {
    const primals: Tensor[] = [];
    const inputs: (VjpPayload | null)[] = [];
    for (const a of args) {
      const p = a._tracer;
      if (p !== null && p.trace === this) {
        primals.push(p.primal);
        inputs.push(p as VjpPayload);
      } else {
        primals.push(a);
        inputs.push(null);
      }
    }
    const out = bind(prim, primals, params);
    if (prim.zeroDerivative) return out;
    const payload: VjpPayload = { trace: this, primal: out, id: this.nextId++ };
    this.tape.push({ prim, params, inputs, primals, out, outId: payload.id });
    return Tensor._tracer(payload, out.shape, out.dtype);
  }

  /**
   * Cotangents of `inputs` (tracers of this level; anything else -> null) given cotangents `seeds`
   * of `outputs`. Call only after the trace has been popped, so the rules run one level down.
   */
  backward(outputs: readonly Tensor[], seeds: readonly Tensor[], inputs: readonly Tensor[]): (Tensor | null)[] {
    const cts = new Map<number, Tensor>();
    outputs.forEach((o, k) => {
      const p = o._tracer;
      if (p === null || p.trace !== this) return;
      const id = (p as VjpPayload).id;
      const prev = cts.get(id);
      cts.set(id, prev === undefined ? seeds[k]! : add(prev, seeds[k]!));
    });
    for (let i = this.tape.length - 1; i >= 0; i--) {
      const node = this.tape[i]!;
      const ct = cts.get(node.outId);
      if (ct === undefined) continue;
      cts.delete(node.outId);
      const which = node.inputs.map((x) => x !== null);
      const inCts = node.prim.vjp(ct, node.primals, node.params, node.out, which);
      for (let j = 0; j < node.inputs.length; j++) {
        const inp = node.inputs[j];
        const g = inCts[j];
        if (!inp || !g) continue;
        checkRuleShape(node.prim.name, `vjp cotangent ${j}`, g, inp.primal.shape);
        const gc = g.dtype === inp.primal.dtype ? g : g.cast(inp.primal.dtype);
        const prev = cts.get(inp.id);
        cts.set(inp.id, prev === undefined ? gc : add(prev, gc));
      }
    }
    return inputs.map((x) => {
      const q = x._tracer;
      return q !== null && q.trace === this ? (cts.get((q as VjpPayload).id) ?? null) : null;
    });
  }
}
