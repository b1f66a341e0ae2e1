// AssemblyScript source of the wasm backend's GEMM kernels (built by core/wasm/build.mjs into
// core/src/backends/wasm/kernels.wasm.ts). Contract, for both precisions:
//   C[m, n] (dense row-major at `c`) = A[m, k] @ B[k, n]   (beta = 0: C is overwritten)
//   A element (i, p) at a + (i*rsA + p*csA)*size, B element (p, j) at b + (p*rsB + j*csB)*size.
// `work` is scratch owned by the caller: at least workBytes64/32(m, k, n) bytes, 16-byte aligned.
// Strides are in elements; pointers in bytes. Memory is imported (shared, so worker threads can
// run column slices of one product on the same memory).
//
// Scheme (Goto/BLIS): for each k block of KC: pack B[pc.., :] into NR-wide column panels; for each
// row block of MC: pack A into MR-tall row panels; the micro-kernel keeps an MR x NR tile of C in
// v128 registers and streams one packed panel of each. f64: MR=4, NR=4 (8 f64x2 accumulators);
// f32: MR=4, NR=8 (8 f32x4 accumulators). f32 accumulates in f32 (like BLAS sgemm, XNNPACK).

const KC: i32 = 256;
const MC64: i32 = 64;
const MC32: i32 = 128;

@inline function roundUp(x: i32, r: i32): i32 { return (x + r - 1) / r * r; }

/** Scratch bytes for gemm64: packed B (KC x n padded to 4) + packed A (MC x KC) + one tile. */
export function workBytes64(m: i32, k: i32, n: i32): i32 {
  const kc = min(k, KC);
  return (kc * roundUp(n, 4) + MC64 * kc + 16) * 8;
}
export function workBytes32(m: i32, k: i32, n: i32): i32 {
  const kc = min(k, KC);
  return (kc * roundUp(n, 8) + MC32 * kc + 32) * 4;
}

// ---------------------------------------------------------------- float64

function packB64(dst: usize, b: usize, rsB: i32, csB: i32, p0: i32, kc: i32, n: i32): void {
  // Panel jp: kc rows of 4 values (zero-padded past n).
  for (let j0 = 0; j0 < n; j0 += 4) {
    const w = min(4, n - j0);
    for (let p = 0; p < kc; p++) {
      const src = b + (<usize>((p0 + p) * rsB + j0 * csB) << 3);
      const d = dst + (<usize>(p * 4) << 3);
      if (w == 4) {
        if (csB == 1) {
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        } else {
          const cs = <usize>csB << 3;
          store<f64>(d, load<f64>(src));
          store<f64>(d, load<f64>(src + cs), 8);
          store<f64>(d, load<f64>(src + 2 * cs), 16);
          store<f64>(d, load<f64>(src + 3 * cs), 24);
        }
      } else {
        for (let q = 0; q < 4; q++) store<f64>(d + (<usize>q << 3), q < w ? load<f64>(src + (<usize>(q * csB) << 3)) : 0.0);
      }
    }
    dst += <usize>(kc * 4) << 3;
  }
}

function packA64(dst: usize, a: usize, rsA: i32, csA: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  // Panel ip: kc columns of 4 values (rows i..i+3, zero-padded past mc).
  for (let r0 = 0; r0 < mc; r0 += 4) {
    const h = min(4, mc - r0);
    const base = a + (<usize>((i0 + r0) * rsA + p0 * csA) << 3);
    const rs = <usize>rsA << 3, cs = <usize>csA << 3;
    if (h == 4) {
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * cs;
        const d = dst + (<usize>(p * 4) << 3);
        store<f64>(d, load<f64>(s));
        store<f64>(d, load<f64>(s + rs), 8);
        store<f64>(d, load<f64>(s + 2 * rs), 16);
        store<f64>(d, load<f64>(s + 3 * rs), 24);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * cs;
        const d = dst + (<usize>(p * 4) << 3);
        for (let q = 0; q < 4; q++) store<f64>(d + (<usize>q << 3), q < h ? load<f64>(s + <usize>q * rs) : 0.0);
      }
    }
    dst += <usize>(kc * 4) << 3;
  }
}

/** 4x4 tile: C[i.., j..] (+)= Apanel^T Bpanel over kc. Full tiles go straight to C, edges via tmp. */
function kernel64(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, h: i32, w: i32, accumulate: bool, tmp: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load64_splat(ap);
    c00 = f64x2.add(c00, f64x2.mul(a, b0)); c01 = f64x2.add(c01, f64x2.mul(a, b1));
    a = v128.load64_splat(ap, 8);
    c10 = f64x2.add(c10, f64x2.mul(a, b0)); c11 = f64x2.add(c11, f64x2.mul(a, b1));
    a = v128.load64_splat(ap, 16);
    c20 = f64x2.add(c20, f64x2.mul(a, b0)); c21 = f64x2.add(c21, f64x2.mul(a, b1));
    a = v128.load64_splat(ap, 24);
    c30 = f64x2.add(c30, f64x2.mul(a, b0)); c31 = f64x2.add(c31, f64x2.mul(a, b1));
    ap += 32; bp += 32;
  }
  const ld = <usize>ldc << 3;
  if (h == 4 && w == 4) {
    if (accumulate) {
      c00 = f64x2.add(c00, v128.load(c)); c01 = f64x2.add(c01, v128.load(c, 16));
      c10 = f64x2.add(c10, v128.load(c + ld)); c11 = f64x2.add(c11, v128.load(c + ld, 16));
      c20 = f64x2.add(c20, v128.load(c + 2 * ld)); c21 = f64x2.add(c21, v128.load(c + 2 * ld, 16));
      c30 = f64x2.add(c30, v128.load(c + 3 * ld)); c31 = f64x2.add(c31, v128.load(c + 3 * ld, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ld, c10); v128.store(c + ld, c11, 16);
    v128.store(c + 2 * ld, c20); v128.store(c + 2 * ld, c21, 16);
    v128.store(c + 3 * ld, c30); v128.store(c + 3 * ld, c31, 16);
    return;
  }
  v128.store(tmp, c00); v128.store(tmp, c01, 16); v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80); v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const d = c + <usize>i * ld + (<usize>j << 3);
      const v = load<f64>(tmp + (<usize>(i * 4 + j) << 3));
      store<f64>(d, accumulate ? load<f64>(d) + v : v);
    }
  }
}

