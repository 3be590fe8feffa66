;; A table that starts at 10 million elements: Chicory would allocate an int and an Instance slot
;; per element (about 80 MB) for every instance before the first call.
(module
  (table 10000000 10000000 funcref)
  (func (export "answer") (result i32) (i32.const 42)))
