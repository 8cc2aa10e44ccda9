import { assertAlmostEquals, AssertionError, assertRejects, assertThrows } from "@std/assert";

Deno.test("assertAlmostEquals() fails outside the tolerance", () => {
  assertAlmostEquals(1.0, 1.05, 0.1);
  assertThrows(() => assertAlmostEquals(1.0, 1.5, 0.1), AssertionError, "close to");
});

Deno.test("assertThrows() checks class and message", () => {
  assertThrows(
    () => {
      throw new RangeError("bad value");
    },
    RangeError,
    "bad",
  );
  assertThrows(() => assertThrows(() => {}), AssertionError, "to throw");
  assertThrows(
    () =>
      assertThrows(() => {
        throw new TypeError("x");
      }, RangeError),
    AssertionError,
    "instance of",
  );
});

Deno.test("assertRejects() checks rejection", async () => {
  await assertRejects(() => Promise.reject(new Error("boom")), Error, "boom");
  await assertRejects(() => assertRejects(() => Promise.resolve()), AssertionError);
});
