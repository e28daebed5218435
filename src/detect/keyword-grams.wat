;; Finds case-insensitive literals (the prefilter's keywords) in one pass whose cost per byte
;; does not grow with their number. Every literal of 3 or more bytes is indexed by two 4-byte
;; windows an odd distance apart (a window may stick out of a short literal; its outside byte is
;; then any byte). Any occurrence of the literal puts one of its two windows at an even offset,
;; so the scan reads a 4-byte word at every even offset only, folds it (byte | 0x20, which maps
;; both cases of a letter to one value), hashes it into a 2^22-bit filter and, on a set bit,
;; looks the word up in an exact table and compares each literal listed there byte by byte.
;; The filter has a bit for each of the 128 words a window with an outside byte stands for,
;; but the exact table lists each window once, under its two middle bytes (always inside the
;; literal), so it stays small enough to be in cache when a filter bit sends the scan there:
;; listed under every word, the 3-byte keywords filled it with 39,000 of its 57,000 words (1 MiB
;; of table and 700 KiB of lists for the built-in catalog), read at random.
;; An RE2::Set of the same literals costs more per byte the more entries it holds.
;;
;; Assembled by bin/assemble-wasm.mjs into keyword-grams-wasm.ts. keyword-grams.ts lays out the
;; memory and sets the globals below to where each table starts:
;;   $out     output: (literal, start) pairs of i32, room for $room pairs past the soft limit
;;   $filter  2^22 bits, bit (word * 0x9e3779b1) >>> 10 set for every indexed word
;;   $keys    exact table: the two middle bytes of a folded word per slot ($mask + 1 slots,
;;            linear probing)
;;   $vals    per slot: 0 when empty, else 1 + the i32 index in $lists of its list
;;   $lists   per slot: count, then a (word, mask, literal, offset of the window in the
;;            literal) entry per window (the mask clears a byte outside the literal)
;;   $lits    per literal: byte address of its bytes (lower-case), length, kind (0 report once,
;;            1 report every occurrence)
;;   $seen    per literal: i32 stamp; equal to the call's stamp = found already (skip it)
;;   $lower   256 bytes: ASCII lower-case of each byte value
;;   $input   the window of the blob, then 8 zero bytes
(module
  (memory (export "memory") 1)
  (global $out (export "out") (mut i32) (i32.const 0))
  (global $limit (export "limit") (mut i32) (i32.const 0))
  (global $filter (export "filter") (mut i32) (i32.const 0))
  (global $keys (export "keys") (mut i32) (i32.const 0))
  (global $vals (export "vals") (mut i32) (i32.const 0))
  (global $mask (export "mask") (mut i32) (i32.const 0))
  (global $lists (export "lists") (mut i32) (i32.const 0))
  (global $lits (export "lits") (mut i32) (i32.const 0))
  (global $seen (export "seen") (mut i32) (i32.const 0))
  (global $lower (export "lower") (mut i32) (i32.const 0))
  (global $input (export "input") (mut i32) (i32.const 0))
  ;; Where the last call stopped (its `to` when it finished).
  (global $next (export "next") (mut i32) (i32.const 0))

  ;; Scans even offsets [from, to) of the window of `len` bytes at $input. A literal that would
  ;; start before the window (or end after it) is reported with bit 30 set for the caller to
  ;; compare against the whole blob, unless `edges` says the window starts (bit 0) or ends
  ;; (bit 1) the blob, where it cannot occur. Returns the number of pairs written; stops early,
  ;; at the offset it stores in $next, once $limit pairs or more are out.
  (func (export "scan") (param $from i32) (param $to i32) (param $len i32) (param $edges i32) (param $stamp i32) (result i32)
    (local $i i32) (local $n i32) (local $w i32) (local $x i32) (local $in i32) (local $bitmap i32)
    (local $a i64) (local $b i64) (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    ;; The hot loop reads locals only: globals are loaded from the instance on every use.
    (local.set $in (global.get $input))
    (local.set $bitmap (global.get $filter))
    (local.set $i (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        ;; Four even offsets at once (two 8-byte loads give their four words): most of a blob
        ;; sets no filter bit, and one test and branch per 8 bytes skips it. On a set bit the
        ;; offsets are taken one at a time below.
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 6)) (local.get $to))
          (then
            (local.set $a (i64.or (i64.load (i32.add (local.get $in) (local.get $i))) (i64.const 0x2020202020202020)))
            (local.set $b (i64.or (i64.load offset=2 (i32.add (local.get $in) (local.get $i))) (i64.const 0x2020202020202020)))
            (local.set $x0 (i32.shr_u (i32.mul (i32.wrap_i64 (local.get $a)) (i32.const 0x9e3779b1)) (i32.const 10)))
            (local.set $x1 (i32.shr_u (i32.mul (i32.wrap_i64 (local.get $b)) (i32.const 0x9e3779b1)) (i32.const 10)))
            (local.set $x2 (i32.shr_u (i32.mul (i32.wrap_i64 (i64.shr_u (local.get $a) (i64.const 32))) (i32.const 0x9e3779b1)) (i32.const 10)))
            (local.set $x3 (i32.shr_u (i32.mul (i32.wrap_i64 (i64.shr_u (local.get $b) (i64.const 32))) (i32.const 0x9e3779b1)) (i32.const 10)))
            (if (i32.eqz (i32.and
                  (i32.or (i32.or (i32.shr_u (i32.load (i32.add (local.get $bitmap) (i32.shl (i32.shr_u (local.get $x0) (i32.const 5)) (i32.const 2)))) (local.get $x0))
                                  (i32.shr_u (i32.load (i32.add (local.get $bitmap) (i32.shl (i32.shr_u (local.get $x1) (i32.const 5)) (i32.const 2)))) (local.get $x1)))
                          (i32.or (i32.shr_u (i32.load (i32.add (local.get $bitmap) (i32.shl (i32.shr_u (local.get $x2) (i32.const 5)) (i32.const 2)))) (local.get $x2))
                                  (i32.shr_u (i32.load (i32.add (local.get $bitmap) (i32.shl (i32.shr_u (local.get $x3) (i32.const 5)) (i32.const 2)))) (local.get $x3))))
                  (i32.const 1)))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (br $next)))))
        (local.set $w (i32.load (i32.add (local.get $in) (local.get $i))))
        (local.set $w (i32.or (local.get $w) (i32.const 0x20202020)))
        (local.set $x (i32.shr_u (i32.mul (local.get $w) (i32.const 0x9e3779b1)) (i32.const 10)))
        (if (i32.and
              (i32.shr_u
                (i32.load (i32.add (local.get $bitmap) (i32.shl (i32.shr_u (local.get $x) (i32.const 5)) (i32.const 2))))
                (local.get $x))
              (i32.const 1))
          (then
            (local.set $n (call $probe (local.get $i) (local.get $w) (local.get $n) (local.get $len) (local.get $edges) (local.get $stamp)))
            ;; Output full: the caller reads it and calls again from the next offset.
            (if (i32.ge_u (local.get $n) (global.get $limit))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (br $done)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $next)))
    (global.set $next (local.get $i))
    (local.get $n))

