;; GC references that need no heap: i31s (sign and zero extension, the
;; 31-bit wrap, an i31 global from a constant expression), ref.eq, the
;; any/extern conversions, ref.test/ref.cast/br_on_cast against the abstract
;; types, and function subtyping: call_indirect, call_ref and ref.test
;; through a non-final type with a declared subtype, against a structurally
;; equal final type that is another type. A failing cast ends it.
;; run: trap cast failure
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

  (type $base (sub (func (result i32))))
  (type $derived (sub $base (func (result i32))))
  (type $other (func (result i32)))
  (func $f_base (type $base) (i32.const 1))
  (func $f_derived (type $derived) (i32.const 2))
  (func $f_other (type $other) (i32.const 3))
  (table $t funcref (elem $f_base $f_derived $f_other))
  (global $g (ref i31) (ref.i31 (i32.const -5)))
  (global $boxed (mut anyref) (ref.null any))

  (func $call_base (param i32) (result i32)
    (call_indirect $t (type $base) (local.get 0)))
  (func $call_ref_base (param i32) (result i32)
    (call_ref $base (ref.cast (ref $base) (table.get $t (local.get 0)))))
  (func $test_base (param i32) (result i32)
    (ref.test (ref $base) (table.get $t (local.get 0))))
  (func $test_derived (param i32) (result i32)
    (ref.test (ref $derived) (table.get $t (local.get 0))))

  ;; 0 null, 1 i31, 2 another eq, 3 any other reference
  (func $classify (param $r anyref) (result i32)
    (block $i31 (result (ref i31))
      (block $eq (result (ref eq))
        (block $null
          (br_on_null $null (local.get $r))
          (br_on_cast $i31 (ref any) (ref i31))
          (br_on_cast $eq (ref any) (ref eq))
          (drop)
          (return (i32.const 3)))
        (return (i32.const 0)))
      (drop)
      (return (i32.const 2)))
    (drop)
    (i32.const 1))

  ;; br_on_cast_fail: the i31's value, or -1 for anything else
  (func $value_or_minus_one (param $r anyref) (result i32)
    (block $not (result anyref)
      (return (i31.get_s (br_on_cast_fail $not anyref (ref i31) (local.get $r)))))
    (drop)
    (i32.const -1))

  (func $roundtrip (param $r anyref) (result anyref)
    (any.convert_extern (extern.convert_any (local.get $r))))

  (func (export "_start")
    (local $i i32) (local $sum i32)
    (call $p32 (i32.const 100) (i31.get_s (ref.i31 (i32.const -1))))
    (call $p32 (i32.const 101) (i31.get_u (ref.i31 (i32.const -1))))
    (call $p32 (i32.const 102) (i31.get_s (ref.i31 (i32.const 0x40000000))))
    (call $p32 (i32.const 103) (i31.get_s (global.get $g)))
    (call $p32 (i32.const 104) (ref.eq (ref.i31 (i32.const 7)) (ref.i31 (i32.const 7))))
    (call $p32 (i32.const 105) (ref.eq (ref.i31 (i32.const 7)) (ref.i31 (i32.const 0x80000007))))
    (call $p32 (i32.const 106) (ref.eq (ref.i31 (i32.const 7)) (ref.i31 (i32.const 8))))
    (call $p32 (i32.const 107) (call $classify (ref.null any)))
    (call $p32 (i32.const 108) (call $classify (ref.i31 (i32.const 3))))
    (call $p32 (i32.const 109) (call $classify (call $roundtrip (ref.i31 (i32.const 9)))))
    (call $p32 (i32.const 110) (i31.get_u (ref.cast (ref i31) (call $roundtrip (ref.i31 (i32.const 9))))))
    (call $p32 (i32.const 111) (ref.test (ref null none) (ref.null any)))
    (call $p32 (i32.const 112) (ref.test (ref struct) (ref.i31 (i32.const 1))))
    (call $p32 (i32.const 113) (ref.test (ref null array) (ref.null any)))
    (call $p32 (i32.const 114) (ref.test (ref eq) (ref.i31 (i32.const 1))))
    (call $p32 (i32.const 115) (ref.test (ref i31) (ref.null i31)))
    (call $p32 (i32.const 116) (call $value_or_minus_one (ref.i31 (i32.const -42))))
    (call $p32 (i32.const 117) (call $value_or_minus_one (ref.null any)))
    (call $p32 (i32.const 118) (call $call_base (i32.const 0)))
    (call $p32 (i32.const 119) (call $call_base (i32.const 1)))
    (call $p32 (i32.const 120) (call $call_ref_base (i32.const 1)))
    (call $p32 (i32.const 121) (call $test_base (i32.const 1)))
    (call $p32 (i32.const 122) (call $test_base (i32.const 2)))
    (call $p32 (i32.const 123) (call $test_derived (i32.const 0)))
    (call $p32 (i32.const 124) (call $test_derived (i32.const 1)))
    ;; a hot loop of casts and i31 arithmetic through a global
    (global.set $boxed (ref.i31 (i32.const 0)))
    (loop $l
      (global.set $boxed (ref.i31 (i32.add (i31.get_s (ref.cast (ref i31) (global.get $boxed))) (local.get $i))))
      (local.set $sum (i32.add (local.get $sum) (call $test_base (i32.rem_u (local.get $i) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
    (call $p32 (i32.const 125) (i31.get_s (ref.cast (ref i31) (global.get $boxed))))
    (call $p32 (i32.const 126) (local.get $sum))
    ;; the other final type is not $base
    (drop (call $call_ref_base (i32.const 2))))
)
