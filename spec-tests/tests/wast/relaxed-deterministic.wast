;; The one result wasm2native gives for each relaxed SIMD operator where the
;; proposal allows several (compiler/src/translate/simd/relaxed.rs): the
;; deterministic profile of WebAssembly 3.0. No `either` here: every
;; expectation is the exact value, the same on every target and CPU.
;; Also a few wide-arithmetic corner cases. Checked by tests/proposals.rs.
(module
  (func (export "swizzle") (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc_f32x4_s") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "trunc_f32x4_u") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_u (local.get 0)))
  (func (export "trunc_f64x2_s_zero") (param v128) (result v128) (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0)))
  (func (export "trunc_f64x2_u_zero") (param v128) (result v128) (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0)))
  (func (export "f32x4.madd") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f32x4.nmadd") (param v128 v128 v128) (result v128) (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f64x2.madd") (param v128 v128 v128) (result v128) (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f64x2.nmadd") (param v128 v128 v128) (result v128) (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i8x16.laneselect") (param v128 v128 v128) (result v128) (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i16x8.laneselect") (param v128 v128 v128) (result v128) (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i32x4.laneselect") (param v128 v128 v128) (result v128) (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i64x2.laneselect") (param v128 v128 v128) (result v128) (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f32x4.min") (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "f32x4.max") (param v128 v128) (result v128) (f32x4.relaxed_max (local.get 0) (local.get 1)))
  (func (export "f64x2.min") (param v128 v128) (result v128) (f64x2.relaxed_min (local.get 0) (local.get 1)))
  (func (export "f64x2.max") (param v128 v128) (result v128) (f64x2.relaxed_max (local.get 0) (local.get 1)))
  (func (export "q15mulr") (param v128 v128) (result v128) (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128) (result v128) (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
  (func (export "dot_add") (param v128 v128 v128) (result v128) (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))
  (func (export "add128") (param i64 i64 i64 i64) (result i64 i64) (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64) (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "mul_wide_s") (param i64 i64) (result i64 i64) (i64.mul_wide_s (local.get 0) (local.get 1)))
  (func (export "mul_wide_u") (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1)))
)

