;; A shared memory grown by one thread while others access it: the memory
;; never moves, so accesses below the old size stay valid throughout, and
;; every thread sees the new size. Traps inside threads are caught on
;; their own thread; only shared memories cross threads.

(module $Mem
  (memory (export "shared") 1 64 shared)
  (func (export "size") (result i32) (memory.size)))
(register "mem" $Mem)

(thread $Grower (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 64 shared)
    (func (export "grow") (result i32)
      (local $i i32)
      (loop $l
        (drop (memory.grow (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 63))))
      (memory.size)))
  (assert_return (invoke "grow") (i32.const 64))
  (assert_return (invoke "grow") (i32.const 64))
)

(thread $Writer (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 64 shared)
    ;; Writes and reads back words of the first page while it grows;
    ;; returns the first iteration that read something else, or 1,000,000.
    (func (export "run") (result i32)
      (local $i i32) (local $a i32)
      (loop $l
        (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xfffc)))
        (i32.atomic.store (local.get $a) (local.get $i))
        (if (i32.ne (i32.atomic.load (local.get $a)) (local.get $i))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 1000000))))
      (local.get $i))
    (func (export "unaligned") (result i32)
      (i32.atomic.load (i32.const 2))))
  (assert_trap (invoke "unaligned") "unaligned atomic")
  (assert_return (invoke "run") (i32.const 1000000))
)

(thread $Strict (shared (module $Mem))
  (register "mem" $Mem)
  (assert_unlinkable (module (func (import "mem" "size") (result i32))) "unknown import")
)

(wait $Grower)
(wait $Writer)
(wait $Strict)
(assert_return (invoke $Mem "size") (i32.const 64))
