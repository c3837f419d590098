;; Two core modules linked by the component: main imports a function and
;; the memory of lib; `run` is ok when lib's function gave 42.
(component
  (core module $lib
    (memory (export "memory") 1)
    (global $g (export "g") (mut i32) (i32.const 40))
    (func (export "add") (param i32) (result i32) (i32.add (local.get 0) (global.get $g))))
  (core module $main
    (import "lib" "add" (func $add (param i32) (result i32)))
    (import "lib" "memory" (memory 1))
    (func (export "run") (result i32)
      (i32.store (i32.const 8) (call $add (i32.const 2)))
      ;; ok (0) when the library gave 42
      (i32.ne (i32.load (i32.const 8)) (i32.const 42))))
  (core instance $lib (instantiate $lib))
  (core instance $main (instantiate $main (with "lib" (instance $lib))))
  (alias core export $main "run" (core func $run))
  (func $run (result (result)) (canon lift (core func $run)))
  (component $wrap (import "f" (func $f (result (result)))) (export "run" (func $f)))
  (instance $i (instantiate $wrap (with "f" (func $run))))
  (export "wasi:cli/run@0.2.0" (instance $i)))
