;; Failure fixture for the YoMo ABI v3 host. Observes tag 0x50; the first payload byte picks
;; the behaviour:
;;   't' -> trap (unreachable)
;;   'l' -> endless loop
;;   'g' -> grow memory one page at a time until memory.grow fails, then trap
;;   'h' -> yomo_http_send with the rest of the payload as the request JSON; the response goes
;;          out on tag 0x52, a non-zero return code as one byte on tag 0x53
;;   'p' -> print the rest of the payload on stdout via WASI fd_write, then echo
;;   'r' -> echo the payload on tag 0x51, then write it on 0xF001, a tag YoMo reserves; the
;;          return code of that write goes out as one byte on tag 0x53
;;   anything else -> echo the payload on tag 0x51
(module
  (import "env" "yomo_observe_datatag" (func $observe (param i32)))
  (import "env" "yomo_context_data_size" (func $size (result i32)))
  (import "env" "yomo_context_data" (func $data (param i32 i32) (result i32)))
  (import "env" "yomo_write" (func $write (param i32 i32 i32) (result i32)))
  (import "env" "yomo_http_send" (func $http (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2 1000)
  (global $input i32 (i32.const 1024))

  (func (export "yomo_observe_datatags") (call $observe (i32.const 0x50)))
  (func (export "yomo_init") (result i32) (i32.const 0))

  ;; Responses land in page 1; bigger responses are refused with 0 (the host reports a write error).
  (func (export "yomo_alloc") (param $len i32) (result i32)
    (if (result i32) (i32.le_u (local.get $len) (i32.const 65536))
      (then (i32.const 65536))
      (else (i32.const 0))))

  (func (export "yomo_handler")
    (local $n i32) (local $op i32) (local $rc i32)
    (local.set $n (call $data (global.get $input) (i32.const 60000)))
    (if (i32.gt_u (local.get $n) (i32.const 60000)) (then unreachable))
    (local.set $op (i32.load8_u (global.get $input)))
    (if (i32.eq (local.get $op) (i32.const 0x74)) (then unreachable))
    (if (i32.eq (local.get $op) (i32.const 0x6c)) (then (loop $spin (br $spin))))
    (if (i32.eq (local.get $op) (i32.const 0x67))
      (then
        (loop $grow
          (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
        unreachable))
    (if (i32.eq (local.get $op) (i32.const 0x68))
      (then
        (local.set $rc
          (call $http (i32.add (global.get $input) (i32.const 1)) (i32.sub (local.get $n) (i32.const 1))
                      (i32.const 8) (i32.const 12)))
        (if (i32.eqz (local.get $rc))
          (then (drop (call $write (i32.const 0x52) (i32.load (i32.const 8)) (i32.load (i32.const 12)))))
          (else
            (i32.store8 (i32.const 16) (local.get $rc))
            (drop (call $write (i32.const 0x53) (i32.const 16) (i32.const 1)))))
        return))
    (if (i32.eq (local.get $op) (i32.const 0x72))
      (then
        (drop (call $write (i32.const 0x51) (global.get $input) (local.get $n)))
        (i32.store8 (i32.const 16) (call $write (i32.const 0xF001) (global.get $input) (local.get $n)))
        (drop (call $write (i32.const 0x53) (i32.const 16) (i32.const 1)))
        return))
    (if (i32.eq (local.get $op) (i32.const 0x70))
      (then
        ;; one iovec at 32: {buf = input + 1, len = n - 1}; bytes written go to 40
        (i32.store (i32.const 32) (i32.add (global.get $input) (i32.const 1)))
        (i32.store (i32.const 36) (i32.sub (local.get $n) (i32.const 1)))
        (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40)))))
    (drop (call $write (i32.const 0x51) (global.get $input) (local.get $n))))
)
