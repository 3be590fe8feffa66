;; Call-overhead probe for WasmCallOverheadBenchmark, with the uppercase guest's imports.
;; yomo_handler: copies the frame in and writes it back unchanged (yomo_context_data + yomo_write).
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (import "env" "yomo_context_data" (func $data (param i32 i32) (result i32)))
  (import "env" "yomo_write" (func $write (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "yomo_observe_datatags") (call $observe (i32.const 0x33)))
  (func (export "yomo_init") (result i32) (i32.const 0))
  (func (export "yomo_handler")
    (drop (call $write (i32.const 0x34) (i32.const 1024) (call $data (i32.const 1024) (i32.const 2048))))))
