import { assertEquals, assertStringIncludes } from "@std/assert";
import { runCli } from "./cli.ts";

Deno.test("bench scripts report a bad flag in one line, without a stack", async () => {
  for (
    const [script, args, flag] of [
      ["bench/pipeline.ts", ["--rounds", "0"], "--rounds"],
      ["bench/pipeline.ts", ["--workers", "two"], "--workers"],
      ["bench/features.ts", ["--limit", "1.5"], "--limit"],
      ["bench/features.ts", ["--rounds", "-1"], "--rounds"],
      ["bench/augment.ts", ["--limit", "0"], "--limit"],
      ["bench/resample.ts", ["--runs", "many"], "--runs"],
      ["bench/train.ts", ["--warmup", "-1"], "--warmup"],
      ["bench/train.ts", ["--bogus"], "--bogus"],
    ] as const
  ) {
    const run = await runCli(script, [...args]);
    assertEquals(run.code, 1, `${script} ${args.join(" ")}`);
    assertEquals(run.stderr.trim().split("\n").length, 1, run.stderr);
    assertStringIncludes(run.stderr, flag);
  }
});

Deno.test("bench scripts print their usage with --help", async () => {
  for (
    const [script, flag] of [
      ["bench/pipeline.ts", "--rounds"],
      ["bench/features.ts", "--rounds"],
      ["bench/augment.ts", "--limit"],
      ["bench/resample.ts", "--runs"],
      ["bench/train.ts", "--steps"],
    ]
  ) {
    const run = await runCli(script, ["--help"]);
    assertEquals(run.code, 0, script);
    assertStringIncludes(run.stdout, flag);
  }
});
