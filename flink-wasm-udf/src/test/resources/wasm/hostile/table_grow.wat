;; A table of 1 to 64 elements: grow(n) runs table.grow by n and returns its result (the old size,
;; or -1 when refused); size() returns table.size.
(module
  (table $t 1 64 funcref)
  (func (export "grow") (param $n i32) (result i32)
    (table.grow $t (ref.null func) (local.get $n)))
  (func (export "size") (result i32) (table.size $t)))
