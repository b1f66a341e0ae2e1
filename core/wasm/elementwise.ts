// AssemblyScript source of the wasm backend's transcendental elementwise kernels (built with gemm.ts by
// core/wasm/build.mjs). Contract: out[i] = f(x[i]) for i < n over dense arrays at byte pointers x, out
// (out == x allowed), f in {exp, tanh}; 64 = float64, 32 = float32 (computed in float64, rounded once).
//
// Both rest on one f64x2 core, exp with Cody-Waite range reduction (fdlibm's ln2 split):
//   y = k ln2 + r, |r| <= ln2/2, k = nearest(y / ln2)   (k by the 1.5*2^52 shifter trick)
//   expm1(r) by its Taylor series to r^13 (truncation < 5e-18 relative at |r| = ln2/2), Estrin's scheme
//   exp(y)   = 2^k1 * 2^k2 * (1 + expm1(r)),  k1 = k >> 1, k2 = k - k1 (no overflow in the exponent
//              field from -1100 to 1100, so results underflow to subnormals/0 and overflow to Inf)
//   tanh(x)  = sign(x) e / (e + 2), e = expm1(2|x|) = 2^k expm1(r) + (2^k - 1), |x| clamped to 22
//              (tanh = 1 in float64 there); no cancellation for small |x| (k = 0: e = expm1(r)).
// Error: a few ulp against correctly rounded results in float64 (tested against Math.* over wide
// ranges, subnormals, +-0, +-Inf, NaN); NaN propagates (min/max/arithmetic on NaN lanes give NaN).

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-01; // fdlibm: ln2 with the low 32 bits zero
const LN2_LO: f64 = 1.90821492927058770002e-10;
const SHIFTER: f64 = 6755399441055744.0; // 1.5 * 2^52

// 1/j! for j = 2..13
const C2: f64 = 0.5, C3: f64 = 1.0 / 6.0, C4: f64 = 1.0 / 24.0, C5: f64 = 1.0 / 120.0, C6: f64 = 1.0 / 720.0;
const C7: f64 = 1.0 / 5040.0, C8: f64 = 1.0 / 40320.0, C9: f64 = 1.0 / 362880.0, C10: f64 = 1.0 / 3628800.0;
const C11: f64 = 1.0 / 39916800.0, C12: f64 = 1.0 / 479001600.0, C13: f64 = 1.0 / 6227020800.0;

@inline function splat(v: f64): v128 { return f64x2.splat(v); }

@inline function fma2(a: v128, b: v128, c: f64): v128 { return f64x2.add(splat(c), f64x2.mul(a, b)); }

/**
 * expm1(r) for |r| <= ln2/2: r + r^2 P(r), P = sum_{j=2..13} r^(j-2)/j!, by Estrin's scheme (depth 4
 * instead of Horner's 12: the evaluation is latency-bound).
 */
@inline function expm1Reduced(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const q0 = fma2(r, splat(C3), C2), q1 = fma2(r, splat(C5), C4), q2 = fma2(r, splat(C7), C6);
  const q3 = fma2(r, splat(C9), C8), q4 = fma2(r, splat(C11), C10), q5 = fma2(r, splat(C13), C12);
  const s0 = f64x2.add(q0, f64x2.mul(q1, r2)), s1 = f64x2.add(q2, f64x2.mul(q3, r2)), s2 = f64x2.add(q4, f64x2.mul(q5, r2));
  const p = f64x2.add(f64x2.add(s0, f64x2.mul(s1, r4)), f64x2.mul(s2, r8));
  return f64x2.add(r, f64x2.mul(r2, p));
}

/** t = y log2e + 1.5*2^52: k = nearest(y / ln2) sits in t's low mantissa bits (|k| < 2^51). */
@inline function shifted(y: v128): v128 {
  return f64x2.add(f64x2.mul(y, splat(LOG2E)), splat(SHIFTER));
}

/** k as i64 lanes, from t. */
@inline function kOf(t: v128): v128 {
  return i64x2.sub(t, i64x2.splat(reinterpret<i64>(SHIFTER)));
}

/** r = y - k ln2 in two parts (exact k ln2_hi: ln2_hi has 32 trailing zero bits). */
@inline function reduced(y: v128, t: v128): v128 {
  const kf = f64x2.sub(t, splat(SHIFTER));
  return f64x2.sub(f64x2.sub(y, f64x2.mul(kf, splat(LN2_HI))), f64x2.mul(kf, splat(LN2_LO)));
}

