;; Typed function references: call_ref through typed locals and a typed
;; table initialized by an expression, ref.as_non_null, br_on_null,
;; br_on_non_null, non-nullable locals, ref.func in globals, a null call_ref
;; trapping at the end.
;; run: trap null function reference
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

  (type $binop (func (param i32 i32) (result i32)))
  (type $maker (func (result (ref $binop))))
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (elem declare func $add $mul $sub $make_mul)
  (table $ops 3 (ref $binop) (ref.func $add))
  (global $default (ref $binop) (ref.func $sub))
  (global $maybe (mut (ref null $binop)) (ref.null $binop))
  (func $make_mul (type $maker) (ref.func $mul))
  (func $apply (param $f (ref null $binop)) (param $a i32) (param $b i32) (result i32)
    (call_ref $binop (local.get $a) (local.get $b) (ref.as_non_null (local.get $f))))
  ;; br_on_null: -1 for null, else the call's result
  (func $or_minus_one (param $f (ref null $binop)) (result i32)
    (block $null
      (return (call_ref $binop (i32.const 6) (i32.const 7) (br_on_null $null (local.get $f)))))
    (i32.const -1))
  ;; br_on_non_null: call it if present, else the default global
  (func $or_default (param $f (ref null $binop)) (result i32)
    (local $g (ref $binop))
    (block $present (result (ref $binop))
      (br_on_non_null $present (local.get $f))
      (return (call_ref $binop (i32.const 6) (i32.const 7) (global.get $default))))
    (local.set $g)
    (call_ref $binop (i32.const 6) (i32.const 7) (local.get $g)))
  (func $sum_table (result i32)
    (local $i i32) (local $acc i32) (local $f (ref $binop))
    (local.set $f (ref.func $add))
    (table.set $ops (i32.const 1) (call $make_mul))
    (loop $next
      (local.set $f (table.get $ops (local.get $i)))
      (local.set $acc (call_ref $binop (local.get $acc) (i32.add (local.get $i) (i32.const 3)) (local.get $f)))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3))))
    (local.get $acc))
  (func (export "_start")
    (call $p32 (i32.const 100) (call $apply (ref.func $add) (i32.const 40) (i32.const 2)))
    (call $p32 (i32.const 101) (call $apply (call $make_mul) (i32.const 6) (i32.const 7)))
    (call $p32 (i32.const 102) (call $or_minus_one (ref.null $binop)))
    (call $p32 (i32.const 103) (call $or_minus_one (ref.func $sub)))
    (call $p32 (i32.const 104) (call $or_default (ref.null $binop)))
    (call $p32 (i32.const 105) (call $or_default (ref.func $mul)))
    (call $p32 (i32.const 106) (call $sum_table))
    (global.set $maybe (ref.func $add))
    (call $p32 (i32.const 107) (call $apply (global.get $maybe) (i32.const 1) (i32.const 2)))
    (global.set $maybe (ref.null $binop))
    (call $p32 (i32.const 108) (call_ref $binop (i32.const 1) (i32.const 2) (global.get $maybe))))
)
