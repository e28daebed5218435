;; The completeness check's walk over a tree (named-objects.ts): every entry's object id is
;; looked up in a table of ids already found present, and only the entries it does not hold
;; are listed back for the object store to answer. Walking the entries in JavaScript was most
;; of the check's cost (git.git: 135 million entries in 5.8 GB of trees, 24 of a scan's 139
;; CPU-s); the lookups themselves were cheap, so the table stays simple: each id in the one
;; slot its first 17 bits choose, a later id taking the slot over.
;;
;; Assembled by bin/assemble-wasm.mjs into tree-check-wasm.ts; tree-check.ts lays out the memory:
;;   [0, 2.5 MiB)  the table: 2^17 slots of 20 bytes, each empty one holding a first byte that
;;                 no id of that slot has (tree-check.ts fills them)
;;   $tree         the tree, as stored (mode, space, name, NUL, 20-byte id per entry)
;;   $out          the start of each listed entry, an i32 each
;; A malformed entry makes `check` return -1, having listed nothing usable: the caller then
;; walks the tree in JavaScript, which knows what to do with it.
(module
  (memory (export "memory") 41)

  ;; The byte offset of the slot of the id at $id.
  (func $slot (param $id i32) (result i32)
    (i32.mul
      (i32.or (i32.or
        (i32.shl (i32.load8_u (local.get $id)) (i32.const 9))
        (i32.shl (i32.load8_u offset=1 (local.get $id)) (i32.const 1)))
        (i32.shr_u (i32.load8_u offset=2 (local.get $id)) (i32.const 7)))
      (i32.const 20)))

  ;; Whether the table holds the id at $id.
  (func $held (param $id i32) (result i32)
    (local $s i32)
    (local.set $s (call $slot (local.get $id)))
    (i32.and
      (i32.and
        (i64.eq (i64.load (local.get $s)) (i64.load (local.get $id)))
        (i64.eq (i64.load offset=8 (local.get $s)) (i64.load offset=8 (local.get $id))))
      (i32.eq (i32.load offset=16 (local.get $s)) (i32.load offset=16 (local.get $id)))))

  ;; Puts the id at $id in its slot (the store has it).
  (func (export "remember") (param $id i32)
    (local $s i32)
    (local.set $s (call $slot (local.get $id)))
    (i64.store (local.get $s) (i64.load (local.get $id)))
    (i64.store offset=8 (local.get $s) (i64.load offset=8 (local.get $id)))
    (i32.store offset=16 (local.get $s) (i32.load offset=16 (local.get $id))))

  ;; Lists the start of every entry of the tree at [$tree, $tree + $len) whose id the table
  ;; lacks, submodule commits left out (another repository's objects). Returns how many, or -1.
  (func (export "check") (param $tree i32) (param $len i32) (param $out i32) (result i32)
    (local $end i32) (local $p i32) (local $i i32) (local $c i32) (local $mode i32) (local $n i32)
    (local.set $end (i32.add (local.get $tree) (local.get $len)))
    (local.set $p (local.get $tree))
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; The mode: octal digits up to a space; ten at most, stricter than needed (the
        ;; wrapped i32 keeps the bits that matter until JavaScript's doubles lose low bits).
        (local.set $i (local.get $p))
        (local.set $mode (i32.const 0))
        (block $space
          (loop $digit
            (br_if $space (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $c (i32.load8_u (local.get $i)))
            (br_if $space (i32.eq (local.get $c) (i32.const 0x20)))
            (if (i32.gt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 7)) (then (return (i32.const -1))))
            (if (i32.ge_u (i32.sub (local.get $i) (local.get $p)) (i32.const 10)) (then (return (i32.const -1))))
            (local.set $mode (i32.add (i32.shl (local.get $mode) (i32.const 3)) (i32.sub (local.get $c) (i32.const 0x30))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digit)))
        (if (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.eq (local.get $i) (local.get $p))) (then (return (i32.const -1))))
        ;; The name, up to its NUL.
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (block $nul
          (loop $byte
            (br_if $nul (i32.ge_u (local.get $i) (local.get $end)))
            (br_if $nul (i32.eqz (i32.load8_u (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $byte)))
        (if (i32.gt_u (i32.add (local.get $i) (i32.const 21)) (local.get $end)) (then (return (i32.const -1))))
        (if (i32.and
              (i32.ne (i32.and (local.get $mode) (i32.const 0xf000)) (i32.const 0xe000))
              (i32.eqz (call $held (i32.add (local.get $i) (i32.const 1)))))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))) (local.get $p))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $p (i32.add (local.get $i) (i32.const 21)))
        (br $entry)))
    (local.get $n))
)
