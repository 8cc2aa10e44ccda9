import { assert, assertEquals, assertGreater, assertLess, assertRejects } from "@std/assert";
import { join } from "node:path";
import { exists, serveFile, type TestServer } from "./_testing.ts";
import { downloadFile } from "./download.ts";

/** 300 kB of varied bytes, so that a wrong offset shows in the result. */
function payload(seed: number): Uint8Array {
  const bytes = new Uint8Array(300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return bytes;
}

async function withServer(
  server: TestServer,
  fn: (dir: string, server: TestServer) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "serlab_download_" });
  try {
    await fn(dir, server);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("downloadFile() downloads, reporting progress up to the size", async () => {
  const bytes = payload(1);
  await withServer(serveFile(() => bytes), async (dir, server) => {
    const seen: [number, number | null][] = [];
    const path = join(dir, "sub", "file.zip");
    const result = await downloadFile(server.url, path, {
      onProgress: (received, total) => seen.push([received, total]),
    });
    assertEquals(result, { path, bytes: bytes.length, reused: 0 });
    assertEquals(await Deno.readFile(path), bytes);
    assertEquals(seen[0], [0, bytes.length]);
    assertEquals(seen.at(-1), [bytes.length, bytes.length]);
    for (let i = 1; i < seen.length; i++) assert(seen[i][0] >= seen[i - 1][0]);
    assertEquals(await exists(`${path}.part`), false);
  });
});

Deno.test("downloadFile() resumes with a Range request after a broken connection", async () => {
  const bytes = payload(2);
  await withServer(serveFile(() => bytes, { drop: [0] }), async (dir, server) => {
    const path = join(dir, "file.zip");
    await assertRejects(
      () => downloadFile(server.url, path),
      Error,
      `Cannot download ${server.url} as the connection broke after`,
    );
    assertEquals(await exists(path), false);
    const kept = (await Deno.stat(`${path}.part`)).size;
    assertGreater(kept, 0);
    assertLess(kept, bytes.length);

    const result = await downloadFile(server.url, path);
    assertEquals(result, { path, bytes: bytes.length, reused: kept });
    assertEquals(server.requests.map((r) => [r.range, r.status]), [
      [null, 200],
      [`bytes=${kept}-`, 206],
    ]);
    assertEquals(await Deno.readFile(path), bytes);
  });
});

Deno.test("downloadFile() starts clean when the server ignores Range", async () => {
  const bytes = payload(3);
  await withServer(serveFile(() => bytes, { drop: [0], ranges: false }), async (dir, server) => {
    const path = join(dir, "file.zip");
    await assertRejects(() => downloadFile(server.url, path), Error, "run again to resume");
    const result = await downloadFile(server.url, path);
    assertEquals(result.reused, 0);
    assertEquals(server.requests[1].status, 200);
    assertEquals(await Deno.readFile(path), bytes);
  });
});

Deno.test("downloadFile() starts clean when If-Range sees a changed file", async () => {
  let version = 1;
  const server = serveFile(() => payload(version), { drop: [0], etag: () => `"v${version}"` });
  await withServer(server, async (dir) => {
    const path = join(dir, "file.zip");
    await assertRejects(() => downloadFile(server.url, path), Error, "connection broke");
    version = 2;
    const result = await downloadFile(server.url, path);
    assertEquals(server.requests[1].ifRange, `"v1"`);
    assertEquals([server.requests[1].status, result.reused], [200, 0]);
    assertEquals(await Deno.readFile(path), payload(2));
  });
});

Deno.test("downloadFile() does not resume a .part from another URL", async () => {
  const bytes = payload(4);
  await withServer(serveFile(() => bytes, { drop: [0] }), async (dir, server) => {
    const path = join(dir, "file.zip");
    await assertRejects(() => downloadFile(`${server.url}?mirror=1`, path), Error, "broke");
    const result = await downloadFile(server.url, path);
    assertEquals([server.requests[1].range, result.reused], [null, 0]);
    assertEquals(await Deno.readFile(path), bytes);
  });
});

Deno.test("downloadFile() returns a complete earlier download without a request", async () => {
  const bytes = payload(5);
  await withServer(serveFile(() => bytes), async (dir, server) => {
    const path = join(dir, "file.zip");
    await downloadFile(server.url, path);
    const again = await downloadFile(server.url, path);
    assertEquals(again, { path, bytes: bytes.length, reused: bytes.length });
    assertEquals(server.requests.length, 1);
  });
});

Deno.test("downloadFile() reports an error status and writes no file", async () => {
  await withServer(serveFile(() => payload(6), { status: 404 }), async (dir, server) => {
    const path = join(dir, "file.zip");
    await assertRejects(
      () => downloadFile(server.url, path),
      Error,
      `Cannot download ${server.url} as the server answered 404 Not Found`,
    );
    assertEquals(await exists(path), false);
  });
});

Deno.test("downloadFile() reports a server that cannot be reached", async () => {
  const server = serveFile(() => payload(7));
  await server.close();
  const dir = await Deno.makeTempDir({ prefix: "serlab_download_" });
  await assertRejects(
    () => downloadFile(server.url, join(dir, "file.zip")),
    Error,
    `Cannot download ${server.url}: `,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("downloadFile() refuses a URL that is not http(s)", async () => {
  await assertRejects(
    () => downloadFile("ftp://example.org/x.zip", "x.zip"),
    TypeError,
    "as the URL must start with http(s)://: current value is ftp://example.org/x.zip",
  );
});
