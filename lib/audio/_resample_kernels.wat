;; The resampler's interpolation stage in WASM SIMD (f32x4), hand-written
;; because it makes serlab fast: the plain JS loops of
;; `_resample_polyphase.ts` (the reference these kernels are tested
;; against) spend ~0.7 ms on 66150 outputs of 14 taps (48 kHz -> 22050 Hz)
;; and ~1.5 ms with interpolated phases (pitch shift); four f32x4
;; multiply-adds per output take a fraction of that.
;;
;; Layout (all byte offsets into the exported memory, 16-byte aligned):
;;   z      the prefiltered signal; z + 4*i is the first tap of output 0
;;   table  phase rows of `stride` floats (a multiple of 4, zero-padded):
;;          exact: one row per phase; interpolated: coefficients then
;;          differences to the next phase, 2*stride floats per phase
;;   out    one float per output
;; Compile with `deno task wasm:resample` (wabt) into _resample_kernels_wasm.ts.
(module
  (memory (export "memory") 1)

  ;; Sum of the four lanes, pairwise as (l0 + l1) + (l2 + l3).
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Dot product of `vecs` f32x4 vectors at a (unaligned) and b.
  (func $dot (param $a i32) (param $b i32) (param $vecs i32) (result v128)
    (local $acc v128)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $vecs) (i32.const 4))))
    (loop $taps
      (local.set $acc
        (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load align=4 (local.get $a)) (v128.load (local.get $b)))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br_if $taps (i32.lt_u (local.get $a) (local.get $end))))
    (local.get $acc))

  ;; Output n at stage time n*num/den, den exact phases:
  ;; out[n] = sum_i z[k + i] * table[phase][i], k advancing by num/den.
  (func (export "interpolate_exact")
    (param $z i32) (param $table i32) (param $stride i32)
    (param $num i32) (param $den i32) (param $out i32) (param $count i32)
    (local $whole i32) (local $rest i32) (local $phase i32) (local $rowBytes i32)
    (local $vecs i32) (local $end i32) (local $row i32)
    (if (i32.eqz (local.get $count)) (then (return)))
    (local.set $whole (i32.shl (i32.div_u (local.get $num) (local.get $den)) (i32.const 2)))
    (local.set $rest (i32.rem_u (local.get $num) (local.get $den)))
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $vecs (i32.shr_u (local.get $stride) (i32.const 2)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (if (i32.eq (local.get $vecs) (i32.const 4))
      (then
        ;; 16 taps (13 to 16 non-zero), the common case, unrolled.
        (loop $outputs
          (local.set $row
            (i32.add (local.get $table) (i32.mul (local.get $phase) (local.get $rowBytes))))
          (f32.store (local.get $out)
            (call $hsum
              (f32x4.add
                (f32x4.add
                  (f32x4.mul (v128.load align=4 (local.get $z)) (v128.load (local.get $row)))
                  (f32x4.mul (v128.load offset=16 align=4 (local.get $z))
                    (v128.load offset=16 (local.get $row))))
                (f32x4.add
                  (f32x4.mul (v128.load offset=32 align=4 (local.get $z))
                    (v128.load offset=32 (local.get $row)))
                  (f32x4.mul (v128.load offset=48 align=4 (local.get $z))
                    (v128.load offset=48 (local.get $row)))))))
          (local.set $z (i32.add (local.get $z) (local.get $whole)))
          (local.set $phase (i32.add (local.get $phase) (local.get $rest)))
          (if (i32.ge_u (local.get $phase) (local.get $den))
            (then
              (local.set $phase (i32.sub (local.get $phase) (local.get $den)))
              (local.set $z (i32.add (local.get $z) (i32.const 4)))))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (br_if $outputs (i32.lt_u (local.get $out) (local.get $end)))))
      (else
        (loop $outputs
          (f32.store (local.get $out)
            (call $hsum
              (call $dot (local.get $z)
                (i32.add (local.get $table) (i32.mul (local.get $phase) (local.get $rowBytes)))
                (local.get $vecs))))
          (local.set $z (i32.add (local.get $z) (local.get $whole)))
          (local.set $phase (i32.add (local.get $phase) (local.get $rest)))
          (if (i32.ge_u (local.get $phase) (local.get $den))
            (then
              (local.set $phase (i32.sub (local.get $phase) (local.get $den)))
              (local.set $z (i32.add (local.get $z) (i32.const 4)))))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (br_if $outputs (i32.lt_u (local.get $out) (local.get $end)))))))

  ;; Output n at stage time n*step on soxr's 32.32 fixed-point clock
  ;; (step = stepWhole + stepFraction / 2^32), coefficients interpolated
  ;; linearly between 2^phaseBits phases: the fraction's top phaseBits bits
  ;; pick the phase, the rest weigh the difference row.
  (func (export "interpolate_real")
    (param $z i32) (param $table i32) (param $stride i32) (param $phaseBits i32)
    (param $stepWhole i32) (param $stepFraction i32) (param $out i32) (param $count i32)
    (local $fraction i32) (local $next i32) (local $shift i32) (local $mask i32)
    (local $rowBytes i32) (local $vecs i32) (local $end i32) (local $row i32) (local $scale f32)
    (if (i32.eqz (local.get $count)) (then (return)))
    (local.set $shift (i32.sub (i32.const 32) (local.get $phaseBits)))
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $shift)) (i32.const 1)))
    (local.set $scale (f32.div (f32.const 1) (f32.convert_i32_u (i32.shl (i32.const 1) (local.get $shift)))))
    (local.set $stepWhole (i32.shl (local.get $stepWhole) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $vecs (i32.shr_u (local.get $stride) (i32.const 2)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (loop $outputs
      (local.set $row
        (i32.add (local.get $table)
          (i32.mul (i32.shr_u (local.get $fraction) (local.get $shift))
            (i32.shl (local.get $rowBytes) (i32.const 1)))))
      (f32.store (local.get $out)
        (call $hsum
          (f32x4.add
            (call $dot (local.get $z) (local.get $row) (local.get $vecs))
            (f32x4.mul
              (call $dot (local.get $z) (i32.add (local.get $row) (local.get $rowBytes))
                (local.get $vecs))
              (f32x4.splat
                (f32.mul
                  (f32.convert_i32_u (i32.and (local.get $fraction) (local.get $mask)))
                  (local.get $scale)))))))
      (local.set $z (i32.add (local.get $z) (local.get $stepWhole)))
      ;; Unsigned 32-bit add; a wrap is a carry into the whole part.
      (local.set $next (i32.add (local.get $fraction) (local.get $stepFraction)))
      (if (i32.lt_u (local.get $next) (local.get $fraction))
        (then (local.set $z (i32.add (local.get $z) (i32.const 4)))))
      (local.set $fraction (local.get $next))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br_if $outputs (i32.lt_u (local.get $out) (local.get $end))))))
