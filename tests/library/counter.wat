;; A second module linked into the same program as reactor.wat (see
;; two_modules.c): its own exports, a memory and a WASI import.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $count (export "count") (mut i64) (i64.const 0))
  (data (i32.const 32) "counter says hi\n")
  (func (export "bump") (param i64) (result i64)
    (global.set $count (i64.add (global.get $count) (local.get 0)))
    (global.get $count))
  (func (export "hello") (result i32)
    (i32.store (i32.const 0) (i32.const 32)) (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.load (i32.const 8)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
)
