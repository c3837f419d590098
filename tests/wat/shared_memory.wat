;; The threads proposal in one thread: a shared memory (defined and
;; exported), atomics on it, memory.atomic.wait32/64 returning "not equal"
;; (1) and "timed out" (2), notify with nobody waiting (0), and growth of a
;; shared memory up to its maximum (it never moves).
;; Output: one line per check, "<id>: <value in hex>".
;; run: wasmtime -W shared-memory=y
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 3 shared)
  (data (i32.const 0) "0123456789abcdef")

  ;; ---- output: "<id>: <digits hex digits>\n" (scratch bytes 16..79) ----
  (func $emit (param $id i32) (param $v i64) (param $digits i32)
    (local $p i32)
    (i32.store8 (i32.const 16) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 100)) (i32.const 10))))
    (i32.store8 (i32.const 17) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 10)) (i32.const 10))))
    (i32.store8 (i32.const 18) (i32.add (i32.const 48) (i32.rem_u (local.get $id) (i32.const 10))))
    (i32.store16 (i32.const 19) (i32.const 0x203a))
    (local.set $p (i32.add (i32.const 21) (local.get $digits)))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.load8_u (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15)))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (br_if $digit (i32.gt_u (local.get $p) (i32.const 21))))
    (i32.store (i32.const 64) (i32.const 16))
    (i32.store (i32.const 68) (i32.add (local.get $digits) (i32.const 6)))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72))))
  (func $p32 (param $id i32) (param $v i32)
    (call $emit (local.get $id) (i64.extend_i32_u (local.get $v)) (i32.const 8)))

  (func $p64 (param $id i32) (param $v i64)
    (call $emit (local.get $id) (local.get $v) (i32.const 16)))

  (func (export "_start")
    (i64.store (i32.const 128) (i64.const 0x1122334455667788))
    (call $p32 (i32.const 1) (i32.atomic.rmw.add (i32.const 128) (i32.const 1)))
    (call $p64 (i32.const 2) (i64.atomic.load (i32.const 128)))
    (call $p32 (i32.const 3) (i32.atomic.rmw8.cmpxchg_u (i32.const 129) (i32.const 0x77) (i32.const 0xaa)))
    (call $p64 (i32.const 4) (i64.atomic.load (i32.const 128)))
    ;; The value differs: "not equal" at once, whatever the timeout.
    (call $p32 (i32.const 5) (memory.atomic.wait32 (i32.const 128) (i32.const 0) (i64.const -1)))
    (call $p32 (i32.const 6) (memory.atomic.wait64 (i32.const 128) (i64.const 0) (i64.const -1)))
    ;; The value matches and nobody notifies: "timed out" after 1 ms.
    (call $p32 (i32.const 7) (memory.atomic.wait32 (i32.const 136) (i32.const 0) (i64.const 1000000)))
    (call $p32 (i32.const 8) (memory.atomic.wait64 (i32.const 136) (i64.const 0) (i64.const 0)))
    (call $p32 (i32.const 9) (memory.atomic.notify (i32.const 136) (i32.const 5)))
    ;; Growth up to the maximum; the new pages are zero and usable.
    (call $p32 (i32.const 10) (memory.grow (i32.const 2)))
    (call $p32 (i32.const 11) (memory.grow (i32.const 1)))
    (i32.atomic.store (i32.const 196604) (i32.const 0x5eed))
    (call $p32 (i32.const 12) (i32.atomic.load (i32.const 196604)))
    (call $p32 (i32.const 13) (memory.size))
    (call $p32 (i32.const 14) (i32.atomic.load (i32.const 196600))))
)
