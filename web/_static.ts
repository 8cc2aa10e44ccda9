/**
 * A static file handler for the built page: `deno task web --serve` and the
 * browser test serve `web/dist/` with it. Module scripts, `fetch` and
 * WebAssembly streaming need HTTP and the right content types
 * (`application/wasm`), which `file://` does not give.
 *
 * @module
 */
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/**
 * A `Deno.serve` handler for the files under `root`: `/` is `index.html`;
 * paths outside `root`, folders and missing files are 404; only GET and HEAD.
 */
export function staticFiles(root: string): (request: Request) => Promise<Response> {
  const base = normalize(root);
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("method not allowed", { status: 405 });
    }
    let path = decodeURIComponent(new URL(request.url).pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base.endsWith(sep) ? base : base + sep)) {
      return new Response("not found", { status: 404 });
    }
    try {
      const body = await Deno.readFile(file);
      return new Response(request.method === "HEAD" ? null : body, {
        headers: {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": "no-cache",
        },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  };
}
