/**
 * `deno task report` as a user runs it: runs side by side in one page (k-fold
 * parents by their pooled metrics), one run's own report rewritten, a shared
 * plotly.min.js for committed reports, PNG figures, and one line for each
 * bad input.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeTinyRun } from "../lib/report/_testing.ts";
import { needsChromium } from "../lib/report/_chromium_requirement.ts";
import { withBrowser } from "../lib/report/_browser.ts";
import { checkPage } from "../lib/report/_browser_testing.ts";
import { testWith } from "./requirements.ts";
import { assertOneErrorLine, runCli } from "./cli.ts";
import { assertPngHasContent } from "./png_content.ts";
import { evaluatePredictions, type PredictionRecord, predictionsToCsv } from "../lib/eval/mod.ts";
import { syntheticRecords } from "../lib/eval/_testing.ts";

/** A temporary folder holding a single run `a/` and a 2-fold run `kfold/`. */
async function twoRuns(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "serlab-report-" });
  await writeTinyRun(join(dir, "a"));
  await writeTinyRun(join(dir, "kfold"), { folds: 2 });
  return dir;
}

Deno.test("deno task report compares runs in one page with a shared plotly.min.js", async () => {
  const dir = await twoRuns();
  const out = join(dir, "reports", "compare.html");
  const run = await runCli("cli/report.ts", [
    join(dir, "a"),
    join(dir, "kfold"),
    "--out",
    out,
    "--names",
    "single,five-fold",
    "--plotly-dir",
    join(dir, "reports"),
  ]);
  assertEquals(run.code, 0, run.stderr);
  assertStringIncludes(run.stdout, "compare.html");
  const html = await Deno.readTextFile(out);
  assertStringIncludes(html, "<th>single</th>");
  assertStringIncludes(html, "<th>five-fold</th>");
  assertStringIncludes(html, "Gap (male − female)");
  assertMatch(html, /Accuracy: single vs five-fold [+−-]?[\d.]+ pp, (within CI|differs)/);
  assertStringIncludes(html, "Confusion matrix: five-fold");
  assertStringIncludes(html, '<script src="plotly.min.js"></script>');
  assert(html.length < 200_000, `page of ${html.length} characters`);
  assert((await Deno.stat(join(dir, "reports", "plotly.min.js"))).size > 1_000_000);
  await Deno.remove(dir, { recursive: true });
});

/** A run folder holding only what a comparison reads: metrics.json and predictions.csv. */
async function writePredictedRun(dir: string, records: PredictionRecord[]) {
  await Deno.mkdir(dir, { recursive: true });
  const metrics = evaluatePredictions(records, { bootstrap: { resamples: 200 } });
  await Deno.writeTextFile(join(dir, "metrics.json"), JSON.stringify(metrics));
  await Deno.writeTextFile(join(dir, "predictions.csv"), predictionsToCsv(records));
}

Deno.test("deno task report pairs runs that predicted the same clips", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serlab-report-" });
  const clips = syntheticRecords(480, { seed: 8 }).map((r, i) => ({
    ...r,
    file: r.file.replace(".wav", `-${i}.wav`),
  }));
  // "fixed" gets every 12th clip right: a small gain shared by every resample.
  const fixed = clips.map((r, i) => i % 12 === 0 ? { ...r, predicted: r.emotion } : r);
  await writePredictedRun(join(dir, "base"), clips);
  await writePredictedRun(join(dir, "fixed"), fixed);
  await writePredictedRun(join(dir, "other"), clips.slice(0, 400));
  const out = join(dir, "compare.html");
  const run = await runCli("cli/report.ts", [
    ...["base", "fixed", "other"].map((name) => join(dir, name)),
    "--out",
    out,
    "--plotly-dir",
    dir,
  ]);
  assertEquals(run.code, 0, run.stderr);
  assertStringIncludes(
    run.stdout,
    "base vs fixed: paired bootstrap over the 480 clips both predicted",
  );
  assertStringIncludes(
    run.stdout,
    "base vs other: compared by CI overlap (not the same test clips)",
  );
  const html = await Deno.readTextFile(out);
  assertMatch(
    html,
    /Accuracy: base vs fixed \+[\d.]+ pp, paired CI \[\+[\d.]+, \+[\d.]+\], differs; base vs other/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task report with one run rewrites that run's report, inline by default", async () => {
  const dir = await twoRuns();
  for (const name of ["a", "kfold"]) {
    const run = await runCli("cli/report.ts", [join(dir, name)]);
    assertEquals(run.code, 0, run.stderr);
    const html = await Deno.readTextFile(join(dir, name, "report.html"));
    assertStringIncludes(html, `<title>Run ${name}</title>`);
    assert(html.length > 1_000_000, "plotly.js is inlined");
  }
  const titled = await runCli("cli/report.ts", [join(dir, "a"), "--names", "seed", "--title", "T"]);
  assertEquals(titled.code, 0, titled.stderr);
  assertStringIncludes(await Deno.readTextFile(join(dir, "a", "report.html")), "<title>T</title>");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deno task report --png without Chromium writes the page and says the PNGs were skipped", async () => {
  const dir = await twoRuns();
  const out = join(dir, "compare.html");
  const run = await runCli(
    "cli/report.ts",
    [join(dir, "a"), join(dir, "kfold"), "--out", out, "--png"],
    { SERLAB_CHROMIUM: join(dir, "no-chromium") },
  );
  assertEquals(run.code, 0, run.stderr);
  await Deno.stat(out);
  const lines = run.stderr.trim().split("\n");
  assertEquals(lines.length, 1, run.stderr);
  assertMatch(lines[0], /^warning: PNG figures skipped: no Chromium/);
  await Deno.remove(dir, { recursive: true });
});

