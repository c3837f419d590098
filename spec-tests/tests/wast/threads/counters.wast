;; Four threads each add 1 to a shared counter 100,000 times with
;; read-modify-write atomics of every width, and once with a
;; compare-exchange loop; no increment is lost.

(module $Mem (memory (export "shared") 1 1 shared))

(register "mem" $Mem)
(module definition $AdderDef
  (memory (import "mem" "shared") 1 1 shared)
  (func (export "add") (param $n i32)
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (drop (i64.atomic.rmw.add (i32.const 8) (i64.const 1)))
      (drop (i32.atomic.rmw16.add_u (i32.const 16) (i32.const 1)))
      (drop (i64.atomic.rmw8.add_u (i32.const 24) (i64.const 1)))
      (call $cas_add (i32.const 32))
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l)))
  ;; One increment as a compare-exchange retry loop.
  (func $cas_add (param $addr i32)
    (local $old i32)
    (loop $retry
      (local.set $old (i32.atomic.load (local.get $addr)))
      (br_if $retry (i32.ne (local.get $old)
        (i32.atomic.rmw.cmpxchg (local.get $addr) (local.get $old)
          (i32.add (local.get $old) (i32.const 1))))))))

;; Threads instantiate the shared definition (module definitions cross).
(thread $T1 (shared (module $Mem))
  (register "mem" $Mem)
  (module instance $Adder $AdderDef)
  (invoke "add" (i32.const 100000))
)
(thread $T2 (shared (module $Mem))
  (register "mem" $Mem)
  (module instance $Adder $AdderDef)
  (invoke "add" (i32.const 100000))
)
(thread $T3 (shared (module $Mem))
  (register "mem" $Mem)
  (module instance $Adder $AdderDef)
  (invoke "add" (i32.const 100000))
)
(module instance $Main $AdderDef)
(invoke $Main "add" (i32.const 100000))
(wait $T1)
(wait $T2)
(wait $T3)

(module $Check
  (memory (import "mem" "shared") 1 1 shared)
  (func (export "i32") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "i64") (param i32) (result i64) (i64.atomic.load (local.get 0))))
(assert_return (invoke $Check "i32" (i32.const 0)) (i32.const 400000))
(assert_return (invoke $Check "i64" (i32.const 8)) (i64.const 400000))
;; 400,000 mod 2^16 and mod 2^8: the narrow forms wrap in their width.
(assert_return (invoke $Check "i32" (i32.const 16)) (i32.const 6784))
(assert_return (invoke $Check "i32" (i32.const 24)) (i32.const 128))
(assert_return (invoke $Check "i32" (i32.const 32)) (i32.const 400000))
