;; A YoMo ABI v1 (yomo v1.10 - v1.12) stream function: yomo_init registers tag 0x33, the handler
;; receives the input length, pulls the input with yomo_load_input and dumps it reversed on 0x34.
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (import "env" "yomo_load_input" (func $load (param i32)))
  (import "env" "yomo_dump_output" (func $dump (param i32 i32 i32)))
  (memory (export "memory") 1 64)
  (func (export "yomo_init") (call $observe (i32.const 0x33)))
  (func (export "yomo_handler") (param $len i32)
    (local $i i32) (local $out i32) (local $pages i32)
    ;; input at 0, reversed copy right after it; grow memory when the input needs it
    (local.set $pages
      (i32.sub (i32.div_u (i32.add (i32.mul (local.get $len) (i32.const 2)) (i32.const 65535)) (i32.const 65536))
               (memory.size)))
    (if (i32.gt_s (local.get $pages) (i32.const 0))
      (then (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1)) (then unreachable))))
    (call $load (i32.const 0))
    (local.set $out (local.get $len))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8
          (i32.add (local.get $out) (local.get $i))
          (i32.load8_u (i32.sub (i32.sub (local.get $len) (local.get $i)) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (call $dump (i32.const 0x34) (local.get $out) (local.get $len))))
