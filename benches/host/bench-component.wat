  ;; The `bench` instance of the sightglass components, for wasmtime, which
  ;; cannot supply a component import from its command line: the runner
  ;; puts this in place of the component's `bench` import (after its last
  ;; import). start and end do nothing, so these rows compare whole-process
  ;; times. host/bench.c is ours (`--link`).
  (component $bench-noop
    (core module $m (func (export "start")) (func (export "end")))
    (core instance $i (instantiate $m))
    (func (export "start") (canon lift (core func $i "start")))
    (func (export "end") (canon lift (core func $i "end"))))
  (instance $bench (instantiate $bench-noop))
