;; Compares a tree with its one parent's tree at the same path, entry by entry in git's sort
;; order, as provenance-walk.ts's diffTree does, and lists only what can matter to provenance:
;; subtrees and wanted-looking blobs that are not the parent's same entry. On git.git that
;; comparison, in JavaScript, was most of a history scan's single-threaded tail: nearly every
;; entry of a changed directory is its parent's entry again, and each cost two parses and a name
;; comparison there.
;;
;; Assembled by bin/assemble-wasm.mjs into tree-diff-wasm.ts; tree-diff.ts lays out the memory:
;;   [0, 2 MiB)   the wanted-blob filter: bit (id[0] << 16 | id[1] << 8 | id[2]) set for each
;;   $a, $b       the tree and its parent's tree, as stored (mode, space, name, NUL, 20-byte id)
;;   $out         (entry start in the tree, entry start in the parent's or -1) per listed entry
;; A malformed entry in either tree makes `diff` return -1, having listed nothing usable: the
;; caller then runs the JavaScript comparison, which names what is wrong.
(module
  (memory (export "memory") 33)
  ;; What $entry parsed: where the name starts, where its NUL is, and the kind (0 a blob or a
  ;; link, 1 a tree, 2 a submodule commit).
  (global $name (mut i32) (i32.const 0))
  (global $nul (mut i32) (i32.const 0))
  (global $kind (mut i32) (i32.const 0))

  ;; Parses the entry at $p of a tree ending at $end; returns where the next entry starts, or -1.
  (func $entry (param $p i32) (param $end i32) (result i32)
    (local $i i32) (local $c i32) (local $mode i32)
    (local.set $i (local.get $p))
    (block $space
      (loop $digit
        (br_if $space (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $space (i32.eq (local.get $c) (i32.const 0x20)))
        (if (i32.gt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 7)) (then (return (i32.const -1))))
        ;; Ten digits at most: stricter than needed (the wrapped i32 keeps the bits that
        ;; matter until JavaScript's doubles lose low bits, near 18), and no real tree is near it.
        (if (i32.ge_u (i32.sub (local.get $i) (local.get $p)) (i32.const 10)) (then (return (i32.const -1))))
        (local.set $mode (i32.add (i32.shl (local.get $mode) (i32.const 3)) (i32.sub (local.get $c) (i32.const 0x30))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digit)))
    (if (i32.or (i32.ge_u (local.get $i) (local.get $end)) (i32.eq (local.get $i) (local.get $p))) (then (return (i32.const -1))))
    (global.set $name (i32.add (local.get $i) (i32.const 1)))
    (local.set $i (global.get $name))
    (block $found
      (loop $byte
        (br_if $found (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $found (i32.eqz (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (if (i32.gt_u (i32.add (local.get $i) (i32.const 21)) (local.get $end)) (then (return (i32.const -1))))
    (global.set $nul (local.get $i))
    (local.set $mode (i32.and (local.get $mode) (i32.const 0xf000)))
    (global.set $kind
      (select (i32.const 1)
        (select (i32.const 2) (i32.const 0) (i32.eq (local.get $mode) (i32.const 0xe000)))
        (i32.eq (local.get $mode) (i32.const 0x4000))))
    (i32.add (local.get $i) (i32.const 21)))

  ;; Git's tree order of two entries (a subtree's name compared as if it ended in `/`):
  ;; negative when the first sorts first, 0 for the same name and kind.
  (func $order (param $n1 i32) (param $e1 i32) (param $t1 i32) (param $n2 i32) (param $e2 i32) (param $t2 i32) (result i32)
    (local $k i32) (local $l1 i32) (local $l2 i32) (local $common i32) (local $d i32) (local $c1 i32) (local $c2 i32)
    (local.set $l1 (i32.sub (local.get $e1) (local.get $n1)))
    (local.set $l2 (i32.sub (local.get $e2) (local.get $n2)))
    (local.set $common (select (local.get $l1) (local.get $l2) (i32.lt_u (local.get $l1) (local.get $l2))))
    (block $same
      (loop $byte
        (br_if $same (i32.ge_u (local.get $k) (local.get $common)))
        (local.set $d (i32.sub (i32.load8_u (i32.add (local.get $n1) (local.get $k))) (i32.load8_u (i32.add (local.get $n2) (local.get $k)))))
        (if (local.get $d) (then (return (local.get $d))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $byte)))
    (local.set $c1
      (if (result i32) (i32.gt_u (local.get $l1) (local.get $common))
        (then (i32.load8_u (i32.add (local.get $n1) (local.get $common))))
        (else (select (i32.const 0x2f) (i32.const 0) (local.get $t1)))))
    (local.set $c2
      (if (result i32) (i32.gt_u (local.get $l2) (local.get $common))
        (then (i32.load8_u (i32.add (local.get $n2) (local.get $common))))
        (else (select (i32.const 0x2f) (i32.const 0) (local.get $t2)))))
    (i32.sub (local.get $c1) (local.get $c2)))

  ;; Whether the 20-byte ids at $x and $y are equal.
  (func $sameId (param $x i32) (param $y i32) (result i32)
    (i32.and
      (i32.and
        (i64.eq (i64.load (local.get $x)) (i64.load (local.get $y)))
        (i64.eq (i64.load offset=8 (local.get $x)) (i64.load offset=8 (local.get $y))))
      (i32.eq (i32.load offset=16 (local.get $x)) (i32.load offset=16 (local.get $y)))))

  ;; Whether the $n bytes at $x and at $y are equal.
  (func $equal (param $x i32) (param $y i32) (param $n i32) (result i32)
    (local $i i32)
    (block $tail
      (loop $words
        (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
        (if (i64.ne (i64.load (i32.add (local.get $x) (local.get $i))) (i64.load (i32.add (local.get $y) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $words)))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $x) (local.get $i))) (i32.load8_u (i32.add (local.get $y) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (i32.const 1))

  ;; Lists each entry of the tree at [$a, $a + $la) that is a subtree or a blob whose id's filter
  ;; bit is set (submodules never), unless the parent's tree at [$b, $b + $lb) has the same name,
  ;; kind and id. Each listing is two i32s at $out: the entry's start, and the start of the
  ;; parent's entry of the same name and kind (-1: none). Returns how many, or -1 (malformed).
  (func (export "diff") (param $a i32) (param $la i32) (param $b i32) (param $lb i32) (param $out i32) (result i32)
    (local $aEnd i32) (local $bEnd i32) (local $n i32)
    (local $p i32) (local $pNext i32) (local $pName i32) (local $pNul i32) (local $pKind i32)
    (local $q i32) (local $qNext i32) (local $qName i32) (local $qNul i32) (local $qKind i32)
    (local $alive i32) (local $ord i32) (local $id i32) (local $bit i32) (local $len i32)
    (local $prevName i32) (local $prevNul i32) (local $prevTree i32)
    (local.set $aEnd (i32.add (local.get $a) (local.get $la)))
    (local.set $bEnd (i32.add (local.get $b) (local.get $lb)))
    ;; The parent's current entry: the first not yet passed.
    (local.set $q (local.get $b))
    (if (i32.lt_u (local.get $q) (local.get $bEnd))
      (then
        (local.set $qNext (call $entry (local.get $q) (local.get $bEnd)))
        (if (i32.lt_s (local.get $qNext) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $qName (global.get $name))
        (local.set $qNul (global.get $nul))
        (local.set $qKind (global.get $kind))
        (local.set $alive (i32.const 1))))
    ;; Entries must be in strictly increasing git order (as git writes them; fsck rejects
    ;; others): passing the parent's entry along with an equal one is sound only then. The
    ;; first entry is compared with an empty name, which sorts before any other name (and a
    ;; subtree's empty name, compared as `/`); a blob with an empty name first, or any entry out
    ;; of order, leaves the tree to the JavaScript.
    (local.set $prevName (local.get $a))
    (local.set $prevNul (local.get $a))
    (local.set $p (local.get $a))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $p) (local.get $aEnd)))
        ;; Most entries are the parent's current entry byte for byte (the same mode, name and
        ;; id): the same bytes parse the same, so that entry is passed without parsing it or
        ;; comparing names, and the parent's next entry becomes current.
        (if (local.get $alive)
          (then
            (local.set $len (i32.sub (local.get $qNext) (local.get $q)))
            (if (i32.le_u (i32.add (local.get $p) (local.get $len)) (local.get $aEnd))
              (then
                (if (call $equal (local.get $p) (local.get $q) (local.get $len))
                  (then
                    ;; The entry's name is the parent's entry's, bytes alike.
                    (if (i32.ge_s (call $order (local.get $prevName) (local.get $prevNul) (local.get $prevTree)
                          (local.get $qName) (local.get $qNul) (i32.eq (local.get $qKind) (i32.const 1))) (i32.const 0))
                      (then (return (i32.const -1))))
                    (local.set $prevName (local.get $qName))
                    (local.set $prevNul (local.get $qNul))
                    (local.set $prevTree (i32.eq (local.get $qKind) (i32.const 1)))
                    (local.set $p (i32.add (local.get $p) (local.get $len)))
                    (local.set $q (local.get $qNext))
                    (local.set $alive (i32.lt_u (local.get $q) (local.get $bEnd)))
                    (if (local.get $alive)
                      (then
                        (local.set $qNext (call $entry (local.get $q) (local.get $bEnd)))
                        (if (i32.lt_s (local.get $qNext) (i32.const 0)) (then (return (i32.const -1))))
                        (local.set $qName (global.get $name))
                        (local.set $qNul (global.get $nul))
                        (local.set $qKind (global.get $kind))))
                    (br $each)))))))
        (local.set $pNext (call $entry (local.get $p) (local.get $aEnd)))
        (if (i32.lt_s (local.get $pNext) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $pName (global.get $name))
        (local.set $pNul (global.get $nul))
        (local.set $pKind (global.get $kind))
        (if (i32.ge_s (call $order (local.get $prevName) (local.get $prevNul) (local.get $prevTree)
              (local.get $pName) (local.get $pNul) (i32.eq (local.get $pKind) (i32.const 1))) (i32.const 0))
          (then (return (i32.const -1))))
        (local.set $prevName (local.get $pName))
        (local.set $prevNul (local.get $pNul))
        (local.set $prevTree (i32.eq (local.get $pKind) (i32.const 1)))
        (local.set $id (i32.add (local.get $pNul) (i32.const 1)))
        (block $next
          (br_if $next (i32.eq (local.get $pKind) (i32.const 2)))
          (if (i32.eqz (local.get $pKind))
            (then
              (local.set $bit (i32.or (i32.or
                (i32.shl (i32.load8_u (local.get $id)) (i32.const 16))
                (i32.shl (i32.load8_u offset=1 (local.get $id)) (i32.const 8)))
                (i32.load8_u offset=2 (local.get $id))))
              (br_if $next (i32.eqz (i32.and
                (i32.load8_u (i32.shr_u (local.get $bit) (i32.const 3)))
                (i32.shl (i32.const 1) (i32.and (local.get $bit) (i32.const 7))))))))
          ;; Pass the parent's entries that sort before this one.
          (local.set $ord (i32.const -1))
          (block $placed
            (loop $pass
              (br_if $placed (i32.eqz (local.get $alive)))
              (local.set $ord (call $order
                (local.get $qName) (local.get $qNul) (i32.eq (local.get $qKind) (i32.const 1))
                (local.get $pName) (local.get $pNul) (i32.eq (local.get $pKind) (i32.const 1))))
              (br_if $placed (i32.ge_s (local.get $ord) (i32.const 0)))
              (local.set $q (local.get $qNext))
              (local.set $alive (i32.lt_u (local.get $q) (local.get $bEnd)))
              (if (local.get $alive)
                (then
                  (local.set $qNext (call $entry (local.get $q) (local.get $bEnd)))
                  (if (i32.lt_s (local.get $qNext) (i32.const 0)) (then (return (i32.const -1))))
                  (local.set $qName (global.get $name))
                  (local.set $qNul (global.get $nul))
                  (local.set $qKind (global.get $kind))))
              (br $pass)))
          (if (i32.and (local.get $alive) (i32.eqz (local.get $ord)))
            (then
              (br_if $next (call $sameId (local.get $id) (i32.add (local.get $qNul) (i32.const 1))))
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $p))
              (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $q)))
            (else
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $p))
              (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (i32.const -1))))
          (local.set $n (i32.add (local.get $n) (i32.const 1))))
        (local.set $p (local.get $pNext))
        (br $each)))
    (local.get $n))
)
