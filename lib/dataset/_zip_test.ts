import { assertEquals, assertNotEquals, assertRejects } from "@std/assert";
import { unzipSync } from "fflate";
import { join } from "node:path";
import { officialPaths, wavFiles, zipFiles } from "./_testing.ts";
import { ZipReader } from "./_zip.ts";

async function withZip(
  bytes: Uint8Array,
  fn: (path: string) => Promise<unknown>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "serlab_zip_" });
  try {
    await Deno.writeFile(join(dir, "test.zip"), bytes);
    await fn(join(dir, "test.zip"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Offset of the first byte of an entry's stored data. */
function dataOffset(zip: Uint8Array, localOffset: number): number {
  const view = new DataView(zip.buffer, zip.byteOffset);
  return localOffset + 30 + view.getUint16(localOffset + 26, true) +
    view.getUint16(localOffset + 28, true);
}

for (const level of [0, 6] as const) {
  Deno.test(`ZipReader reads back every entry (level ${level})`, async () => {
    const files = wavFiles(officialPaths([1, 2], 3));
    await withZip(zipFiles(files, level), async (path) => {
      using zip = await ZipReader.open(path);
      assertEquals(zip.entries.map((entry) => entry.name), [...files.keys()]);
      for (const entry of zip.entries) {
        assertEquals(entry.method, level === 0 ? 0 : 8);
        assertEquals(await zip.read(entry), files.get(entry.name));
      }
    });
  });
}

Deno.test("ZipReader refuses a flipped bit that fflate's unzipSync lets through", async () => {
  const files = wavFiles(officialPaths([1], 2));
  const bytes = zipFiles(files, 0);
  await withZip(bytes, async (path) => {
    const original = await ZipReader.open(path);
    const entry = original.entries[1];
    original.close();
    const corrupt = bytes.slice();
    corrupt[dataOffset(corrupt, entry.localOffset) + 60] ^= 1; // a PCM sample
    // Without a CRC check the wrong sample unpacks silently.
    const unzipped = unzipSync(corrupt)[entry.name];
    assertEquals(unzipped.length, entry.size);
    assertNotEquals(unzipped, files.get(entry.name));
    await Deno.writeFile(path, corrupt);
    using zip = await ZipReader.open(path);
    assertEquals(await zip.read(zip.entries[0]), files.get(zip.entries[0].name));
    await assertRejects(
      () => zip.read(zip.entries[1]),
      Error,
      `Cannot unpack ${path} as entry ${entry.name} is corrupt (CRC-32 mismatch)`,
    );
  });
});

Deno.test("ZipReader refuses corrupt deflate data", async () => {
  const bytes = zipFiles(wavFiles(officialPaths([1], 1)), 6);
  await withZip(bytes, async (path) => {
    const corrupt = bytes.slice();
    const start = dataOffset(corrupt, 0);
    for (let i = start; i < start + 20; i++) corrupt[i] ^= 0xa5;
    await Deno.writeFile(path, corrupt);
    using zip = await ZipReader.open(path);
    await assertRejects(
      () => zip.read(zip.entries[0]),
      Error,
      `Cannot unpack ${path} as entry ${zip.entries[0].name} is corrupt`,
    );
  });
});

Deno.test("ZipReader.open() refuses a truncated zip and a file that is not a zip", async (t) => {
  const bytes = zipFiles(wavFiles(officialPaths([1], 4)), 6);
  const cases: [string, Uint8Array, string][] = [
    [
      "first half",
      bytes.subarray(0, bytes.length >> 1),
      "it is not a zip file or is truncated (no end of central directory)",
    ],
    ["not a zip", wavFiles(["a.wav"]).get("a.wav")!, "it is not a zip file or is truncated"],
    ["empty", new Uint8Array(0), "it is not a zip file or is truncated"],
    [
      "last 200 bytes",
      bytes.subarray(bytes.length - 200),
      "its central directory lies outside the file",
    ],
  ];
  for (const [name, data, message] of cases) {
    await t.step(
      name,
      () =>
        withZip(data, (path) =>
          assertRejects(
            () => ZipReader.open(path),
            Error,
            `Cannot unpack ${path} as ${message}`,
          )),
    );
  }
});
