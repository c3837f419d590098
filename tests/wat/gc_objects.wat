;; GC objects under collection: a linked list and a table entry that stay
;; live (roots in a global and a table) while binary trees of 2^17 nodes
;; are built and dropped 40 times (many collections), arrays of structs,
;; packed i8/i16 arrays from data, array.copy/fill, struct subtypes cast in
;; a hot loop, an exception payload holding a struct across collections,
;; and a null reference made non-null at the end.
;; run: trap null reference
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

  (type $node (sub (struct (field $v (mut i32)) (field $next (mut (ref null $node))))))
  (type $tagged (sub final $node (struct (field $v (mut i32)) (field $next (mut (ref null $node))) (field $tag i64))))
  (type $tree (struct (field $l (ref null $tree)) (field $r (ref null $tree)) (field $x i32)))
  (type $bytes (array (mut i8)))
  (type $shorts (array (mut i16)))
  (type $nodes (array (mut (ref null $node))))
  (data $d "\01\02\fe\ff\80\7f")
  (tag $carry (param (ref null $node)))
  (global $list (mut (ref null $node)) (ref.null $node))
  (global $const (ref $tagged) (struct.new $tagged (i32.const 7) (ref.null $node) (i64.const -2)))
  (table $keep 2 anyref)

  ;; a list of n nodes with values n-1 .. 0, every third one tagged
  (func $make_list (param $n i32) (result (ref null $node))
    (local $l (ref null $node))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (if (i32.eqz (i32.rem_u (local.get $n) (i32.const 3)))
          (then (local.set $l (struct.new $tagged (local.get $n) (local.get $l) (i64.extend_i32_u (local.get $n)))))
          (else (local.set $l (struct.new $node (local.get $n) (local.get $l)))))
        (br $next)))
    (local.get $l))

  (func $sum_list (param $l (ref null $node)) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $s (i32.add (local.get $s) (struct.get $node $v (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $s))

  ;; tagged nodes: the sum of their tags, through casts
  (func $sum_tags (param $l (ref null $node)) (result i64)
    (local $s i64)
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (if (ref.test (ref $tagged) (local.get $l))
          (then (local.set $s (i64.add (local.get $s)
            (struct.get $tagged $tag (ref.cast (ref $tagged) (local.get $l)))))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $s))

  (func $build (param $depth i32) (result (ref null $tree))
    (if (result (ref null $tree)) (i32.eqz (local.get $depth))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree) (i32.const 1)))
      (else (struct.new $tree
        (call $build (i32.sub (local.get $depth) (i32.const 1)))
        (call $build (i32.sub (local.get $depth) (i32.const 1)))
        (local.get $depth)))))

  (func $count (param $t (ref null $tree)) (result i32)
    (if (result i32) (ref.is_null (local.get $t))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (i32.add
        (call $count (struct.get $tree $l (local.get $t)))
        (call $count (struct.get $tree $r (local.get $t))))))))

  (func $throw_list (param $l (ref null $node)) (throw $carry (local.get $l)))

  (func (export "_start")
    (local $i i32) (local $total i32) (local $a (ref null $nodes)) (local $b (ref null $bytes))
    (local $h (ref null $shorts)) (local $caught (ref null $node))
    (global.set $list (call $make_list (i32.const 1000)))
    (table.set $keep (i32.const 1) (call $make_list (i32.const 10)))
    (call $p32 (i32.const 100) (call $sum_list (global.get $list)))
    ;; an exception carrying a list while trees churn the heap
    (local.set $caught
      (block $h (result (ref null $node))
        (try_table (catch $carry $h)
          (drop (call $build (i32.const 12)))
          (call $throw_list (call $make_list (i32.const 50))))
        (ref.null $node)))
    ;; 40 trees of 2^17 nodes
    (loop $trees
      (local.set $total (i32.add (local.get $total) (call $count (call $build (i32.const 16)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $trees (i32.lt_u (local.get $i) (i32.const 40))))
    (call $p32 (i32.const 101) (local.get $total))
    (call $p32 (i32.const 102) (call $sum_list (global.get $list)))
    (call $p64 (i32.const 103) (call $sum_tags (global.get $list)))
    (call $p32 (i32.const 104) (call $sum_list (ref.cast (ref null $node) (table.get $keep (i32.const 1)))))
    (call $p32 (i32.const 105) (call $sum_list (local.get $caught)))
    (call $p64 (i32.const 106) (struct.get $tagged $tag (global.get $const)))
    ;; arrays of structs, copied and filled
    (local.set $a (array.new_default $nodes (i32.const 100)))
    (local.set $i (i32.const 0))
    (loop $fill
      (array.set $nodes (local.get $a) (local.get $i) (struct.new $node (local.get $i) (ref.null $node)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 100))))
    (array.copy $nodes $nodes (local.get $a) (i32.const 0) (local.get $a) (i32.const 50) (i32.const 50))
    (array.fill $nodes (local.get $a) (i32.const 90) (struct.new $node (i32.const 1000) (ref.null $node)) (i32.const 10))
    (drop (call $build (i32.const 16)))
    (local.set $total (i32.const 0))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $total (i32.add (local.get $total)
        (struct.get $node $v (array.get $nodes (local.get $a) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $sum (i32.lt_u (local.get $i) (array.len (local.get $a)))))
    (call $p32 (i32.const 107) (local.get $total))
    ;; packed arrays from a data segment
    (local.set $b (array.new_data $bytes $d (i32.const 0) (i32.const 6)))
    (call $p32 (i32.const 108) (array.get_s $bytes (local.get $b) (i32.const 2)))
    (call $p32 (i32.const 109) (array.get_u $bytes (local.get $b) (i32.const 3)))
    (local.set $h (array.new_data $shorts $d (i32.const 0) (i32.const 3)))
    (call $p32 (i32.const 110) (array.get_s $shorts (local.get $h) (i32.const 1)))
    (call $p32 (i32.const 111) (array.get_u $shorts (local.get $h) (i32.const 2)))
    (array.set $shorts (local.get $h) (i32.const 0) (i32.const 0x12345))
    (call $p32 (i32.const 112) (array.get_u $shorts (local.get $h) (i32.const 0)))
    (call $p32 (i32.const 113) (array.len (array.new_fixed $bytes 3 (i32.const 1) (i32.const 2) (i32.const 3))))
    ;; a null field access
    (drop (struct.get $node $v (struct.get $node $next (ref.as_non_null (struct.get $node $next (global.get $const)))))))
)
