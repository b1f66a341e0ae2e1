/**
 * Batched matmul kernel of the js backend: a [...B, m, k] @ b [...B, k, n] -> out [...B, m, n],
 * operands strided (stride-0 batch axes allowed). Accumulates in float64; the loop order follows
 * the operand layout so the innermost loop reads contiguous memory, with 4-wide register blocking.
 */
import type { TypedArray } from '../dtype.ts';
import type { StridedArray } from './backend.ts';
import { advance, sizeOf } from './strided.ts';

export function jsMatmul(a: StridedArray, b: StridedArray, batch: readonly number[], m: number, k: number, n: number, out: TypedArray): void {
  const nb = batch.length;
  const nbatch = sizeOf(batch);
  const as0 = a.strides[nb]!, as1 = a.strides[nb + 1]!;
  const bs0 = b.strides[nb]!, bs1 = b.strides[nb + 1]!;
  const ad = a.data, bd = b.data;
  // Accumulate in float64: directly into out, or (float32 out) into a scratch block rounded once.
  const f64 = out instanceof Float64Array;
  const acc = f64 ? (out as Float64Array) : new Float64Array(m * n);
  const idx = new Int32Array(Math.max(nb, 1));
  // advance() walks axes [0, nd-2]; a dummy inner axis makes it walk every batch axis.
  const walkShape = [...batch, 1];
  const walkStr = [[...a.strides.slice(0, nb), 0], [...b.strides.slice(0, nb), 0]];
  const offs = [a.offset, b.offset];
  // Loop order by layout, so the innermost loop reads contiguous memory:
  //   b's columns contiguous (b transposed, or n = 1): dot products  (i-j-p)
  //   a transposed, b row-major (checked first):        p-i-j
  //   otherwise:                                        i-p-j (rows of b stream into rows of out)
  const path = as0 === 1 && as1 !== 1 && (bs1 === 1 || n === 1) ? 1 : bs0 === 1 && (bs1 !== 1 || n === 1) ? 0 : 2;
  for (let t = 0; t < nbatch; t++) {
    const ao = offs[0]!, bo = offs[1]!, oo = f64 ? t * m * n : 0;
    if (path === 0) {
      for (let i = 0; i < m; i++) {
        const arow = ao + i * as0;
        let j0 = 0;
        // Four columns of b at a time share each load of a.
        for (; j0 + 4 <= n; j0 += 4) {
          const c0 = bo + j0 * bs1, c1 = c0 + bs1, c2 = c1 + bs1, c3 = c2 + bs1;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let p = 0; p < k; p++) {
            const av = ad[arow + p * as1]!;
            s0 += av * bd[c0 + p]!;
            s1 += av * bd[c1 + p]!;
            s2 += av * bd[c2 + p]!;
            s3 += av * bd[c3 + p]!;
          }
          const o = oo + i * n + j0;
          acc[o] = s0;
          acc[o + 1] = s1;
          acc[o + 2] = s2;
          acc[o + 3] = s3;
        }
        for (let j = j0; j < n; j++) {
          const bcol = bo + j * bs1;
          let s = 0;
          if (as1 === 1) for (let p = 0; p < k; p++) s += ad[arow + p]! * bd[bcol + p]!;
          else for (let p = 0; p < k; p++) s += ad[arow + p * as1]! * bd[bcol + p]!;
          acc[oo + i * n + j] = s;
        }
      }
    } else {
      acc.fill(0, oo, oo + m * n);
      if (path === 1) {
        for (let p = 0; p < k; p++) {
          const acol = ao + p * as1, brow = bo + p * bs0;
          let i0 = 0;
          if (bs1 === 1) {
            for (; i0 + 4 <= m; i0 += 4) {
              const v0 = ad[acol + i0]!, v1 = ad[acol + i0 + 1]!, v2 = ad[acol + i0 + 2]!, v3 = ad[acol + i0 + 3]!;
              const o0 = oo + i0 * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
              for (let j = 0; j < n; j++) {
                const bv = bd[brow + j]!;
                acc[o0 + j]! += v0 * bv;
                acc[o1 + j]! += v1 * bv;
                acc[o2 + j]! += v2 * bv;
                acc[o3 + j]! += v3 * bv;
              }
            }
          }
          for (let i = i0; i < m; i++) {
            const aip = ad[acol + i]!;
            if (aip === 0) continue;
            const orow = oo + i * n;
            for (let j = 0; j < n; j++) acc[orow + j]! += aip * bd[brow + j]!;
          }
        }
      } else {
        let i0 = 0;
        if (bs1 === 1) {
          // Four output rows at a time: each loaded element of b feeds four accumulators.
          for (; i0 + 4 <= m; i0 += 4) {
            const a0 = ao + i0 * as0, a1 = a0 + as0, a2 = a1 + as0, a3 = a2 + as0;
            const o0 = oo + i0 * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
            for (let p = 0; p < k; p++) {
              const v0 = ad[a0 + p * as1]!, v1 = ad[a1 + p * as1]!, v2 = ad[a2 + p * as1]!, v3 = ad[a3 + p * as1]!;
              const brow = bo + p * bs0;
              for (let j = 0; j < n; j++) {
                const bv = bd[brow + j]!;
                acc[o0 + j]! += v0 * bv;
                acc[o1 + j]! += v1 * bv;
                acc[o2 + j]! += v2 * bv;
                acc[o3 + j]! += v3 * bv;
              }
            }
          }
        }
        for (let i = i0; i < m; i++) {
          const arow = ao + i * as0, orow = oo + i * n;
          for (let p = 0; p < k; p++) {
            const aip = ad[arow + p * as1]!;
            if (aip === 0) continue;
            const brow = bo + p * bs0;
            if (bs1 === 1) for (let j = 0; j < n; j++) acc[orow + j]! += aip * bd[brow + j]!;
            else for (let j = 0; j < n; j++) acc[orow + j]! += aip * bd[brow + j * bs1]!;
          }
        }
      }
    }
    if (!f64) for (let q = 0; q < m * n; q++) out[t * m * n + q] = acc[q]!;
    if (nb > 0) advance(idx, walkShape, walkStr, offs);
  }
}
