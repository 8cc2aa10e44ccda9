import { assert, assertEquals, assertLessOrEqual } from "@std/assert";
import { randomArray, relativeError } from "../_shared/_testing.ts";
import { poolGeometryOf } from "../_shared/_pool_geometry.ts";
import { at, nativeHeap, SharedHeap, simd } from "./_heap.ts";
import { testWith } from "../../../tests/requirements.ts";
import { needsSimdHeap } from "./_testing.ts";
import { dropoutConstants, dropoutImpl } from "./kernels/_dropout_impl.ts";
import { maxPoolGradImpl, maxPoolImpl } from "./kernels/_max_pool_impl.ts";
import { reluGradImpl, reluImpl } from "./kernels/_relu_impl.ts";
import { applyBiasActivation } from "./kernels/_conv2d_impl.ts";
import { col2im, im2col } from "./_im2col.ts";
import { colGeometry } from "./_tasks.ts";
import { convGeometry, paddedConvGeometry } from "../_shared/_conv_testing.ts";
import { channelAffineImpl } from "./kernels/_batch_norm_training_impl.ts";
import { adamConstants, adamImpl } from "./kernels/_adam_impl.ts";
import { sqrtImpl } from "./kernels/_sqrt_impl.ts";
import { squareImpl } from "./kernels/_square_impl.ts";

/** Random values with the awkward ones mixed in: ±0, ±Inf, NaN, ties. */
function awkward(length: number, seed: number): Float32Array {
  const values = randomArray(length, seed, -2, 2);
  const special = [0, -0, Infinity, -Infinity, NaN, 1, 1];
  for (let i = 0; i < length; i += 7) values[i] = special[(i / 7) % special.length];
  return values;
}

function bits(a: Float32Array): number[] {
  return Array.from(new Int32Array(a.buffer, a.byteOffset, a.length));
}

/** {@linkcode bits}, with every NaN as one value (arithmetic may set their sign and payload either way). */
function bitsOrNaN(a: Float32Array): number[] {
  return bits(a.map((v) => (Number.isNaN(v) ? NaN : v)));
}

/** `values` copied onto the heap. */
function onHeap(values: Float32Array): Float32Array {
  const view = nativeHeap()!.f32(values.length)!;
  view.set(values);
  return view;
}

Deno.test("SharedHeap reuses blocks by size, grows past its first pages, and knows its own arrays", () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4096, shared: true });
  const heap = new SharedHeap(memory, 4096 * 65536);
  const a = heap.f32(1000)!;
  heap.release(a);
  const b = heap.f32(1000)!;
  assertEquals(b.byteOffset, a.byteOffset);
  const big = heap.f32(40 << 20)!; // 160 MB: the memory must grow
  big[big.length - 1] = 3;
  assert(memory.buffer.byteLength >= big.byteOffset + big.byteLength);
  assert(heap.holds(a, b, big, null));
  assertEquals(heap.holds(new Float32Array(4)), false);
  assertEquals(heap.f32(1 << 30), null); // past its maximum
  assertEquals(heap.f64(3)?.length, 3);
});

