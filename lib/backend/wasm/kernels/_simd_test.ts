import { assert, assertEquals, assertLessOrEqual } from "@std/assert";
import { describeConv, directFilterGrad, paddedConvGeometry } from "../../_shared/_conv_testing.ts";
import { maxPoolGradAnyWindow } from "../../_shared/_max_pool_grad_impl.ts";
import { poolGeometry } from "../../_shared/_pool_testing.ts";
import { randomArray, relativeError } from "../../_shared/_testing.ts";
import { im2colTransposed, padImagesMono } from "./_conv2d_backprop_filter_impl.ts";
import { instantiateSimdKernels, reductionBlock, type SimdKernels } from "./_simd.ts";

/** A scratch heap: arrays are placed one after another, 16-byte aligned. */
class Heap {
  readonly memory = new WebAssembly.Memory({ initial: 64 });
  #next = 16;
  put(values: ArrayLike<number>, type: "f32" | "f64" = "f32"): number {
    const offset = this.#next;
    const bytes = values.length * (type === "f32" ? 4 : 8);
    this.#next += Math.ceil(bytes / 16) * 16 + 16;
    (type === "f32" ? this.f32(offset, values.length) : this.f64(offset, values.length)).set(
      values,
    );
    return offset;
  }
  f32(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }
  f64(offset: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, offset, length);
  }
}

function kernels(heap: Heap): SimdKernels {
  const simd = instantiateSimdKernels(heap.memory);
  assert(simd !== null, "this runtime has no WebAssembly SIMD");
  return simd;
}

Deno.test("maxPoolGrad2x2() matches the JavaScript max-pool gradient", async (t) => {
  for (const [n, h, w, c] of [[2, 6, 8, 4], [1, 7, 9, 8], [2, 4, 6, 12]]) {
    for (const ties of [false, true]) {
      await t.step(`[${n}, ${h}, ${w}, ${c}]${ties ? " with ties" : ""}`, () => {
        const oh = Math.floor(h / 2);
        const ow = Math.floor(w / 2);
        const raw = randomArray(n * h * w * c, h * w + c, -2, 2);
        const x = ties ? raw.map((v) => Math.max(0, Math.round(v))) : raw;
        const dy = randomArray(n * oh * ow * c, 7);
        const heap = new Heap();
        const xAt = heap.put(x);
        const dyAt = heap.put(dy);
        const dxAt = heap.put(new Float32Array(x.length));
        kernels(heap).maxPoolGrad2x2(xAt, dyAt, dxAt, n, h, w, c, oh, ow);
        const expected = new Float32Array(x.length);
        maxPoolGradAnyWindow(dy, x, poolGeometry([n, h, w, c], 2, 2), expected);
        assertEquals(Array.from(heap.f32(dxAt, x.length)), Array.from(expected));
      });
    }
  }
});

Deno.test("channelSums() adds shifted sums and squares per channel in float64", async (t) => {
  for (const [rows, c] of [[1000, 4], [37, 16], [5, 8]]) {
    await t.step(`[${rows}, ${c}]`, () => {
      const x = randomArray(rows * c, rows, 100, 104);
      const shift = x.slice(0, c);
      const heap = new Heap();
      const xAt = heap.put(x);
      const shiftAt = heap.put(shift);
      const sumAt = heap.put(new Float64Array(c).fill(1), "f64");
      const sqAt = heap.put(new Float64Array(c), "f64");
      kernels(heap).channelSums(xAt, rows, c, shiftAt, sumAt, sqAt, reductionBlock(c));
      const sum = new Float64Array(c).fill(1);
      const sq = new Float64Array(c);
      for (let i = 0; i < x.length; i++) {
        const v = x[i] - shift[i % c];
        sum[i % c] += v;
        sq[i % c] += v * v;
      }
      assertLessOrEqual(relativeError(heap.f64(sumAt, c), sum), 1e-5);
      assertLessOrEqual(relativeError(heap.f64(sqAt, c), sq), 1e-5);
      // Without sumSq only the sums change.
      kernels(heap).channelSums(xAt, rows, c, shiftAt, sumAt, 0, reductionBlock(c));
      assertLessOrEqual(relativeError(heap.f64(sumAt, c), sum.map((s) => 2 * s - 1)), 1e-5);
      assertLessOrEqual(relativeError(heap.f64(sqAt, c), sq), 1e-5);
    });
  }
});

Deno.test("channelGradSums() adds Σg and Σg·(x − mean) per channel", () => {
  const rows = 333;
  const c = 12;
  const g = randomArray(rows * c, 1);
  const x = randomArray(rows * c, 2, -3, 3);
  const mean = randomArray(c, 3);
  const heap = new Heap();
  const gAt = heap.put(g);
  const xAt = heap.put(x);
  const meanAt = heap.put(mean);
  const sgAt = heap.put(new Float64Array(c), "f64");
  const sgxAt = heap.put(new Float64Array(c), "f64");
  kernels(heap).channelGradSums(gAt, xAt, rows, c, meanAt, sgAt, sgxAt, reductionBlock(c));
  const sg = new Float64Array(c);
  const sgx = new Float64Array(c);
  for (let i = 0; i < x.length; i++) {
    sg[i % c] += g[i];
    sgx[i % c] += g[i] * (x[i] - mean[i % c]);
  }
  assertLessOrEqual(relativeError(heap.f64(sgAt, c), sg), 1e-5);
  assertLessOrEqual(relativeError(heap.f64(sgxAt, c), sgx), 1e-5);
});

