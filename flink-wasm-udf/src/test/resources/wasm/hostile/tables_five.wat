;; Five small tables: over the default limit of 4 (wasm.table.max-count).
(module
  (table 1 1 funcref) (table 1 1 funcref) (table 1 1 funcref) (table 1 1 funcref) (table 1 1 funcref)
  (func (export "answer") (result i32) (i32.const 42)))
