(component
  ;; The shape wit-component gives commands: the main module calls through a
  ;; shim's table that a fixup module fills after main exists (here with
  ;; main's own `double`), a counter module instantiated twice, a start
  ;; function, and `run` lifted through a nested component.
  (core module $shim
    (table (export "$imports") 1 1 funcref)
    (type $t (func (param i32) (result i32)))
    (func (export "0") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.const 0))))
  (core module $counter
    (global $n (mut i32) (i32.const 0))
    (func (export "next") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))
  (core module $main
    (import "shim" "double" (func $double (param i32) (result i32)))
    (import "a" "next" (func $a (result i32)))
    (import "b" "next" (func $b (result i32)))
    (memory (export "memory") 1)
    (global $started (mut i32) (i32.const 0))
    (func $start (global.set $started (i32.const 5)))
    (start $start)
    (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
    (func (export "run") (result i32)
      (drop (call $a)) (drop (call $a))
      ;; a counted 3, b counts 1 on its own: 3 + 1 + double(5) = 14
      (i32.ne (i32.add (i32.add (call $a) (call $b)) (call $double (global.get $started))) (i32.const 14))))
  (core module $fixup
    (import "" "$imports" (table 1 1 funcref))
    (import "" "0" (func $f (param i32) (result i32)))
    (elem (i32.const 0) func $f))
  (core instance $shim (instantiate $shim))
  (core instance $a (instantiate $counter))
  (core instance $b (instantiate $counter))
  (alias core export $shim "0" (core func $indirect))
  (core instance $shim-args (export "double" (func $indirect)))
  (core instance $main (instantiate $main (with "shim" (instance $shim-args)) (with "a" (instance $a)) (with "b" (instance $b))))
  (alias core export $main "double" (core func $double))
  (alias core export $shim "$imports" (core table $table))
  (core instance $fixup-args (export "$imports" (table $table)) (export "0" (func $double)))
  (core instance (instantiate $fixup (with "" (instance $fixup-args))))
  (alias core export $main "run" (core func $run))
  (func $run (result (result)) (canon lift (core func $run)))
  (component $wrap (import "f" (func $f (result (result)))) (export "run" (func $f)))
  (instance $i (instantiate $wrap (with "f" (func $run))))
  (export "wasi:cli/run@0.2.0" (instance $i)))