/** 2^k for integer lanes k in [-1022, 1023]. */
@inline function pow2(k: v128): v128 {
  return i64x2.shl(i64x2.add(k, i64x2.splat(1023)), 52);
}

@inline function exp2x(x: v128): v128 {
  const y = f64x2.max(f64x2.min(x, splat(1100.0)), splat(-1100.0));
  const t = shifted(y);
  const k = kOf(t);
  const k1 = i64x2.shr_s(k, 1);
  const k2 = i64x2.sub(k, k1);
  const p = f64x2.add(splat(1.0), expm1Reduced(reduced(y, t)));
  return f64x2.mul(f64x2.mul(p, pow2(k1)), pow2(k2));
}

@inline function tanh2x(x: v128): v128 {
  const sign = v128.and(x, i64x2.splat(0x8000000000000000));
  const y = f64x2.mul(f64x2.min(f64x2.abs(x), splat(22.0)), splat(2.0));
  const t = shifted(y);
  const s = pow2(kOf(t));
  const e = f64x2.add(f64x2.mul(s, expm1Reduced(reduced(y, t))), f64x2.sub(s, splat(1.0)));
  return v128.or(f64x2.div(e, f64x2.add(e, splat(2.0))), sign);
}

// ---------------------------------------------------------------- drivers

@inline function tail64(x: usize, out: usize, i: i32, n: i32, tanh: bool): void {
  // The last element of an odd length: through a 2-lane vector (lane 1 a copy), stored alone.
  if (i < n) {
    const v = f64x2.splat(load<f64>(x + (<usize>i << 3)));
    store<f64>(out + (<usize>i << 3), f64x2.extract_lane(tanh ? tanh2x(v) : exp2x(v), 0));
  }
}

// Four independent vectors per iteration: each evaluation is one long dependency chain (Horner), so
// the out-of-order core needs several in flight to fill its pipelines (about 2x over one at a time).
@inline function run64(x: usize, out: usize, n: i32, tanh: bool): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 3), q = out + (<usize>i << 3);
    const a = v128.load(p), b = v128.load(p, 16), c = v128.load(p, 32), d = v128.load(p, 48);
    v128.store(q, tanh ? tanh2x(a) : exp2x(a));
    v128.store(q, tanh ? tanh2x(b) : exp2x(b), 16);
    v128.store(q, tanh ? tanh2x(c) : exp2x(c), 32);
    v128.store(q, tanh ? tanh2x(d) : exp2x(d), 48);
  }
  for (; i + 2 <= n; i += 2) v128.store(out + (<usize>i << 3), tanh ? tanh2x(v128.load(x + (<usize>i << 3))) : exp2x(v128.load(x + (<usize>i << 3))));
  tail64(x, out, i, n, tanh);
}

export function exp64(x: usize, out: usize, n: i32): void { run64(x, out, n, false); }
export function tanh64(x: usize, out: usize, n: i32): void { run64(x, out, n, true); }

@inline function apply32(v: v128, tanh: bool): v128 {
  const lo = f64x2.promote_low_f32x4(v);
  const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  const a = f32x4.demote_f64x2_zero(tanh ? tanh2x(lo) : exp2x(lo));
  const b = f32x4.demote_f64x2_zero(tanh ? tanh2x(hi) : exp2x(hi));
  return v128.shuffle<f32>(a, b, 0, 1, 4, 5);
}

@inline function run32(x: usize, out: usize, n: i32, tanh: bool): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 2), q = out + (<usize>i << 2);
    const a = v128.load(p), b = v128.load(p, 16);
    v128.store(q, apply32(a, tanh));
    v128.store(q, apply32(b, tanh), 16);
  }
  for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), apply32(v128.load(x + (<usize>i << 2)), tanh));
  for (; i < n; i++) {
    const v = f32x4.splat(load<f32>(x + (<usize>i << 2)));
    store<f32>(out + (<usize>i << 2), f32x4.extract_lane(apply32(v, tanh), 0));
  }
}

export function exp32(x: usize, out: usize, n: i32): void { run32(x, out, n, false); }
export function tanh32(x: usize, out: usize, n: i32): void { run32(x, out, n, true); }

// ---------------------------------------------------------------- add, sub, mul, div
// out[i] = a[i*sa] op b[i*sb] for i < n, sa, sb in {0, 1} (0: a scalar broadcast), op 0..3 = add, sub,
// mul, div; dense arrays at byte pointers, out may alias an operand.

