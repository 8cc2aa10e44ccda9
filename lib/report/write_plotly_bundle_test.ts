import { assertEquals } from "@std/assert";
import { plotlyBundle } from "./_plotly_bundle.ts";
import { writePlotlyBundle } from "./write_plotly_bundle.ts";

Deno.test("writePlotlyBundle() writes the pinned bundle and replaces another version", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = await writePlotlyBundle(`${dir}/shared`);
    assertEquals(path, `${dir}/shared/plotly.min.js`);
    assertEquals(await Deno.readTextFile(path), plotlyBundle());
    await Deno.writeTextFile(path, "/* plotly.js v1 */");
    await writePlotlyBundle(`${dir}/shared`);
    assertEquals(await Deno.readTextFile(path), plotlyBundle());
    const names = [...Deno.readDirSync(`${dir}/shared`)].map((e) => e.name);
    assertEquals(names, ["plotly.min.js"]); // no temporary file left
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