testWith(
  "deno task report --png exports the comparison's figures, and the page draws each one",
  needsChromium(),
  async (chromium) => {
    const dir = await twoRuns();
    const out = join(dir, "compare.html");
    const run = await runCli("cli/report.ts", [
      join(dir, "a"),
      join(dir, "kfold"),
      "--out",
      out,
      "--png",
    ]);
    assertEquals(run.code, 0, run.stderr);
    const files: string[] = [];
    for await (const entry of Deno.readDir(join(dir, "compare-figures"))) files.push(entry.name);
    assertEquals(files.sort(), [
      "confusion-1.png",
      "confusion-2.png",
      "genderGap.png",
      "perClassF1.png",
    ]);
    for (const png of files) {
      assertPngHasContent(await Deno.readFile(join(dir, "compare-figures", png)), png);
    }
    const check = await withBrowser(
      chromium,
      "open the comparison",
      (browser) => checkPage(browser, pathToFileURL(out).href, "file://"),
    );
    assertEquals(check.problems, []);
    assertEquals(check.plots.map((id) => id.replace("serlab-plot-", "")), [
      "genderGap",
      "perClassF1",
      "confusion-1",
      "confusion-2",
    ]);
    assertEquals(check.drawn, check.plots);
    await Deno.remove(dir, { recursive: true });
  },
);

Deno.test("deno task report names each bad input in one line", async (t) => {
  const dir = await twoRuns();
  await Deno.mkdir(join(dir, "empty"));
  await Deno.mkdir(join(dir, "trained"));
  await Deno.writeTextFile(join(dir, "trained", "split.json"), "{}");
  const a = join(dir, "a");
  const cases: [string, string[], string][] = [
    ["no run", [], "no run folder given"],
    ["a missing folder", [join(dir, "nope")], "no such folder"],
    ["a folder that is not a run", [join(dir, "empty")], "not a run folder"],
    ["a run not evaluated yet", [join(dir, "trained")], "deno task evaluate --run"],
    ["too few names", [a, join(dir, "kfold"), "--names", "x"], "--names needs one"],
    ["twice the same name", [a, join(dir, "kfold"), "--names", "x,x"], "distinct"],
    ["an --out that is not HTML", [a, a + "/", "--out", join(dir, "x.txt")], "ending in .html"],
    ["an unknown flag", ["--bogus"], "unknown option --bogus"],
  ];
  for (const [name, args, message] of cases) {
    await t.step(name, async () => {
      const run = await runCli("cli/report.ts", args);
      assertEquals(run.stderr.trim().split("\n").length, 1, run.stderr);
      assertOneErrorLine(run, message);
    });
  }
  await t.step("--help", async () => {
    const run = await runCli("cli/report.ts", ["--help"]);
    assertEquals(run.code, 0);
    assertStringIncludes(run.stdout, "Usage: deno task report <run>");
  });
  await Deno.remove(dir, { recursive: true });
});
