;; Traps: memory.init from a dropped data segment with a non-zero length. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: initializing from a dropped segment\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 53))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (data $seg "segment")
  (func (export "_start")
    (call $say)
    (memory.init $seg (i32.const 100) (i32.const 0) (i32.const 7))
    (data.drop $seg)
    (memory.init $seg (i32.const 100) (i32.const 0) (i32.const 0))
    (memory.init $seg (i32.const 100) (i32.const 0) (i32.const 1))))
