import { assert, assertEquals, assertLess, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { type LocalTaskEvent, runLocal } from "./run_local.ts";

async function withLogs(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "serlab-run-local-" });
  await Deno.mkdir(join(dir, "logs"));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("runLocal() runs at most `jobs` tasks at once and logs each attempt", async () => {
  await withLogs(async (dir) => {
    let running = 0, most = 0;
    const events: LocalTaskEvent[] = [];
    const results = await runLocal(dir, [3, 1, 2], {
      jobs: 2,
      args: (_, i) => ["eval", `console.log("out ${i}"); console.error("err ${i}")`],
      onEvent: (event) => {
        events.push(event);
        running += event.type === "start" ? 1 : -1;
        most = Math.max(most, running);
      },
    });
    assertEquals(results.map((r) => [r.index, r.code]), [[3, 0], [1, 0], [2, 0]]);
    assertEquals(most, 2);
    assertEquals(events.filter((e) => e.type === "end").length, 3);
    await runLocal(dir, [1], { args: () => ["eval", "Deno.exit(3)"] });
    const log = await Deno.readTextFile(join(dir, "logs", "task-1.log"));
    assertEquals(log.match(/^== task 1, local executor, /gm)?.length, 2);
    assertStringIncludes(log, "out 1");
    assertStringIncludes(log, "err 1");
  });
});

Deno.test("runLocal() aborted: SIGINT to running tasks, no new task started", async () => {
  await withLogs(async (dir) => {
    const controller = new AbortController();
    const started = performance.now();
    const child =
      `Deno.addSignalListener("SIGINT", () => { console.log("stopping"); Deno.exit(130); });
      console.log("ready"); setTimeout(() => {}, 60000);`;
    const results = await runLocal(dir, [0, 1], {
      args: () => ["eval", child],
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "start") setTimeout(() => controller.abort(), 1500);
      },
    });
    assertEquals(results, [
      { index: 0, code: 130, seconds: results[0].seconds },
      { index: 1, code: null, seconds: 0 },
    ]);
    assertLess(performance.now() - started, 30_000);
    assert((await Deno.readTextFile(join(dir, "logs", "task-0.log"))).includes("stopping"));
  });
});
