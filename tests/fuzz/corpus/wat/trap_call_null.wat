;; Traps: call_indirect of a null table entry. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: calling a null table entry\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 44))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (type $t (func (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $f)
  (func $f (result i32) (i32.const 1))
  (func $call (param i32) (result i32) (call_indirect (type $t) (local.get 0)))
  (func (export "_start")
    (call $say)
    (drop (call $call (i32.const 0)))
    (drop (call $call (i32.const 2)))))
