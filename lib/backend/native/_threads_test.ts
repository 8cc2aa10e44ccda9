import { assertEquals, assertMatch, assertThrows } from "@std/assert";
import { splitRange, ThreadTeam } from "./_threads.ts";

Deno.test("splitRange() covers [0, n) in aligned ranges no shorter than asked", () => {
  assertEquals(splitRange(10, 2), [[0, 5], [5, 10]]);
  assertEquals(splitRange(10, 4, 4), [[0, 5], [5, 10]]);
  assertEquals(splitRange(3, 4, 4), [[0, 3]]);
  assertEquals(splitRange(100, 3, 1, 8), [[0, 32], [32, 72], [72, 100]]);
});

Deno.test("ThreadTeam runs every part, on workers, over shared memory", () => {
  const team = new ThreadTeam(2);
  try {
    const x = new Float32Array(new SharedArrayBuffer(4 * 1000)).map((_, i) => i - 500);
    const y = new Float32Array(new SharedArrayBuffer(4 * 1000)).fill(NaN);
    const parts = splitRange(1000, 8).map(([start, end]) => ({ x, y, start, end }));
    team.run("relu", parts);
    assertEquals(Array.from(y), Array.from(x, (v) => Math.max(v, 0)));
  } finally {
    team.close();
  }
});

Deno.test("ThreadTeam reports a part's failure, on whichever thread, and keeps working", () => {
  const team = new ThreadTeam(2);
  try {
    const ok = { x: new Float32Array(4), y: new Float32Array(4), start: 0, end: 4 };
    const bad = { x: null as unknown as Float32Array, y: ok.y, start: 0, end: 4 };
    for (let i = 0; i < 5; i++) {
      const error = assertThrows(() => team.run("relu", [ok, bad, ok, bad, ok]));
      assertMatch(String(error), /null|Cannot finish relu as worker 1 failed/);
    }
    const y = new Float32Array(new SharedArrayBuffer(8));
    const x = new Float32Array(new SharedArrayBuffer(8)).fill(-1);
    team.run("relu", [{ x, y, start: 0, end: 1 }, { x, y, start: 1, end: 2 }]);
    assertEquals(Array.from(y), [0, 0]);
  } finally {
    team.close();
  }
});
