;; Tail calls: return_call, return_call_indirect and return_call to an
;; import, each in chains far deeper than any stack (100 million mutual
;; calls), with more parameters than fit in registers, and a tail call into
;; a WASI host function.
;; Output: one line per check, "<id>: <value in hex>".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "0123456789abcdef")
  (data (i32.const 128) "tail-called fd_write\n")

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

  ;; 100 million mutual tail calls
  (func $even (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get $n) (i32.const 1))))))
  (func $odd (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $even (i32.sub (local.get $n) (i32.const 1))))))

  ;; more parameters than registers, rotated on every call
  (func $rotate (param $n i32) (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then
        (i64.add (i64.mul (local.get 1) (i64.const 1))
        (i64.add (i64.mul (local.get 2) (i64.const 3))
        (i64.add (i64.mul (local.get 3) (i64.const 5))
        (i64.add (i64.mul (local.get 4) (i64.const 7))
        (i64.add (i64.mul (local.get 5) (i64.const 11))
        (i64.add (i64.mul (local.get 6) (i64.const 13))
        (i64.add (i64.mul (local.get 7) (i64.const 17))
        (i64.add (i64.mul (local.get 8) (i64.const 19))
        (i64.add (i64.mul (local.get 9) (i64.const 23))
                 (i64.mul (local.get 10) (i64.const 29))))))))))))
      (else
        (return_call $rotate (i32.sub (local.get $n) (i32.const 1))
          (local.get 10) (i64.add (local.get 1) (i64.const 1)) (local.get 2) (local.get 3) (local.get 4)
          (local.get 5) (local.get 6) (local.get 7) (local.get 8) (local.get 9)))))
  ;; a short callee tail-calling one with many stack parameters and back
  (func $wide (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $wider (local.get $n) (local.get $acc)
        (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
        (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10)))))
  (func $wider (param $n i32) (param $acc i64) (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (return_call $wide (i32.sub (local.get $n) (i32.const 1))
      (i64.add (local.get $acc) (i64.add (local.get 11) (local.get 2)))))

  ;; a three-state machine stepping through a table, 30 million steps
  (type $state (func (param i32 i64) (result i64)))
  (table $states 3 funcref)
  (elem (table $states) (i32.const 0) func $s0 $s1 $s2)
  (func $s0 (type $state)
    (if (result i64) (i32.eqz (local.get 0)) (then (local.get 1))
      (else (return_call_indirect $states (type $state)
        (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 1)) (i32.const 1)))))
  (func $s1 (type $state)
    (if (i32.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_indirect $states (type $state)
      (i32.sub (local.get 0) (i32.const 1)) (i64.mul (local.get 1) (i64.const 3))
      (i32.wrap_i64 (i64.rem_u (local.get 1) (i64.const 3)))))
  (func $s2 (type $state)
    (if (i32.eqz (local.get 0)) (then (return (local.get 1))))
    (return_call_indirect $states (type $state)
      (i32.sub (local.get 0) (i32.const 1)) (i64.xor (local.get 1) (i64.const 0x5555)) (i32.const 0)))

  ;; a tail call into the WASI host function itself
  (func $write (param i32 i32 i32 i32) (result i32)
    (return_call $fd_write (local.get 0) (local.get 1) (local.get 2) (local.get 3)))

  (func (export "_start")
    (call $p32 (i32.const 100) (call $even (i32.const 100000000)))
    (call $p32 (i32.const 101) (call $odd (i32.const 100000001)))
    (call $p64 (i32.const 102) (call $rotate (i32.const 10000000)
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5)
      (i64.const 6) (i64.const 7) (i64.const 8) (i64.const 9) (i64.const 10)))
    (call $p64 (i32.const 103) (call $wide (i32.const 10000000) (i64.const 0)))
    (call $p64 (i32.const 104) (call_indirect $states (type $state) (i32.const 30000000) (i64.const 7) (i32.const 0)))
    (i32.store (i32.const 96) (i32.const 128))
    (i32.store (i32.const 100) (i32.const 21))
    (call $p32 (i32.const 105) (call $write (i32.const 1) (i32.const 96) (i32.const 1) (i32.const 104)))
    (call $p32 (i32.const 106) (i32.load (i32.const 104)))
  )
)