Deno.test("channelAffine() computes a·u + b·v + d per channel", () => {
  const rows = 9;
  const c = 8;
  const [u, v] = [randomArray(rows * c, 1), randomArray(rows * c, 2)];
  const [a, b, d] = [randomArray(c, 3), randomArray(c, 4), randomArray(c, 5)];
  const heap = new Heap();
  const [uAt, vAt, outAt, aAt, bAt, dAt] = [u, v, new Float32Array(rows * c), a, b, d].map((t) =>
    heap.put(t)
  );
  const simd = kernels(heap);
  simd.channelAffine(uAt, vAt, outAt, rows, c, aAt, bAt, dAt);
  const expected = u.map((_, i) => a[i % c] * u[i] + b[i % c] * v[i] + d[i % c]);
  assertLessOrEqual(relativeError(heap.f32(outAt, rows * c), expected), 1e-6);
  // v = 0 drops the b·v term; out may alias u.
  simd.channelAffine(uAt, 0, uAt, rows, c, aAt, bAt, dAt);
  const inPlace = u.map((_, i) => a[i % c] * u[i] + d[i % c]);
  assertLessOrEqual(relativeError(heap.f32(uAt, rows * c), inPlace), 1e-6);
});

Deno.test("im2colTransposed() in SIMD matches the JavaScript im2col", async (t) => {
  const cases = [
    paddedConvGeometry([3, 7, 9, 1], [3, 3, 2], [1, 1], [1, 1]),
    paddedConvGeometry([3, 7, 9, 4], [3, 3, 2], [1, 1], [1, 1]),
    paddedConvGeometry([2, 6, 11, 8], [3, 3, 2], [1, 1], [0, 0]),
    paddedConvGeometry([2, 9, 10, 4], [3, 3, 2], [2, 1], [1, 1]),
    paddedConvGeometry([2, 5, 6, 12], [2, 5, 2], [1, 1], [0, 3, 1, 1]),
    paddedConvGeometry([1, 4, 3, 4], [3, 3, 2], [1, 1], [2, 2]),
  ];
  for (const [i, g] of cases.entries()) {
    await t.step(describeConv(g), () => {
      const x = randomArray(g.batchSize * g.inHeight * g.inWidth * g.inChannels, i);
      const taps = g.filterHeight * g.filterWidth * g.inChannels;
      for (const [n0, count] of [[0, g.batchSize], [1, g.batchSize - 1]]) {
        const length = taps * count * g.outHeight * g.outWidth;
        const expected = new Float32Array(length);
        im2colTransposed(x, g, n0, count, expected);
        const heap = new Heap();
        const xAt = heap.put(x);
        const colsAt = heap.put(new Float32Array(length).fill(NaN));
        kernels(heap).im2colTransposed(
          xAt,
          colsAt,
          n0,
          count,
          g.inHeight,
          g.inWidth,
          g.inChannels,
          g.outHeight,
          g.outWidth,
          g.filterHeight,
          g.filterWidth,
          g.strideHeight,
          g.padTop,
          g.padLeft,
        );
        assertEquals(Array.from(heap.f32(colsAt, length)), Array.from(expected));
      }
    });
  }
});

Deno.test("filterGrad3x3Mono() gives the one-channel 3x3 filter gradient", async (t) => {
  for (
    const g of [
      paddedConvGeometry([3, 7, 9, 1], [3, 3, 8], [1, 1], [1, 1]),
      paddedConvGeometry([2, 6, 5, 1], [3, 3, 4], [1, 1], [0, 0]),
    ]
  ) {
    await t.step(describeConv(g), () => {
      const x = randomArray(g.batchSize * g.inHeight * g.inWidth, 1);
      const dy = randomArray(g.batchSize * g.outHeight * g.outWidth * g.outChannels, 2);
      const padded = new Float32Array(g.batchSize * (g.outHeight + 2) * (g.outWidth + 2));
      padImagesMono(x, g, 0, g.batchSize, padded);
      const heap = new Heap();
      const paddedAt = heap.put(padded);
      const dyAt = heap.put(dy);
      const dwAt = heap.put(new Float64Array(9 * g.outChannels), "f64");
      // Two calls (images [0, 1) and [1, batch)) add into the same sums.
      const simd = kernels(heap);
      simd.filterGrad3x3Mono(paddedAt, dyAt, dwAt, 0, 1, g.outHeight, g.outWidth, g.outChannels);
      const second = paddedAt + 4 * (g.outHeight + 2) * (g.outWidth + 2);
      simd.filterGrad3x3Mono(
        second,
        dyAt,
        dwAt,
        1,
        g.batchSize - 1,
        g.outHeight,
        g.outWidth,
        g.outChannels,
      );
      const expected = directFilterGrad(x, dy, g);
      assertLessOrEqual(relativeError(heap.f64(dwAt, expected.length), expected), 1e-6);
    });
  }
});
