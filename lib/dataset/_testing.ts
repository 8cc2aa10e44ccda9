/**
 * Test fixtures for RAVDESS folders and zips: tiny but real 16-bit PCM WAV
 * files, written with wavefile so that they do not depend on serlab's own
 * WAV code.
 *
 * @module
 */
import { type Zippable, zipSync } from "fflate";
import wavefile from "wavefile";
import { dirname, join } from "node:path";

/**
 * A 10 ms mono 16-bit PCM WAV at 8 kHz, a sine whose pitch depends on `seed`
 * so that every fixture file has different bytes.
 */
export function tinyWav(seed: number): Uint8Array {
  const samples = new Int16Array(80);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * (200 + 10 * seed) * i) / 8000));
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, 8000, "16", samples);
  return wav.toBuffer();
}

/** Names of `count` valid speech clips of `actor`, in a fixed order. */
export function clipNames(actor: number, count: number): string[] {
  const names: string[] = [];
  for (let emotion = 1; emotion <= 8 && names.length < count; emotion++) {
    for (let statement = 1; statement <= 2 && names.length < count; statement++) {
      const code = (n: number) => String(n).padStart(2, "0");
      names.push(`03-01-${code(emotion)}-01-${code(statement)}-01-${code(actor)}.wav`);
    }
  }
  return names;
}

/** The official layout: `Actor_NN/<name>` for `count` clips of each actor. */
export function officialPaths(actors: number[], count: number): string[] {
  return actors.flatMap((actor) =>
    clipNames(actor, count).map((name) => `Actor_${String(actor).padStart(2, "0")}/${name}`)
  );
}

/** A map from each path to its own tiny WAV. */
export function wavFiles(paths: string[]): Map<string, Uint8Array> {
  return new Map(paths.map((path, i) => [path, tinyWav(i)]));
}

/** Writes `files` under `dir`, creating folders. */
export async function writeFiles(dir: string, files: Map<string, Uint8Array>): Promise<void> {
  for (const [path, bytes] of files) {
    await Deno.mkdir(dirname(join(dir, path)), { recursive: true });
    await Deno.writeFile(join(dir, path), bytes);
  }
}

/** A zip of `files` (deflated unless `level` is 0). */
export function zipFiles(files: Map<string, Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  const zippable: Zippable = {};
  for (const [path, bytes] of files) zippable[path] = [bytes, { level }];
  return zipSync(zippable);
}

/** One request a {@linkcode TestServer} answered. */
export interface ServedRequest {
  path: string;
  range: string | null;
  ifRange: string | null;
  status: number;
}

/** A real HTTP server on 127.0.0.1 serving one file at every path. */
export interface TestServer {
  /** `http://127.0.0.1:<port>/ravdess.zip` */
  url: string;
  /** Every request so far, in order. */
  requests: ServedRequest[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** How a {@linkcode TestServer} behaves. */
export interface ServeFileOptions {
  /** Indexes of requests (0 is the first) that send half their body, then break the connection. */
  drop?: number[];
  /** Whether `Range: bytes=N-` gets a 206. */
  ranges?: boolean;
  /** Strong ETag sent with the file; If-Range must equal it for a 206. */
  etag?: () => string;
  /** Status of every answer, e.g. 404 (the body is then a short text). */
  status?: number;
}

/** Serves `file()` (called per request, so a test can change it) over HTTP. */
export function serveFile(file: () => Uint8Array, options: ServeFileOptions = {}): TestServer {
  const { drop = [], ranges = true, etag, status = 200 } = options;
  const requests: ServedRequest[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const bytes = file();
    const range = request.headers.get("range");
    const ifRange = request.headers.get("if-range");
    const served: ServedRequest = {
      path: new URL(request.url).pathname,
      range,
      ifRange,
      status,
    };
    const index = requests.push(served) - 1;
    if (status !== 200) return new Response("no", { status });
    const headers = new Headers({ "accept-ranges": ranges ? "bytes" : "none" });
    if (etag) headers.set("etag", etag());
    let start = 0;
    const match = /^bytes=(\d+)-$/.exec(range ?? "");
    if (ranges && match && (ifRange === null || ifRange === etag?.())) {
      start = Number(match[1]);
      served.status = 206;
      headers.set("content-range", `bytes ${start}-${bytes.length - 1}/${bytes.length}`);
    }
    const body = bytes.slice(start);
    headers.set("content-length", String(body.length));
    if (!drop.includes(index)) return new Response(body, { status: served.status, headers });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body.slice(0, body.length >> 1));
        controller.close(); // fewer bytes than Content-Length: the connection is cut
      },
    });
    return new Response(stream, { status: served.status, headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/ravdess.zip`,
    requests,
    close: () => server.shutdown(),
  };
}

/** Runs `fn` with a fresh temporary folder, removed afterwards whatever happens. */
export async function withTempDir(
  prefix: string,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

export { exists } from "../_fs/mod.ts";
