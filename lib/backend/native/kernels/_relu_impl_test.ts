import { assertEquals } from "@std/assert";
import { reluGradImpl, reluImpl, reluInPlace } from "./_relu_impl.ts";

const X = Float32Array.from([-2, -0, 0, 1.5, -Infinity, Infinity, 3e-39, -3e-39]);

Deno.test("reluImpl() clears negatives, -0 and -Infinity, and keeps the rest", () => {
  const y = new Float32Array(X.length);
  reluImpl(X, y);
  assertEquals(Array.from(y), [0, 0, 0, 1.5, 0, Infinity, Math.fround(3e-39), 0]);
  assertEquals(Object.is(y[1], 0), true);
  const z = X.slice();
  reluInPlace(z, 3, 5);
  assertEquals(Array.from(z.subarray(0, 5)), [-2, -0, 0, 1.5, 0]);
});

Deno.test("reluGradImpl() passes dy where x > 0 only", () => {
  const dy = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const dx = new Float32Array(8);
  reluGradImpl(dy, X, dx);
  assertEquals(Array.from(dx), [0, 0, 0, 4, 0, 6, 7, 0]);
  const part = new Float32Array(8).fill(9);
  reluGradImpl(dy, X, part, 2, 4);
  assertEquals(Array.from(part), [9, 9, 0, 4, 9, 9, 9, 9]);
});
