;; Runs of base64-alphabet bytes ([A-Za-z0-9+/_-]) at least `min` long, 16 bytes per step with
;; SIMD: each step compares the 16 bytes against the alphabet's ranges at once and takes a 16-bit
;; mask of which belong. Only the first byte outside the alphabet in a step can end a long run
;; (the bytes between two such bytes of one step are at most 14, shorter than any `min`), and
;; the bytes after the last one start the next run, so one step costs a few instructions
;; whatever the text. The JavaScript scalar walk it replaces was most of the decoding layer's
;; cost on large histories (benchmarks/RESULTS.md).
;;
;; Assembled by bin/assemble-wasm.mjs into class-runs-wasm.ts; src/detect/class-runs.ts lays out
;; the memory it reads (the layout constants there and the offsets here must agree):
;;   [0, 131072)         output: one (start, stop, flags) triple of i32 per run
;;   [131072, +262144)   input: one segment of the blob, then 32 zero bytes after the last one
;;   [458752, +256)      flags of each byte value (upper, lower, digit, not hex), OR-ed per run
;; `runs(len, carry, final, min)` scans `len` input bytes; `carry` is how many alphabet bytes
;; ended the previous segment. Starts are relative to the segment, so a run begun in an earlier
;; segment has a negative start; its flags are then -1 (its first bytes are no longer here).
;; The global `carry` holds the alphabet bytes at the end of this segment for the next call.
(module
  (memory (export "memory") 8)
  (global $carry (export "carry") (mut i32) (i32.const 0))
  (func (export "runs") (param $len i32) (param $r i32) (param $final i32) (param $min i32) (result i32)
    (local $i i32) (local $n i32) (local $end i32) (local $m i32) (local $z i32)
    (local $s i32) (local $e i32) (local $f i32) (local $out i32)
    (local $v v128) (local $c20 v128) (local $c61 v128) (local $c25 v128) (local $c2f v128) (local $c10 v128)
    (local $plus v128) (local $dash v128) (local $under v128)
    (local.set $c20 (i8x16.splat (i32.const 0x20)))
    (local.set $c61 (i8x16.splat (i32.const 0x61)))
    (local.set $c25 (i8x16.splat (i32.const 25)))
    (local.set $c2f (i8x16.splat (i32.const 0x2f)))
    (local.set $c10 (i8x16.splat (i32.const 10)))
    (local.set $plus (i8x16.splat (i32.const 0x2b)))
    (local.set $dash (i8x16.splat (i32.const 0x2d)))
    (local.set $under (i8x16.splat (i32.const 0x5f)))
    ;; The last segment reads one step past its end when its length is a multiple of 16, so the
    ;; zero bytes after it end a run that reaches the end.
    (local.set $end (i32.add (local.get $len) (local.get $final)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load offset=131072 (local.get $i)))
        ;; letters: (byte | 0x20) - 'a' <= 25 unsigned; '/' and digits: byte - '/' <= 10.
        (local.set $m (i8x16.bitmask
          (v128.or
            (v128.or
              (i8x16.le_u (i8x16.sub (v128.or (local.get $v) (local.get $c20)) (local.get $c61)) (local.get $c25))
              (i8x16.le_u (i8x16.sub (local.get $v) (local.get $c2f)) (local.get $c10)))
            (v128.or
              (i8x16.eq (local.get $v) (local.get $plus))
              (v128.or (i8x16.eq (local.get $v) (local.get $dash)) (i8x16.eq (local.get $v) (local.get $under)))))))
        (if (i32.eq (local.get $m) (i32.const 0xffff))
          (then (local.set $r (i32.add (local.get $r) (i32.const 16))))
          (else
            ;; Bits of the bytes outside the alphabet.
            (local.set $m (i32.xor (local.get $m) (i32.const 0xffff)))
            (local.set $z (i32.ctz (local.get $m)))
            (if (i32.ge_u (i32.add (local.get $r) (local.get $z)) (local.get $min))
              (then
                (local.set $s (i32.sub (local.get $i) (local.get $r)))
                (local.set $e (i32.add (local.get $i) (local.get $z)))
                (local.set $f (i32.const -1))
                (if (i32.ge_s (local.get $s) (i32.const 0))
                  (then
                    (local.set $f (i32.const 0))
                    (block $flagged
                      (loop $byte
                        (br_if $flagged (i32.ge_s (local.get $s) (local.get $e)))
                        (local.set $f (i32.or (local.get $f)
                          (i32.load8_u offset=458752 (i32.load8_u offset=131072 (local.get $s)))))
                        (local.set $s (i32.add (local.get $s) (i32.const 1)))
                        (br $byte)))
                    (local.set $s (i32.sub (local.get $i) (local.get $r)))))
                (local.set $out (i32.mul (local.get $n) (i32.const 12)))
                (i32.store (local.get $out) (local.get $s))
                (i32.store offset=4 (local.get $out) (local.get $e))
                (i32.store offset=8 (local.get $out) (local.get $f))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))))
            ;; Alphabet bytes above the highest byte outside it start the next run.
            (local.set $r (i32.sub (i32.clz (local.get $m)) (i32.const 16)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (global.set $carry (local.get $r))
    (local.get $n)))
