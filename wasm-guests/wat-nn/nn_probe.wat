;; WASI-NN probe (test fixture for flink-wasm-nn): a YoMo stream function (ABI v3) that calls the
;; wasi_ephemeral_nn imports with whatever arguments its input says, so tests can play a hostile
;; (or just careless) guest: bad handles, pointers outside memory, huge dimensions, too many handles.
;;
;; Input, tag 0x50, copied to memory at 1024 (memory grows to fit):
;;   i32 n, then n commands of 6 i32 (op, a0, a1, a2, a3, a4), then free data the arguments may
;;   point at (its address is 1028 + 24 n).
;;   op 1 load(a0..a4)  2 load_by_name(a0, a1, a2)  3 init_execution_context(a0, a1)
;;   op 4 set_input(a0, a1, a2)  5 compute(a0)  6 get_output(a0..a4)  7 memory.grow(a0) pages
;;   op 8 the i32 at a0 (to read what a call wrote)  anything else traps (unreachable)
;; Output, tag 0x51: the n results as i32 little-endian (the errno; for op 7 the old size in pages,
;; for op 8 the value read).
;; At most 100 commands; results go to [512, 912).
;; Also a plain export for SQL's scalar functions: probe_load_by_name(ptr, len, graph_ptr) -> errno;
;; the name "colour_discs" is at 256 (12 bytes).
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (import "env" "yomo_context_data_size" (func $size (result i32)))
  (import "env" "yomo_context_data" (func $data (param i32 i32) (result i32)))
  (import "env" "yomo_write" (func $write (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "load" (func $load (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "load_by_name" (func $load_by_name (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "init_execution_context" (func $init (param i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "set_input" (func $set_input (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "compute" (func $compute (param i32) (result i32)))
  (import "wasi_ephemeral_nn" "get_output" (func $get_output (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 256)
  (data (i32.const 256) "colour_discs")

  (func (export "yomo_observe_datatags") (call $observe (i32.const 0x50)))
  (func (export "yomo_init") (result i32) (i32.const 0))
  (func (export "probe_load_by_name") (param i32 i32 i32) (result i32)
    (call $load_by_name (local.get 0) (local.get 1) (local.get 2)))

  (func $arg (param $cmd i32) (param $k i32) (result i32)
    (i32.load (i32.add (local.get $cmd) (i32.mul (i32.add (local.get $k) (i32.const 1)) (i32.const 4)))))

  (func $run (param $cmd i32) (result i32)
    (local $op i32)
    (local.set $op (i32.load (local.get $cmd)))
    (if (i32.eq (local.get $op) (i32.const 1))
      (then (return (call $load
        (call $arg (local.get $cmd) (i32.const 0)) (call $arg (local.get $cmd) (i32.const 1))
        (call $arg (local.get $cmd) (i32.const 2)) (call $arg (local.get $cmd) (i32.const 3))
        (call $arg (local.get $cmd) (i32.const 4))))))
    (if (i32.eq (local.get $op) (i32.const 2))
      (then (return (call $load_by_name
        (call $arg (local.get $cmd) (i32.const 0)) (call $arg (local.get $cmd) (i32.const 1))
        (call $arg (local.get $cmd) (i32.const 2))))))
    (if (i32.eq (local.get $op) (i32.const 3))
      (then (return (call $init
        (call $arg (local.get $cmd) (i32.const 0)) (call $arg (local.get $cmd) (i32.const 1))))))
    (if (i32.eq (local.get $op) (i32.const 4))
      (then (return (call $set_input
        (call $arg (local.get $cmd) (i32.const 0)) (call $arg (local.get $cmd) (i32.const 1))
        (call $arg (local.get $cmd) (i32.const 2))))))
    (if (i32.eq (local.get $op) (i32.const 5))
      (then (return (call $compute (call $arg (local.get $cmd) (i32.const 0))))))
    (if (i32.eq (local.get $op) (i32.const 6))
      (then (return (call $get_output
        (call $arg (local.get $cmd) (i32.const 0)) (call $arg (local.get $cmd) (i32.const 1))
        (call $arg (local.get $cmd) (i32.const 2)) (call $arg (local.get $cmd) (i32.const 3))
        (call $arg (local.get $cmd) (i32.const 4))))))
    (if (i32.eq (local.get $op) (i32.const 7))
      (then (return (memory.grow (call $arg (local.get $cmd) (i32.const 0))))))
    (if (i32.eq (local.get $op) (i32.const 8))
      (then (return (i32.load (call $arg (local.get $cmd) (i32.const 0))))))
    (unreachable))

  (func (export "yomo_handler")
    (local $size i32) (local $need i32) (local $n i32) (local $i i32)
    (local.set $size (call $size))
    ;; grow so that [1024, 1024 + size) fits
    (local.set $need (i32.add (i32.const 1024) (local.get $size)))
    (if (i32.gt_u (local.get $need) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.sub
        (i32.div_u (i32.add (local.get $need) (i32.const 65535)) (i32.const 65536))
        (memory.size))))))
    (drop (call $data (i32.const 1024) (local.get $size)))
    (local.set $n (i32.load (i32.const 1024)))
    (if (i32.gt_u (local.get $n) (i32.const 100)) (then (unreachable)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store
          (i32.add (i32.const 512) (i32.mul (local.get $i) (i32.const 4)))
          (call $run (i32.add (i32.const 1028) (i32.mul (local.get $i) (i32.const 24)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (drop (call $write (i32.const 0x51) (i32.const 512) (i32.mul (local.get $n) (i32.const 4))))))
