;; Plain exports for SQL scalar functions: numeric signatures map to INT, BIGINT, FLOAT and
;; DOUBLE; bytes_reverse follows the alloc + (ptr, len) -> (ptr << 32 | len) convention.
(module
  (memory (export "memory") 1 16)
  (func (export "add_i32") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mul_i64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "half_f32") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 0.5)))
  (func (export "hypot_f64") (param f64 f64) (result f64)
    (f64.sqrt (f64.add (f64.mul (local.get 0) (local.get 0)) (f64.mul (local.get 1) (local.get 1)))))
  (func (export "celsius_to_fahrenheit") (param f64) (result f64)
    (f64.add (f64.mul (local.get 0) (f64.const 1.8)) (f64.const 32)))
  ;; traps on division by zero: the SQL error path
  (func (export "div_i32") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "answer") (result i32) (i32.const 42))

  ;; input buffer at 1024 (up to 32 KiB); output follows it
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.gt_u (local.get $len) (i32.const 32768)) (then unreachable))
    (i32.const 1024))
  (func (export "bytes_reverse") (param $ptr i32) (param $len i32) (result i64)
    (local $i i32) (local $out i32)
    (local.set $out (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (local.get $out) (local.get $i))
          (i32.load8_u (i32.add (local.get $ptr) (i32.sub (i32.sub (local.get $len) (local.get $i)) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
