;; Traps: i64.div_s of the minimum by -1. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: dividing INT64_MIN by -1\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 42))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $div (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "_start")
    (call $say)
    (drop (call $div (i64.const 0x8000000000000000) (i64.const -2)))
    (drop (call $div (i64.const 0x8000000000000000) (i64.const -1)))))
