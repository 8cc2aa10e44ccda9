/**
 * Runs one test on each of serlab's backends: wasm always, native where
 * OpenBLAS loads (skipped with a reason otherwise, failing on CI).
 *
 * @module
 */
import { testWith } from "../../../tests/requirements.ts";
import { nativeBackend, needsOpenBlas } from "../native/_testing.ts";
import { setupWasmBackend } from "../wasm/setup_wasm_backend.ts";

/** Registers `fn` as "`name` on wasm" and "`name` on native"; `fn` gets the backend's name. */
export function testOnEachBackend(name: string, fn: (backend: string) => Promise<void>): void {
  Deno.test(`${name}, on wasm`, async () => {
    await setupWasmBackend();
    await fn("wasm");
  });
  testWith(`${name}, on native`, needsOpenBlas(), async () => {
    await fn(nativeBackend(1));
  });
}
