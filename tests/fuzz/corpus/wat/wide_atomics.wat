;; Wide arithmetic (i64.add128, sub128, mul_wide_s/u), extended constant
;; expressions (globals and segment offsets computed from globals), and the
;; atomic instructions on an ordinary memory: loads, stores and
;; read-modify-writes of every width, compare-exchange, fence; then a
;; misaligned atomic access, which traps.
;; Output: one line per check, "<id>: <value in hex>".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
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

  (global $base i32 (i32.const 0x100))
  (global $scaled i32 (i32.add (i32.mul (global.get $base) (i32.const 3)) (i32.const 8)))
  (global $wide i64 (i64.sub (i64.mul (i64.const 0x10000) (i64.const 0x1000000)) (i64.const 1)))
  (data (offset (i32.add (global.get $scaled) (i32.const 0))) "\11\22\33\44\55\66\77\88")
  (func $add128 (param i64 i64 i64 i64) (result i64 i64) (i64.add128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func $sub128 (param i64 i64 i64 i64) (result i64 i64) (i64.sub128 (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func $pair (param $id i32) (param $lo i64) (param $hi i64)
    (call $p64 (local.get $id) (local.get $lo))
    (call $p64 (i32.add (local.get $id) (i32.const 1)) (local.get $hi)))
  (func (export "_start")
    (local $lo i64) (local $hi i64)
    ;; 1xx: wide arithmetic
    (call $add128 (i64.const -1) (i64.const 0) (i64.const 1) (i64.const 0))
    (local.set $hi) (local.set $lo)
    (call $pair (i32.const 100) (local.get $lo) (local.get $hi))
    (call $sub128 (i64.const 0) (i64.const 5) (i64.const 1) (i64.const 0))
    (local.set $hi) (local.set $lo)
    (call $pair (i32.const 102) (local.get $lo) (local.get $hi))
    (i64.mul_wide_s (i64.const -3) (i64.const 0x7fffffffffffffff))
    (local.set $hi) (local.set $lo)
    (call $pair (i32.const 104) (local.get $lo) (local.get $hi))
    (i64.mul_wide_u (i64.const -1) (i64.const -1))
    (local.set $hi) (local.set $lo)
    (call $pair (i32.const 106) (local.get $lo) (local.get $hi))
    ;; 2xx: extended constants
    (call $p32 (i32.const 200) (global.get $scaled))
    (call $p64 (i32.const 201) (global.get $wide))
    (call $p64 (i32.const 202) (i64.load (global.get $scaled)))
    ;; 3xx: atomics
    (i64.atomic.store (i32.const 1024) (i64.const 0x0102030405060708))
    (call $p64 (i32.const 300) (i64.atomic.load (i32.const 1024)))
    (call $p32 (i32.const 301) (i32.atomic.load8_u (i32.const 1025)))
    (call $p32 (i32.const 302) (i32.atomic.load16_u (i32.const 1026)))
    (call $p32 (i32.const 303) (i32.atomic.rmw.add (i32.const 1024) (i32.const 0x10)))
    (call $p32 (i32.const 304) (i32.atomic.rmw8.sub_u (i32.const 1024) (i32.const 0x20)))
    (call $p64 (i32.const 305) (i64.atomic.rmw16.or_u (i32.const 1026) (i64.const 0xf000)))
    (call $p64 (i32.const 306) (i64.atomic.rmw32.xor_u (i32.const 1028) (i64.const 0xffffffff)))
    (call $p32 (i32.const 307) (i32.atomic.rmw.and (i32.const 1024) (i32.const 0xff00ff00)))
    (call $p64 (i32.const 308) (i64.atomic.rmw.xchg (i32.const 1024) (i64.const 42)))
    (call $p32 (i32.const 309) (i32.atomic.rmw.cmpxchg (i32.const 1024) (i32.const 41) (i32.const 7)))
    (call $p32 (i32.const 310) (i32.atomic.rmw.cmpxchg (i32.const 1024) (i32.const 42) (i32.const 7)))
    (call $p32 (i32.const 311) (i32.atomic.rmw8.cmpxchg_u (i32.const 1024) (i32.const 0x107) (i32.const 9)))
    (atomic.fence)
    (call $p64 (i32.const 312) (i64.atomic.load (i32.const 1024)))
    ;; misaligned: traps
    (drop (i32.atomic.load (i32.const 1026))))
)
