(module
  ;; A block typed with a GC reference type: valid (GC is validated) but
  ;; unsupported. The translator panicked on it ("validated value type").
  (func (param i32)
    block (result arrayref) ref.null array end drop
    local.get 0 if (result structref) ref.null struct else ref.null struct end drop
    try_table (result arrayref) ref.null array end drop))
