;; Drops a handle the component does not have: the canonical ABI error
;; ends the program as under wasmtime (an error, status 1).
(component
  (import "wasi:io/streams@0.2.6" (instance $streams (export "output-stream" (type (sub resource)))))
  (alias export $streams "output-stream" (type $os))
  (core func $drop (canon resource.drop $os))
  (core module $main
    (import "s" "drop" (func $drop (param i32)))
    (func (export "run") (result i32) (call $drop (i32.const 99)) (i32.const 0)))
  (core instance $args (export "drop" (func $drop)))
  (core instance $main (instantiate $main (with "s" (instance $args))))
  (alias core export $main "run" (core func $run))
  (func $run-lifted (result (result)) (canon lift (core func $run)))
  (component $wrap (import "f" (func $f (result (result)))) (export "run" (func $f)))
  (instance $i (instantiate $wrap (with "f" (func $run-lifted))))
  (export "wasi:cli/run@0.2.0" (instance $i)))
