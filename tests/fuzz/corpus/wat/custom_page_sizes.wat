;; Custom page sizes: a memory of one-byte pages grows byte by byte and
;; its bound is exact (no page rounding), next to an ordinary memory.
;; run: wasmtime -W custom-page-sizes=y
;; Output: one line per check, "<id>: <value in hex>".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $io (export "memory") 1)
  (memory $bytes 10 (pagesize 1))
  (memory $capped 0 70000 (pagesize 1))
  (data (memory $io) (i32.const 0) "0123456789abcdef")
  (data (memory $bytes) (i32.const 6) "\aa\bb\cc\dd")

  ;; ---- output: "<id>: <digits hex digits>\n" (scratch bytes 16..79) ----
  (func $emit (param $id i32) (param $v i64) (param $digits i32)
    (local $p i32)
    (i32.store8 $io (i32.const 16) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 100)) (i32.const 10))))
    (i32.store8 $io (i32.const 17) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 10)) (i32.const 10))))
    (i32.store8 $io (i32.const 18) (i32.add (i32.const 48) (i32.rem_u (local.get $id) (i32.const 10))))
    (i32.store16 $io (i32.const 19) (i32.const 0x203a))
    (local.set $p (i32.add (i32.const 21) (local.get $digits)))
    (i32.store8 $io (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 $io (local.get $p) (i32.load8_u $io (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15)))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (br_if $digit (i32.gt_u (local.get $p) (i32.const 21))))
    (i32.store $io (i32.const 64) (i32.const 16))
    (i32.store $io (i32.const 68) (i32.add (local.get $digits) (i32.const 6)))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72))))
  (func $p32 (param $id i32) (param $v i32)
    (call $emit (local.get $id) (i64.extend_i32_u (local.get $v)) (i32.const 8)))

  (func $p64 (param $id i32) (param $v i64)
    (call $emit (local.get $id) (local.get $v) (i32.const 16)))

  (func (export "_start")
    (call $p32 (i32.const 100) (memory.size $bytes))
    (call $p32 (i32.const 101) (i32.load $bytes (i32.const 6)))
    (call $p32 (i32.const 102) (memory.grow $bytes (i32.const 3)))
    (call $p32 (i32.const 103) (memory.size $bytes))
    (i32.store16 $bytes (i32.const 11) (i32.const 0x1234))
    (call $p32 (i32.const 104) (i32.load16_u $bytes (i32.const 11)))
    (call $p32 (i32.const 105) (memory.grow $capped (i32.const 65537)))
    (call $p32 (i32.const 106) (memory.grow $capped (i32.const 5000)))
    (call $p32 (i32.const 107) (memory.size $capped))
    (i32.store8 $capped (i32.const 65536) (i32.const 9))
    (call $p32 (i32.const 108) (i32.load8_u $capped (i32.const 65536)))
    (memory.fill $bytes (i32.const 0) (i32.const 0x11) (i32.const 13))
    (call $p32 (i32.const 109) (i32.load $bytes (i32.const 9)))
    ;; byte 13 is one past the end
    (drop (i32.load $bytes (i32.const 10)))
  )
)
