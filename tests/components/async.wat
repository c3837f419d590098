;; A WASI 0.3 command of our own on the async ABI: `run` is lifted `async`
;; with a callback; it starts a 10 ms `wait-for` (an `async` lowering, so a
;; subtask), joins it to a waitable set and waits; the callback gets the
;; subtask's RETURNED event, drops it and returns `ok` through
;; `task.return`. The test also runs two broken variants: `task.return`
;; twice, and waiting on a set nothing can wake (a deadlock).
(component
  (import "wasi:clocks/monotonic-clock@0.3.0" (instance $clock
    (export "wait-for" (func async (param "how-long" u64)))))
  (alias export $clock "wait-for" (func $wait-for))
  (core func $wait (canon lower (func $wait-for) async))
  (type $r (result))
  (core func $task-return (canon task.return (result $r)))
  (core func $set-new (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $subtask-drop (canon subtask.drop))
  (core module $main
    (import "" "wait" (func $wait (param i64) (result i32)))
    (import "" "task.return" (func $task-return (param i32)))
    (import "" "set.new" (func $set-new (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "subtask.drop" (func $subtask-drop (param i32)))
    (global $set (mut i32) (i32.const 0))
    (global $sub (mut i32) (i32.const 0))
    (func (export "run") (result i32)
      (local $r i32)
      (local.set $r (call $wait (i64.const 10000000)))
      ;; STARTED (1), with the subtask's index above
      (if (i32.ne (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)) (then unreachable))
      (global.set $sub (i32.shr_u (local.get $r) (i32.const 4)))
      (global.set $set (call $set-new))
      (call $join (global.get $sub) (global.get $set))
      ;; WAIT (2) on the set
      (i32.or (i32.const 2) (i32.shl (global.get $set) (i32.const 4))))
    (func (export "cb") (param $event i32) (param $index i32) (param $payload i32) (result i32)
      ;; SUBTASK (1) of our subtask, RETURNED (2)
      (if (i32.ne (local.get $event) (i32.const 1)) (then unreachable))
      (if (i32.ne (local.get $index) (global.get $sub)) (then unreachable))
      (if (i32.ne (local.get $payload) (i32.const 2)) (then unreachable))
      (call $subtask-drop (global.get $sub))
      (call $task-return (i32.const 0))
      ;; EXIT
      (i32.const 0)))
  (core instance $args
    (export "wait" (func $wait))
    (export "task.return" (func $task-return))
    (export "set.new" (func $set-new))
    (export "join" (func $join))
    (export "subtask.drop" (func $subtask-drop)))
  (core instance $main (instantiate $main (with "" (instance $args))))
  (alias core export $main "run" (core func $run))
  (alias core export $main "cb" (core func $cb))
  (func $run-lifted async (result (result)) (canon lift (core func $run) async (callback (core func $cb))))
  (component $wrap (import "f" (func $f async (result (result)))) (export "run" (func $f)))
  (instance $i (instantiate $wrap (with "f" (func $run-lifted))))
  (export "wasi:cli/run@0.3.0" (instance $i)))
