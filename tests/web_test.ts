import { assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { initBackend } from "../lib/backend/mod.ts";
import { EMOTIONS } from "../lib/dataset/names.ts";
import { saveTestModel } from "../lib/predict/_testing.ts";
import { staticFiles } from "../web/_static.ts";
import { needsBoth, needsRavdess, type Requirement, testWith } from "./requirements.ts";
import { runCli } from "./cli.ts";

/** Debian's Chromium (`SERLAB_CHROMIUM` when set), if it starts, for puppeteer-core. */
function chromium(): Requirement<string> {
  const path = Deno.env.get("SERLAB_CHROMIUM") || "/usr/bin/chromium";
  let ok = false;
  try {
    ok = new Deno.Command(path, { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch { /* not installed */ }
  return { name: "chromium", value: ok ? path : null, hint: "apt-get install chromium" };
}

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];

testWith(
  "deno task web builds a page that predicts a RAVDESS clip as deno task predict does",
  needsBoth(chromium(), needsRavdess()),
  async ([executablePath, ravdess]) => {
    const dir = await Deno.makeTempDir({ prefix: "serlab-web-" });
    const clip = join(ravdess, "Actor_03", "03-01-05-02-01-01-03.wav");
    const model = join(dir, "model");
    await initBackend({ log: null });
    await saveTestModel(model, [clip, join(ravdess, "Actor_04", "03-01-03-01-02-01-04.wav")]);
    const site = join(dir, "site");
    const build = await runCli("cli/web.ts", ["--model", model, "--out", site]);
    assertEquals(build.code, 0, build.stderr);
    assertStringIncludes(build.stdout, "built");
    for (
      const name of [
        "index.html",
        "serlab.js",
        "pffft.wasm",
        "model/model.json",
        "model/weights.bin",
        "model/serlab.json",
      ]
    ) {
      await Deno.stat(join(site, name));
    }
    const cli = await runCli("cli/predict.ts", ["--model", model, "--json", "--file", clip]);
    assertEquals(cli.code, 0, cli.stderr);
    const expected = JSON.parse(cli.stdout).probabilities as Record<string, number>;

    const bad = join(dir, "not-audio.wav");
    await Deno.writeTextFile(bad, "a text file renamed .wav");
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      staticFiles(site),
    );
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const { default: puppeteer } = await import("puppeteer-core");
    const profile = await Deno.makeTempDir({ prefix: "serlab-chromium-" });
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
    });
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 820, height: 760 });
      const problems: string[] = [];
      const elsewhere: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page: ${e}`));
      page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
      page.on("response", (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      page.on("request", (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) elsewhere.push(r.url());
      });
      await page.goto(`${origin}/`);
      await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', {
        timeout: 120_000,
      });
      const state = () => page.$eval("body", (b) => b.getAttribute("data-state"));
      assertEquals(await state(), "ready", await page.$eval("#status", (e) => e.textContent));

      const input = (await page.$("input#file"))!;
      await input.uploadFile(clip);
      await page.waitForSelector('body[data-state="done"], body[data-state="error"]', {
        timeout: 120_000,
      });
      assertEquals(await state(), "done", await page.$eval("#status", (e) => e.textContent));
      const shown = await page.$eval("#result", (e) => ({
        probabilities: JSON.parse(e.getAttribute("data-probabilities")!),
        emotion: e.getAttribute("data-emotion"),
        windows: e.getAttribute("data-windows"),
      }));
      assertEquals(Object.keys(shown.probabilities), [...EMOTIONS]);
      for (const emotion of EMOTIONS) {
        assertAlmostEquals(shown.probabilities[emotion], expected[emotion], 1e-4, emotion);
      }
      assertEquals(shown.emotion, JSON.parse(cli.stdout).emotion);
      assertEquals(shown.windows, "1");
      assertEquals(await page.$$eval("#chart rect.bar", (bars) => bars.length), EMOTIONS.length);
      const screenshot = Deno.env.get("SERLAB_WEB_SCREENSHOT");
      if (screenshot) {
        await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
      }

      // A file that is not a WAV: one message in the page, no console error.
      await input.uploadFile(bad);
      await page.waitForSelector('body[data-state="error"]', { timeout: 60_000 });
      assertStringIncludes(
        await page.$eval("#status", (e) => e.textContent ?? ""),
        "not a WAV file",
      );
      assertEquals(problems, []);
      assertEquals(elsewhere, [], "the page fetches nothing but its own files");
    } finally {
      await browser.close();
      await server.shutdown();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
);
