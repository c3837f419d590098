;; Message passing between two OS threads over a defined shared memory: the
;; writer stores data, then a flag; the reader spins on the flag, then must
;; see the data (atomics are sequentially consistent).

(module $Mem (memory (export "shared") 1 1 shared))
(register "mem" $Mem)

(thread $Writer (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run")
      (i32.atomic.store (i32.const 8) (i32.const 42))
      (i64.atomic.store (i32.const 16) (i64.const 0x1122334455667788))
      (i32.atomic.store (i32.const 0) (i32.const 1))))
  (invoke "run")
)

(thread $Reader (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32 i64)
      (loop $spin
        (br_if $spin (i32.eqz (i32.atomic.load (i32.const 0)))))
      (i32.atomic.load (i32.const 8))
      (i64.atomic.load (i32.const 16))))
  (assert_return (invoke "run") (i32.const 42) (i64.const 0x1122334455667788))
)

(wait $Writer)
(wait $Reader)

;; The main thread sees the threads' stores through the defining instance's
;; memory, imported here.
(module $Check
  (memory (import "mem" "shared") 1 1 shared)
  (func (export "flag") (result i32) (i32.atomic.load (i32.const 0)))
  (func (export "data") (result i64) (i64.load (i32.const 16))))
(assert_return (invoke $Check "flag") (i32.const 1))
(assert_return (invoke $Check "data") (i64.const 0x1122334455667788))
