import {
  assertEquals,
  assertGreater,
  assertMatch,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import {
  type ConfigOverrides,
  DEFAULT_CONFIG,
  type SerlabConfig,
  withConfig,
} from "../config/mod.ts";
import { type CacheReadResult, FeatureCache, type FeatureCacheKey } from "./cache.ts";
import { cacheFiles } from "./_cache_testing.ts";
import { dirname } from "node:path";

const FEATURE = {
  data: Float32Array.from({ length: 128 * 130 }, (_, i) => Math.sin(i) * 40 - 40),
  nMels: 128,
  nFrames: 130,
};

function keyParts(overrides: Partial<FeatureCacheKey> = {}): FeatureCacheKey {
  return {
    contentHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    version: "noise",
    gender: "male",
    clipKey: "03-01-05-01-01-01-01.wav",
    config: withConfig(),
    codeFingerprint: "code-v1",
    ...overrides,
  };
}

async function withCache(
  fn: (cache: FeatureCache, warnings: string[]) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "serlab_cache_" });
  const warnings: string[] = [];
  try {
    await fn(
      new FeatureCache(`${dir}/cache`, { onCorrupt: (line) => warnings.push(line) }),
      warnings,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function assertCorrupt(result: CacheReadResult, reason: RegExp): void {
  assertEquals(result.status, "corrupt");
  if (result.status === "corrupt") assertMatch(result.reason, reason);
}

Deno.test("FeatureCache reads back what it wrote, byte for byte", async () => {
  await withCache(async (cache, warnings) => {
    const key = cache.key(keyParts());
    assertEquals(await cache.read(key), { status: "miss" });
    await cache.write(key, FEATURE);
    const read = await cache.read(key);
    assertEquals(read.status, "hit");
    if (read.status === "hit") {
      assertEquals(new Uint8Array(read.feature.data.buffer), new Uint8Array(FEATURE.data.buffer));
      assertEquals([read.feature.nMels, read.feature.nFrames], [128, 130]);
    }
    assertEquals(warnings, []);
  });
});

Deno.test("FeatureCache.readSync and writeSync agree with read and write, misses and corrupt entries included", async () => {
  await withCache(async (cache, warnings) => {
    const key = cache.key(keyParts());
    assertEquals(cache.readSync(key), { status: "miss" });
    cache.writeSync(key, FEATURE);
    assertEquals(await cache.read(key), cache.readSync(key));
    assertEquals(cache.readSync(key), { status: "hit", feature: FEATURE });
    const other = cache.key(keyParts({ version: "pitch" }));
    await cache.write(other, FEATURE);
    assertEquals(cache.readSync(other), { status: "hit", feature: FEATURE });
    const bytes = Deno.readFileSync(cache.path(key));
    Deno.writeFileSync(cache.path(key), bytes.subarray(0, 100));
    assertCorrupt(cache.readSync(key), /^truncated/);
    assertEquals(warnings.length, 1);
    assertEquals(cacheFiles(cache.dir).filter((name) => name.endsWith(".tmp")), []);
  });
});

Deno.test("FeatureCache detects a truncated entry, reports it in one line, and a rewrite heals it", async () => {
  await withCache(async (cache, warnings) => {
    const key = cache.key(keyParts());
    await cache.write(key, FEATURE);
    const bytes = await Deno.readFile(cache.path(key));
    for (const length of [0, 40, 64, bytes.length - 4]) {
      await Deno.writeFile(cache.path(key), bytes.subarray(0, length));
      assertCorrupt(await cache.read(key), /^truncated/);
    }
    assertEquals(warnings.length, 4);
    for (const line of warnings) {
      assertEquals(line.includes("\n"), false);
      assertMatch(line, /^cache: corrupt entry .*\.mel \(truncated.*\); recomputing$/);
    }
    await cache.write(key, FEATURE);
    assertEquals((await cache.read(key)).status, "hit");
  });
});

Deno.test("FeatureCache detects damaged bytes anywhere in an entry", async (t) => {
  await withCache(async (cache) => {
    const key = cache.key(keyParts());
    await cache.write(key, FEATURE);
    const good = await Deno.readFile(cache.path(key));
    const cases: [string, number, RegExp][] = [
      ["magic", 0, /not a serlab feature cache entry/],
      ["cache version", 8, /cache version/],
      ["shape", 12, /truncated/],
      ["checksum", 20, /checksum mismatch/],
      ["key", 30, /key in the entry differs/],
      ["first value", 64, /checksum mismatch/],
      ["last value", good.length - 1, /checksum mismatch/],
    ];
    for (const [name, offset, reason] of cases) {
      await t.step(name, async () => {
        const bad = good.slice();
        bad[offset] ^= 0x01;
        await Deno.writeFile(cache.path(key), bad);
        assertCorrupt(await cache.read(key), reason);
      });
    }
  });
});

Deno.test("FeatureCache never reads an entry under another key's name", async () => {
  await withCache(async (cache) => {
    const a = cache.key(keyParts());
    const b = cache.key(keyParts({ contentHash: "other" }));
    await cache.write(a, FEATURE);
    await Deno.mkdir(dirname(cache.path(b)), { recursive: true });
    await Deno.copyFile(cache.path(a), cache.path(b));
    assertCorrupt(await cache.read(b), /key in the entry differs/);
  });
});

Deno.test("FeatureCache ignores what an interrupted write leaves behind", async () => {
  await withCache(async (cache, warnings) => {
    const key = cache.key(keyParts());
    const other = cache.key(keyParts({ clipKey: "other.wav" }));
    await cache.write(other, FEATURE);
    // A write killed before its rename leaves only a temporary file, complete or not.
    const whole = await Deno.readFile(cache.path(other));
    await Deno.mkdir(dirname(cache.path(key)), { recursive: true });
    await Deno.writeFile(`${cache.path(key)}.1a2b3c4d.tmp`, whole.subarray(0, 1000));
    await Deno.writeFile(`${cache.path(key)}.5e6f7a8b.tmp`, whole);
    assertEquals(await cache.read(key), { status: "miss" });
    assertEquals(warnings, []);
    // The next write of that key succeeds beside the leftovers.
    await cache.write(key, FEATURE);
    assertEquals((await cache.read(key)).status, "hit");
  });
});

Deno.test("FeatureCache.write() leaves no temporary file behind", async () => {
  await withCache(async (cache) => {
    for (const clipKey of ["a.wav", "b.wav", "c.wav"]) {
      await cache.write(cache.key(keyParts({ clipKey })), FEATURE);
    }
    const names = cacheFiles(cache.dir);
    assertEquals(names.length, 3);
    for (const name of names) assertMatch(name, /^([0-9a-f]{2})\/\1[0-9a-f]{62}\.mel$/);
  });
});

Deno.test("FeatureCache spreads entries over subfolders named by the key's first two digits", async () => {
  await withCache(async (cache) => {
    const keys = Array.from({ length: 40 }, (_, i) => cache.key(keyParts({ clipKey: `${i}.wav` })));
    // Both write paths make their subfolders.
    for (const [i, key] of keys.entries()) {
      if (i % 2) cache.writeSync(key, FEATURE);
      else await cache.write(key, FEATURE);
    }
    const names = cacheFiles(cache.dir);
    assertEquals(names, keys.map((key) => `${key.slice(0, 2)}/${key}.mel`).sort());
    // 40 random keys fall into at least 30 of the 256 folders (all but certain).
    assertGreater(new Set(keys.map((key) => key.slice(0, 2))).size, 30);
    for (const key of keys) assertEquals(cache.readSync(key).status, "hit");
  });
});

Deno.test("FeatureCache.write() rejects data that does not fit its shape", async () => {
  await withCache(async (cache) => {
    const key = cache.key(keyParts());
    await assertRejects(
      () => cache.write(key, { data: new Float32Array(10), nMels: 2, nFrames: 3 }),
      RangeError,
      "data must hold nMels·nFrames = 2·3 values: current value is 10",
    );
  });
});

Deno.test("FeatureCache.key() changes with every setting a version depends on", async (t) => {
  const cache = new FeatureCache("unused");
  const key = (parts: Partial<FeatureCacheKey>, overrides: ConfigOverrides = {}) =>
    cache.key(keyParts({ ...parts, config: withConfig(overrides) }));
  const changes: [string, Partial<FeatureCacheKey>, ConfigOverrides][] = [
    ["content", { contentHash: "0".repeat(64) }, {}],
    ["code", { codeFingerprint: "code-v2" }, {}],
    ["version", { version: "pitch" }, {}],
    ["sampleRate", {}, { audio: { sampleRate: 16000 } }],
    ["offset", {}, { audio: { offset: 0 } }],
    ["duration", {}, { audio: { duration: 2.5 } }],
    ["nFft", {}, { features: { nFft: 1024 } }],
    ["hopLength", {}, { features: { hopLength: 256 } }],
    ["nMels", {}, { features: { nMels: 64 } }],
    ["fmin", {}, { features: { fmin: 20 } }],
    ["fmax", {}, { features: { fmax: 8000 } }],
    ["power", {}, { features: { power: 1 } }],
    ["amin", {}, { features: { amin: 1e-5 } }],
    ["topDb", {}, { features: { topDb: null } }],
    ["noise: noiseFactor", {}, { augment: { noiseFactor: 0.02 } }],
    ["noise: seed", {}, { augment: { seed: 7 } }],
    ["noise: clip key", { clipKey: "other.wav" }, {}],
  ];
  const base = await key({});
  for (const [name, parts, overrides] of changes) {
    await t.step(name, async () => assertNotEquals(await key(parts, overrides), base));
  }
  await t.step("pitch: the semitones of the clip's gender", async () => {
    const male = { version: "pitch", gender: "male" } as const;
    const female = { version: "pitch", gender: "female" } as const;
    assertNotEquals(await key(male, { augment: { maleSemitones: 2 } }), await key(male));
    assertNotEquals(await key(female, { augment: { femaleSemitones: -2 } }), await key(female));
    assertNotEquals(await key(male), await key(female));
  });
});

Deno.test("FeatureCache.key() ignores settings a version does not use, so they do not evict it", async (t) => {
  const cache = new FeatureCache("unused");
  const key = (parts: Partial<FeatureCacheKey>, overrides: ConfigOverrides = {}) =>
    cache.key(keyParts({ ...parts, config: withConfig(overrides) }));
  const same: [string, Partial<FeatureCacheKey>, ConfigOverrides][] = [
    ["original: augment settings", { version: "original" }, {
      augment: { seed: 7, noiseFactor: 0.1, maleSemitones: 1 },
    }],
    [
      "original: clip key and gender",
      { version: "original", clipKey: "x.wav", gender: "female" },
      {},
    ],
    ["pitch: seed and noise", { version: "pitch" }, { augment: { seed: 7, noiseFactor: 0.1 } }],
    ["pitch: the other gender's semitones", { version: "pitch" }, {
      augment: { femaleSemitones: -4 },
    }],
    ["noise: semitones", {}, { augment: { maleSemitones: 4, femaleSemitones: -4 } }],
    ["any: version list", {}, { augment: { versions: ["original"] } }],
    ["any: training, model, data", {}, {
      train: { epochs: 3 },
      model: { dropout: [0.5, 0.5, 0.5, 0.5] },
      data: { cacheDir: "elsewhere" },
    }],
  ];
  for (const [name, parts, overrides] of same) {
    await t.step(name, async () => {
      const reference = { version: parts.version ?? "noise" } as const;
      assertEquals(await key(parts, overrides), await key(reference));
    });
  }
  await t.step("key order in the config", async () => {
    const reordered = structuredClone(DEFAULT_CONFIG) as SerlabConfig;
    reordered.features = Object.fromEntries(
      Object.entries(reordered.features).reverse(),
    ) as SerlabConfig["features"];
    assertEquals(cache.key(keyParts({ config: reordered })), await key({}));
  });
});