export function gemm64(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, m: i32, k: i32, n: i32, ldc: i32, work: usize): void {
  if (k == 0) {
    for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * ldc) << 3), 0, <usize>n << 3);
    return;
  }
  const kcMax = min(k, KC);
  const bpack = work;
  const apack = bpack + (<usize>(kcMax * roundUp(n, 4)) << 3);
  const tmp = apack + (<usize>(MC64 * kcMax) << 3);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    packB64(bpack, b, rsB, csB, p0, kc, n);
    for (let i0 = 0; i0 < m; i0 += MC64) {
      const mc = min(MC64, m - i0);
      packA64(apack, a, rsA, csA, i0, mc, p0, kc);
      for (let j0 = 0; j0 < n; j0 += 4) {
        const bp = bpack + (<usize>(j0 * kc) << 3);
        const w = min(4, n - j0);
        for (let r0 = 0; r0 < mc; r0 += 4) {
          kernel64(apack + (<usize>(r0 * kc) << 3), bp, kc, c + (<usize>((i0 + r0) * ldc + j0) << 3), ldc, min(4, mc - r0), w, p0 > 0, tmp);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- float32

function packB32(dst: usize, b: usize, rsB: i32, csB: i32, p0: i32, kc: i32, n: i32): void {
  for (let j0 = 0; j0 < n; j0 += 8) {
    const w = min(8, n - j0);
    for (let p = 0; p < kc; p++) {
      const src = b + (<usize>((p0 + p) * rsB + j0 * csB) << 2);
      const d = dst + (<usize>(p * 8) << 2);
      if (w == 8 && csB == 1) {
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      } else {
        for (let q = 0; q < 8; q++) store<f32>(d + (<usize>q << 2), q < w ? load<f32>(src + (<usize>(q * csB) << 2)) : <f32>0);
      }
    }
    dst += <usize>(kc * 8) << 2;
  }
}

function packA32(dst: usize, a: usize, rsA: i32, csA: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  for (let r0 = 0; r0 < mc; r0 += 4) {
    const h = min(4, mc - r0);
    const base = a + (<usize>((i0 + r0) * rsA + p0 * csA) << 2);
    const rs = <usize>rsA << 2, cs = <usize>csA << 2;
    if (h == 4) {
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * cs;
        const d = dst + (<usize>(p * 4) << 2);
        store<f32>(d, load<f32>(s));
        store<f32>(d, load<f32>(s + rs), 4);
        store<f32>(d, load<f32>(s + 2 * rs), 8);
        store<f32>(d, load<f32>(s + 3 * rs), 12);
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * cs;
        const d = dst + (<usize>(p * 4) << 2);
        for (let q = 0; q < 4; q++) store<f32>(d + (<usize>q << 2), q < h ? load<f32>(s + <usize>q * rs) : <f32>0);
      }
    }
    dst += <usize>(kc * 4) << 2;
  }
}

function kernel32(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, h: i32, w: i32, accumulate: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16; bp += 32;
  }
  const ld = <usize>ldc << 2;
  if (h == 4 && w == 8) {
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ld)); c11 = f32x4.add(c11, v128.load(c + ld, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ld)); c21 = f32x4.add(c21, v128.load(c + 2 * ld, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ld)); c31 = f32x4.add(c31, v128.load(c + 3 * ld, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ld, c10); v128.store(c + ld, c11, 16);
    v128.store(c + 2 * ld, c20); v128.store(c + 2 * ld, c21, 16);
    v128.store(c + 3 * ld, c30); v128.store(c + 3 * ld, c31, 16);
    return;
  }
  v128.store(tmp, c00); v128.store(tmp, c01, 16); v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80); v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const d = c + <usize>i * ld + (<usize>j << 2);
      const v = load<f32>(tmp + (<usize>(i * 8 + j) << 2));
      store<f32>(d, accumulate ? load<f32>(d) + v : v);
    }
  }
}

export function gemm32(a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, m: i32, k: i32, n: i32, ldc: i32, work: usize): void {
  if (k == 0) {
    for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * ldc) << 2), 0, <usize>n << 2);
    return;
  }
  const kcMax = min(k, KC);
  const bpack = work;
  const apack = bpack + (<usize>(kcMax * roundUp(n, 8)) << 2);
  const tmp = apack + (<usize>(MC32 * kcMax) << 2);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    packB32(bpack, b, rsB, csB, p0, kc, n);
    for (let i0 = 0; i0 < m; i0 += MC32) {
      const mc = min(MC32, m - i0);
      packA32(apack, a, rsA, csA, i0, mc, p0, kc);
      for (let j0 = 0; j0 < n; j0 += 8) {
        const bp = bpack + (<usize>(j0 * kc) << 2);
        const w = min(8, n - j0);
        for (let r0 = 0; r0 < mc; r0 += 4) {
          kernel32(apack + (<usize>(r0 * kc) << 2), bp, kc, c + (<usize>((i0 + r0) * ldc + j0) << 2), ldc, min(4, mc - r0), w, p0 > 0, tmp);
        }
      }
    }
  }
}
