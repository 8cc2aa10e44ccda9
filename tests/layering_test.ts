/**
 * Data flows one way through `lib/`: files → audio → features → augment →
 * pipeline → model → train → eval → report. A module may import modules at
 * its own level or below, never one above it (tests and test helpers aside).
 */
import { assertEquals } from "@std/assert";
import { dirname, join, relative, resolve } from "node:path";
import { repoRoot } from "./cli.ts";

/** Lowest first. `backend` sits beside the signal chain, below the model that trains on it. */
const LAYERS = [
  "_fs",
  "_random",
  "_wasm",
  "config",
  "dataset",
  "audio",
  "features",
  "augment",
  "pipeline",
  "backend",
  "model",
  "predict",
  "train",
  "eval",
  "report",
  "sweep",
];

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sources(path);
    else if (/\.ts$/.test(entry.name) && !/(_test|_testing)\.ts$/.test(entry.name)) yield path;
  }
}

function moduleOf(path: string): string | null {
  const rel = relative(join(repoRoot, "lib"), path);
  return rel.startsWith("..") ? null : rel.split(/[\\/]/)[0];
}

Deno.test("lib/ modules import only modules at their level or below", async () => {
  const lib = join(repoRoot, "lib");
  const upward: string[] = [];
  for await (const file of sources(lib)) {
    const from = moduleOf(file)!;
    const text = await Deno.readTextFile(file);
    // Only real import statements: doc examples in comments are not code.
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "");
    for (const match of code.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      const to = moduleOf(resolve(dirname(file), match[1]));
      if (to === null || to === from) continue;
      if (!LAYERS.includes(from) || !LAYERS.includes(to)) {
        upward.push(`${relative(repoRoot, file)} → ${to} (module not in LAYERS)`);
      } else if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
        upward.push(`${relative(repoRoot, file)} imports ${to}, above ${from}`);
      }
    }
  }
  assertEquals(upward, []);
});
