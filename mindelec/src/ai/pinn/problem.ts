/**
 * The Problem side of MindElec's Problem/Solver split. A problem declares, over sampled geometry,
 * a list of constraints — governing equation in the interior, boundary and initial conditions, or
 * labelled data — each a residual that is zero when the field satisfies it:
 *   Constraint.points  [N, d]   sample points (d = space (+ time) dims, in the problem's units)
 *   Constraint.residual(u, params, X) -> [N] or [N, k], built from the core's O(N) input derivatives
 * A field u is a pointwise network (params, X [N, d]) -> [N, outputs.length]. Problems say their units
 * in their own docs; the solver only sees residuals.
 */
import { tensor, reshape, slice, type PointwiseFn, type Tensor } from '@mindscience/core';
import type { Geometry } from '../../geometry/index.ts';

export type FieldFn<P> = PointwiseFn<P>;

export interface Constraint {
  /** 'domain', 'boundary', 'initial', 'data', ... — used in loss names and logs. */
  readonly name: string;
  /** [N, d] */
  readonly points: Tensor;
  residual<P>(u: FieldFn<P>, params: P, X: Tensor): Tensor;
}

export interface SampleCounts {
  domain?: number;
  boundary?: number;
  initial?: number;
}

export interface PinnProblem {
  readonly name: string;
  /** Input coordinate names, e.g. ['x', 'y'] or ['x', 'y', 't']. */
  readonly inputs: readonly string[];
  /** Output field names, e.g. ['u'] or ['Ex', 'Ey', 'Hz']. */
  readonly outputs: readonly string[];
  readonly geometry: Geometry;
  /** Draw the constraint sets (deterministic in seed). */
  constraints(counts: SampleCounts, seed: number): Constraint[];
}

/** Column c of [N, k] as [N]. */
export function column(u: Tensor, c: number): Tensor {
  return reshape(slice(u, [0, c], [-1, 1]), [-1]);
}

/** Flat [n, d] Float64Array -> Tensor [n, d]. */
export function pointsTensor(points: Float64Array, d: number): Tensor {
  if (points.length % d !== 0) throw new Error(`pointsTensor: ${points.length} values is not a multiple of d = ${d}`);
  return tensor(points, { shape: [points.length / d, d] });
}

/** Labelled data as a constraint (data-driven mode): residual = u(X) - target, target [N, outputs]. */
export function dataConstraint(name: string, points: Tensor, target: Tensor): Constraint {
  if (target.ndim !== 2 || target.shape[0] !== points.shape[0]) {
    throw new Error(`dataConstraint '${name}': target shape [${target.shape.join(', ')}] must be [${points.shape[0]}, outputs]`);
  }
  return {
    name,
    points,
    residual: (u, params, X) => u(params, X).sub(target),
  };
}
