;; A stream function that imports from a module no host import provider serves (test fixture for
;; flink-wasm-nn): loading it must fail with a message naming that module.
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (import "wasi_ephemeral_crypto" "random" (func $random (result i32)))
  (memory (export "memory") 1)
  (func (export "yomo_observe_datatags") (call $observe (i32.const 0x50)))
  (func (export "yomo_handler") (drop (call $random))))
