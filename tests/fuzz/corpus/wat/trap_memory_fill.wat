;; Traps: memory.fill running past the end of memory. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: filling past the end of memory\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 48))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (call $say)
    (memory.fill (i32.const 65000) (i32.const 7) (i32.const 536))
    (memory.fill (i32.const 65000) (i32.const 7) (i32.const 537))))
