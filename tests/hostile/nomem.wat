;; A guest without a linear memory: sched_yield needs none, args_sizes_get
;; needs one for its results.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func (export "_start")
    ;; Works without memory.
    (drop (call $sched_yield))
    ;; Needs memory for its results.
    (call $proc_exit (call $args_sizes_get (i32.const 0) (i32.const 4))))
)
