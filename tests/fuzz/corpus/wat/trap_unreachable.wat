;; Traps: the unreachable instruction, reached through a br_table. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: reaching unreachable\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 38))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $pick (param i32) (result i32)
    (block $bad (block $ok (br_table $ok $bad (local.get 0))) (return (i32.const 1))) (unreachable))
  (func (export "_start")
    (call $say)
    (drop (call $pick (i32.const 0)))
    (drop (call $pick (i32.const 1)))))