;; swizzle: every index of 16 or more (as an unsigned byte) selects 0.
(assert_return (invoke "swizzle"
    (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
    (v128.const i8x16 15 16 17 31 32 0x70 0x7f 0x80 0x81 0x8f 0xf0 0xff 0 1 0x90 3))
  (v128.const i8x16 15 0 0 0 0 0 0 0 0 0 0 0 0 1 0 3))

;; trunc: NaN gives 0, out-of-range values saturate (trunc_sat).
(assert_return (invoke "trunc_f32x4_s" (v128.const f32x4 nan -3e9 3e9 -1.5))
  (v128.const i32x4 0 0x80000000 0x7fffffff -1))
(assert_return (invoke "trunc_f32x4_s" (v128.const f32x4 -nan inf -inf 2147483520.0))
  (v128.const i32x4 0 0x7fffffff 0x80000000 2147483520))
(assert_return (invoke "trunc_f32x4_u" (v128.const f32x4 nan -1.5 5e9 4294967040.0))
  (v128.const i32x4 0 0 0xffffffff 4294967040))
(assert_return (invoke "trunc_f32x4_u" (v128.const f32x4 -nan inf -inf -0.9))
  (v128.const i32x4 0 0xffffffff 0 0))
(assert_return (invoke "trunc_f64x2_s_zero" (v128.const f64x2 nan 1e10))
  (v128.const i32x4 0 0x7fffffff 0 0))
(assert_return (invoke "trunc_f64x2_s_zero" (v128.const f64x2 -1e10 -2147483648.9))
  (v128.const i32x4 0x80000000 0x80000000 0 0))
(assert_return (invoke "trunc_f64x2_u_zero" (v128.const f64x2 -1e10 1e10))
  (v128.const i32x4 0 0xffffffff 0 0))
(assert_return (invoke "trunc_f64x2_u_zero" (v128.const f64x2 nan 4294967295.9))
  (v128.const i32x4 0 0xffffffff 0 0))

;; madd/nmadd are unfused: the product is rounded before the addition.
(assert_return (invoke "f32x4.madd"
    (v128.const f32x4 0x1.fffffep+127 0x1.000004p+0 1 0)
    (v128.const f32x4 2.0 0x1.0002p+0 1 1)
    (v128.const f32x4 -0x1.fffffep+127 -0x1.000204p+0 -1 -0))
  (v128.const f32x4 inf 0 0 0))
(assert_return (invoke "f32x4.nmadd"
    (v128.const f32x4 -0x1.fffffep+127 -0x1.000004p+0 1 0)
    (v128.const f32x4 2.0 0x1.0002p+0 1 1)
    (v128.const f32x4 -0x1.fffffep+127 -0x1.000204p+0 1 -0))
  (v128.const f32x4 inf 0 0 -0))
(assert_return (invoke "f64x2.madd"
    (v128.const f64x2 0x1.fffffffffffffp+1023 0x1.0000000000001p+0)
    (v128.const f64x2 2.0 0x1.0000000000001p+0)
    (v128.const f64x2 -0x1.fffffffffffffp+1023 -0x1.0000000000002p+0))
  (v128.const f64x2 inf 0))
(assert_return (invoke "f64x2.nmadd"
    (v128.const f64x2 -0x1.fffffffffffffp+1023 -0x1.0000000000001p+0)
    (v128.const f64x2 2.0 0x1.0000000000001p+0)
    (v128.const f64x2 -0x1.fffffffffffffp+1023 -0x1.0000000000002p+0))
  (v128.const f64x2 inf 0))

;; laneselect is bitselect: mask bits select bit by bit, whatever the
;; lane's top bit.
(assert_return (invoke "i8x16.laneselect"
    (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)
    (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)
    (v128.const i8x16 0x80 0x7f 0x0f 0xf0 0x01 0xff 0 0x55 0x80 0x7f 0x0f 0xf0 0x01 0xff 0 0xaa))
  (v128.const i8x16 0x80 0x7f 0x0f 0xf0 0x01 0xff 0 0x55 0x80 0x7f 0x0f 0xf0 0x01 0xff 0 0xaa))
(assert_return (invoke "i16x8.laneselect"
    (v128.const i16x8 0x1234 0x1234 0x1234 0x1234 0x1234 0x1234 0x1234 0x1234)
    (v128.const i16x8 0x5678 0x5678 0x5678 0x5678 0x5678 0x5678 0x5678 0x5678)
    (v128.const i16x8 0x8000 0x7fff 0xff00 0x00ff 0 -1 0x0f0f 0xf0f0))
  (v128.const i16x8 0x5678 0x1234 0x1278 0x5634 0x5678 0x1234 0x5274 0x1638))
(assert_return (invoke "i32x4.laneselect"
    (v128.const i32x4 -1 -1 -1 -1)
    (v128.const i32x4 0 0 0 0)
    (v128.const i32x4 0x80000000 0x7fffffff 0x00010000 0xfffe0001))
  (v128.const i32x4 0x80000000 0x7fffffff 0x00010000 0xfffe0001))
(assert_return (invoke "i64x2.laneselect"
    (v128.const i64x2 -1 0)
    (v128.const i64x2 0 -1)
    (v128.const i64x2 0x8000000000000000 0x00000000ffffffff))
  (v128.const i64x2 0x8000000000000000 0xffffffff00000000))

;; min/max are the regular min/max: NaN in, NaN out; -0 below +0.
(assert_return (invoke "f32x4.min" (v128.const f32x4 nan 1 -0 0) (v128.const f32x4 1 nan 0 -0))
  (v128.const f32x4 nan:canonical nan:canonical -0 -0))
(assert_return (invoke "f32x4.max" (v128.const f32x4 nan 1 -0 0) (v128.const f32x4 1 nan 0 -0))
  (v128.const f32x4 nan:canonical nan:canonical 0 0))
(assert_return (invoke "f32x4.min" (v128.const f32x4 -nan:0x200000 2 -inf 3) (v128.const f32x4 1 -nan:0x200000 inf 3))
  (v128.const f32x4 nan:arithmetic nan:arithmetic -inf 3))
(assert_return (invoke "f64x2.min" (v128.const f64x2 nan -0) (v128.const f64x2 1 0))
  (v128.const f64x2 nan:canonical -0))
(assert_return (invoke "f64x2.min" (v128.const f64x2 1 0) (v128.const f64x2 nan -0))
  (v128.const f64x2 nan:canonical -0))
(assert_return (invoke "f64x2.max" (v128.const f64x2 nan -0) (v128.const f64x2 1 0))
  (v128.const f64x2 nan:canonical 0))
(assert_return (invoke "f64x2.max" (v128.const f64x2 1 0) (v128.const f64x2 nan -0))
  (v128.const f64x2 nan:canonical 0))

;; q15mulr saturates the one overflowing product.
(assert_return (invoke "q15mulr"
    (v128.const i16x8 -32768 -32768 32767 16384 -16384 1 0 -32768)
    (v128.const i16x8 -32768 32767 32767 16384 16384 1 5 1))
  (v128.const i16x8 32767 -32767 32766 8192 -8192 0 0 -1))

;; dot: both operands signed; pair sums saturate to 16 bits.
(assert_return (invoke "dot"
    (v128.const i8x16 -128 -128 -128 -128 127 127 1 1 1 -1 0 0 -128 127 5 -7)
    (v128.const i8x16 -128 -128 -127 -127 127 127 -1 -1 0xff 0x80 0 0 -128 -128 3 2))
  (v128.const i16x8 32767 32512 32258 -2 127 0 128 1))
;; dot_add: the i16 dot (saturated), pairs widened and added, plus c
;; (wrapping).
(assert_return (invoke "dot_add"
    (v128.const i8x16 -128 -128 -128 -128 -128 -128 -128 -128 1 1 1 1 1 2 3 4)
    (v128.const i8x16 -128 -128 -128 -128 -128 -128 -127 -127 -1 -1 -1 -1 1 1 1 1)
    (v128.const i32x4 1 0x7fffffff -5 0x7ffffff0))
  (v128.const i32x4 65535 0x8000fefe -9 0x7ffffffa))

;; Wide arithmetic: carries and borrows cross the halves; products are
;; exact.
(assert_return (invoke "add128" (i64.const -1) (i64.const 0) (i64.const 1) (i64.const 0))
  (i64.const 0) (i64.const 1))
(assert_return (invoke "add128" (i64.const -1) (i64.const -1) (i64.const 1) (i64.const 0))
  (i64.const 0) (i64.const 0))
(assert_return (invoke "add128" (i64.const 0x8000000000000000) (i64.const 0x7fffffffffffffff) (i64.const 0x8000000000000000) (i64.const 0))
  (i64.const 0) (i64.const 0x8000000000000000))
(assert_return (invoke "sub128" (i64.const 0) (i64.const 1) (i64.const 1) (i64.const 0))
  (i64.const -1) (i64.const 0))
(assert_return (invoke "sub128" (i64.const 0) (i64.const 0) (i64.const 1) (i64.const 0))
  (i64.const -1) (i64.const -1))
(assert_return (invoke "mul_wide_s" (i64.const -1) (i64.const -1)) (i64.const 1) (i64.const 0))
(assert_return (invoke "mul_wide_s" (i64.const -1) (i64.const 1)) (i64.const -1) (i64.const -1))
(assert_return (invoke "mul_wide_s" (i64.const 0x8000000000000000) (i64.const 0x8000000000000000))
  (i64.const 0) (i64.const 0x4000000000000000))
(assert_return (invoke "mul_wide_s" (i64.const 0x8000000000000000) (i64.const 0x7fffffffffffffff))
  (i64.const 0x8000000000000000) (i64.const 0xc000000000000000))
(assert_return (invoke "mul_wide_u" (i64.const -1) (i64.const -1)) (i64.const 1) (i64.const -2))
(assert_return (invoke "mul_wide_u" (i64.const 0x8000000000000000) (i64.const 2)) (i64.const 0) (i64.const 1))
(assert_return (invoke "mul_wide_u" (i64.const 0x123456789abcdef0) (i64.const 0xfedcba9876543210))
  (i64.const 0x236d88fe5618cf00) (i64.const 0x121fa00ad77d7422))
