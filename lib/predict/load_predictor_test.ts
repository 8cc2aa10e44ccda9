import { assertEquals, assertRejects } from "@std/assert";
import { initBackend } from "../backend/mod.ts";
import { join } from "node:path";
import { ModelFolderError, saveModelFolder } from "../model/model_folder.ts";
import { loadPredictor } from "./load_predictor.ts";
import { tinyModel } from "./_testing.ts";

// tfjs's pure-JS backend, quietly: the tiny models need nothing faster.
await initBackend({ path: "cpu", log: null });

Deno.test("loadPredictor() loads a model folder that fits, and names what is wrong with others", async (t) => {
  const dir = await Deno.makeTempDir();
  const { model, metadata } = tinyModel();
  const good = join(dir, "good");
  await saveModelFolder(model, good, metadata);
  const loaded = await loadPredictor(good);
  assertEquals(loaded.metadata, metadata);

  const cases: [string, (path: string) => Promise<void>, string][] = [
    ["missing", async () => {}, "no such folder"],
    ["a file", (p) => Deno.writeTextFile(p, "x"), "not a folder"],
    ["no serlab.json", async (p) => {
      await saveModelFolder(model, p, metadata);
      await Deno.remove(join(p, "serlab.json"));
    }, "not a serlab model folder"],
    ["another format", async (p) => {
      await saveModelFolder(model, p, { ...metadata, format: "other/2" as "serlab-model/1" });
    }, 'serlab.json is of format "other/2"'],
    ["labels that do not fit", async (p) => {
      await saveModelFolder(model, p, { ...metadata, labels: ["a", "b", "c"] });
    }, "incompatible model: the model has 8 outputs for 3 labels"],
    ["corrupt weights", async (p) => {
      await saveModelFolder(model, p, metadata);
      await Deno.writeFile(join(p, "weights.bin"), new Uint8Array(10));
    }, "cannot load the model"],
  ];
  for (const [name, make, reason] of cases) {
    await t.step(name, async () => {
      const path = join(dir, name.replaceAll(" ", "-"));
      await make(path);
      const error = await assertRejects(() => loadPredictor(path), ModelFolderError, reason);
      assertEquals(error.dir, path);
    });
  }
  await Deno.remove(dir, { recursive: true });
});
