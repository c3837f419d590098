;; Relaxed SIMD on inputs where every result the proposal allows is the
;; same (in-range swizzle indices, exactly representable madd, in-range
;; truncations, no NaN or signed zero in min/max, laneselect masks of whole
;; lanes, dot products with 7-bit second operands), so any conforming
;; engine prints this; the choices at the edges are pinned by
;; spec-tests/tests/wast/relaxed-deterministic.wast.
;; Output: one line per check, "<id>: <value in hex>".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "0123456789abcdef")

  ;; ---- output: "<id>: <digits hex digits>\n" (scratch bytes 16..79) ----
  (func $emit (param $id i32) (param $v i64) (param $digits i32)
    (local $p i32)
    (i32.store8 (i32.const 16) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 100)) (i32.const 10))))
    (i32.store8 (i32.const 17) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 10)) (i32.const 10))))
    (i32.store8 (i32.const 18) (i32.add (i32.const 48) (i32.rem_u (local.get $id) (i32.const 10))))
    (i32.store16 (i32.const 19) (i32.const 0x203a))
    (local.set $p (i32.add (i32.const 21) (local.get $digits)))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.load8_u (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15)))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (br_if $digit (i32.gt_u (local.get $p) (i32.const 21))))
    (i32.store (i32.const 64) (i32.const 16))
    (i32.store (i32.const 68) (i32.add (local.get $digits) (i32.const 6)))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72))))
  (func $p32 (param $id i32) (param $v i32)
    (call $emit (local.get $id) (i64.extend_i32_u (local.get $v)) (i32.const 8)))

  (func $p64 (param $id i32) (param $v i64)
    (call $emit (local.get $id) (local.get $v) (i32.const 16)))

  (func $lanes (param $id i32) (param $v v128)
    (call $p64 (local.get $id) (i64x2.extract_lane 0 (local.get $v)))
    (call $p64 (i32.add (local.get $id) (i32.const 1)) (i64x2.extract_lane 1 (local.get $v))))
  (func (export "_start")
    (call $lanes (i32.const 100) (i8x16.relaxed_swizzle
      (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
      (v128.const i8x16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0)))
    (call $lanes (i32.const 102) (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 1.5 -2.5 1000.25 -7.0)))
    (call $lanes (i32.const 104) (i32x4.relaxed_trunc_f32x4_u (v128.const f32x4 1.5 2.5 1000.25 7.0)))
    (call $lanes (i32.const 106) (i32x4.relaxed_trunc_f64x2_s_zero (v128.const f64x2 -3.75 123456.5)))
    (call $lanes (i32.const 108) (f32x4.relaxed_madd (v128.const f32x4 1 2 3 4) (v128.const f32x4 0.5 0.25 2 8) (v128.const f32x4 1 1 1 1)))
    (call $lanes (i32.const 110) (f64x2.relaxed_nmadd (v128.const f64x2 3 -4) (v128.const f64x2 2 0.5) (v128.const f64x2 10 10)))
    (call $lanes (i32.const 112) (i32x4.relaxed_laneselect (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8) (v128.const i32x4 -1 0 -1 0)))
    (call $lanes (i32.const 114) (f32x4.relaxed_min (v128.const f32x4 1 -2 3 -4) (v128.const f32x4 -1 2 -3 4)))
    (call $lanes (i32.const 116) (f64x2.relaxed_max (v128.const f64x2 1.5 -2) (v128.const f64x2 -1 2.5)))
    (call $lanes (i32.const 118) (i16x8.relaxed_q15mulr_s (v128.const i16x8 16384 -16384 100 200 300 400 500 600) (v128.const i16x8 16384 16384 2 3 4 5 6 7)))
    (call $lanes (i32.const 120) (i16x8.relaxed_dot_i8x16_i7x16_s
      (v128.const i8x16 1 2 3 4 5 6 7 8 -1 -2 -3 -4 -5 -6 -7 -8) (v128.const i8x16 1 1 2 2 3 3 4 4 5 5 6 6 7 7 8 8)))
    (call $lanes (i32.const 122) (i32x4.relaxed_dot_i8x16_i7x16_add_s
      (v128.const i8x16 1 2 3 4 5 6 7 8 -1 -2 -3 -4 -5 -6 -7 -8) (v128.const i8x16 1 1 2 2 3 3 4 4 5 5 6 6 7 7 8 8)
      (v128.const i32x4 1000 2000 3000 4000)))
  )
)
