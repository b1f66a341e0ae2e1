/**
 * Pytrees: nested arrays and plain records whose leaves are Tensors. Non-tensor leaves (numbers,
 * strings, null, ...) are kept in the structure as static values and are not differentiated.
 * flatten -> (tensor leaves, treedef); unflatten(treedef, leaves) rebuilds; treeMap maps leaves.
 */
import { Tensor } from './tensor.ts';

export type Tree<T = Tensor> = T | readonly Tree<T>[] | { readonly [key: string]: Tree<T> };

export type TreeDef =
  | { kind: 'leaf' }
  | { kind: 'static'; value: unknown }
  | { kind: 'array'; children: TreeDef[] }
  | { kind: 'record'; keys: string[]; children: TreeDef[] };

function isRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || x instanceof Tensor) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Flatten a pytree (nested arrays and plain records with Tensor leaves) into its tensor leaves, in depth-first
 * order with record keys sorted, and a treedef that keeps the structure and any non-tensor values as statics.
 */
export function treeFlatten(tree: unknown): { leaves: Tensor[]; treedef: TreeDef } {
  const leaves: Tensor[] = [];
  const walk = (x: unknown): TreeDef => {
    if (x instanceof Tensor) {
      leaves.push(x);
      return { kind: 'leaf' };
    }
    if (Array.isArray(x)) return { kind: 'array', children: x.map(walk) };
    if (isRecord(x)) {
      const keys = Object.keys(x).sort();
      return { kind: 'record', keys, children: keys.map((k) => walk(x[k])) };
    }
    return { kind: 'static', value: x };
  };
  const treedef = walk(tree);
  return { leaves, treedef };
}

/**
 * Rebuild the pytree described by `treedef` (from `treeFlatten`) with `leaves` in flatten order.
 * @throws RangeError when the number of leaves does not match the treedef.
 */
export function treeUnflatten<T = unknown>(treedef: TreeDef, leaves: readonly Tensor[]): T {
  let i = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case 'leaf': {
        if (i >= leaves.length) throw new RangeError(`treeUnflatten: treedef needs more than ${leaves.length} leaves`);
        return leaves[i++];
      }
      case 'static': return d.value;
      case 'array': return d.children.map(build);
      case 'record': {
        const out: Record<string, unknown> = {};
        d.keys.forEach((k, j) => (out[k] = build(d.children[j]!)));
        return out;
      }
    }
  };
  const out = build(treedef);
  if (i !== leaves.length) throw new RangeError(`treeUnflatten: treedef has ${i} leaves, got ${leaves.length}`);
  return out as T;
}

/** Map every Tensor leaf (f receives the leaf and its index in flatten order). */
export function treeMap<T>(tree: T, f: (leaf: Tensor, index: number) => Tensor): T {
  const { leaves, treedef } = treeFlatten(tree);
  return treeUnflatten<T>(treedef, leaves.map(f));
}

/** Map pairs of leaves of two trees with the same structure. */
export function treeMap2<T>(a: T, b: T, f: (x: Tensor, y: Tensor) => Tensor): T {
  const fa = treeFlatten(a);
  const fb = treeFlatten(b);
  if (fa.leaves.length !== fb.leaves.length) throw new RangeError(`treeMap2: trees have ${fa.leaves.length} and ${fb.leaves.length} leaves`);
  return treeUnflatten<T>(fa.treedef, fa.leaves.map((x, i) => f(x, fb.leaves[i]!)));
}

/** The tensor leaves of a pytree in `treeFlatten` order. */
export function treeLeaves(tree: unknown): Tensor[] {
  return treeFlatten(tree).leaves;
}
