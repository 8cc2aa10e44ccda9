import { assert, assertEquals, assertMatch, assertStringIncludes, assertThrows } from "@std/assert";
import { fileURLToPath as fromFileUrl } from "node:url";
import { type Requirement, testWith } from "../../tests/requirements.ts";
import { progressReporter } from "./progress.ts";

function plain(total: number | null, options: { intervalMs?: number; step?: number } = {}) {
  const lines: string[] = [];
  const clock = { ms: 0 };
  const progress = progressReporter(total, {
    label: "job",
    tty: false,
    write: (line) => lines.push(line),
    now: () => clock.ms,
    ...options,
  });
  return { lines, clock, progress };
}

Deno.test("progressReporter() plain mode prints a line per 10 % step with count, rate and ETA", () => {
  const { lines, clock, progress } = plain(1000);
  for (let done = 1; done <= 1000; done++) {
    clock.ms += 2; // 500 items/s
    progress.update(done);
  }
  progress.stop();
  assertEquals(lines.length, 10);
  assertEquals(lines[0], "job  10%  100/1000 items  500 items/s  ETA 2 s");
  assertEquals(lines[4], "job  50%  500/1000 items  500 items/s  ETA 1 s");
  assertEquals(lines[9], "job  100%  1000/1000 items in 2.0 s  500 items/s");
});

Deno.test("progressReporter() plain mode prints every intervalMs when steps are slow", () => {
  const { lines, clock, progress } = plain(100, { intervalMs: 5000 });
  for (let done = 1; done <= 6; done++) {
    clock.ms += 2000; // 0.5 items/s: a 10 % step takes 20 s
    progress.update(done);
  }
  // Lines at 6 s (3 done) and at 12 s (6 done): 5 s apart at least, no step crossed.
  assertEquals(lines, [
    "job  3%  3/100 items  1 items/s  ETA 3 min 14 s",
    "job  6%  6/100 items  1 items/s  ETA 3 min 08 s",
  ]);
});

Deno.test("progressReporter() handles an unknown total, a custom unit and format", () => {
  const lines: string[] = [];
  let ms = 0;
  const progress = progressReporter(null, {
    label: "download",
    unit: "",
    format: (n) => `${(n / 1e6).toFixed(1)} MB`,
    tty: false,
    intervalMs: 1000,
    write: (line) => lines.push(line),
    now: () => ms,
  });
  ms = 1000;
  progress.update(2e6);
  progress.update(3e6, 10e6); // the total becomes known
  ms = 2000;
  progress.update(4e6);
  progress.stop();
  progress.stop(); // once only
  progress.update(5e6); // ignored after stop
  assertEquals(lines, [
    "download  2.0 MB  2.0 MB/s",
    "download  30%  3.0 MB/10.0 MB  3.0 MB/s  ETA 3 s",
    "download  40%  4.0 MB/10.0 MB  2.0 MB/s  ETA 3 s",
    "download  40%  4.0 MB/10.0 MB in 2.0 s  2.0 MB/s",
  ]);
});

Deno.test("progressReporter() rejects a negative total or step", () => {
  assertThrows(
    () => progressReporter(-1, { tty: false }),
    RangeError,
    "total must be >= 0 or null",
  );
  assertThrows(() => progressReporter(10, { tty: false, step: 0 }), RangeError, "step must be > 0");
});

/** util-linux `script`, which runs a command on a pseudo-terminal. */
function needsScript(): Requirement<string> {
  let value: string | null = null;
  try {
    const found = new Deno.Command("sh", { args: ["-c", "command -v script"], stdout: "piped" })
      .outputSync();
    if (found.success) value = new TextDecoder().decode(found.stdout).trim();
  } catch {
    value = null;
  }
  return { name: "util-linux script", value, hint: "apt-get install bsdutils" };
}

testWith("progressReporter() draws a bar in place on a terminal", needsScript(), async (script) => {
  const dir = await Deno.makeTempDir();
  try {
    const program = `${dir}/bar.ts`;
    await Deno.writeTextFile(
      program,
      `import { progressReporter } from ${
        JSON.stringify(new URL("./progress.ts", import.meta.url).href)
      };
const progress = progressReporter(40, { label: "features" });
for (let i = 1; i <= 40; i++) { await new Promise((r) => setTimeout(r, 10)); progress.update(i); }
progress.stop();`,
    );
    const config = fromFileUrl(new URL("../../deno.json", import.meta.url));
    const command = [Deno.execPath(), "run", "--allow-all", "--config", config, program]
      .map((word) => JSON.stringify(word)).join(" ");
    const out = await new Deno.Command(script, {
      args: ["-qec", command, "/dev/null"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert(out.success, text + new TextDecoder().decode(out.stderr));
    assertStringIncludes(text, "\x1b[1G", "the bar must return to column 1 to redraw");
    assertMatch(text, /features {2}=+-* {2}\d+% {2}\d+\/40 items {2}\d+ items\/s {2}ETA \d+ s/);
    assertStringIncludes(text, "100%  40/40 items");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
