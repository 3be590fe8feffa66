;; Call-overhead probe for WasmCallOverheadBenchmark, with the uppercase guest's imports.
;; yomo_handler: does nothing (the export call and its timeout guard).
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (import "env" "yomo_context_data" (func $data (param i32 i32) (result i32)))
  (import "env" "yomo_write" (func $write (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "yomo_observe_datatags") (call $observe (i32.const 0x33)))
  (func (export "yomo_init") (result i32) (i32.const 0))
  (func (export "yomo_handler")))
