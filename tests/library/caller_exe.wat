;; An executable whose host functions (caller_exe.c, --link) use the
;; w2n_caller_* accessors: read a string from guest memory, write an answer
;; into it, see their host data (null in executables), and trap.
(module
  (import "host" "print" (func $print (param i32 i32)))
  (import "host" "answer" (func $answer (param i32) (result i32)))
  (import "host" "fail" (func $fail (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "from guest memory\n")
  (func (export "_start")
    (call $print (i32.const 16) (i32.const 18))
    ;; The host writes "42\n" at 100 and returns its length.
    (call $print (i32.const 100) (call $answer (i32.const 100)))
    (call $fail (i32.const 7))
    unreachable)
)
