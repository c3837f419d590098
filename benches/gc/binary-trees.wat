;; The Benchmarks Game's binary-trees on GC structs: a stretch tree of
;; depth 19, a long-lived tree of depth 18, and 2^(22-d) trees of each depth
;; d = 4, 6, .., 18 built, checked and dropped (about 230 million nodes
;; allocated, 2^19 live at most). Output: "<id>: <check sum in hex>" per
;; line. An allocation-heavy benchmark for the GC heap.
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

  (type $tree (struct (field $l (ref null $tree)) (field $r (ref null $tree))))

  (func $build (param $depth i32) (result (ref $tree))
    (if (result (ref $tree)) (i32.eqz (local.get $depth))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree)))
      (else (struct.new $tree
        (call $build (i32.sub (local.get $depth) (i32.const 1)))
        (call $build (i32.sub (local.get $depth) (i32.const 1)))))))

  (func $check (param $t (ref null $tree)) (result i32)
    (local $l (ref null $tree))
    (local.set $l (struct.get $tree $l (local.get $t)))
    (if (result i32) (ref.is_null (local.get $l))
      (then (i32.const 1))
      (else (i32.add (i32.const 1) (i32.add
        (call $check (local.get $l))
        (call $check (struct.get $tree $r (local.get $t))))))))

  (func (export "_start")
    (local $max i32) (local $d i32) (local $i i32) (local $n i32) (local $sum i32) (local $long (ref null $tree))
    (local.set $max (i32.const 18))
    (call $p32 (i32.const 100) (call $check (call $build (i32.add (local.get $max) (i32.const 1)))))
    (local.set $long (call $build (local.get $max)))
    (local.set $d (i32.const 4))
    (loop $depths
      (local.set $n (i32.shl (i32.const 1) (i32.sub (i32.add (local.get $max) (i32.const 4)) (local.get $d))))
      (local.set $sum (i32.const 0))
      (local.set $i (i32.const 0))
      (loop $iterations
        (local.set $sum (i32.add (local.get $sum) (call $check (call $build (local.get $d)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $iterations (i32.lt_u (local.get $i) (local.get $n))))
      (call $p32 (local.get $d) (local.get $sum))
      (local.set $d (i32.add (local.get $d) (i32.const 2)))
      (br_if $depths (i32.le_u (local.get $d) (local.get $max))))
    (call $p32 (i32.const 101) (call $check (local.get $long))))
)
