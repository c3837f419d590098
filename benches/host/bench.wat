;; The `bench` imports of the sightglass programs for `wasmtime run
;; --preload bench=bench.wat`: `start` reads the monotonic clock, `end` reads
;; it again and writes the elapsed nanoseconds to stderr as one line
;; "@@w2n-bench-ns <decimal>\n", which the runner takes out of stderr before
;; comparing it with the expected output. host/bench.c does the same for
;; wasm2native executables.
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; 0..8: clock result; 16..24: iovec; 32..: "@@w2n-bench-ns ", digits, "\n".
  (memory (export "memory") 1)
  (data (i32.const 32) "@@w2n-bench-ns ")
  (global $t0 (mut i64) (i64.const 0))

  (func $now (result i64)
    ;; clock 1 = monotonic, precision 1 ns.
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 0)))
    (i64.load (i32.const 0)))

  (func (export "start")
    (global.set $t0 (call $now)))

  (func (export "end")
    (local $ns i64) (local $len i32) (local $i i32) (local $tmp i64)
    (local.set $ns (i64.sub (call $now) (global.get $t0)))
    ;; Number of decimal digits.
    (local.set $len (i32.const 1))
    (local.set $tmp (local.get $ns))
    (block $done
      (loop $count
        (br_if $done (i64.lt_u (local.get $tmp) (i64.const 10)))
        (local.set $tmp (i64.div_u (local.get $tmp) (i64.const 10)))
        (local.set $len (i32.add (local.get $len) (i32.const 1)))
        (br $count)))
    ;; Digits at 47..47+len, least significant last.
    (local.set $i (i32.add (i32.const 47) (local.get $len)))
    (i32.store8 (local.get $i) (i32.const 10))
    (loop $digit
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (local.get $i)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $ns) (i64.const 10)))))
      (local.set $ns (i64.div_u (local.get $ns) (i64.const 10)))
      (br_if $digit (i32.gt_u (local.get $i) (i32.const 47))))
    ;; One iovec {32, 15 + len + 1} to fd 2.
    (i32.store (i32.const 16) (i32.const 32))
    (i32.store (i32.const 20) (i32.add (i32.const 16) (local.get $len)))
    (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 8)))))
