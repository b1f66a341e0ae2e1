/**
 * Complex sparse matrices (CSR, split re/im Float64Arrays) and a direct banded LU solver.
 * bandedSolve factors A = LU by Gaussian elimination with partial pivoting restricted to the band
 * (LAPACK zgbsv layout: kl sub-diagonals, ku + kl super-diagonals after fill-in). Cost O(n kl (kl+ku)),
 * memory O(n (2 kl + ku + 1)). Fine for 2-D FDFD (bandwidth = ny).
 */
export interface ComplexCsr {
  n: number;
  rowPtr: Int32Array;
  col: Int32Array;
  re: Float64Array;
  im: Float64Array;
}

/**
 * Builds an n x n complex CSR matrix from triplets (row, col, re + j im), four parallel arrays of equal
 * length; duplicate (row, col) entries are summed, columns sorted within each row. Indices must lie in
 * 0..n-1 (not checked).
 */
export function csrFromTriplets(n: number, rows: number[], cols: number[], re: number[], im: number[]): ComplexCsr {
  const count = new Int32Array(n + 1);
  for (const r of rows) count[r + 1]!++;
  for (let r = 0; r < n; r++) count[r + 1]! += count[r]!;
  const order = new Int32Array(rows.length);
  const fill = count.slice(0, n);
  rows.forEach((r, t) => (order[fill[r]!++] = t));
  const rowPtr = new Int32Array(n + 1);
  const colOut: number[] = [], reOut: number[] = [], imOut: number[] = [];
  for (let r = 0; r < n; r++) {
    const entries = Array.from(order.slice(count[r]!, count[r + 1]!)).sort((a, b) => cols[a]! - cols[b]!);
    for (const t of entries) {
      const last = colOut.length - 1;
      if (last >= rowPtr[r]! && colOut[last] === cols[t]) {
        reOut[last]! += re[t]!;
        imOut[last]! += im[t]!;
      } else {
        colOut.push(cols[t]!);
        reOut.push(re[t]!);
        imOut.push(im[t]!);
      }
    }
    rowPtr[r + 1] = colOut.length;
  }
  return { n, rowPtr, col: Int32Array.from(colOut), re: Float64Array.from(reOut), im: Float64Array.from(imOut) };
}

/** y = A x for a complex CSR matrix; x and the returned y as split re/im Float64Array [n]. */
export function csrMatVec(A: ComplexCsr, xr: Float64Array, xi: Float64Array): { re: Float64Array; im: Float64Array } {
  const yr = new Float64Array(A.n), yi = new Float64Array(A.n);
  for (let r = 0; r < A.n; r++) {
    let sr = 0, si = 0;
    for (let p = A.rowPtr[r]!; p < A.rowPtr[r + 1]!; p++) {
      const c = A.col[p]!, ar = A.re[p]!, ai = A.im[p]!;
      sr += ar * xr[c]! - ai * xi[c]!;
      si += ar * xi[c]! + ai * xr[c]!;
    }
    yr[r] = sr;
    yi[r] = si;
  }
  return { re: yr, im: yi };
}

/**
 * Transpose (not conjugate transpose) of a complex CSR matrix: A^T[c][r] = A[r][c], with the same n,
 * columns sorted within each row. Used for adjoint solves (A^T x = g). New arrays; A is not modified.
 */
export function csrTranspose(A: ComplexCsr): ComplexCsr {
  const rows: number[] = [], cols: number[] = [], re: number[] = [], im: number[] = [];
  for (let r = 0; r < A.n; r++) for (let p = A.rowPtr[r]!; p < A.rowPtr[r + 1]!; p++) {
    rows.push(A.col[p]!);
    cols.push(r);
    re.push(A.re[p]!);
    im.push(A.im[p]!);
  }
  return csrFromTriplets(A.n, rows, cols, re, im);
}

/**
 * Solves A x = b by banded LU with partial pivoting (file header); the bandwidths kl, ku are read from A's
 * entries, so cost is O(n kl (kl + ku)) time and O(n (2 kl + ku + 1)) memory.
 * @param A Complex CSR matrix, n x n.
 * @param br Real part of b, Float64Array [n].
 * @param bi Imaginary part of b, Float64Array [n].
 * @returns x as `re`, `im` Float64Array [n]. A is not modified (it is factored anew on every call).
 * @throws Error naming the column when A is singular (no nonzero pivot within the band).
 */
