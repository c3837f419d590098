;; Allocates a hundred times its live heap: a list of 200,000 nodes
;; (4.8 MB) stays live in a global while 20 million garbage nodes (480 MB)
;; are allocated in short lists, then prints "done", waits for stdin to
;; close, and prints the live list's sum (which must have survived every
;; collection) as 8 hex digits.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "0123456789abcdef")
  (data (i32.const 32) "done\n")
  (type $node (struct (field $v i32) (field $next (ref null $node))))
  (global $live (mut (ref null $node)) (ref.null $node))

  (func $list (param $n i32) (result (ref null $node))
    (local $l (ref null $node))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $l (struct.new $node (local.get $n) (local.get $l)))
        (br $next)))
    (local.get $l))

  (func $sum (param $l (ref null $node)) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $s (i32.add (local.get $s) (struct.get $node $v (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
    (local.get $s))

  (func $write (param $at i32) (param $len i32)
    (i32.store (i32.const 64) (local.get $at))
    (i32.store (i32.const 68) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 72))))

  (func (export "_start")
    (local $i i32) (local $v i32) (local $p i32)
    (global.set $live (call $list (i32.const 200000)))
    (loop $churn
      (drop (call $list (i32.const 1000)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $churn (i32.lt_u (local.get $i) (i32.const 20000))))
    (call $write (i32.const 32) (i32.const 5))
    ;; wait for end of input
    (i32.store (i32.const 80) (i32.const 128))
    (i32.store (i32.const 84) (i32.const 64))
    (loop $read
      (drop (call $fd_read (i32.const 0) (i32.const 80) (i32.const 1) (i32.const 88)))
      (br_if $read (i32.load (i32.const 88))))
    (local.set $v (call $sum (global.get $live)))
    (local.set $p (i32.const 104))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.load8_u (i32.and (local.get $v) (i32.const 15))))
      (local.set $v (i32.shr_u (local.get $v) (i32.const 4)))
      (br_if $digit (i32.gt_u (local.get $p) (i32.const 96))))
    (call $write (i32.const 96) (i32.const 9)))
)
