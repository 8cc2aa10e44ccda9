;; Element-wise float32 loops of the native backend that the shared SIMD
;; kernels (../wasm/kernels/_simd_kernels.wat) do not have: one Adam step,
;; square root and square, on the native backend's shared heap.
;;
;; Why hand-written: V8 runs these loops one element at a time in float64;
;; Adam's three divisions and one square root per weight took ~12 ns per
;; weight in JavaScript (50 ms per step for the 4.2 M weights of the seed
;; CNN's flatten head, one thread). Four lanes of float32 here.
;;
;; Exactness: every f32 and f32x4 operation below is IEEE float32 with
;; round-to-nearest, as each of tfjs's float32 kernels is, and they run in
;; tfjs's order, so the results are tfjs's bit for bit.
;;
;; Pointers are byte offsets into the heap. Regenerate the bytes with
;; `deno task wasm:native` (a test checks they are current).
(module
  (import "env" "memory" (memory 1))

  ;; One Adam step of n weights (tfjs's AdamOptimizer.applyGradients):
  ;;   m' = m*b1 + g*ob1,  v' = v*b2 + (g*g)*ob2,
  ;;   x' = ((m'/c1) / (sqrt(v'/c2) + eps)) * nlr + x
  ;; with ob = 1 - b, c = 1 - b^t and nlr = -learning rate, all float32.
  ;; The outputs may be the inputs (same element, read before written).
  (func (export "adam")
    (param $x i32) (param $m i32) (param $v i32) (param $g i32)
    (param $ox i32) (param $om i32) (param $ov i32) (param $n i32)
    (param $b1 f32) (param $ob1 f32) (param $b2 f32) (param $ob2 f32)
    (param $c1 f32) (param $c2 f32) (param $eps f32) (param $nlr f32)
    (local $i i32) (local $vend i32) (local $end i32)
    (local $B1 v128) (local $OB1 v128) (local $B2 v128) (local $OB2 v128)
    (local $C1 v128) (local $C2 v128) (local $EPS v128) (local $NLR v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $OB1 (f32x4.splat (local.get $ob1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $OB2 (f32x4.splat (local.get $ob2)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $NLR (f32x4.splat (local.get $nlr)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $i) (local.get $vend)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
      (local.set $mv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $B1))
        (f32x4.mul (local.get $gv) (local.get $OB1))))
      (local.set $vv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $B2))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $OB2))))
      (v128.store (i32.add (local.get $ox) (local.get $i))
        (f32x4.add
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $mv) (local.get $C1))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $C2))) (local.get $EPS)))
            (local.get $NLR))
          (v128.load (i32.add (local.get $x) (local.get $i)))))
      (v128.store (i32.add (local.get $om) (local.get $i)) (local.get $mv))
      (v128.store (i32.add (local.get $ov) (local.get $i)) (local.get $vv))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $loop)))
    (block $doneT (loop $loopT
      (br_if $doneT (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
      (local.set $ms (f32.add
        (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
        (f32.mul (local.get $gs) (local.get $ob1))))
      (local.set $vs (f32.add
        (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $ob2))))
      (f32.store (i32.add (local.get $ox) (local.get $i))
        (f32.add
          (f32.mul
            (f32.div
              (f32.div (local.get $ms) (local.get $c1))
              (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))
            (local.get $nlr))
          (f32.load (i32.add (local.get $x) (local.get $i)))))
      (f32.store (i32.add (local.get $om) (local.get $i)) (local.get $ms))
      (f32.store (i32.add (local.get $ov) (local.get $i)) (local.get $vs))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loopT)))
  )

  ;; y = sqrt(x) over n floats (NaN below 0); y may be x.
  (func (export "sqrt") (param $x i32) (param $y i32) (param $n i32)
    (local $i i32) (local $vend i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $i) (local.get $vend)))
      (v128.store (i32.add (local.get $y) (local.get $i))
        (f32x4.sqrt (v128.load (i32.add (local.get $x) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $loop)))
    (block $doneT (loop $loopT
      (br_if $doneT (i32.ge_u (local.get $i) (local.get $end)))
      (f32.store (i32.add (local.get $y) (local.get $i))
        (f32.sqrt (f32.load (i32.add (local.get $x) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loopT)))
  )

  ;; y = x * x over n floats; y may be x.
  (func (export "square") (param $x i32) (param $y i32) (param $n i32)
    (local $i i32) (local $vend i32) (local $end i32) (local $v v128) (local $s f32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $i) (local.get $vend)))
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $i))))
      (v128.store (i32.add (local.get $y) (local.get $i)) (f32x4.mul (local.get $v) (local.get $v)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $loop)))
    (block $doneT (loop $loopT
      (br_if $doneT (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $s (f32.load (i32.add (local.get $x) (local.get $i))))
      (f32.store (i32.add (local.get $y) (local.get $i)) (f32.mul (local.get $s) (local.get $s)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loopT)))
  )
)
