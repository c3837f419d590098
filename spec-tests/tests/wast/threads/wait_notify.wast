;; memory.atomic.wait32/64 and notify across OS threads.

(module $Mem
  (memory (export "shared") 1 1 shared)
  (func (export "notify") (param i32) (result i32)
    (memory.atomic.notify (local.get 0) (i32.const 1)))
  (func (export "notify_all") (param i32) (result i32)
    (memory.atomic.notify (local.get 0) (i32.const -1)))
  (func (export "store") (param i32 i32)
    (i32.atomic.store (local.get 0) (local.get 1)))
  ;; Notifies until `n` waiters have been woken in all; returns how many
  ;; were (never more than were waiting).
  (func (export "wake") (param $addr i32) (param $n i32) (result i32)
    (local $woken i32)
    (loop $again
      (local.set $woken (i32.add (local.get $woken)
        (memory.atomic.notify (local.get $addr) (i32.const -1))))
      (br_if $again (i32.lt_u (local.get $woken) (local.get $n))))
    (local.get $woken)))

;; Results on one thread: "not-equal" (1) and "timed-out" (2).
(register "Mem" $Mem)
(module $Local2
  (memory (import "Mem" "shared") 1 1 shared)
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2))))
(assert_return (invoke $Local2 "wait32" (i32.const 0) (i32.const 1) (i64.const -1)) (i32.const 1))
(assert_return (invoke $Local2 "wait64" (i32.const 8) (i64.const 1) (i64.const -1)) (i32.const 1))
(assert_return (invoke $Local2 "wait32" (i32.const 0) (i32.const 0) (i64.const 1000000)) (i32.const 2))
(assert_return (invoke $Local2 "wait64" (i32.const 8) (i64.const 0) (i64.const 0)) (i32.const 2))
(assert_return (invoke $Mem "notify" (i32.const 0)) (i32.const 0))
(assert_trap (invoke $Local2 "wait32" (i32.const 1) (i32.const 0) (i64.const 0)) "unaligned atomic")
(assert_trap (invoke $Local2 "wait64" (i32.const 65536) (i64.const 0) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke $Mem "notify" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke $Mem "notify" (i32.const 65533)) "unaligned atomic")
;; On an unshared memory too (the runtime is not called, the check stays).
(module $Unshared
  (memory 1)
  (func (export "notify") (param i32) (result i32)
    (memory.atomic.notify (local.get 0) (i32.const 1))))
(assert_return (invoke $Unshared "notify" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke $Unshared "notify" (i32.const 65536)) "out of bounds memory access")

;; A thread blocked without a timeout is woken by the main thread's
;; notify ("ok", 0), however long the thread takes to start waiting.
(thread $Sleeper (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
  (assert_return (invoke "run") (i32.const 0))
)
(assert_return (invoke $Mem "wake" (i32.const 0) (i32.const 1)) (i32.const 1))
(wait $Sleeper)

;; Three threads wait64 on one address; notify wakes exactly the waiting
;; ones, each once.
(thread $A (shared (module $Mem))
  (register "mem" $Mem)
  (module $W
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (memory.atomic.wait64 (i32.const 64) (i64.const 0) (i64.const -1))))
  (assert_return (invoke "run") (i32.const 0))
)
(thread $B (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (memory.atomic.wait64 (i32.const 64) (i64.const 0) (i64.const -1))))
  (assert_return (invoke "run") (i32.const 0))
)
(thread $C (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (memory.atomic.wait64 (i32.const 64) (i64.const 0) (i64.const -1))))
  (assert_return (invoke "run") (i32.const 0))
)
(assert_return (invoke $Mem "wake" (i32.const 64) (i32.const 3)) (i32.const 3))
(wait $A)
(wait $B)
(wait $C)
(assert_return (invoke $Mem "notify_all" (i32.const 64)) (i32.const 0))