@inline function arith64(op: i32, a: v128, b: v128): v128 {
  return op == 0 ? f64x2.add(a, b) : op == 1 ? f64x2.sub(a, b) : op == 2 ? f64x2.mul(a, b) : f64x2.div(a, b);
}
@inline function arith32(op: i32, a: v128, b: v128): v128 {
  return op == 0 ? f32x4.add(a, b) : op == 1 ? f32x4.sub(a, b) : op == 2 ? f32x4.mul(a, b) : f32x4.div(a, b);
}

@inline function binaryLoop64(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  const av = f64x2.splat(load<f64>(a)), bv = f64x2.splat(load<f64>(b));
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(out + o, arith64(op, sa ? v128.load(a + o) : av, sb ? v128.load(b + o) : bv));
  }
  if (i < n) {
    const o = <usize>i << 3;
    const x = f64x2.splat(load<f64>(a + (sa ? o : 0))), y = f64x2.splat(load<f64>(b + (sb ? o : 0)));
    store<f64>(out + o, f64x2.extract_lane(arith64(op, x, y), 0));
  }
}

@inline function binaryLoop32(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  const av = f32x4.splat(load<f32>(a)), bv = f32x4.splat(load<f32>(b));
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, arith32(op, sa ? v128.load(a + o) : av, sb ? v128.load(b + o) : bv));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const x = f32x4.splat(load<f32>(a + (sa ? o : 0))), y = f32x4.splat(load<f32>(b + (sb ? o : 0)));
    store<f32>(out + o, f32x4.extract_lane(arith32(op, x, y), 0));
  }
}

// Specialised per (op, sa, sb) by the branches below, so each inner loop is straight-line.
export function binary64(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  if (sa && sb) {
    if (op == 0) binaryLoop64(0, a, 1, b, 1, out, n); else if (op == 1) binaryLoop64(1, a, 1, b, 1, out, n);
    else if (op == 2) binaryLoop64(2, a, 1, b, 1, out, n); else binaryLoop64(3, a, 1, b, 1, out, n);
  } else if (sa) {
    if (op == 0) binaryLoop64(0, a, 1, b, 0, out, n); else if (op == 1) binaryLoop64(1, a, 1, b, 0, out, n);
    else if (op == 2) binaryLoop64(2, a, 1, b, 0, out, n); else binaryLoop64(3, a, 1, b, 0, out, n);
  } else {
    if (op == 0) binaryLoop64(0, a, 0, b, 1, out, n); else if (op == 1) binaryLoop64(1, a, 0, b, 1, out, n);
    else if (op == 2) binaryLoop64(2, a, 0, b, 1, out, n); else binaryLoop64(3, a, 0, b, 1, out, n);
  }
}

export function binary32(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  if (sa && sb) {
    if (op == 0) binaryLoop32(0, a, 1, b, 1, out, n); else if (op == 1) binaryLoop32(1, a, 1, b, 1, out, n);
    else if (op == 2) binaryLoop32(2, a, 1, b, 1, out, n); else binaryLoop32(3, a, 1, b, 1, out, n);
  } else if (sa) {
    if (op == 0) binaryLoop32(0, a, 1, b, 0, out, n); else if (op == 1) binaryLoop32(1, a, 1, b, 0, out, n);
    else if (op == 2) binaryLoop32(2, a, 1, b, 0, out, n); else binaryLoop32(3, a, 1, b, 0, out, n);
  } else {
    if (op == 0) binaryLoop32(0, a, 0, b, 1, out, n); else if (op == 1) binaryLoop32(1, a, 0, b, 1, out, n);
    else if (op == 2) binaryLoop32(2, a, 0, b, 1, out, n); else binaryLoop32(3, a, 0, b, 1, out, n);
  }
}

// Row broadcast: `rows` rows of `p` elements; an operand with s == 1 is dense (advances p per row),
// with s == 2 one row of p repeated (a bias). Each row runs the dense loop above.
export function binaryRows64(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, rows: i32, p: i32): void {
  const step = <usize>p << 3;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * step;
    binary64(op, a + (sa == 1 ? o : 0), 1, b + (sb == 1 ? o : 0), 1, out + o, p);
  }
}

export function binaryRows32(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, rows: i32, p: i32): void {
  const step = <usize>p << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * step;
    binary32(op, a + (sa == 1 ? o : 0), 1, b + (sb == 1 ? o : 0), 1, out + o, p);
  }
}
