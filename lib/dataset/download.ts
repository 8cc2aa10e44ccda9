import { dirname } from "node:path";

/** Options of {@linkcode downloadFile}. */
export interface DownloadFileOptions {
  /**
   * Called after each chunk with the bytes on disk so far (resumed bytes
   * included) and the full size, or `null` when the server does not say.
   *
   * @default {undefined}
   */
  onProgress?: (received: number, total: number | null) => void;
  /** Aborts the download; the `.part` file is kept for a later resume. @default {undefined} */
  signal?: AbortSignal;
}

/** What {@linkcode downloadFile} did. */
export interface DownloadFileResult {
  /** The complete file (`path`). */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** Bytes kept from an earlier run: 0 for a fresh download, `bytes` when the file was already complete. */
  reused: number;
}

/** What a `.part` file was downloaded from, kept beside it as `<path>.source.json`. */
interface PartSource {
  url: string;
  /** Strong ETag or Last-Modified of the first response, sent as If-Range on resume. */
  validator: string | null;
}

/**
 * Downloads `url` to `path` so that an interrupted run can be resumed. The
 * bytes go to `<path>.part`; a later call with the same URL asks the server
 * for the rest with an HTTP Range request (and If-Range, so a changed file
 * starts over), and starts clean when the server answers with the whole
 * file instead of 206. The `.part` file is renamed to `path` only once it
 * has as many bytes as the server announced. A complete `path` from an
 * earlier call with the same URL is returned as it is.
 *
 * @param url An `http:` or `https:` URL.
 * @param path Where the file goes; its folder is created.
 * @param options Progress callback and abort signal.
 * @returns The path, the size and how many bytes were reused.
 * @throws {TypeError} `url` is not an http(s) URL.
 * @throws {Error} The request fails, the server answers with an error status, or the
 *   connection ends early (the `.part` file is kept for a resume).
 *
 * @example Download a file from a local server
 * ```ts
 * import { downloadFile } from "./download.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
 *   new Response("hello"));
 * const dir = await Deno.makeTempDir();
 * const result = await downloadFile(`http://127.0.0.1:${server.addr.port}/`, `${dir}/hello.txt`);
 * assertEquals([result.bytes, result.reused], [5, 0]);
 * assertEquals(await Deno.readTextFile(`${dir}/hello.txt`), "hello");
 * await server.shutdown();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function downloadFile(
  url: string,
  path: string,
  options: DownloadFileOptions = {},
): Promise<DownloadFileResult> {
  const { onProgress, signal } = options;
  if (!/^https?:\/\//i.test(url)) {
    throw new TypeError(
      `Cannot download as the URL must start with http(s)://: current value is ${url}`,
    );
  }
  const partPath = `${path}.part`;
  const sourcePath = `${path}.source.json`;
  const previous = await readSource(sourcePath);
  const sameSource = previous?.url === url;
  if (sameSource) {
    const done = await fileSize(path);
    if (done !== null) return { path, bytes: done, reused: done };
  }
  await Deno.mkdir(dirname(path), { recursive: true });

  let offset = sameSource ? (await fileSize(partPath)) ?? 0 : 0;
  let response = await request(url, offset, previous?.validator ?? null, signal);
  let total: number | null = null;
  if (offset > 0 && response.status === 206) {
    const range = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
    if (range && Number(range[1]) === offset) total = Number(range[2]);
    else {
      await response.body?.cancel();
      offset = 0;
      response = await request(url, 0, null, signal);
    }
  } else if (offset > 0) {
    // 200 (no range support, or If-Range saw a changed file) or 416: start clean.
    offset = 0;
    if (response.status === 416) {
      await response.body?.cancel();
      response = await request(url, 0, null, signal);
    }
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(
      `Cannot download ${url} as the server answered ${response.status} ${response.statusText}`,
    );
  }
  if (offset === 0) {
    const length = response.headers.get("content-length");
    total = length === null ? null : Number(length);
    await Deno.writeTextFile(sourcePath, JSON.stringify({ url, validator: validatorOf(response) }));
  }

  const file = await Deno.open(partPath, {
    write: true,
    create: true,
    append: offset > 0,
    truncate: offset === 0,
  });
  let received = offset;
  onProgress?.(received, total);
  try {
    for await (const chunk of response.body) {
      let written = 0;
      while (written < chunk.length) written += await file.write(chunk.subarray(written));
      received += chunk.length;
      onProgress?.(received, total);
    }
  } catch (error) {
    const of = total === null ? "" : ` of ${total}`;
    throw new Error(
      `Cannot download ${url} as the connection broke after ${received}${of} bytes; ` +
        `run again to resume`,
      { cause: error },
    );
  } finally {
    file.close();
  }
  if (total !== null && received !== total) {
    throw new Error(
      `Cannot download ${url} as the server sent ${received} of ${total} bytes; run again to resume`,
    );
  }
  await Deno.rename(partPath, path);
  return { path, bytes: received, reused: offset };
}

async function request(
  url: string,
  offset: number,
  validator: string | null,
  signal: AbortSignal | undefined,
): Promise<Response> {
  // identity, so that Content-Length and Range count the bytes that are stored.
  const headers = new Headers({ "accept-encoding": "identity" });
  if (offset > 0) {
    headers.set("range", `bytes=${offset}-`);
    if (validator !== null) headers.set("if-range", validator);
  }
  try {
    return await fetch(url, { headers, signal });
  } catch (error) {
    throw new Error(`Cannot download ${url}: ${firstLine(error)}`, { cause: error });
  }
}

/** A validator If-Range accepts: a strong ETag, else Last-Modified. */
function validatorOf(response: Response): string | null {
  const etag = response.headers.get("etag");
  if (etag !== null && !etag.startsWith("W/")) return etag;
  return response.headers.get("last-modified");
}

async function readSource(path: string): Promise<PartSource | null> {
  try {
    const source = JSON.parse(await Deno.readTextFile(path));
    return typeof source?.url === "string" ? source : null;
  } catch {
    return null;
  }
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const info = await Deno.stat(path);
    return info.isFile ? info.size : null;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}
