/**
 * The regeneration check of every embedded wasm module.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { decodeBase64 } from "./base64.ts";
import { compileWat, type EmbeddedWasm, embeddedWasmSource } from "./build_wat.ts";

/**
 * Asserts that the committed module `wasm.out` holds the bytes `wasm.wat`
 * compiles to, in the text {@linkcode embeddedWasmSource} writes: bytes
 * first (the message names the task that regenerates them), then text.
 */
export async function assertEmbeddedWasmCurrent(wasm: EmbeddedWasm): Promise<void> {
  const bytes = await compileWat(wasm.wat, wasm.features, wasm.sharedMemoryPages);
  const committed = await import(wasm.out.href) as Record<string, string>;
  assertEquals(
    decodeBase64(committed[wasm.constName]),
    bytes,
    `${wasm.out.pathname} is stale: run \`deno task ${wasm.task}\``,
  );
  assertEquals(await Deno.readTextFile(wasm.out), embeddedWasmSource(wasm, bytes));
}
