import { assertEquals } from "@std/assert";
import { reductionBlock } from "./_reduction_block.ts";

Deno.test("reductionBlock() views contiguous axes as [outer, reduce, inner]", () => {
  assertEquals(reductionBlock([2, 3, 4, 5], [1, 2], false), {
    outer: 2,
    reduce: 12,
    inner: 5,
    firstAxis: 1,
    lastAxis: 2,
    outShape: [2, 5],
  });
  assertEquals(reductionBlock([2, 3, 4, 5], [2, 1], true)?.outShape, [2, 1, 1, 5]);
  assertEquals(reductionBlock([2, 3, 4, 5], -1, false)?.inner, 1);
  assertEquals(reductionBlock([2, 3], null, false), {
    outer: 1,
    reduce: 6,
    inner: 1,
    firstAxis: 0,
    lastAxis: 1,
    outShape: [],
  });
});

Deno.test("reductionBlock() is null for axes with a gap or none", () => {
  assertEquals(reductionBlock([2, 3, 4, 5], [0, 2], false), null);
  assertEquals(reductionBlock([2, 3, 4, 5], [], false), null);
});
