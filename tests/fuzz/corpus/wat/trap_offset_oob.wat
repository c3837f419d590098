;; Traps: a load whose offset immediate is 0xffffffff: address + offset exceeds 4 GiB. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: loading with a huge offset\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 44))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $load (param i32) (result i64) (i64.load offset=0xffffffff (local.get 0)))
  (func (export "_start")
    (call $say)
    (drop (call $load (i32.const 1)))))
