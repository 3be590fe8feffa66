;; A YoMo ABI v3 function whose yomo_init reports failure: loading it must fail the job.
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (memory (export "memory") 1)
  (func (export "yomo_observe_datatags") (call $observe (i32.const 0x33)))
  (func (export "yomo_init") (result i32) (i32.const 1))
  (func (export "yomo_handler")))
