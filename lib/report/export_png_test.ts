import { assertEquals, assertRejects } from "@std/assert";
import { assertPngHasContent } from "../../tests/png_content.ts";
import { testWith } from "../../tests/requirements.ts";
import { needsChromium } from "./_chromium_requirement.ts";
import { tinyHistory, tinyMetrics } from "./_testing.ts";
import { exportPng } from "./export_png.ts";
import { runFigures } from "./run_figures.ts";

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Width and height from a PNG's IHDR chunk, which must come first. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  assertEquals([...bytes.subarray(0, 8)], PNG_SIGNATURE);
  assertEquals(new TextDecoder().decode(bytes.subarray(12, 16)), "IHDR");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

testWith(
  "exportPng() writes a PNG per figure at width·scale × height·scale",
  needsChromium(),
  async (chromium) => {
    const dir = await Deno.makeTempDir();
    try {
      const { confusion, trainingCurves } = runFigures({
        metrics: tinyMetrics(),
        histories: [tinyHistory()],
      });
      const paths = await exportPng(
        { confusion, "training curves": trainingCurves },
        `${dir}/png`,
        { width: 640, height: 480, scale: 2, executablePath: chromium },
      );
      assertEquals(paths, [`${dir}/png/confusion.png`, `${dir}/png/training-curves.png`]);
      for (const path of paths) {
        const bytes = await Deno.readFile(path);
        assertEquals(pngSize(bytes), { width: 1280, height: 960 });
        assertPngHasContent(bytes, path);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("exportPng() rejects sizes and scales out of range before starting a browser", async (t) => {
  const figure = { data: [], layout: {} };
  const cases: [object, string][] = [
    [{ width: 0 }, "width must be an integer > 0: current value is 0"],
    [{ height: 10.5 }, "height must be an integer > 0: current value is 10.5"],
    [{ scale: 0 }, "scale must be > 0: current value is 0"],
    [{ scale: NaN }, "scale must be > 0: current value is NaN"],
  ];
  for (const [options, message] of cases) {
    await t.step(message, async () => {
      await assertRejects(
        () => exportPng({ figure }, "/nonexistent", options),
        RangeError,
        message,
      );
    });
  }
});

Deno.test("exportPng() without a browser fails with one error naming apt-get install chromium", async () => {
  const saved = Deno.env.get("SERLAB_CHROMIUM");
  Deno.env.set("SERLAB_CHROMIUM", "/nonexistent/chromium");
  try {
    await assertRejects(
      () => exportPng({ figure: { data: [], layout: {} } }, "/nonexistent"),
      Deno.errors.NotFound,
      "Cannot export PNG as no Chromium browser is available: install one with `apt-get install chromium` or set SERLAB_CHROMIUM to its path (SERLAB_CHROMIUM is /nonexistent/chromium, which is not an executable file)",
    );
  } finally {
    saved === undefined
      ? Deno.env.delete("SERLAB_CHROMIUM")
      : Deno.env.set("SERLAB_CHROMIUM", saved);
  }
});
