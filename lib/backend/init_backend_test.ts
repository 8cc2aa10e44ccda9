import * as tf from "@tensorflow/tfjs";
import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { dirname } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { testWith } from "../../tests/requirements.ts";
import { initBackend } from "./init_backend.ts";
import { needsOpenBlas } from "./native/_testing.ts";

testWith(
  "initBackend() takes the native path where OpenBLAS loads, and says so in one line",
  needsOpenBlas(),
  async () => {
    const lines: string[] = [];
    const info = await initBackend({ path: "auto", threads: 2, log: (l) => lines.push(l) });
    assertEquals([info.path, info.backend, info.threads], ["native", "serlab-native", 2]);
    assertEquals(tf.getBackend(), "serlab-native");
    assertEquals(lines, [info.line]);
    assertMatch(info.line, /^serlab backend: native \(OpenBLAS .*, 2 threads\)$/);
    // Whether the SIMD kernels run is part of what a run records.
    assertMatch(
      info.library,
      Deno.env.get("SERLAB_SIMD") === "0" ? /, no SIMD heap$/ : /, SIMD heap$/,
    );
    assertEquals(info.fallbackReason, undefined);
    // JSON-safe, for a run's config.
    assertEquals(JSON.parse(JSON.stringify(info)), info);
  },
);

Deno.test("initBackend() falls back to wasm with one line when OpenBLAS is missing", async () => {
  const root = dirname(dirname(dirname(fromFileUrl(import.meta.url))));
  const code = `
    import { initBackend } from "./lib/backend/mod.ts";
    const info = await initBackend({ threads: 2 });
    console.log(JSON.stringify(info));
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", `${root}/deno.json`, code],
    cwd: root,
    env: {
      SERLAB_OPENBLAS: "/nonexistent/libopenblas.so.0",
      SERLAB_BACKEND: "",
      SERLAB_THREADS: "",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout).trim().split("\n");
  const stderr = new TextDecoder().decode(output.stderr);
  assert(output.success, stderr);
  assertEquals(stdout.length, 2, `expected the start-up line and the JSON: ${stdout.join(" | ")}`);
  const info = JSON.parse(stdout[1]);
  assertEquals([info.path, info.backend, info.threads], ["wasm", "wasm", 1]);
  assertEquals(stdout[0], info.line);
  assertMatch(info.line, /^serlab backend: wasm \(.*1 thread\); native unavailable: /);
  assertStringIncludes(info.line, "apt-get install libopenblas0-pthread");
});

Deno.test("initBackend() runs tfjs's cpu backend when asked", async () => {
  const info = await initBackend({ path: "cpu", log: null });
  assertEquals([info.path, info.backend, info.threads], ["cpu", "cpu", 1]);
  assertEquals(tf.getBackend(), "cpu");
});

Deno.test("initBackend() rejects unknown paths and thread counts", async () => {
  await assertRejects(
    () => initBackend({ path: "gpu" as "cpu", log: null }),
    RangeError,
    "path must be auto, native, wasm or cpu: current value is gpu",
  );
  await assertRejects(
    () => initBackend({ threads: 0, log: null }),
    RangeError,
    "threads must be an integer >= 1: current value is 0",
  );
});
