;; A table without a maximum: table.grow could grow it inside a call without bound.
(module
  (table 1 funcref)
  (func (export "answer") (result i32) (i32.const 42)))
