;; memory64 and table64: i64 addresses, loads and stores with offsets
;; beyond 4 GiB, memory.grow past 4 GiB, memory.size, fill/copy/init with
;; i64 operands, a 64-bit table with call_indirect, table.grow/size with i64,
;; and an out-of-bounds access at the end (WASI output goes through a
;; 32-bit memory 0, as WASI preview 1 needs).
;; Output: one line per check, "<id>: <value in hex>".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory $io (export "memory") 1)
  (memory $big i64 1)
  (data (memory $io) (i32.const 0) "0123456789abcdef")
  (data (memory $big) (i64.const 0xfff8) "\01\02\03\04\05\06\07\08")
  (data $words "wide-addresses!")
  (type $op (func (param i64) (result i64)))
  (table $ops i64 2 10 funcref)
  (elem (table $ops) (i64.const 0) func $double $square)
  (func $double (type $op) (i64.shl (local.get 0) (i64.const 1)))
  (func $square (type $op) (i64.mul (local.get 0) (local.get 0)))
  (func $negate (type $op) (i64.sub (i64.const 0) (local.get 0)))

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

  (func $sum_big (param $from i64) (param $n i64) (result i64)
    (local $s i64)
    (loop $next
      (local.set $s (i64.add (i64.mul (local.get $s) (i64.const 257)) (i64.load8_u $big (local.get $from))))
      (local.set $from (i64.add (local.get $from) (i64.const 1)))
      (br_if $next (i64.ne (local.tee $n (i64.sub (local.get $n) (i64.const 1))) (i64.const 0))))
    (local.get $s))

  (func (export "_start")
    (local $old i64)
    ;; 1xx: a 64-bit memory's first page
    (call $p64 (i32.const 100) (i64.load $big (i64.const 0xfff8)))
    (call $p64 (i32.const 101) (memory.size $big))
    (i32.store16 $big offset=0x10 (i64.const 0x20) (i32.const 0xbeef))
    (call $p32 (i32.const 102) (i32.load16_u $big (i64.const 0x30)))
    ;; 2xx: grow past 4 GiB and use the top
    (local.set $old (memory.grow $big (i64.const 0x10001)))
    (call $p64 (i32.const 200) (local.get $old))
    (call $p64 (i32.const 201) (memory.size $big))
    (i64.store $big (i64.const 0x100010000) (i64.const 0x1122334455667788))
    (call $p64 (i32.const 202) (i64.load $big (i64.const 0x100010000)))
    (call $p64 (i32.const 203) (i64.load32_u $big offset=0x100000000 (i64.const 0x10004)))
    (i64.store $big (i64.const 0x10001fff8) (i64.const -1))
    (call $p64 (i32.const 204) (i64.load $big (i64.const 0x10001fff8)))
    (call $p64 (i32.const 205) (memory.grow $big (i64.const 0xffffffffffff)))
    ;; 3xx: bulk operations with i64 operands
    (memory.fill $big (i64.const 0xffffff00) (i32.const 7) (i64.const 0x200))
    (call $p64 (i32.const 300) (call $sum_big (i64.const 0xfffffef8) (i64.const 16)))
    (memory.copy $big $big (i64.const 0x100000100) (i64.const 0xfff8) (i64.const 8))
    (call $p64 (i32.const 301) (i64.load $big (i64.const 0x100000100)))
    (memory.init $big $words (i64.const 0x10000ff00) (i32.const 0) (i32.const 15))
    (call $p64 (i32.const 302) (call $sum_big (i64.const 0x10000ff00) (i64.const 15)))
    (memory.copy $io $big (i32.const 300) (i64.const 0x10000ff00) (i32.const 15))
    (i32.store8 $io (i32.const 315) (i32.const 10))
    (i32.store $io (i32.const 400) (i32.const 300))
    (i32.store $io (i32.const 404) (i32.const 16))
    (call $p32 (i32.const 303) (call $fd_write (i32.const 1) (i32.const 400) (i32.const 1) (i32.const 408)))
    ;; 4xx: a 64-bit table
    (call $p64 (i32.const 400) (call_indirect $ops (type $op) (i64.const 21) (i64.const 0)))
    (call $p64 (i32.const 401) (call_indirect $ops (type $op) (i64.const 21) (i64.const 1)))
    (call $p64 (i32.const 402) (table.grow $ops (ref.func $negate) (i64.const 3)))
    (call $p64 (i32.const 403) (table.size $ops))
    (call $p64 (i32.const 404) (call_indirect $ops (type $op) (i64.const 21) (i64.const 4)))
    (call $p64 (i32.const 405) (table.grow $ops (ref.null func) (i64.const 6)))
    ;; 5xx: past the end of the grown memory
    (drop (i64.load $big (i64.const 0x100020000)))
  )
  (elem declare func $negate)
)
