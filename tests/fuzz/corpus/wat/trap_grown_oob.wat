;; Traps: a store at the first byte after a memory grown by one page. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: storing just past the grown memory\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 52))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $store (param i32) (i32.store8 (local.get 0) (i32.const 1)))
  (func (export "_start")
    (call $say)
    (drop (memory.grow (i32.const 1)))
    (call $store (i32.const 131071))
    (call $store (i32.const 131072))))
