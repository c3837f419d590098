;; Traps: i32.trunc_f64_u of -1.0 (out of range). Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: converting -1.0 to an unsigned integer\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 56))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $conv (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func (export "_start")
    (call $say)
    (drop (call $conv (f64.const -0.99)))
    (drop (call $conv (f64.const -1.0)))))
