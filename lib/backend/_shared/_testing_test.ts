import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertNotEquals, assertRejects, assertThrows } from "@std/assert";
import { assertParity, randomArray, relativeError, valuesOn } from "./_testing.ts";

Deno.test("randomArray() is repeatable for a seed and stays in [lo, hi)", () => {
  const a = randomArray(1000, 7, -2, 3);
  assertEquals(a, randomArray(1000, 7, -2, 3));
  assertNotEquals(a, randomArray(1000, 8, -2, 3));
  assert(a.every((v) => v >= -2 && v < 3));
});

Deno.test("relativeError() scales by the expected values, with a floor, and flags NaN", () => {
  assertEquals(relativeError([1, 2.5], [1, 2]), 0.25);
  assertEquals(relativeError([1e-7], [0]), 0.1);
  assertEquals(relativeError([NaN, 1], [0, 1]), Infinity);
  assertThrows(() => relativeError([1], [1, 2]), RangeError, "lengths must match");
});

Deno.test("valuesOn() and assertParity() compare a backend with cpu", async () => {
  assertEquals(await valuesOn("cpu", () => [tf.ones([2]), tf.zeros([1])]), [
    new Float32Array([1, 1]),
    new Float32Array([0]),
  ]);
  await assertParity("cpu", "sum", () => tf.ones([3]).sum());
  await assertRejects(
    () => assertParity("cpu", "sum", () => tf.ones([3]).sum(), { reference: () => tf.scalar(2) }),
    Error,
    "sum, output 0",
  );
  await assertRejects(
    () => assertParity("cpu", "shape", () => tf.ones([3]), { reference: () => tf.ones([2]) }),
    Error,
    "shape: size of output 0",
  );
});
