/**
 * An endless stream of row indices in [0, n): a seeded permutation per epoch (epoch 0 from key seed+1,
 * epoch e >= 1 from key seed+2+e), so minibatches cover every row once per epoch and a seed fixes the run.
 */
import { permutation, randomKey } from '@mindscience/core';

export function shuffledIndexStream(n: number, seed: number): () => number {
  let order = Array.from(permutation(randomKey(seed + 1), n));
  let cursor = 0, epoch = 0;
  return () => {
    if (cursor >= n) {
      order = Array.from(permutation(randomKey(seed + 2 + ++epoch), n));
      cursor = 0;
    }
    return order[cursor++]!;
  };
}
