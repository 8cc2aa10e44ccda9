import { assertEquals } from "@std/assert";
import { binaryImpl, type Broadcast, broadcastOf } from "./_binary_impl.ts";

Deno.test("broadcastOf() names the patterns binaryImpl() handles, and null for others", () => {
  assertEquals(broadcastOf([2, 3], [2, 3], [2, 3]), { kind: "none" });
  assertEquals(broadcastOf([2, 3], [], [2, 3]), { kind: "scalarB" });
  assertEquals(broadcastOf([1], [2, 3], [2, 3]), { kind: "scalarA" });
  assertEquals(broadcastOf([2, 3], [1, 3], [2, 3]), { kind: "slabB", mid: 2, inner: 3 });
  assertEquals(broadcastOf([3], [2, 3], [2, 3]), { kind: "slabA", mid: 2, inner: 3 });
  assertEquals(broadcastOf([4, 5, 6, 3], [4, 1, 1, 3], [4, 5, 6, 3]), {
    kind: "slabB",
    mid: 30,
    inner: 3,
  });
  assertEquals(broadcastOf([2, 3], [2, 1], [2, 3]), { kind: "slabB", mid: 3, inner: 1 });
  assertEquals(broadcastOf([4, 5, 6], [1, 5, 1], [4, 5, 6]), null);
  assertEquals(broadcastOf([2, 1], [1, 3], [2, 3]), null);
});

Deno.test("binaryImpl() computes each operation under each pattern, on a range", () => {
  const a = Float32Array.from([1, 2, 3, 4, 5, 6]);
  const row = Float32Array.from([10, 20, 30]);
  const s = Float32Array.from([2]);
  const run = (
    op: "add" | "sub" | "mul" | "div",
    x: Float32Array,
    y: Float32Array,
    p: Broadcast,
  ) => {
    const out = new Float32Array(6);
    binaryImpl(op, x, y, p, out);
    return Array.from(out);
  };
  assertEquals(run("add", a, a, { kind: "none" }), [2, 4, 6, 8, 10, 12]);
  assertEquals(run("sub", s, a, { kind: "scalarA" }), [1, 0, -1, -2, -3, -4]);
  assertEquals(run("div", a, s, { kind: "scalarB" }), [0.5, 1, 1.5, 2, 2.5, 3]);
  const rowB: Broadcast = { kind: "slabB", mid: 2, inner: 3 };
  assertEquals(run("mul", a, row, rowB), [10, 40, 90, 40, 100, 180]);
  assertEquals(run("sub", row, a, { kind: "slabA", mid: 2, inner: 3 }), [9, 18, 27, 6, 15, 24]);
  // [2, 3, 1] broadcast against [2, 1, 1] per outer index: a column per slab.
  const col = Float32Array.from([100, 200]);
  assertEquals(run("add", a, col, { kind: "slabB", mid: 3, inner: 1 }), [
    101,
    102,
    103,
    204,
    205,
    206,
  ]);
  const part = new Float32Array(6).fill(-1);
  binaryImpl("add", a, row, rowB, part, 3, 6);
  assertEquals(Array.from(part), [-1, -1, -1, 14, 25, 36]);
});
