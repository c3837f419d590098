;; Traps: an i32.load straddling the end of memory (the last 2 bytes are in bounds). Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: loading across the end of memory\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 50))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $load (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "_start")
    (call $say)
    (drop (call $load (i32.const 65532)))
    (drop (call $load (i32.const 65534)))))
