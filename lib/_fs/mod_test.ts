import { assertEquals, assertRejects } from "@std/assert";
import { exists, readJsonIfPresent } from "./mod.ts";

Deno.test("exists() and readJsonIfPresent() tell a missing file from a present or malformed one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/good.json`, '{"a": [1, 2]}');
    await Deno.writeTextFile(`${dir}/bad.json`, "{a: 1");
    assertEquals(await exists(dir), true);
    assertEquals(await exists(`${dir}/missing.json`), false);
    assertEquals(await readJsonIfPresent(`${dir}/missing.json`), null);
    assertEquals(await readJsonIfPresent(`${dir}/good.json`), { a: [1, 2] });
    await assertRejects(
      () => readJsonIfPresent(`${dir}/bad.json`),
      SyntaxError,
      `Cannot read ${dir}/bad.json as it is not valid JSON`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
