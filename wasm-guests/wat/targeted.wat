;; A YoMo ABI v3 function with a wanted target (yomo >= v1.18.10): it announces "user-42" through
;; yomo_wanted_target -> yomo_get_wanted_target, observes 0x33, and for every frame writes
;;   - the input unchanged with tag 0x34 and target "user-7" (yomo_write_with_target), and
;;   - the input unchanged with tag 0x35 and no target (yomo_write).
;; The target buffer differs from the data buffer, so a host with wazero v1.20.0's bug (the target
;; passed as the data) is caught.
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (import "env" "yomo_get_wanted_target" (func $wanted (param i32 i32)))
  (import "env" "yomo_context_data_size" (func $size (result i32)))
  (import "env" "yomo_context_data" (func $data (param i32 i32) (result i32)))
  (import "env" "yomo_write" (func $write (param i32 i32 i32) (result i32)))
  (import "env" "yomo_write_with_target" (func $write_to (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "user-42")
  (data (i32.const 32) "user-7")
  (func (export "yomo_observe_datatags") (call $observe (i32.const 0x33)))
  (func (export "yomo_wanted_target") (call $wanted (i32.const 16) (i32.const 7)))
  (func (export "yomo_init") (result i32) (i32.const 0))
  (func (export "yomo_handler")
    (local $n i32)
    ;; inputs up to 60 KiB at offset 1024
    (local.set $n (call $data (i32.const 1024) (i32.const 61440)))
    (drop (call $write_to (i32.const 0x34) (i32.const 1024) (local.get $n) (i32.const 32) (i32.const 6)))
    (drop (call $write (i32.const 0x35) (i32.const 1024) (local.get $n)))))
