import {
  assert,
  assertEquals,
  assertGreater,
  assertMatch,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WavFormatError } from "../audio/mod.ts";
import { type ConfigOverrides, type SerlabConfig, withConfig } from "../config/mod.ts";
import type { AugmentVersion } from "../config/mod.ts";
import { computeFeatures, type FeatureItem, type FeatureSet } from "./pipeline.ts";
import { cacheFiles } from "./_cache_testing.ts";
import { writeClips } from "./_clips_testing.ts";

// Short windows keep the suite fast; the pipeline does not care about the length.
const OVERRIDES: ConfigOverrides = { audio: { offset: 0.1, duration: 1 } };

async function withClips(
  count: number,
  fn: (items: FeatureItem[], dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "serlab_pipeline_" });
  try {
    await fn(await writeClips(dir, count), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function config(overrides: ConfigOverrides = {}): SerlabConfig {
  const base = withConfig(OVERRIDES);
  return withConfig(overrides, base);
}

function row(features: FeatureSet, index: number): Uint8Array {
  const size = features.shape[1] * features.shape[2];
  return new Uint8Array(features.data.buffer, index * size * 4, size * 4);
}

function bytes(features: FeatureSet): Uint8Array {
  return new Uint8Array(features.data.buffer);
}

function quiet(): { lines: string[]; onWarning: (line: string) => void } {
  const lines: string[] = [];
  return { lines, onWarning: (line) => lines.push(line) };
}

Deno.test("computeFeatures() gives byte-identical features for a seed, whatever the number of workers", async () => {
  await withClips(6, async (items) => {
    const one = await computeFeatures(items, config(), { workers: 1, cacheDir: null });
    const two = await computeFeatures(items, config(), { workers: 2, cacheDir: null });
    const three = await computeFeatures(items, config(), { workers: 3, cacheDir: null });
    assertEquals(one.shape, [18, 128, 44]);
    assertEquals(one.stats, { computed: 18, cached: 0, corrupt: 0 });
    assertEquals(bytes(two), bytes(one));
    assertEquals(bytes(three), bytes(one));
    // The rows are real, distinct features: no row is all zeros or a copy of another.
    const seen = new Set<string>();
    for (let i = 0; i < items.length; i++) seen.add(row(one, i).join(","));
    assertEquals(seen.size, items.length);
  });
});

Deno.test("computeFeatures() makes different noise for a different seed, and nothing else changes", async () => {
  await withClips(4, async (items) => {
    const a = await computeFeatures(items, config({ augment: { seed: 42 } }), {
      workers: 2,
      cacheDir: null,
    });
    const b = await computeFeatures(items, config({ augment: { seed: 43 } }), {
      workers: 2,
      cacheDir: null,
    });
    items.forEach((item, i) => {
      if (item.version === "noise") assertNotEquals(row(b, i), row(a, i), `noise of ${item.path}`);
      else assertEquals(row(b, i), row(a, i), `${item.version} of ${item.path}`);
    });
  });
});

Deno.test("computeFeatures() returns rows in item order and computes a repeated item once", async () => {
  await withClips(3, async (items) => {
    const forward = await computeFeatures(items, config(), { workers: 2, cacheDir: null });
    const reversed = [...items].reverse();
    const backward = await computeFeatures(reversed, config(), { workers: 2, cacheDir: null });
    assertEquals(backward.items, reversed);
    for (let i = 0; i < items.length; i++) {
      assertEquals(row(backward, i), row(forward, items.length - 1 - i));
    }
    const twice = await computeFeatures([items[1], items[1]], config(), {
      workers: 2,
      cacheDir: null,
    });
    assertEquals(twice.stats.computed, 1);
    assertEquals(row(twice, 0), row(forward, 1));
    assertEquals(row(twice, 1), row(forward, 1));
  });
});

Deno.test("computeFeatures() reports progress up to the total", async () => {
  await withClips(4, async (items) => {
    const seen: number[] = [];
    await computeFeatures(items, config(), {
      workers: 2,
      cacheDir: null,
      onProgress: ({ done, total }) => {
        assertEquals(total, items.length);
        seen.push(done);
      },
    });
    assertEquals(seen.length, 4); // one call per file
    assertEquals(seen.at(-1), items.length);
    assertEquals([...seen].sort((x, y) => x - y), seen);
  });
});

Deno.test("computeFeatures() warm cache does no audio work and returns the same bytes", async () => {
  await withClips(5, async (items, dir) => {
    const cacheDir = join(dir, "cache");
    const reference = await computeFeatures(items, config(), { workers: 2, cacheDir: null });
    const cold = await computeFeatures(items, config(), { workers: 2, cacheDir });
    assertEquals(cold.stats, { computed: 15, cached: 0, corrupt: 0 });
    assertEquals(cacheFiles(cacheDir).length, 15);
    for (const workers of [1, 2]) {
      const warm = await computeFeatures(items, config(), { workers, cacheDir });
      assertEquals(warm.stats, { computed: 0, cached: 15, corrupt: 0 });
      assertEquals(bytes(warm), bytes(reference));
    }
    assertEquals(bytes(cold), bytes(reference));
  });
});

Deno.test("computeFeatures() never returns stale features when a setting changes", async (t) => {
  await withClips(4, async (items, dir) => {
    const cacheDir = join(dir, "cache");
    await computeFeatures(items, config(), { workers: 2, cacheDir });
    const count = (version: AugmentVersion, gender?: string) =>
      items.filter((i) => i.version === version && (gender === undefined || i.gender === gender))
        .length;
    const cases: [string, ConfigOverrides, number][] = [
      ["augment seed: the noise versions", { augment: { seed: 7 } }, count("noise")],
      ["noise factor: the noise versions", { augment: { noiseFactor: 0.05 } }, count("noise")],
      [
        "male semitones: the male pitch versions",
        { augment: { maleSemitones: 2 } },
        count("pitch", "male"),
      ],
      ["fmin: everything", { features: { fmin: 30 } }, items.length],
      ["offset: everything", { audio: { offset: 0.2 } }, items.length],
    ];
    for (const [name, overrides, recomputed] of cases) {
      await t.step(name, async () => {
        const changed = await computeFeatures(items, config(overrides), { workers: 2, cacheDir });
        assertEquals(changed.stats, {
          computed: recomputed,
          cached: items.length - recomputed,
          corrupt: 0,
        });
        const fresh = await computeFeatures(items, config(overrides), {
          workers: 2,
          cacheDir: null,
        });
        assertEquals(bytes(changed), bytes(fresh));
      });
    }
  });
});

Deno.test("computeFeatures() reports a corrupt or truncated entry in one line and recomputes it", async () => {
  await withClips(3, async (items, dir) => {
    const cacheDir = join(dir, "cache");
    const reference = await computeFeatures(items, config(), { workers: 2, cacheDir });
    const entries = cacheFiles(cacheDir).map((name) => join(cacheDir, name));
    const truncated = await Deno.readFile(entries[0]);
    await Deno.writeFile(entries[0], truncated.subarray(0, truncated.length / 2));
    const flipped = await Deno.readFile(entries[1]);
    flipped[flipped.length - 100] ^= 0x40;
    await Deno.writeFile(entries[1], flipped);
    const { lines, onWarning } = quiet();
    const healed = await computeFeatures(items, config(), { workers: 2, cacheDir, onWarning });
    assertEquals(healed.stats, { computed: 2, cached: items.length - 2, corrupt: 2 });
    assertEquals(bytes(healed), bytes(reference));
    assertEquals(lines.length, 2);
    for (const line of lines) {
      assertMatch(
        line,
        /^cache: corrupt entry \S+\.mel \((truncated|checksum mismatch)[^\n]*\); recomputing$/,
      );
    }
    const after = await computeFeatures(items, config(), { workers: 2, cacheDir, onWarning });
    assertEquals(after.stats, { computed: 0, cached: items.length, corrupt: 0 });
  });
});

Deno.test("computeFeatures() killed mid-run leaves no entry a later run reads as complete", async () => {
  await withClips(10, async (items, dir) => {
    const cacheDir = join(dir, "cache");
    const repoConfig = fileURLToPath(new URL("../../deno.json", import.meta.url));
    const program = join(dir, "run.ts");
    await Deno.writeTextFile(
      program,
      `import { computeFeatures } from ${
        JSON.stringify(new URL("./pipeline.ts", import.meta.url).href)
      };
import { withConfig } from ${JSON.stringify(new URL("../config/mod.ts", import.meta.url).href)};
const items = ${JSON.stringify(items)};
await computeFeatures(items, withConfig(${JSON.stringify(OVERRIDES)}), {
  workers: 2,
  cacheDir: ${JSON.stringify(cacheDir)},
  onProgress: ({ done }) => console.log("done", done),
});
console.log("finished");`,
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "--config", repoConfig, program],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    // Kill it with SIGKILL (no clean-up possible) as soon as the first file is done.
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let output = "";
    while (!output.includes("done")) {
      const { value, done } = await reader.read();
      if (done) break;
      output += value;
    }
    child.kill("SIGKILL");
    await child.status;
    await reader.cancel();
    assert(!output.includes("finished"), "the run finished before it could be killed");
    const written = cacheFiles(cacheDir).filter((name) => name.endsWith(".mel")).length;
    assertGreater(written, 0);
    const { lines, onWarning } = quiet();
    const later = await computeFeatures(items, config(), { workers: 2, cacheDir, onWarning });
    assertEquals(later.stats.corrupt, 0, lines.join("\n"));
    assertEquals(later.stats.computed + later.stats.cached, items.length);
    const reference = await computeFeatures(items, config(), { workers: 2, cacheDir: null });
    assertEquals(bytes(later), bytes(reference));
  });
});

Deno.test("computeFeatures() stops when aborted", async () => {
  await withClips(6, async (items) => {
    const controller = new AbortController();
    const reason = new Error("stopped by the test");
    await assertRejects(
      () =>
        computeFeatures(items, config(), {
          workers: 2,
          cacheDir: null,
          signal: controller.signal,
          onProgress: () => controller.abort(reason),
        }),
      Error,
      "stopped by the test",
    );
    controller.abort();
    await assertRejects(
      () => computeFeatures(items, config(), { cacheDir: null, signal: controller.signal }),
      Error,
      "stopped by the test",
    );
  });
});

Deno.test("computeFeatures() rejects with what a callback throws", async () => {
  await withClips(2, async (items) => {
    await assertRejects(
      () =>
        computeFeatures(items, config(), {
          workers: 2,
          cacheDir: null,
          onProgress: () => {
            throw new TypeError("progress display broke");
          },
        }),
      TypeError,
      "progress display broke",
    );
  });
});

Deno.test("computeFeatures() rejects a file that is not a WAV with WavFormatError", async () => {
  await withClips(2, async (items, dir) => {
    const bad = join(dir, "03-01-01-01-01-01-09.wav");
    await Deno.writeTextFile(bad, "not a wav file");
    const error = await assertRejects(
      () =>
        computeFeatures([...items, { path: bad, version: "original", gender: "male" }], config(), {
          cacheDir: null,
        }),
      WavFormatError,
    );
    assertEquals(error.path, bad);
  });
});

Deno.test("computeFeatures() validates its arguments", async () => {
  const item: FeatureItem = { path: "a.wav", version: "original", gender: "male" };
  await assertRejects(
    () => computeFeatures([item], config(), { workers: 0 }),
    RangeError,
    "workers must be an integer >= 1",
  );
  await assertRejects(
    () =>
      computeFeatures([item, { ...item, version: "noise", gender: "female" }], config(), {
        cacheDir: null,
      }),
    TypeError,
    "a.wav must have one gender",
  );
  const none = await computeFeatures([], config(), { cacheDir: null });
  assertEquals(none.shape, [0, 128, 44]);
  assertEquals(none.data.length, 0);
});
