import { assertEquals, assertRejects } from "@std/assert";
import { decodeBase64, encodeBase64 } from "./base64.ts";
import {
  compileWat,
  type EmbeddedWasm,
  embeddedWasmSource,
  writeEmbeddedWasm,
} from "./build_wat.ts";
import { assertEmbeddedWasmCurrent } from "./_testing.ts";

const SOURCE = `(module
  (memory (export "memory") 1)
  (func (export "sum4") (param $p i32) (result f32)
    (local $v v128)
    (local.set $v (v128.load (local.get $p)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v))))))
`;

Deno.test("writeEmbeddedWasm() writes a module whose bytes compileWat() reproduces and that runs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const wasm: EmbeddedWasm = {
      wat: new URL(`file://${dir}/_sum.wat`),
      out: new URL(`file://${dir}/_sum_wasm.ts`),
      task: "wasm:sum",
      constName: "SUM_WASM_BASE64",
      description: "The sum kernel's wasm bytes",
    };
    await Deno.writeTextFile(wasm.wat, SOURCE);
    await writeEmbeddedWasm(wasm);
    const bytes = await compileWat(wasm.wat);
    assertEquals(await Deno.readTextFile(wasm.out), embeddedWasmSource(wasm, bytes));
    const { SUM_WASM_BASE64 } = await import(wasm.out.href);
    assertEquals(decodeBase64(SUM_WASM_BASE64), bytes);
    const { memory, sum4 } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as {
      memory: WebAssembly.Memory;
      sum4: (at: number) => number;
    };
    new Float32Array(memory.buffer, 16, 4).set([1, 2, 3, 4.5]);
    assertEquals(sum4(16), 10.5);
    await assertEmbeddedWasmCurrent(wasm);
    // Edited source, module not regenerated: the check names the task to run.
    await Deno.writeTextFile(
      wasm.wat,
      SOURCE.replace("f32x4.extract_lane 3", "f32x4.extract_lane 2"),
    );
    await assertRejects(() => assertEmbeddedWasmCurrent(wasm), Error, "run `deno task wasm:sum`");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compileWat() rejects an invalid source", async () => {
  const source = '(module (func (export "f") (result i32) f32.const 1))';
  await assertRejects(() => compileWat(new URL(`data:,${encodeURIComponent(source)}`)));
});

Deno.test("embeddedWasmSource() splits the base64 into lines of 96 characters", () => {
  const text = embeddedWasmSource({
    wat: new URL("file:///k/_kernels.wat"),
    out: new URL("file:///k/_kernels_wasm.ts"),
    task: "wasm:k",
    constName: "K",
    description: "Bytes",
  }, new Uint8Array(100));
  const lines = text.split("\n");
  assertEquals(lines.at(-1), "");
  const body = lines.slice(3, -1).map((line) => line.replace(/^ {2}"|"( \+|;)$/g, ""));
  assertEquals(body.map((line) => line.length), [96, 40]);
  assertEquals(body.join(""), encodeBase64(new Uint8Array(100)));
  assertEquals(lines.at(-2)?.endsWith('";'), true);
});
