;; Control flow: block/loop/if with and without results, br/br_if/return
;; out of nested blocks, br_table (dense, with default, with values, inside
;; a loop), block and loop parameters, select, unreachable code after
;; branches, direct recursion (deep enough to matter), mutual recursion, and
;; calls with many parameters of mixed types.
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

  ;; classic br_table: 0..4 map to cases, anything else to the default
  (func $classify (param $x i32) (result i32)
    (block $default
      (block $c4
        (block $c3
          (block $c2
            (block $c1
              (block $c0
                (br_table $c0 $c1 $c2 $c3 $c4 $default (local.get $x)))
              (return (i32.const 100)))
            (return (i32.const 101)))
          (return (i32.const 102)))
        ;; c3 falls through into c4
        (local.set $x (i32.add (local.get $x) (i32.const 1000))))
      (return (i32.add (local.get $x) (i32.const 104))))
    (i32.const 999))
  ;; br_table carrying a value to its target
  (func $table_value (param $x i32) (result i32)
    (block $b (result i32)
      (block $a (result i32)
        (br_table $a $b $a (i32.mul (local.get $x) (i32.const 10)) (local.get $x)))
      (i32.add (i32.const 7)))
    (i32.add (i32.const 1)))
  ;; br_table in a loop: a small state machine counting transitions
  (func $machine (param $steps i32) (result i32)
    (local $state i32) (local $trace i32)
    (loop $next
      (local.set $trace (i32.add (i32.mul (local.get $trace) (i32.const 3)) (local.get $state)))
      (block $s2
        (block $s1
          (block $s0
            (br_table $s0 $s1 $s2 (local.get $state)))
          (local.set $state (i32.const 1))
          (br $s2))
        (local.set $state (select (i32.const 2) (i32.const 0) (i32.and (local.get $trace) (i32.const 1))))
        (br $s2))
      (if (i32.eq (local.get $state) (i32.const 2))
        (then (local.set $state (i32.const 0))))
      (br_if $next (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))
    (local.get $trace))
  ;; early exits: find the first i in [0, n) with i*i > limit, or -1
  (func $first_square_above (param $n i32) (param $limit i32) (result i32)
    (local $i i32)
    (block $not_found
      (loop $next
        (br_if $not_found (i32.ge_s (local.get $i) (local.get $n)))
        (if (i32.gt_s (i32.mul (local.get $i) (local.get $i)) (local.get $limit))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const -1))
  ;; nested ifs with results
  (func $sign3 (param $x i32) (param $y i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $x) (i32.const 0))
      (then (if (result i32) (i32.lt_s (local.get $y) (i32.const 0)) (then (i32.const 0x11)) (else (i32.const 0x10))))
      (else (if (result i32) (i32.eqz (local.get $x))
        (then (i32.const 0x20))
        (else (if (result i32) (local.get $y) (then (i32.const 0x31)) (else (i32.const 0x30))))))))
  ;; block and loop parameters: sum 1..n with the running pair on the stack
  (func $sum_to (param $n i32) (result i32)
    (i32.const 0) (local.get $n)
    (loop $next (param i32 i32) (result i32 i32)
      (local.set $n)
      (i32.add (local.get $n))
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $next (local.get $n)))
    (drop))
  (func $block_params (param $a i32) (param $b i32) (result i32)
    (local.get $a) (local.get $b)
    (block $blk (param i32 i32) (result i32)
      (i32.sub)
      (local.tee $a)
      (br_if $blk (i32.gt_s (local.get $a) (i32.const 5)))
      (i32.add (i32.const 100))))
  ;; branches leave unreachable code behind
  (func $after_br (param $x i32) (result i32)
    (block $out (result i32)
      (br $out (i32.add (local.get $x) (i32.const 1)))
      (unreachable)))
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; non-tail recursion, 5000 deep (wasmtime's default stack fits about 10000 frames)
  (func $depth (param $n i32) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (call $depth (i32.sub (local.get $n) (i32.const 1)))
                     (i64.extend_i32_u (i32.and (local.get $n) (i32.const 7)))))))
  (func $even (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 1)) (else (call $odd (i32.sub (local.get $n) (i32.const 1))))))
  (func $odd (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0)) (else (call $even (i32.sub (local.get $n) (i32.const 1))))))
  ;; many parameters: more than fit in registers on any target
  (func $many (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64 i32 i64) (result i64)
    (i64.add
      (i64.add
        (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))
        (i64.add (i64.trunc_f32_s (local.get 2)) (i64.trunc_f64_s (local.get 3))))
      (i64.add
        (i64.mul
          (i64.add (i64.extend_i32_s (local.get 4)) (local.get 5))
          (i64.add (i64.extend_i32_s (local.get 16)) (local.get 17)))
        (i64.add
          (i64.add (i64.trunc_f32_s (local.get 14)) (i64.trunc_f64_s (local.get 15)))
          (i64.add (i64.extend_i32_s (local.get 12)) (local.get 13))))))
  (func $select_i64 (param i64 i64 i32) (result i64) (select (local.get 0) (local.get 1) (local.get 2)))
  (func $select_f64 (param f64 f64 i32) (result f64) (select (result f64) (local.get 0) (local.get 1) (local.get 2)))
  (func $nop_heavy (param $x i32) (result i32)
    (nop) (block (nop)) (loop (nop)) (if (local.get $x) (then (nop)) (else (nop)))
    (local.get $x))

  (func (export "_start")
    ;; 1xx: br_table
    (call $p32 (i32.const 100) (call $classify (i32.const 0)))
    (call $p32 (i32.const 101) (call $classify (i32.const 1)))
    (call $p32 (i32.const 102) (call $classify (i32.const 2)))
    (call $p32 (i32.const 103) (call $classify (i32.const 3)))
    (call $p32 (i32.const 104) (call $classify (i32.const 4)))
    (call $p32 (i32.const 105) (call $classify (i32.const 5)))
    (call $p32 (i32.const 106) (call $classify (i32.const -1)))
    (call $p32 (i32.const 107) (call $classify (i32.const 100)))
    (call $p32 (i32.const 108) (call $table_value (i32.const 0)))
    (call $p32 (i32.const 109) (call $table_value (i32.const 1)))
    (call $p32 (i32.const 110) (call $table_value (i32.const 2)))
    (call $p32 (i32.const 111) (call $table_value (i32.const 3)))
    (call $p32 (i32.const 112) (call $machine (i32.const 15)))
    ;; 2xx: branches, early returns, ifs with results, block/loop params
    (call $p32 (i32.const 200) (call $first_square_above (i32.const 100) (i32.const 1000)))
    (call $p32 (i32.const 201) (call $first_square_above (i32.const 10) (i32.const 1000)))
    (call $p32 (i32.const 202) (call $sign3 (i32.const -1) (i32.const -1)))
    (call $p32 (i32.const 203) (call $sign3 (i32.const -1) (i32.const 1)))
    (call $p32 (i32.const 204) (call $sign3 (i32.const 0) (i32.const 5)))
    (call $p32 (i32.const 205) (call $sign3 (i32.const 3) (i32.const 0)))
    (call $p32 (i32.const 206) (call $sign3 (i32.const 3) (i32.const 3)))
    (call $p32 (i32.const 207) (call $sum_to (i32.const 100)))
    (call $p32 (i32.const 208) (call $block_params (i32.const 10) (i32.const 3)))
    (call $p32 (i32.const 209) (call $block_params (i32.const 10) (i32.const 8)))
    (call $p32 (i32.const 210) (call $after_br (i32.const 41)))
    (call $p32 (i32.const 211) (call $nop_heavy (i32.const 9)))
    ;; 3xx: recursion
    (call $p32 (i32.const 300) (call $fib (i32.const 25)))
    (call $p64 (i32.const 301) (call $depth (i32.const 5000)))
    (call $p32 (i32.const 302) (call $even (i32.const 3001)))
    (call $p32 (i32.const 303) (call $odd (i32.const 777)))
    ;; 4xx: many parameters and select
    (call $p64 (i32.const 400) (call $many (i32.const -1) (i64.const 2) (f32.const 3.5) (f64.const -4.5) (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8) (i32.const 9) (i64.const 10) (f32.const 11) (f64.const 12) (i32.const 13) (i64.const 0x100000000) (f32.const 15.9) (f64.const -16.9) (i32.const 17) (i64.const 18)))
    (call $p64 (i32.const 401) (call $select_i64 (i64.const 1) (i64.const 0x200000000) (i32.const 0)))
    (call $p64 (i32.const 402) (i64.reinterpret_f64 (call $select_f64 (f64.const 1.5) (f64.const -2.5) (i32.const 7))))
  )
)
