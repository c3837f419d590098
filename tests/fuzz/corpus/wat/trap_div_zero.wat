;; Traps: i64.rem_u by zero, on parameters. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: remainder by zero\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 35))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $rem (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "_start")
    (call $say)
    (drop (call $rem (i64.const 10) (i64.const 3)))
    (drop (call $rem (i64.const 10) (i64.const 0)))))