export function bandedSolve(A: ComplexCsr, br: Float64Array, bi: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = A.n;
  let kl = 0, ku = 0;
  for (let r = 0; r < n; r++) for (let p = A.rowPtr[r]!; p < A.rowPtr[r + 1]!; p++) {
    const d = A.col[p]! - r;
    if (d > ku) ku = d;
    if (-d > kl) kl = -d;
  }
  const w = 2 * kl + ku + 1; // row storage: columns r - kl .. r + kl + ku
  const Mr = new Float64Array(n * w), Mi = new Float64Array(n * w);
  // M[r][c - r + kl]
  for (let r = 0; r < n; r++) for (let p = A.rowPtr[r]!; p < A.rowPtr[r + 1]!; p++) {
    const o = r * w + (A.col[p]! - r + kl);
    Mr[o] = A.re[p]!;
    Mi[o] = A.im[p]!;
  }
  const xr = Float64Array.from(br), xi = Float64Array.from(bi);
  const upper = kl + ku; // after pivoting, row r has entries up to column r + kl + ku
  for (let k = 0; k < n; k++) {
    // pivot: largest |M[r][k]| for r in k..k+kl
    let piv = k, best = -1;
    const rEnd = Math.min(n - 1, k + kl);
    for (let r = k; r <= rEnd; r++) {
      const o = r * w + (k - r + kl);
      const m = Mr[o]! * Mr[o]! + Mi[o]! * Mi[o]!;
      if (m > best) {
        best = m;
        piv = r;
      }
    }
    if (!(best > 0)) throw new Error(`bandedSolve: matrix is singular at column ${k}`);
    const cEnd = Math.min(n - 1, k + upper);
    if (piv !== k) {
      for (let c = k; c <= cEnd; c++) {
        const a = k * w + (c - k + kl), b = piv * w + (c - piv + kl);
        if (c - piv + kl >= w) continue;
        let t = Mr[a]!; Mr[a] = Mr[b]!; Mr[b] = t;
        t = Mi[a]!; Mi[a] = Mi[b]!; Mi[b] = t;
      }
      let t = xr[k]!; xr[k] = xr[piv]!; xr[piv] = t;
      t = xi[k]!; xi[k] = xi[piv]!; xi[piv] = t;
    }
    const dk = k * w + kl;
    const pr = Mr[dk]!, pi = Mi[dk]!;
    const pd = pr * pr + pi * pi;
    for (let r = k + 1; r <= rEnd; r++) {
      const o = r * w + (k - r + kl);
      const ar = Mr[o]!, ai = Mi[o]!;
      if (ar === 0 && ai === 0) continue;
      // factor = a / pivot
      const fr = (ar * pr + ai * pi) / pd, fi = (ai * pr - ar * pi) / pd;
      Mr[o] = 0;
      Mi[o] = 0;
      const rowK = k * w - k + kl, rowR = r * w - r + kl;
      for (let c = k + 1; c <= cEnd; c++) {
        const a = rowK + c;
        const ur = Mr[a]!, ui = Mi[a]!;
        if (ur === 0 && ui === 0) continue;
        const b = rowR + c;
        Mr[b]! -= fr * ur - fi * ui;
        Mi[b]! -= fr * ui + fi * ur;
      }
      xr[r]! -= fr * xr[k]! - fi * xi[k]!;
      xi[r]! -= fr * xi[k]! + fi * xr[k]!;
    }
  }
  // back substitution
  for (let k = n - 1; k >= 0; k--) {
    let sr = xr[k]!, si = xi[k]!;
    const cEnd = Math.min(n - 1, k + upper);
    const row = k * w - k + kl;
    for (let c = k + 1; c <= cEnd; c++) {
      const ar = Mr[row + c]!, ai = Mi[row + c]!;
      sr -= ar * xr[c]! - ai * xi[c]!;
      si -= ar * xi[c]! + ai * xr[c]!;
    }
    const dr = Mr[row + k]!, di = Mi[row + k]!;
    const d = dr * dr + di * di;
    xr[k] = (sr * dr + si * di) / d;
    xi[k] = (si * dr - sr * di) / d;
  }
  return { re: xr, im: xi };
}
