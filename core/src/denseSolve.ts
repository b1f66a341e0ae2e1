/**
 * Small dense linear systems in plain float64 arrays, for the normal equations of little fits (element
 * reference energies, resonance calibrations) where building tensors would cost more than the solve.
 * `solveDense(M, b, n)` solves M x = b for a square row-major M [n * n] by Gaussian elimination with
 * partial pivoting and back substitution; M and b are left unchanged. O(n^3); meant for n up to ~100.
 */

/**
 * @param M row-major [n * n] matrix.
 * @param b right-hand side [n].
 * @param n the order.
 * @returns x [n] with M x = b.
 * @throws RangeError if M or b does not have n * n or n entries; Error naming the column if a pivot is
 *   zero (M singular).
 */
export function solveDense(M: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  if (M.length !== n * n || b.length !== n) throw new RangeError(`solveDense: M has ${M.length} and b ${b.length} entries; expected ${n * n} and ${n}`);
  const a = Float64Array.from(M), x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[piv * n + c]!)) piv = r;
    if (a[piv * n + c] === 0) throw new Error(`solveDense: singular matrix (no pivot in column ${c} of ${n})`);
    if (piv !== c) {
      for (let k = 0; k < n; k++) { const t = a[c * n + k]!; a[c * n + k] = a[piv * n + k]!; a[piv * n + k] = t; }
      const t = x[c]!; x[c] = x[piv]!; x[piv] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / a[c * n + c]!;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k]!;
      x[r] -= f * x[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < n; k++) s -= a[c * n + k]! * x[k]!;
    x[c] = s / a[c * n + c]!;
  }
  return x;
}
