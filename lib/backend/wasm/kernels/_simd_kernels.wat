;; SIMD loops over per-channel (channels-last) float32 data that the wasm
;; training kernels call on tfjs-backend-wasm's own heap (memory imported from
;; its module, so nothing is copied).
;;
;; Why hand-written: these passes are memory-streaming loops that V8 does not
;; vectorise from JavaScript (measured 1.2-4.8 ns per element in JS: 41 ms
;; for one max-pool gradient of the seed CNN's first layer, 55 ms of im2col
;; per training step; 4-5x less here), tfjs has no kernel for them, and no npm
;; package offers them on a foreign heap. Each function handles 4 channels per
;; v128, so channels must be a multiple of 4 (im2col also takes 1); the
;; callers fall back to the JavaScript versions otherwise.
;;
;; Pointers are byte offsets into the heap. Regenerate the bytes with
;; `deno task wasm:simd` (a test checks they are current).
(module
  (import "env" "memory" (memory 1))

  ;; Max-pool 2x2 stride 2 gradient, tfjs cpu's tie rule (first maximum in
  ;; row-major order, compared with >). For each pooled element the window's
  ;; four input positions are written: dy at the winner, 0 elsewhere.
  ;; x, dx: [n, h, w, c]; dy: [n, oh, ow, c].
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (param $oh i32) (param $ow i32)
    (local $img i32) (local $r i32) (local $col i32) (local $k i32)
    (local $rowBytes i32) (local $p00 i32) (local $g i32)
    (local $a v128) (local $b v128) (local $d v128) (local $e v128)
    (local $best v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $grad v128) (local $rest v128)
    (local.set $rowBytes (i32.shl (i32.mul (local.get $w) (local.get $c)) (i32.const 2)))
    (local.set $g (local.get $dy))
    (local.set $img (i32.const 0))
    (block $doneN (loop $loopN
      (br_if $doneN (i32.ge_u (local.get $img) (local.get $n)))
      (local.set $r (i32.const 0))
      (block $doneR (loop $loopR
        (br_if $doneR (i32.ge_u (local.get $r) (local.get $oh)))
        ;; byte offset of input (img, 2r, 0, 0)
        (local.set $p00
          (i32.mul
            (i32.add (i32.mul (local.get $img) (local.get $h)) (i32.shl (local.get $r) (i32.const 1)))
            (local.get $rowBytes)))
        (local.set $col (i32.const 0))
        (block $doneC (loop $loopC
          (br_if $doneC (i32.ge_u (local.get $col) (local.get $ow)))
          (local.set $k (i32.const 0))
          (block $doneK (loop $loopK
            (br_if $doneK (i32.ge_u (local.get $k) (local.get $c)))
            (local.set $a (v128.load (i32.add (local.get $x) (local.get $p00))))
            (local.set $b (v128.load (i32.add (i32.add (local.get $x) (local.get $p00))
              (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $d (v128.load (i32.add (i32.add (local.get $x) (local.get $p00))
              (local.get $rowBytes))))
            (local.set $e (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $p00))
              (local.get $rowBytes)) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $best (f32x4.splat (f32.const -inf)))
            (local.set $s0 (f32x4.gt (local.get $a) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $a) (local.get $best) (local.get $s0)))
            (local.set $s1 (f32x4.gt (local.get $b) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $b) (local.get $best) (local.get $s1)))
            (local.set $s2 (f32x4.gt (local.get $d) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $d) (local.get $best) (local.get $s2)))
            (local.set $s3 (f32x4.gt (local.get $e) (local.get $best)))
            (local.set $grad (v128.load (local.get $g)))
            ;; winner 3: s3; 2: s2 & !s3; 1: s1 & !(s2|s3); 0: s0 & !(s1|s2|s3)
            (v128.store (i32.add (i32.add (i32.add (local.get $dx) (local.get $p00))
              (local.get $rowBytes)) (i32.shl (local.get $c) (i32.const 2)))
              (v128.and (local.get $grad) (local.get $s3)))
            (local.set $rest (local.get $s3))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $p00)) (local.get $rowBytes))
              (v128.and (local.get $grad) (v128.andnot (local.get $s2) (local.get $rest))))
            (local.set $rest (v128.or (local.get $rest) (local.get $s2)))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $p00))
              (i32.shl (local.get $c) (i32.const 2)))
              (v128.and (local.get $grad) (v128.andnot (local.get $s1) (local.get $rest))))
            (local.set $rest (v128.or (local.get $rest) (local.get $s1)))
            (v128.store (i32.add (local.get $dx) (local.get $p00))
              (v128.and (local.get $grad) (v128.andnot (local.get $s0) (local.get $rest))))
            (local.set $p00 (i32.add (local.get $p00) (i32.const 16)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $loopK)))
          ;; skip the window's second column
          (local.set $p00 (i32.add (local.get $p00) (i32.shl (local.get $c) (i32.const 2))))
          (local.set $col (i32.add (local.get $col) (i32.const 1)))
          (br $loopC)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $loopR)))
      (local.set $img (i32.add (local.get $img) (i32.const 1)))
      (br $loopN)))
  )

  ;; Per-channel sums over rows, in blocks of `block` rows accumulated in f32
  ;; and added to f64 totals: sum[c] += x - shift[c], sumSq[c] += (x - shift[c])^2.
  ;; x: [rows, c]; shift: [c] f32; sum, sumSq: [c] f64 (added to).
  ;; With sumSq = 0 (null) only the sums are taken.
  (func (export "channelSums")
    (param $x i32) (param $rows i32) (param $c i32) (param $shift i32)
    (param $sum i32) (param $sumSq i32) (param $block i32)
    (local $r0 i32) (local $r1 i32) (local $r i32) (local $k i32) (local $p i32)
    (local $rowBytes i32) (local $v v128) (local $s v128) (local $q v128) (local $sh v128)
    (local $t i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $r0 (i32.const 0))
    (block $doneB (loop $loopB
      (br_if $doneB (i32.ge_u (local.get $r0) (local.get $rows)))
      (local.set $r1 (i32.add (local.get $r0) (local.get $block)))
      (if (i32.gt_u (local.get $r1) (local.get $rows)) (then (local.set $r1 (local.get $rows))))
      (local.set $k (i32.const 0))
      (block $doneK (loop $loopK
        (br_if $doneK (i32.ge_u (local.get $k) (local.get $c)))
        (local.set $sh (v128.load (i32.add (local.get $shift) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $s (v128.const f32x4 0 0 0 0))
        (local.set $q (v128.const f32x4 0 0 0 0))
        (local.set $p (i32.add (local.get $x)
          (i32.add (i32.mul (local.get $r0) (local.get $rowBytes)) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $r (local.get $r0))
        (block $doneR (loop $loopR
          (br_if $doneR (i32.ge_u (local.get $r) (local.get $r1)))
          (local.set $v (f32x4.sub (v128.load (local.get $p)) (local.get $sh)))
          (local.set $s (f32x4.add (local.get $s) (local.get $v)))
          (local.set $q (f32x4.add (local.get $q) (f32x4.mul (local.get $v) (local.get $v))))
          (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $loopR)))
        (local.set $t (i32.add (local.get $sum) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $t) (f64x2.add (v128.load (local.get $t))
          (f64x2.promote_low_f32x4 (local.get $s))))
        (v128.store offset=16 (local.get $t) (f64x2.add (v128.load offset=16 (local.get $t))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
            (local.get $s) (local.get $s)))))
        (if (local.get $sumSq) (then
          (local.set $t (i32.add (local.get $sumSq) (i32.shl (local.get $k) (i32.const 3))))
          (v128.store (local.get $t) (f64x2.add (v128.load (local.get $t))
            (f64x2.promote_low_f32x4 (local.get $q))))
          (v128.store offset=16 (local.get $t) (f64x2.add (v128.load offset=16 (local.get $t))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
              (local.get $q) (local.get $q)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loopK)))
      (local.set $r0 (local.get $r1))
      (br $loopB)))
  )

  ;; Per-channel sums of g and g * (x - mean) over rows (batch-norm backward),
  ;; blocked as channelSums. g, x: [rows, c]; mean: [c] f32;
  ;; sumG, sumGX: [c] f64 (added to).
  (func (export "channelGradSums")
    (param $g i32) (param $x i32) (param $rows i32) (param $c i32) (param $mean i32)
    (param $sumG i32) (param $sumGX i32) (param $block i32)
    (local $r0 i32) (local $r1 i32) (local $r i32) (local $k i32) (local $off i32)
    (local $rowBytes i32) (local $gv v128) (local $s v128) (local $q v128) (local $m v128)
    (local $t i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $r0 (i32.const 0))
    (block $doneB (loop $loopB
      (br_if $doneB (i32.ge_u (local.get $r0) (local.get $rows)))
      (local.set $r1 (i32.add (local.get $r0) (local.get $block)))
      (if (i32.gt_u (local.get $r1) (local.get $rows)) (then (local.set $r1 (local.get $rows))))
      (local.set $k (i32.const 0))
      (block $doneK (loop $loopK
        (br_if $doneK (i32.ge_u (local.get $k) (local.get $c)))
        (local.set $m (v128.load (i32.add (local.get $mean) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $s (v128.const f32x4 0 0 0 0))
        (local.set $q (v128.const f32x4 0 0 0 0))
        (local.set $off
          (i32.add (i32.mul (local.get $r0) (local.get $rowBytes)) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $r (local.get $r0))
        (block $doneR (loop $loopR
          (br_if $doneR (i32.ge_u (local.get $r) (local.get $r1)))
          (local.set $gv (v128.load (i32.add (local.get $g) (local.get $off))))
          (local.set $s (f32x4.add (local.get $s) (local.get $gv)))
          (local.set $q (f32x4.add (local.get $q) (f32x4.mul (local.get $gv)
            (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $off))) (local.get $m)))))
          (local.set $off (i32.add (local.get $off) (local.get $rowBytes)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $loopR)))
        (local.set $t (i32.add (local.get $sumG) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $t) (f64x2.add (v128.load (local.get $t))
          (f64x2.promote_low_f32x4 (local.get $s))))
        (v128.store offset=16 (local.get $t) (f64x2.add (v128.load offset=16 (local.get $t))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
            (local.get $s) (local.get $s)))))
        (local.set $t (i32.add (local.get $sumGX) (i32.shl (local.get $k) (i32.const 3))))
        (v128.store (local.get $t) (f64x2.add (v128.load (local.get $t))
          (f64x2.promote_low_f32x4 (local.get $q))))
        (v128.store offset=16 (local.get $t) (f64x2.add (v128.load offset=16 (local.get $t))
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
            (local.get $q) (local.get $q)))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loopK)))
      (local.set $r0 (local.get $r1))
      (br $loopB)))
  )

  ;; out = a[c] * u + b[c] * v + d[c], per channel; with v = 0 (null) the
  ;; b term is skipped. u, v, out: [rows, c]; a, b, d: [c] f32. out may be u.
  (func (export "channelAffine")
    (param $u i32) (param $v i32) (param $out i32) (param $rows i32) (param $c i32)
    (param $a i32) (param $b i32) (param $d i32)
    (local $r i32) (local $k i32) (local $off i32) (local $kb i32) (local $acc v128)
    (local.set $off (i32.const 0))
    (local.set $r (i32.const 0))
    (block $doneR (loop $loopR
      (br_if $doneR (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $doneK (loop $loopK
        (br_if $doneK (i32.ge_u (local.get $k) (local.get $c)))
        (local.set $kb (i32.shl (local.get $k) (i32.const 2)))
        (local.set $acc (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $u) (local.get $off)))
            (v128.load (i32.add (local.get $a) (local.get $kb))))
          (v128.load (i32.add (local.get $d) (local.get $kb)))))
        (if (local.get $v) (then
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $off)))
              (v128.load (i32.add (local.get $b) (local.get $kb))))))))
        (v128.store (i32.add (local.get $out) (local.get $off)) (local.get $acc))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loopK)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loopR)))
  )

  ;; K-major patch matrix (im2col, transposed) of images [n0, n0 + count) for
  ;; a convolution with column stride 1: cols[(kh, kw, ch), p] = x[n, oh*sh + kh
  ;; - pt, ow + kw - pl, ch] (0 in the padding), p = ((n - n0)*oh + oh)*ow + ow.
  ;; c must be 1 or a multiple of 4: a row of 4 positions x 4 channels is read
  ;; as 4 vectors and transposed with shuffles into 4 rows of cols.
  ;; x: [n, h, w, c]; cols: [kh*kw*c, count*oh*ow].
  (func (export "im2colTransposed")
    (param $x i32) (param $cols i32) (param $n0 i32) (param $count i32)
    (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $pt i32) (param $pl i32)
    (local $positions i32) (local $i i32) (local $j i32) (local $ch i32)
    (local $img i32) (local $r i32) (local $ih i32) (local $lo i32) (local $hi i32)
    (local $col i32) (local $src i32) (local $p i32) (local $rowBytes i32) (local $colBytes i32)
    (local $d0 i32) (local $d1 i32) (local $d2 i32) (local $d3 i32)
    (local $a v128) (local $b v128) (local $e v128) (local $f v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $positions (i32.mul (local.get $count) (i32.mul (local.get $oh) (local.get $ow))))
    (local.set $rowBytes (i32.shl (local.get $positions) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $doneI (loop $loopI
      (br_if $doneI (i32.ge_u (local.get $i) (local.get $kh)))
      (local.set $j (i32.const 0))
      (block $doneJ (loop $loopJ
        (br_if $doneJ (i32.ge_u (local.get $j) (local.get $kw)))
        ;; output columns whose tap is inside the input: [lo, hi)
        (local.set $lo (i32.sub (local.get $pl) (local.get $j)))
        (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
        (if (i32.gt_s (local.get $lo) (local.get $ow)) (then (local.set $lo (local.get $ow))))
        (local.set $hi (i32.sub (i32.add (local.get $w) (local.get $pl)) (local.get $j)))
        (if (i32.gt_s (local.get $hi) (local.get $ow)) (then (local.set $hi (local.get $ow))))
        (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
        (local.set $ch (i32.const 0))
        (block $doneCh (loop $loopCh
          (br_if $doneCh (i32.ge_u (local.get $ch) (local.get $c)))
          ;; byte offset of row (i, j, ch) of cols
          (local.set $d0 (i32.add (local.get $cols) (i32.mul (local.get $rowBytes)
            (i32.add (i32.mul (i32.add (i32.mul (local.get $i) (local.get $kw)) (local.get $j))
              (local.get $c)) (local.get $ch)))))
          (local.set $d1 (i32.add (local.get $d0) (local.get $rowBytes)))
          (local.set $d2 (i32.add (local.get $d1) (local.get $rowBytes)))
          (local.set $d3 (i32.add (local.get $d2) (local.get $rowBytes)))
          (local.set $p (i32.const 0))
          (local.set $img (local.get $n0))
          (block $doneN (loop $loopN
            (br_if $doneN (i32.ge_u (local.get $img) (i32.add (local.get $n0) (local.get $count))))
            (local.set $r (i32.const 0))
            (block $doneR (loop $loopR
              (br_if $doneR (i32.ge_u (local.get $r) (local.get $oh)))
              (local.set $ih (i32.sub (i32.add (i32.mul (local.get $r) (local.get $sh)) (local.get $i))
                (local.get $pt)))
              (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $h)))
                (then
                  (call $zeroRows (local.get $d0) (local.get $d1) (local.get $d2) (local.get $d3)
                    (local.get $c) (local.get $p) (local.get $ow)))
                (else
                  (call $zeroRows (local.get $d0) (local.get $d1) (local.get $d2) (local.get $d3)
                    (local.get $c) (local.get $p) (local.get $lo))
                  (call $zeroRows (local.get $d0) (local.get $d1) (local.get $d2) (local.get $d3)
                    (local.get $c) (i32.add (local.get $p) (local.get $hi)) (i32.sub (local.get $ow) (local.get $hi)))
                  ;; byte offset of x[img, ih, lo + j - pl, ch]
                  (local.set $src (i32.add (local.get $x) (i32.shl (i32.add (i32.mul
                    (i32.sub (i32.add (i32.mul (i32.add (i32.mul (local.get $img) (local.get $h))
                      (local.get $ih)) (local.get $w)) (i32.add (local.get $lo) (local.get $j)))
                      (local.get $pl))
                    (local.get $c)) (local.get $ch)) (i32.const 2))))
                  (local.set $col (local.get $lo))
                  (if (i32.eq (local.get $c) (i32.const 1))
                    (then
                      ;; one channel: the taps of a row are contiguous
                      (block $doneV (loop $loopV
                        (br_if $doneV (i32.gt_s (i32.add (local.get $col) (i32.const 4)) (local.get $hi)))
                        (v128.store (i32.add (local.get $d0) (i32.shl (i32.add (local.get $p) (local.get $col))
                          (i32.const 2))) (v128.load (local.get $src)))
                        (local.set $src (i32.add (local.get $src) (i32.const 16)))
                        (local.set $col (i32.add (local.get $col) (i32.const 4)))
                        (br $loopV))))
                    (else
                      (block $doneT (loop $loopT
                        (br_if $doneT (i32.gt_s (i32.add (local.get $col) (i32.const 4)) (local.get $hi)))
                        (local.set $a (v128.load (local.get $src)))
                        (local.set $b (v128.load (i32.add (local.get $src) (local.get $colBytes))))
                        (local.set $e (v128.load (i32.add (local.get $src) (i32.shl (local.get $colBytes) (i32.const 1)))))
                        (local.set $f (v128.load (i32.add (local.get $src)
                          (i32.mul (local.get $colBytes) (i32.const 3)))))
                        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
                        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
                        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $e) (local.get $f)))
                        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $e) (local.get $f)))
                        (v128.store (i32.add (local.get $d0) (i32.shl (i32.add (local.get $p) (local.get $col)) (i32.const 2)))
                          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                        (v128.store (i32.add (local.get $d1) (i32.shl (i32.add (local.get $p) (local.get $col)) (i32.const 2)))
                          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                        (v128.store (i32.add (local.get $d2) (i32.shl (i32.add (local.get $p) (local.get $col)) (i32.const 2)))
                          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                        (v128.store (i32.add (local.get $d3) (i32.shl (i32.add (local.get $p) (local.get $col)) (i32.const 2)))
                          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $colBytes) (i32.const 2))))
                        (local.set $col (i32.add (local.get $col) (i32.const 4)))
                        (br $loopT)))))
                  ;; the last < 4 columns one by one
                  (block $doneS (loop $loopS
                    (br_if $doneS (i32.ge_s (local.get $col) (local.get $hi)))
                    (call $copyTap (local.get $src) (local.get $d0) (local.get $d1) (local.get $d2)
                      (local.get $d3) (local.get $c) (i32.add (local.get $p) (local.get $col)))
                    (local.set $src (i32.add (local.get $src) (local.get $colBytes)))
                    (local.set $col (i32.add (local.get $col) (i32.const 1)))
                    (br $loopS)))))
              (local.set $p (i32.add (local.get $p) (local.get $ow)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $loopR)))
            (local.set $img (i32.add (local.get $img) (i32.const 1)))
            (br $loopN)))
          (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
          (br $loopCh)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loopJ)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loopI)))
  )

  ;; Zeroes positions [p, p + len) of row d0 and, when c > 1, of rows d1-d3.
  (func $zeroRows (param $d0 i32) (param $d1 i32) (param $d2 i32) (param $d3 i32)
    (param $c i32) (param $p i32) (param $len i32)
    (local $at i32) (local $bytes i32)
    (if (i32.le_s (local.get $len) (i32.const 0)) (then (return)))
    (local.set $at (i32.shl (local.get $p) (i32.const 2)))
    (local.set $bytes (i32.shl (local.get $len) (i32.const 2)))
    (memory.fill (i32.add (local.get $d0) (local.get $at)) (i32.const 0) (local.get $bytes))
    (if (i32.gt_u (local.get $c) (i32.const 1)) (then
      (memory.fill (i32.add (local.get $d1) (local.get $at)) (i32.const 0) (local.get $bytes))
      (memory.fill (i32.add (local.get $d2) (local.get $at)) (i32.const 0) (local.get $bytes))
      (memory.fill (i32.add (local.get $d3) (local.get $at)) (i32.const 0) (local.get $bytes))))
  )

  ;; Copies one position's 1 or 4 channels from src into rows d0(-d3) at position p.
  (func $copyTap (param $src i32) (param $d0 i32) (param $d1 i32) (param $d2 i32) (param $d3 i32)
    (param $c i32) (param $p i32)
    (local $at i32)
    (local.set $at (i32.shl (local.get $p) (i32.const 2)))
    (f32.store (i32.add (local.get $d0) (local.get $at)) (f32.load (local.get $src)))
    (if (i32.gt_u (local.get $c) (i32.const 1)) (then
      (f32.store (i32.add (local.get $d1) (local.get $at)) (f32.load offset=4 (local.get $src)))
      (f32.store (i32.add (local.get $d2) (local.get $at)) (f32.load offset=8 (local.get $src)))
      (f32.store (i32.add (local.get $d3) (local.get $at)) (f32.load offset=12 (local.get $src)))))
  )

  ;; Filter gradient of a 3x3, stride-1 convolution of a one-channel input
  ;; (the seed CNN's first layer, a spectrogram): dw[t, co] += sum over the
  ;; images [n0, n0 + count) of xpad[img, oh + kh, ow + kw] * dy[img, oh, ow, co],
  ;; t = kh*3 + kw. A GEMM has only 9 rows here and ran at 4 GFLOP/s; this keeps
  ;; the 9 taps x 4 output channels in registers. xpad: [count, oh + 2, ow + 2]
  ;; (the input with its padding written out); dy: [n, oh, ow, co], co a
  ;; multiple of 4; dw: [9, co] f64, added to once per image.
  (func (export "filterGrad3x3Mono")
    (param $xpad i32) (param $dy i32) (param $dw i32) (param $n0 i32) (param $count i32)
    (param $oh i32) (param $ow i32) (param $co i32)
    (local $g i32) (local $img i32) (local $r i32) (local $col i32) (local $wp i32)
    (local $src i32) (local $gy i32) (local $rowBytes i32) (local $dyStep i32) (local $t i32)
    (local $d v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $a8 v128)
    (local.set $wp (i32.add (local.get $ow) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $wp) (i32.const 2)))
    (local.set $dyStep (i32.shl (local.get $co) (i32.const 2)))
    (local.set $g (i32.const 0))
    (block $doneG (loop $loopG
      (br_if $doneG (i32.ge_u (local.get $g) (local.get $co)))
      (local.set $img (i32.const 0))
      (block $doneN (loop $loopN
        (br_if $doneN (i32.ge_u (local.get $img) (local.get $count)))
        (local.set $a0 (v128.const f32x4 0 0 0 0)) (local.set $a1 (local.get $a0))
        (local.set $a2 (local.get $a0)) (local.set $a3 (local.get $a0)) (local.set $a4 (local.get $a0))
        (local.set $a5 (local.get $a0)) (local.set $a6 (local.get $a0)) (local.set $a7 (local.get $a0))
        (local.set $a8 (local.get $a0))
        ;; dy[n0 + img, 0, 0, g]
        (local.set $gy (i32.add (local.get $dy) (i32.shl (i32.add (i32.mul (i32.mul
          (i32.add (local.get $n0) (local.get $img)) (i32.mul (local.get $oh) (local.get $ow)))
          (local.get $co)) (local.get $g)) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $doneR (loop $loopR
          (br_if $doneR (i32.ge_u (local.get $r) (local.get $oh)))
          ;; xpad[img, r, 0]
          (local.set $src (i32.add (local.get $xpad) (i32.mul (i32.add (i32.mul (local.get $img)
            (i32.add (local.get $oh) (i32.const 2))) (local.get $r)) (local.get $rowBytes))))
          (local.set $col (i32.const 0))
          (block $doneC (loop $loopC
            (br_if $doneC (i32.ge_u (local.get $col) (local.get $ow)))
            (local.set $d (v128.load (local.get $gy)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $d) (v128.load32_splat (local.get $src)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $d) (v128.load32_splat offset=4 (local.get $src)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $d) (v128.load32_splat offset=8 (local.get $src)))))
            (local.set $t (i32.add (local.get $src) (local.get $rowBytes)))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $d) (v128.load32_splat (local.get $t)))))
            (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $d) (v128.load32_splat offset=4 (local.get $t)))))
            (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $d) (v128.load32_splat offset=8 (local.get $t)))))
            (local.set $t (i32.add (local.get $t) (local.get $rowBytes)))
            (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $d) (v128.load32_splat (local.get $t)))))
            (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $d) (v128.load32_splat offset=4 (local.get $t)))))
            (local.set $a8 (f32x4.add (local.get $a8) (f32x4.mul (local.get $d) (v128.load32_splat offset=8 (local.get $t)))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $gy (i32.add (local.get $gy) (local.get $dyStep)))
            (local.set $col (i32.add (local.get $col) (i32.const 1)))
            (br $loopC)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $loopR)))
        ;; dw[t, g..g+3] += a_t, in f64
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 0) (local.get $g) (local.get $a0))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 1) (local.get $g) (local.get $a1))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 2) (local.get $g) (local.get $a2))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 3) (local.get $g) (local.get $a3))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 4) (local.get $g) (local.get $a4))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 5) (local.get $g) (local.get $a5))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 6) (local.get $g) (local.get $a6))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 7) (local.get $g) (local.get $a7))
        (call $addF64 (local.get $dw) (local.get $co) (i32.const 8) (local.get $g) (local.get $a8))
        (local.set $img (i32.add (local.get $img) (i32.const 1)))
        (br $loopN)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (br $loopG)))
  )

  ;; dw[t, g..g+3] (f64, rows of co) += the 4 lanes of v.
  (func $addF64 (param $dw i32) (param $co i32) (param $t i32) (param $g i32) (param $v v128)
    (local $at i32)
    (local.set $at (i32.add (local.get $dw)
      (i32.shl (i32.add (i32.mul (local.get $t) (local.get $co)) (local.get $g)) (i32.const 3))))
    (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at))
      (f64x2.promote_low_f32x4 (local.get $v))))
    (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at))
      (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
        (local.get $v) (local.get $v)))))
  )

  ;; ---- Element-wise passes of the native backend (its tensors live on a
  ;; shared copy of this memory). Lengths are in elements; a scalar loop takes
  ;; the tail, so no multiple of 4 is needed. Each matches its JavaScript
  ;; twin bit for bit.

  ;; y = x with the sign-bit floats (negatives, -0, -Inf) cleared to +0.
  (func (export "relu") (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $vend i32) (local $v v128) (local $s i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
      (local.set $v (v128.load (local.get $x)))
      (v128.store (local.get $y) (v128.andnot (local.get $v) (i32x4.shr_s (local.get $v) (i32.const 31))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (br $loop)))
    (block $doneT (loop $loopT
      (br_if $doneT (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $s (i32.load (local.get $x)))
      (i32.store (local.get $y) (i32.and (local.get $s) (i32.xor (i32.shr_s (local.get $s) (i32.const 31)) (i32.const -1))))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $y (i32.add (local.get $y) (i32.const 4)))
      (br $loopT)))
  )

  ;; dx = dy where x is a positive non-zero float (NaN included), else +0's bits.
  (func (export "reluGrad") (param $dy i32) (param $x i32) (param $dx i32) (param $n i32)
    (local $end i32) (local $vend i32) (local $v v128) (local $s i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $x) (local.get $vend)))
      (local.set $v (v128.load (local.get $x)))
      (v128.store (local.get $dx) (v128.and (v128.load (local.get $dy))
        (i32x4.shr_s (v128.andnot (i32x4.neg (local.get $v)) (local.get $v)) (i32.const 31))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
      (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
      (br $loop)))
    (block $doneT (loop $loopT
      (br_if $doneT (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $s (i32.load (local.get $x)))
      (i32.store (local.get $dx) (i32.and (i32.load (local.get $dy))
        (i32.shr_s (i32.and (i32.sub (i32.const 0) (local.get $s)) (i32.xor (local.get $s) (i32.const -1))) (i32.const 31))))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
      (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
      (br $loopT)))
  )

  ;; Order-preserving int32 key of float bits (negatives flipped; -0 = +0).
  (func $key (param $e v128) (result v128)
    (i32x4.add
      (v128.xor (local.get $e) (v128.and (i32x4.shr_s (local.get $e) (i32.const 31)) (i32x4.splat (i32.const 0x7fffffff))))
      (i32x4.shr_u (local.get $e) (i32.const 31)))
  )

  ;; Max-pool 2x2 stride 2 (valid) of images [0, n): ties go to the first in
  ;; row-major order, as in tfjs. x: [n, h, w, c]; y: [n, oh, ow, c]; c % 4 = 0.
  (func (export "maxPool2x2")
    (param $x i32) (param $y i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (param $oh i32) (param $ow i32)
    (local $img i32) (local $r i32) (local $col i32) (local $k i32) (local $p i32)
    (local $rowBytes i32) (local $cBytes i32)
    (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $top v128) (local $bottom v128) (local $vt v128) (local $vb v128) (local $kt v128) (local $kb v128)
    (local.set $rowBytes (i32.shl (i32.mul (local.get $w) (local.get $c)) (i32.const 2)))
    (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $img (i32.const 0))
    (block $doneN (loop $loopN
      (br_if $doneN (i32.ge_u (local.get $img) (local.get $n)))
      (local.set $r (i32.const 0))
      (block $doneR (loop $loopR
        (br_if $doneR (i32.ge_u (local.get $r) (local.get $oh)))
        (local.set $p (i32.add (local.get $x) (i32.mul
          (i32.add (i32.mul (local.get $img) (local.get $h)) (i32.shl (local.get $r) (i32.const 1)))
          (local.get $rowBytes))))
        (local.set $col (i32.const 0))
        (block $doneC (loop $loopC
          (br_if $doneC (i32.ge_u (local.get $col) (local.get $ow)))
          (local.set $k (i32.const 0))
          (block $doneK (loop $loopK
            (br_if $doneK (i32.ge_u (local.get $k) (local.get $c)))
            (local.set $e0 (v128.load (local.get $p)))
            (local.set $e1 (v128.load (i32.add (local.get $p) (local.get $cBytes))))
            (local.set $e2 (v128.load (i32.add (local.get $p) (local.get $rowBytes))))
            (local.set $e3 (v128.load (i32.add (i32.add (local.get $p) (local.get $rowBytes)) (local.get $cBytes))))
            (local.set $k0 (call $key (local.get $e0)))
            (local.set $k1 (call $key (local.get $e1)))
            (local.set $k2 (call $key (local.get $e2)))
            (local.set $k3 (call $key (local.get $e3)))
            (local.set $top (i32x4.ge_s (local.get $k0) (local.get $k1)))
            (local.set $bottom (i32x4.ge_s (local.get $k2) (local.get $k3)))
            (local.set $vt (v128.bitselect (local.get $e0) (local.get $e1) (local.get $top)))
            (local.set $kt (v128.bitselect (local.get $k0) (local.get $k1) (local.get $top)))
            (local.set $vb (v128.bitselect (local.get $e2) (local.get $e3) (local.get $bottom)))
            (local.set $kb (v128.bitselect (local.get $k2) (local.get $k3) (local.get $bottom)))
            (v128.store (local.get $y) (v128.bitselect (local.get $vt) (local.get $vb)
              (i32x4.ge_s (local.get $kt) (local.get $kb))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $y (i32.add (local.get $y) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $loopK)))
          (local.set $p (i32.add (local.get $p) (local.get $cBytes)))
          (local.set $col (i32.add (local.get $col) (i32.const 1)))
          (br $loopC)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $loopR)))
      (local.set $img (i32.add (local.get $img) (i32.const 1)))
      (br $loopN)))
  )

  ;; The 32-bit mix of the native dropout (lowbias32), on 4 lanes.
  (func $hash4 (param $v v128) (result v128)
    (local.set $v (v128.xor (local.get $v) (i32x4.shr_u (local.get $v) (i32.const 16))))
    (local.set $v (i32x4.mul (local.get $v) (i32x4.splat (i32.const 0x7feb352d))))
    (local.set $v (v128.xor (local.get $v) (i32x4.shr_u (local.get $v) (i32.const 15))))
    (local.set $v (i32x4.mul (local.get $v) (i32x4.splat (i32.const 0x846ca68b))))
    (v128.xor (local.get $v) (i32x4.shr_u (local.get $v) (i32.const 16)))
  )

  ;; Dropout of elements [i0, i0 + n): y = x * (keep ? scale : 0), keep when
  ;; hash(base + i * 0x9e3779b9) ^ 0x80000000 >= threshold (signed).
  (func (export "dropout")
    (param $x i32) (param $y i32) (param $i0 i32) (param $n i32)
    (param $base i32) (param $threshold i32) (param $scale f32)
    (local $i i32) (local $end i32) (local $vend i32) (local $idx v128) (local $h v128)
    (local $h1 i32)
    (local.set $i (local.get $i0))
    (local.set $end (i32.add (local.get $i0) (local.get $n)))
    (local.set $vend (i32.add (local.get $i0) (i32.and (local.get $n) (i32.const -4))))
    (local.set $idx (i32x4.add (i32x4.splat (local.get $i0)) (v128.const i32x4 0 1 2 3)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $i) (local.get $vend)))
      (local.set $h (v128.xor (call $hash4 (i32x4.add (i32x4.splat (local.get $base))
        (i32x4.mul (local.get $idx) (i32x4.splat (i32.const 0x9e3779b9))))) (i32x4.splat (i32.const 0x80000000))))
      (v128.store (local.get $y) (f32x4.mul (v128.load (local.get $x))
        (v128.and (f32x4.splat (local.get $scale)) (i32x4.ge_s (local.get $h) (i32x4.splat (local.get $threshold))))))
      (local.set $idx (i32x4.add (local.get $idx) (i32x4.splat (i32.const 4))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop)))
    (block $doneT (loop $loopT
      (br_if $doneT (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $h1 (i32x4.extract_lane 0 (call $hash4 (i32x4.splat (i32.add (local.get $base)
        (i32.mul (local.get $i) (i32.const 0x9e3779b9)))))))
      (f32.store (local.get $y) (f32.mul (f32.load (local.get $x))
        (select (local.get $scale) (f32.const 0)
          (i32.ge_s (i32.xor (local.get $h1) (i32.const 0x80000000)) (local.get $threshold)))))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $y (i32.add (local.get $y) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loopT)))
  )

  ;; y[r, k] += bias[k] over rows [0, rows), then ReLU (as "relu") when $relu.
  ;; y: [rows, c]; bias: [c] f32; c % 4 = 0.
  (func (export "biasActivation")
    (param $y i32) (param $rows i32) (param $c i32) (param $bias i32) (param $relu i32)
    (local $r i32) (local $k i32) (local $v v128)
    (local.set $r (i32.const 0))
    (block $doneR (loop $loopR
      (br_if $doneR (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $doneK (loop $loopK
        (br_if $doneK (i32.ge_u (local.get $k) (local.get $c)))
        (local.set $v (f32x4.add (v128.load (local.get $y))
          (v128.load (i32.add (local.get $bias) (i32.shl (local.get $k) (i32.const 2))))))
        (if (local.get $relu) (then
          (local.set $v (v128.andnot (local.get $v) (i32x4.shr_s (local.get $v) (i32.const 31))))))
        (v128.store (local.get $y) (local.get $v))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $loopK)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loopR)))
  )

  ;; The column matrix of a stride-1, dilation-1 convolution and its adjoint,
  ;; for rows [r0, r1) of it (output positions b, oy, ox in NHWC order; columns
  ;; (kh, kw, ch)); c % 4 = 0. `cols` points at row r0. im2col writes zeros in
  ;; the padding; col2im adds each column entry into dx in the JavaScript
  ;; loop's order, so the sums are the same bit for bit.
  ;; x, dx: [n, h, w, c].
  (func $colPass
    (param $cols i32) (param $img i32) (param $r0 i32) (param $r1 i32)
    (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (param $fh i32) (param $fw i32) (param $pt i32) (param $pl i32) (param $adjoint i32)
    (local $r i32) (local $b i32) (local $y i32) (local $x i32) (local $spatial i32)
    (local $kh i32) (local $kw i32) (local $ih i32) (local $iw i32)
    (local $o i32) (local $d i32) (local $k i32) (local $cBytes i32) (local $rowBytes i32)
    (local.set $cBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $w) (local.get $cBytes)))
    (local.set $spatial (i32.mul (local.get $oh) (local.get $ow)))
    (local.set $b (i32.div_u (local.get $r0) (local.get $spatial)))
    (local.set $y (i32.div_u (i32.rem_u (local.get $r0) (local.get $spatial)) (local.get $ow)))
    (local.set $x (i32.rem_u (local.get $r0) (local.get $ow)))
    (local.set $o (local.get $cols))
    (local.set $r (local.get $r0))
    (block $doneR (loop $loopR
      (br_if $doneR (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $kh (i32.const 0))
      (block $doneKh (loop $loopKh
        (br_if $doneKh (i32.ge_u (local.get $kh) (local.get $fh)))
        (local.set $ih (i32.sub (i32.add (local.get $y) (local.get $kh)) (local.get $pt)))
        (local.set $kw (i32.const 0))
        (block $doneKw (loop $loopKw
          (br_if $doneKw (i32.ge_u (local.get $kw) (local.get $fw)))
          (local.set $iw (i32.sub (i32.add (local.get $x) (local.get $kw)) (local.get $pl)))
          ;; unsigned compares: a negative index is out of range too
          (if (i32.and (i32.lt_u (local.get $ih) (local.get $h)) (i32.lt_u (local.get $iw) (local.get $w)))
            (then
              (local.set $d (i32.add (local.get $img) (i32.add
                (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $ih)) (local.get $rowBytes))
                (i32.mul (local.get $iw) (local.get $cBytes)))))
              (local.set $k (i32.const 0))
              (if (local.get $adjoint)
                (then
                  (block $doneA (loop $loopA
                    (br_if $doneA (i32.ge_u (local.get $k) (local.get $cBytes)))
                    (v128.store (i32.add (local.get $d) (local.get $k))
                      (f32x4.add (v128.load (i32.add (local.get $d) (local.get $k)))
                        (v128.load (i32.add (local.get $o) (local.get $k)))))
                    (local.set $k (i32.add (local.get $k) (i32.const 16)))
                    (br $loopA))))
                (else
                  (memory.copy (local.get $o) (local.get $d) (local.get $cBytes)))))
            (else
              (if (i32.eqz (local.get $adjoint))
                (then (memory.fill (local.get $o) (i32.const 0) (local.get $cBytes))))))
          (local.set $o (i32.add (local.get $o) (local.get $cBytes)))
          (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
          (br $loopKw)))
        (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
        (br $loopKh)))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (if (i32.eq (local.get $x) (local.get $ow)) (then
        (local.set $x (i32.const 0))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (if (i32.eq (local.get $y) (local.get $oh)) (then
          (local.set $y (i32.const 0))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loopR)))
  )

  (func (export "im2col")
    (param $x i32) (param $cols i32) (param $r0 i32) (param $r1 i32)
    (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (param $fh i32) (param $fw i32) (param $pt i32) (param $pl i32)
    (call $colPass (local.get $cols) (local.get $x) (local.get $r0) (local.get $r1)
      (local.get $h) (local.get $w) (local.get $c) (local.get $oh) (local.get $ow)
      (local.get $fh) (local.get $fw) (local.get $pt) (local.get $pl) (i32.const 0))
  )

  (func (export "col2im")
    (param $cols i32) (param $dx i32) (param $r0 i32) (param $r1 i32)
    (param $h i32) (param $w i32) (param $c i32) (param $oh i32) (param $ow i32)
    (param $fh i32) (param $fw i32) (param $pt i32) (param $pl i32)
    (call $colPass (local.get $cols) (local.get $dx) (local.get $r0) (local.get $r1)
      (local.get $h) (local.get $w) (local.get $c) (local.get $oh) (local.get $ow)
      (local.get $fh) (local.get $fw) (local.get $pt) (local.get $pl) (i32.const 1))
  )

  ;; Forward 3x3 stride-1 convolution of one-channel images (the first layer
  ;; of a spectrogram CNN), with bias: y[img, r, col, k] = bias[k] + sum over
  ;; taps t = kh*3 + kw of xpad[img, r + kh, col + kw] * w[t, k]. A GEMM has
  ;; only 9 columns here; this splats each pixel's 9 inputs once and runs all
  ;; output channels on them. xpad: [count, oh + 2, ow + 2] as filterGrad3x3Mono
  ;; reads it; w: [9, co] f32 (HWIO); bias: [co] f32; y: [count, oh, ow, co],
  ;; co a multiple of 4.
  (func (export "conv3x3Mono")
    (param $xpad i32) (param $w i32) (param $bias i32) (param $y i32)
    (param $count i32) (param $oh i32) (param $ow i32) (param $co i32)
    (local $img i32) (local $r i32) (local $col i32) (local $g i32) (local $src i32)
    (local $rowBytes i32) (local $coBytes i32) (local $wg i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $x4 v128)
    (local $x5 v128) (local $x6 v128) (local $x7 v128) (local $x8 v128) (local $acc v128)
    (local.set $rowBytes (i32.shl (i32.add (local.get $ow) (i32.const 2)) (i32.const 2)))
    (local.set $coBytes (i32.shl (local.get $co) (i32.const 2)))
    (local.set $img (i32.const 0))
    (block $doneN (loop $loopN
      (br_if $doneN (i32.ge_u (local.get $img) (local.get $count)))
      (local.set $r (i32.const 0))
      (block $doneR (loop $loopR
        (br_if $doneR (i32.ge_u (local.get $r) (local.get $oh)))
        (local.set $src (i32.add (local.get $xpad) (i32.mul (local.get $rowBytes)
          (i32.add (i32.mul (local.get $img) (i32.add (local.get $oh) (i32.const 2))) (local.get $r)))))
        (local.set $col (i32.const 0))
        (block $doneC (loop $loopC
          (br_if $doneC (i32.ge_u (local.get $col) (local.get $ow)))
          (local.set $x0 (v128.load32_splat (local.get $src)))
          (local.set $x1 (v128.load32_splat offset=4 (local.get $src)))
          (local.set $x2 (v128.load32_splat offset=8 (local.get $src)))
          (local.set $x3 (v128.load32_splat (i32.add (local.get $src) (local.get $rowBytes))))
          (local.set $x4 (v128.load32_splat offset=4 (i32.add (local.get $src) (local.get $rowBytes))))
          (local.set $x5 (v128.load32_splat offset=8 (i32.add (local.get $src) (local.get $rowBytes))))
          (local.set $x6 (v128.load32_splat (i32.add (local.get $src) (i32.shl (local.get $rowBytes) (i32.const 1)))))
          (local.set $x7 (v128.load32_splat offset=4 (i32.add (local.get $src) (i32.shl (local.get $rowBytes) (i32.const 1)))))
          (local.set $x8 (v128.load32_splat offset=8 (i32.add (local.get $src) (i32.shl (local.get $rowBytes) (i32.const 1)))))
          (local.set $g (i32.const 0))
          (block $doneG (loop $loopG
            (br_if $doneG (i32.ge_u (local.get $g) (local.get $coBytes)))
            (local.set $wg (i32.add (local.get $w) (local.get $g)))
            (local.set $acc (v128.load (i32.add (local.get $bias) (local.get $g))))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x0) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x1) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x2) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x3) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x4) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x5) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x6) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x7) (v128.load (local.get $wg)))))
            (local.set $wg (i32.add (local.get $wg) (local.get $coBytes)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $x8) (v128.load (local.get $wg)))))
            (v128.store (i32.add (local.get $y) (local.get $g)) (local.get $acc))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $loopG)))
          (local.set $y (i32.add (local.get $y) (local.get $coBytes)))
          (local.set $src (i32.add (local.get $src) (i32.const 4)))
          (local.set $col (i32.add (local.get $col) (i32.const 1)))
          (br $loopC)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $loopR)))
      (local.set $img (i32.add (local.get $img) (i32.const 1)))
      (br $loopN)))
  )
)
