;; Multiple memories: memory 0 is private and WASI uses the memory exported
;; as "memory" (index 1); data segments per memory, loads and stores with a
;; memory index, memory.size/grow per memory, memory.copy between memories,
;; memory.fill, memory.init into a third memory, an imported-style offset
;; layout, and a trap naming the right memory's bounds.
;; Output: one line per check, "<id>: <value in hex>".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $private 1 3)
  (memory $io (export "memory") 1)
  (memory $third 2)
  (data (memory $io) (i32.const 0) "0123456789abcdef")
  (data (memory $private) (i32.const 0) "\11\22\33\44\55\66\77\88")
  (data $passive "passive-segment")
  (data (memory $third) (i32.const 65530) "\01\02\03\04\05\06")

  ;; ---- output: "<id>: <digits hex digits>\n" (scratch bytes 16..79) ----
  (func $emit (param $id i32) (param $v i64) (param $digits i32)
    (local $p i32)
    (i32.store8 $io (i32.const 16) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 100)) (i32.const 10))))
    (i32.store8 $io (i32.const 17) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $id) (i32.const 10)) (i32.const 10))))
    (i32.store8 $io (i32.const 18) (i32.add (i32.const 48) (i32.rem_u (local.get $id) (i32.const 10))))
    (i32.store16 $io (i32.const 19) (i32.const 0x203a))
    (local.set $p (i32.add (i32.const 21) (local.get $digits)))
    (i32.store8 $io (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 $io (local.get $p) (i32.load8_u $io (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15)))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (br_if $digit (i32.gt_u (local.get $p) (i32.const 21))))
    (i32.store $io (i32.const 64) (i32.const 16))
    (i32.store $io (i32.const 68) (i32.add (local.get $digits) (i32.const 6)))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72))))
  (func $p32 (param $id i32) (param $v i32)
    (call $emit (local.get $id) (i64.extend_i32_u (local.get $v)) (i32.const 8)))

  (func $p64 (param $id i32) (param $v i64)
    (call $emit (local.get $id) (local.get $v) (i32.const 16)))

  (func $sum_third (param $from i32) (param $n i32) (result i32)
    (local $s i32)
    (loop $next
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31)) (i32.load8_u $third (local.get $from))))
      (local.set $from (i32.add (local.get $from) (i32.const 1)))
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))

  (func (export "_start")
    ;; 1xx: each memory has its own contents and size
    (call $p64 (i32.const 100) (i64.load $private (i32.const 0)))
    (call $p32 (i32.const 101) (i32.load8_u $io (i32.const 15)))
    (call $p32 (i32.const 102) (memory.size $private))
    (call $p32 (i32.const 103) (memory.size $io))
    (call $p32 (i32.const 104) (memory.size $third))
    (call $p32 (i32.const 105) (call $sum_third (i32.const 65530) (i32.const 6)))
    ;; 2xx: growth of one memory leaves the others alone
    (call $p32 (i32.const 200) (memory.grow $private (i32.const 2)))
    (call $p32 (i32.const 201) (memory.grow $private (i32.const 1)))
    (call $p32 (i32.const 202) (memory.size $private))
    (call $p32 (i32.const 203) (memory.size $io))
    (i64.store $private (i32.const 0x2fff8) (i64.const 0x0123456789abcdef))
    (call $p64 (i32.const 204) (i64.load $private (i32.const 0x2fff8)))
    ;; 3xx: bulk operations across memories
    (memory.copy $third $private (i32.const 100) (i32.const 0) (i32.const 8))
    (call $p64 (i32.const 300) (i64.load $third (i32.const 100)))
    (memory.fill $third (i32.const 200) (i32.const 0x5a) (i32.const 64))
    (call $p32 (i32.const 301) (call $sum_third (i32.const 190) (i32.const 80)))
    (memory.init $third $passive (i32.const 1000) (i32.const 0) (i32.const 15))
    (call $p32 (i32.const 302) (call $sum_third (i32.const 1000) (i32.const 15)))
    (memory.copy $io $third (i32.const 300) (i32.const 1000) (i32.const 15))
    (i32.store8 $io (i32.const 315) (i32.const 10))
    (i32.store $io (i32.const 400) (i32.const 300))
    (i32.store $io (i32.const 404) (i32.const 16))
    (call $p32 (i32.const 303) (call $fd_write (i32.const 1) (i32.const 400) (i32.const 1) (i32.const 408)))
    (call $p32 (i32.const 304) (i32.load $io (i32.const 408)))
    ;; 4xx: the private memory's bound traps; the others are larger
    (call $p32 (i32.const 400) (i32.load8_u $third (i32.const 0x1ffff)))
    (drop (i32.load $io (i32.const 0x10000)))
  )
)