testWith(
  "native SIMD kernels equal their JavaScript twins bit for bit",
  needsSimdHeap(),
  async (_heap, t) => {
    const kernels = simd()!;
    for (const n of [4, 37, 1000, 4099]) {
      await t.step(`relu and reluGrad, ${n} values`, () => {
        const x = awkward(n, n), dy = awkward(n, n + 1);
        const want = new Float32Array(n), wantGrad = new Float32Array(n);
        reluImpl(x, want);
        reluGradImpl(dy, x, wantGrad);
        const hx = onHeap(x), hdy = onHeap(dy), hy = onHeap(new Float32Array(n));
        const hdx = onHeap(new Float32Array(n));
        kernels.relu(at(hx, 0), at(hy, 0), n);
        kernels.reluGrad(at(hdy, 0), at(hx, 0), at(hdx, 0), n);
        assertEquals(bits(hy), bits(want));
        assertEquals(bits(hdx), bits(wantGrad));
      });
      await t.step(`sqrt and square, ${n} values`, () => {
        const x = awkward(n, 3 * n);
        const wantSqrt = new Float32Array(n), wantSquare = new Float32Array(n);
        sqrtImpl(x, wantSqrt);
        squareImpl(x, wantSquare);
        const hx = onHeap(x), hy = onHeap(new Float32Array(n)), hz = onHeap(new Float32Array(n));
        kernels.sqrt(at(hx, 0), at(hy, 0), n);
        kernels.square(at(hx, 0), at(hz, 0), n);
        assertEquals(bitsOrNaN(hy), bitsOrNaN(wantSqrt));
        assertEquals(bitsOrNaN(hz), bitsOrNaN(wantSquare));
      });
      await t.step(`adam, ${n} weights from index 3, into new arrays and in place`, () => {
        const size = n + 3;
        const x = randomArray(size, n), g = awkward(size, n + 2).map((v) => v / 16);
        const m = randomArray(size, n + 3, -0.1, 0.1), v = randomArray(size, n + 4, 0, 0.01);
        const k = adamConstants(0.9, 0.999, 1e-3, 1e-7, 0.9 ** 5, 0.999 ** 5);
        const want = { x: x.slice(), m: m.slice(), v: v.slice() };
        adamImpl(x, m, v, g, k, want, 3, size);
        const h = { x: onHeap(x), m: onHeap(m), v: onHeap(v), g: onHeap(g) };
        const o = { x: onHeap(x), m: onHeap(m), v: onHeap(v) };
        const args = [
          k.beta1,
          k.oneMinusBeta1,
          k.beta2,
          k.oneMinusBeta2,
          k.oneMinusAccBeta1,
          k.oneMinusAccBeta2,
          k.epsilon,
          k.negLearningRate,
        ] as const;
        const [px, pm, pv, pg] = [h.x, h.m, h.v, h.g].map((a) => at(a, 3));
        kernels.adam(px, pm, pv, pg, at(o.x, 3), at(o.m, 3), at(o.v, 3), n, ...args);
        kernels.adam(px, pm, pv, pg, px, pm, pv, n, ...args);
        for (const out of [o, h]) {
          assertEquals(bitsOrNaN(out.x), bitsOrNaN(want.x));
          assertEquals(bitsOrNaN(out.m), bitsOrNaN(want.m));
          assertEquals(bitsOrNaN(out.v), bitsOrNaN(want.v));
        }
      });
      await t.step(`dropout, ${n} values from index 3`, () => {
        const x = awkward(n + 3, 2 * n);
        const want = new Float32Array(n + 3);
        dropoutImpl(x, 0.25, 12345, want, 3, n + 3);
        const hx = onHeap(x), hy = onHeap(new Float32Array(n + 3));
        const { scale, threshold, base } = dropoutConstants(0.25, 12345);
        kernels.dropout(at(hx, 3), at(hy, 3), 3, n, base, threshold, scale);
        assertEquals(bits(hy.subarray(3)), bits(want.subarray(3)));
      });
    }
    for (const [h, w, c] of [[6, 8, 4], [7, 9, 8], [64, 65, 16]]) {
      await t.step(`maxPool2x2 and its gradient, ${h}×${w}×${c}, 3 images`, () => {
        const g = poolGeometryOf([3, h, w, c], { filterSize: 2, strides: 2, pad: "valid" });
        const x = awkward(3 * h * w * c, h + w).map((v) => Number.isNaN(v) ? 0.5 : v);
        const size = 3 * g.outHeight * g.outWidth * c;
        const y = new Float32Array(size), dy = randomArray(size, c);
        maxPoolImpl(x, g, y);
        const dx = new Float32Array(x.length);
        maxPoolGradImpl(dy, x, g, dx, y);
        const hx = onHeap(x), hy = onHeap(new Float32Array(size)), hdy = onHeap(dy);
        const hdx = onHeap(new Float32Array(x.length).fill(7));
        const { outHeight: oh, outWidth: ow } = g;
        kernels.maxPool2x2(at(hx, 0), at(hy, 0), 3, h, w, c, oh, ow);
        assertEquals(bits(hy), bits(y));
        if (h !== 2 * oh || w !== 2 * ow) hdx.fill(0);
        kernels.maxPoolGrad2x2(at(hx, 0), at(hdy, 0), at(hdx, 0), 3, h, w, c, oh, ow);
        assertEquals(bits(hdx), bits(dx));
      });
    }
    await t.step("biasActivation, linear and relu", () => {
      for (const relu of [0, 1]) {
        const y = awkward(50 * 12, 9 + relu), bias = randomArray(12, 10);
        const want = y.slice();
        applyBiasActivation(want, 0, 50, 12, bias, relu ? "relu" : "linear");
        const hy = onHeap(y), hb = onHeap(bias);
        kernels.biasActivation(at(hy, 0), 50, 12, at(hb, 0), relu);
        assertEquals(bits(hy), bits(want));
      }
    });
    for (
      const g of [
        convGeometry([2, 9, 7, 4], [3, 3, 8], [1, 1], "same"),
        convGeometry([2, 9, 7, 8], [3, 3, 4], [1, 1], "valid"),
        paddedConvGeometry([1, 8, 7, 4], [5, 3, 4], [1, 1], [1, 2, 2, 0]),
      ]
    ) {
      const K = g.filterHeight * g.filterWidth * g.inChannels;
      const M = g.batchSize * g.outHeight * g.outWidth;
      const geometry = colGeometry(g);
      await t.step(
        `im2col and col2im, ${g.inHeight}×${g.inWidth}×${g.inChannels}, filter ${g.filterHeight}×${g.filterWidth}`,
        () => {
          const x = awkward(g.batchSize * g.inHeight * g.inWidth * g.inChannels, K);
          // Rows [5, M − 3): a part that starts and ends inside images.
          const [r0, r1] = [5, M - 3];
          const want = new Float32Array((r1 - r0) * K).fill(9);
          im2col(x, g, r0, r1, want);
          const hx = onHeap(x), hcols = onHeap(new Float32Array((r1 - r0) * K).fill(9));
          kernels.im2col(at(hx, 0), at(hcols, 0), r0, r1, ...geometry);
          assertEquals(bits(hcols), bits(want));
          const cols = randomArray((r1 - r0) * K, M), dx = randomArray(x.length, K + 1);
          const wantDx = dx.slice();
          col2im(cols, g, r0, r1, wantDx);
          const hdx = onHeap(dx);
          kernels.col2im(at(onHeap(cols), 0), at(hdx, 0), r0, r1, ...geometry);
          assertEquals(bits(hdx), bits(wantDx));
        },
      );
    }
    await t.step(
      "channelAffine (float32 coefficients) is within rounding of the float64 loop",
      () => {
        const C = 8, rows = 300;
        const x = randomArray(rows * C, 11), a = randomArray(C, 12), b = randomArray(C, 13);
        const want = new Float32Array(rows * C);
        channelAffineImpl(x, Float64Array.from(a), Float64Array.from(b), want, 0, rows);
        const hx = onHeap(x),
          hy = onHeap(new Float32Array(rows * C)),
          ha = onHeap(a),
          hb = onHeap(b);
        kernels.channelAffine(at(hx, 0), 0, at(hy, 0), rows, C, at(ha, 0), 0, at(hb, 0));
        assertLessOrEqual(relativeError(hy, want), 1e-6);
      },
    );
  },
);
