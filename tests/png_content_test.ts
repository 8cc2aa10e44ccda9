import { assertEquals, assertThrows } from "@std/assert";
import { encode } from "fast-png";
import { assertPngHasContent, pngContent } from "./png_content.ts";

function flatPng(width: number, height: number, rgba: number[]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i % 4];
  return encode({ width, height, data, channels: 4, depth: 8 });
}

Deno.test("assertPngHasContent() rejects a PNG of one flat colour", () => {
  const blank = flatPng(90, 60, [255, 255, 255, 255]);
  assertEquals(pngContent(blank), { width: 90, height: 60, inkFraction: 0, colours: 1 });
  assertThrows(
    () => assertPngHasContent(blank, "blank.png"),
    Error,
    "blank.png looks blank: 0.00% of its 90×60 pixels differ from the background, 1 colours",
  );
});

Deno.test("assertPngHasContent() passes a PNG with a drawn gradient, and counts its ink", () => {
  const width = 64, height = 64;
  const data = new Uint8Array(width * height * 4).fill(255);
  for (let y = 16; y < 48; y++) {
    for (let x = 16; x < 48; x++) {
      const i = (y * width + x) * 4;
      data.set([x * 4, y * 4, 128, 255], i);
    }
  }
  const png = encode({ width, height, data, channels: 4, depth: 8 });
  const content = assertPngHasContent(png, "square.png");
  assertEquals(content.inkFraction, (32 * 32) / (64 * 64));
  assertEquals(content.colours, 32 * 32 + 1);
});

Deno.test("every PNG committed under reports/ has content", async () => {
  const reports = new URL("../reports/", import.meta.url);
  const pngs: string[] = [];
  async function walk(dir: URL) {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) await walk(new URL(`${entry.name}/`, dir));
      else if (entry.name.endsWith(".png")) pngs.push(new URL(entry.name, dir).pathname);
    }
  }
  await walk(reports);
  assertEquals(pngs.length > 0, true, "no PNG under reports/");
  for (const png of pngs) assertPngHasContent(await Deno.readFile(png), png);
});
