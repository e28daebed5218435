;; Applies a git delta (delta.ts reads its two sizes and checks them; this runs its instructions).
;; The instructions copy ranges of the base or insert the delta's own bytes; V8 runs JavaScript's
;; copies of a few dozen bytes (most of a delta's) through Buffer#copy, whose set-up costs more
;; than the copy. Here a copy of up to 32 bytes is a few 8-byte loads and stores and a longer
;; one is memory.copy.
;;
;; delta.ts lays the memory out: the delta, the base, room for the result, each 8-byte aligned,
;; then 8 spare bytes (a short copy may read up to 7 bytes past its end, never write past it).
(module
  (memory (export "memory") 1)

  ;; Copies `n` bytes from `src` to `dst` (regions that do not overlap).
  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (local $k i32)
    (if (i32.gt_u (local.get $n) (i32.const 32))
      (then (memory.copy (local.get $dst) (local.get $src) (local.get $n)) (return)))
    (if (i32.lt_u (local.get $n) (i32.const 8))
      (then
        (block $done
          (loop $byte
            (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
            (i32.store8 (i32.add (local.get $dst) (local.get $k)) (i32.load8_u (i32.add (local.get $src) (local.get $k))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $byte)))
        (return)))
    ;; 8 to 32 bytes: whole 8-byte words, then the last 8 bytes (overlapping the previous word).
    (block $done
      (loop $word
        (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const 8)) (local.get $n)))
        (i64.store (i32.add (local.get $dst) (local.get $k)) (i64.load (i32.add (local.get $src) (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $word)))
    (local.set $k (i32.sub (local.get $n) (i32.const 8)))
    (i64.store (i32.add (local.get $dst) (local.get $k)) (i64.load (i32.add (local.get $src) (local.get $k)))))

  ;; Runs the instructions at [pos, end) against the base of `baseLen` bytes at `base`, writing
  ;; at most `outLen` bytes at `out`. Returns the bytes written, or -1 for an instruction that is
  ;; bad (past the end of the delta, the base or the result, or the reserved 0), which delta.ts
  ;; then names by running the delta again in JavaScript.
  (func (export "apply") (param $pos i32) (param $end i32) (param $base i32) (param $baseLen i32) (param $out i32) (param $outLen i32) (result i32)
    (local $cmd i32) (local $offset i32) (local $size i32) (local $o i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $pos) (local.get $end)))
        (local.set $cmd (i32.load8_u (local.get $pos)))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (if (i32.and (local.get $cmd) (i32.const 0x80))
          (then
            ;; Each flag bit says one more little-endian byte of offset (bits 0-3) or size (4-6).
            (local.set $offset (i32.const 0))
            (local.set $size (i32.const 0))
            (if (i32.and (local.get $cmd) (i32.const 0x01))
              (then (local.set $offset (i32.load8_u (local.get $pos))) (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
            (if (i32.and (local.get $cmd) (i32.const 0x02))
              (then (local.set $offset (i32.or (local.get $offset) (i32.shl (i32.load8_u (local.get $pos)) (i32.const 8))))
                    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
            (if (i32.and (local.get $cmd) (i32.const 0x04))
              (then (local.set $offset (i32.or (local.get $offset) (i32.shl (i32.load8_u (local.get $pos)) (i32.const 16))))
                    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
            (if (i32.and (local.get $cmd) (i32.const 0x08))
              (then (local.set $offset (i32.or (local.get $offset) (i32.shl (i32.load8_u (local.get $pos)) (i32.const 24))))
                    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
            (if (i32.and (local.get $cmd) (i32.const 0x10))
              (then (local.set $size (i32.load8_u (local.get $pos))) (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
            (if (i32.and (local.get $cmd) (i32.const 0x20))
              (then (local.set $size (i32.or (local.get $size) (i32.shl (i32.load8_u (local.get $pos)) (i32.const 8))))
                    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
            (if (i32.and (local.get $cmd) (i32.const 0x40))
              (then (local.set $size (i32.or (local.get $size) (i32.shl (i32.load8_u (local.get $pos)) (i32.const 16))))
                    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))))
            (if (i32.gt_u (local.get $pos) (local.get $end)) (then (return (i32.const -1))))
            (if (i32.eqz (local.get $size)) (then (local.set $size (i32.const 0x10000))))
            ;; In 64 bits: an offset may use all 32.
            (if (i64.gt_u (i64.add (i64.extend_i32_u (local.get $offset)) (i64.extend_i32_u (local.get $size)))
                          (i64.extend_i32_u (local.get $baseLen)))
              (then (return (i32.const -1))))
            (if (i32.gt_u (i32.add (local.get $o) (local.get $size)) (local.get $outLen)) (then (return (i32.const -1))))
            (call $copy (i32.add (local.get $out) (local.get $o)) (i32.add (local.get $base) (local.get $offset)) (local.get $size))
            (local.set $o (i32.add (local.get $o) (local.get $size))))
          (else
            (if (i32.eqz (local.get $cmd)) (then (return (i32.const -1))))
            (if (i32.gt_u (i32.add (local.get $pos) (local.get $cmd)) (local.get $end)) (then (return (i32.const -1))))
            (if (i32.gt_u (i32.add (local.get $o) (local.get $cmd)) (local.get $outLen)) (then (return (i32.const -1))))
            (call $copy (i32.add (local.get $out) (local.get $o)) (local.get $pos) (local.get $cmd))
            (local.set $pos (i32.add (local.get $pos) (local.get $cmd)))
            (local.set $o (i32.add (local.get $o) (local.get $cmd)))))
        (br $next)))
    (local.get $o)))
