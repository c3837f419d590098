;; Traps: table.copy running past the end of the table. Prints one line first; the checks before the trap
;; are in bounds and must not trap.
;; run: trap out of bounds table access
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before the trap: copying past the end of a table\n")
  (func $say
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 49))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (table $t 4 funcref)
  (func (export "_start")
    (call $say)
    (table.copy (i32.const 0) (i32.const 2) (i32.const 2))
    (table.copy (i32.const 0) (i32.const 3) (i32.const 2))))