;; Looks up the word `w`, met at offset `pos` of the window, in the exact table: under its two
  ;; middle bytes, which every window has inside its literal, a list of (word, mask, literal,
  ;; offset) entries; `w` masked equal to an entry's word (a window's byte outside its literal
  ;; is masked away) sends the literal to be compared byte by byte. Returns `n` plus the pairs
  ;; it wrote to $out.
  (func $probe (param $pos i32) (param $w i32) (param $n i32) (param $len i32) (param $edges i32) (param $stamp i32) (result i32)
    (local $key i32) (local $slot i32) (local $v i32) (local $list i32) (local $end i32) (local $lit i32) (local $rec i32)
    (local $s i32) (local $size i32) (local $at i32) (local $j i32)
    (local.set $key (i32.and (i32.shr_u (local.get $w) (i32.const 8)) (i32.const 0xffff)))
    (local.set $slot (i32.and (i32.shr_u (i32.mul (local.get $key) (i32.const 0x9e3779b1)) (i32.const 10)) (global.get $mask)))
    (block $found
      (loop $probe
        (local.set $v (i32.load (i32.add (global.get $vals) (i32.shl (local.get $slot) (i32.const 2)))))
        (br_if $found (i32.eqz (local.get $v)))
        (br_if $found (i32.eq (i32.load (i32.add (global.get $keys) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $key)))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (global.get $mask)))
        (br $probe)))
    (if (i32.eqz (local.get $v)) (then (return (local.get $n))))
    (local.set $list (i32.add (global.get $lists) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 2))))
    (local.set $end (i32.add (i32.add (local.get $list) (i32.const 4)) (i32.shl (i32.load (local.get $list)) (i32.const 4))))
    (local.set $list (i32.add (local.get $list) (i32.const 4)))
    (block $listed
      (loop $each
        (br_if $listed (i32.ge_u (local.get $list) (local.get $end)))
        (local.set $list (i32.add (local.get $list) (i32.const 16)))
        (br_if $each (i32.ne (i32.and (local.get $w) (i32.load offset=4 (i32.sub (local.get $list) (i32.const 16))))
                             (i32.load (i32.sub (local.get $list) (i32.const 16)))))
        (local.set $lit (i32.load offset=8 (i32.sub (local.get $list) (i32.const 16))))
        (local.set $s (i32.sub (local.get $pos) (i32.load offset=12 (i32.sub (local.get $list) (i32.const 16)))))
        (br_if $each (i32.eq
          (i32.load (i32.add (global.get $seen) (i32.shl (local.get $lit) (i32.const 2))))
          (local.get $stamp)))
        (local.set $rec (i32.add (global.get $lits) (i32.mul (local.get $lit) (i32.const 12))))
        (local.set $size (i32.load offset=4 (local.get $rec)))
        (if (i32.or (i32.lt_s (local.get $s) (i32.const 0))
                    (i32.gt_s (i32.add (local.get $s) (local.get $size)) (local.get $len)))
          (then
            ;; Outside the window: outside the blob too when the window ends it there.
            (br_if $each (i32.and (i32.lt_s (local.get $s) (i32.const 0)) (i32.and (local.get $edges) (i32.const 1))))
            (br_if $each (i32.and (i32.gt_s (i32.add (local.get $s) (local.get $size)) (local.get $len))
                                  (i32.shr_u (i32.and (local.get $edges) (i32.const 2)) (i32.const 1))))
            (i32.store (i32.add (global.get $out) (i32.shl (local.get $n) (i32.const 3))) (i32.or (local.get $lit) (i32.const 0x40000000)))
            (i32.store offset=4 (i32.add (global.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $s))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $each)))
        (local.set $at (i32.add (global.get $input) (local.get $s)))
        (local.set $j (i32.load (local.get $rec)))
        (local.set $size (i32.add (local.get $j) (local.get $size)))
        (block $differs
          (loop $byte
            (if (i32.lt_u (local.get $j) (local.get $size))
              (then
                (br_if $differs (i32.ne
                  (i32.load8_u (i32.add (global.get $lower) (i32.load8_u (local.get $at))))
                  (i32.load8_u (local.get $j))))
                (local.set $at (i32.add (local.get $at) (i32.const 1)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $byte))))
          (if (i32.eqz (i32.load offset=8 (local.get $rec)))
            (then (i32.store (i32.add (global.get $seen) (i32.shl (local.get $lit) (i32.const 2))) (local.get $stamp))))
          (i32.store (i32.add (global.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $lit))
          (i32.store offset=4 (i32.add (global.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $s))
          (local.set $n (i32.add (local.get $n) (i32.const 1))))
        (br $each)))
    (local.get $n))

  ;; Builds $filter and the exact table from `n` window records at `windows` (4 i32 each: the
  ;; folded word with 0 for its one byte outside the literal if it has one, the bit shift of that
  ;; byte or -1, the literal, the window's offset in it). A window with an outside byte sets 128
  ;; filter bits, one per value a folded byte can take there, and is listed once, under its word
  ;; with that byte 0 (the scan looks a word up that way too). Three passes: count each word's
  ;; entries (in $vals), lay the lists out, fill them. Returns the i32s of $lists used. Done here
  ;; rather than in JavaScript, which is slow before it is optimized, and the build runs at every
  ;; start of every thread.
  (func (export "build") (param $windows i32) (param $n i32) (result i32)
    (local $pass i32) (local $r i32) (local $rec i32) (local $e i32) (local $w i32) (local $slot i32)
    (local $cursor i32) (local $c i32)
    (local.set $pass (i32.const 1))
    (loop $passes
      (local.set $r (i32.const 0))
      (block $records
        (loop $record
          (br_if $records (i32.ge_u (local.get $r) (local.get $n)))
          (local.set $rec (i32.add (local.get $windows) (i32.shl (local.get $r) (i32.const 4))))
          (if (i32.eq (local.get $pass) (i32.const 1))
            (then
              (local.set $e (i32.const 0))
              (loop $word
                (local.set $w (i32.load (local.get $rec)))
                (if (i32.ge_s (i32.load offset=4 (local.get $rec)) (i32.const 0))
                  (then
                    ;; The e-th folded byte value: 0x20-0x3f, 0x60-0x7f, 0xa0-0xbf, 0xe0-0xff.
                    (local.set $w (i32.or (local.get $w)
                      (i32.shl
                        (i32.or (i32.or (i32.shl (i32.shr_u (local.get $e) (i32.const 5)) (i32.const 6)) (i32.const 0x20))
                                (i32.and (local.get $e) (i32.const 31)))
                        (i32.load offset=4 (local.get $rec)))))))
                (local.set $c (i32.shr_u (i32.mul (local.get $w) (i32.const 0x9e3779b1)) (i32.const 10)))
                (i32.store (i32.add (global.get $filter) (i32.shl (i32.shr_u (local.get $c) (i32.const 5)) (i32.const 2)))
                  (i32.or
                    (i32.load (i32.add (global.get $filter) (i32.shl (i32.shr_u (local.get $c) (i32.const 5)) (i32.const 2))))
                    (i32.shl (i32.const 1) (local.get $c))))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br_if $word (i32.and
                  (i32.ge_s (i32.load offset=4 (local.get $rec)) (i32.const 0))
                  (i32.lt_u (local.get $e) (i32.const 128)))))))
          (local.set $w (i32.and (i32.shr_u (i32.load (local.get $rec)) (i32.const 8)) (i32.const 0xffff)))
          (local.set $slot (i32.and
            (i32.shr_u (i32.mul (local.get $w) (i32.const 0x9e3779b1)) (i32.const 10))
            (global.get $mask)))
          (block $placed
            (loop $probe
              (br_if $placed (i32.eqz (i32.load (i32.add (global.get $vals) (i32.shl (local.get $slot) (i32.const 2))))))
              (br_if $placed (i32.eq (i32.load (i32.add (global.get $keys) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $w)))
              (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (global.get $mask)))
              (br $probe)))
          (if (i32.eq (local.get $pass) (i32.const 1))
            (then
              (i32.store (i32.add (global.get $keys) (i32.shl (local.get $slot) (i32.const 2))) (local.get $w))
              (i32.store (i32.add (global.get $vals) (i32.shl (local.get $slot) (i32.const 2)))
                (i32.add (i32.load (i32.add (global.get $vals) (i32.shl (local.get $slot) (i32.const 2)))) (i32.const 1))))
            (else
              ;; Pass 3: append (word, mask, literal, offset) to the list of its middle bytes.
              (local.set $c (i32.add (global.get $lists)
                (i32.shl (i32.sub (i32.load (i32.add (global.get $vals) (i32.shl (local.get $slot) (i32.const 2)))) (i32.const 1)) (i32.const 2))))
              (local.set $e (i32.add (i32.add (local.get $c) (i32.const 4)) (i32.shl (i32.load (local.get $c)) (i32.const 4))))
              (i32.store (local.get $e) (i32.load (local.get $rec)))
              (i32.store offset=4 (local.get $e)
                (if (result i32) (i32.ge_s (i32.load offset=4 (local.get $rec)) (i32.const 0))
                  (then (i32.xor (i32.shl (i32.const 0xff) (i32.load offset=4 (local.get $rec))) (i32.const -1)))
                  (else (i32.const -1))))
              (i32.store offset=8 (local.get $e) (i32.load offset=8 (local.get $rec)))
              (i32.store offset=12 (local.get $e) (i32.load offset=12 (local.get $rec)))
              (i32.store (local.get $c) (i32.add (i32.load (local.get $c)) (i32.const 1)))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $record)))
      (if (i32.eq (local.get $pass) (i32.const 1))
        (then
          ;; Pass 2: each used slot's count becomes 1 + the start of its list.
          (local.set $slot (i32.const 0))
          (block $laid
            (loop $lay
              (br_if $laid (i32.gt_u (local.get $slot) (global.get $mask)))
              (local.set $c (i32.load (i32.add (global.get $vals) (i32.shl (local.get $slot) (i32.const 2)))))
              (if (local.get $c)
                (then
                  (i32.store (i32.add (global.get $vals) (i32.shl (local.get $slot) (i32.const 2))) (i32.add (local.get $cursor) (i32.const 1)))
                  (i32.store (i32.add (global.get $lists) (i32.shl (local.get $cursor) (i32.const 2))) (i32.const 0))
                  (local.set $cursor (i32.add (local.get $cursor) (i32.add (i32.const 1) (i32.shl (local.get $c) (i32.const 2)))))))
              (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
              (br $lay)))
          (local.set $pass (i32.const 3))
          (br $passes))))
    (local.get $cursor)))
