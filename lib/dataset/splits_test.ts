import {
  assert,
  assertEquals,
  assertGreater,
  assertLessOrEqual,
  assertNotEquals,
  assertRejects,
  assertThrows,
} from "@std/assert";
import { join } from "node:path";
import { needsRavdess, testWith } from "../../tests/requirements.ts";
import { EMOTIONS } from "./names.ts";
import { type RavdessClip, scanRavdess } from "./scan.ts";
import {
  type ClipSplit,
  SPLIT_PROTOCOLS,
  type SplitClip,
  splitClips,
  type SplitItems,
  type SplitProtocol,
  trainingItems,
} from "./splits.ts";

const SEEDS = [1, 2, 42, 1234, 2024];

/**
 * Writes a RAVDESS-shaped folder: `actors` actors × 60 speech clips, each a
 * small file with distinct bytes, except planted duplicates: a pair within
 * actor 7 (as in the real set) and, unless told not to, a pair across actors 3 and 4.
 */
async function fakeRavdess(actors = 20, crossActorCopy = true): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "serlab_splits_" });
  const two = (n: number) => String(n).padStart(2, "0");
  for (let actor = 1; actor <= actors; actor++) {
    await Deno.mkdir(join(dir, `Actor_${two(actor)}`));
    for (let emotion = 1; emotion <= 8; emotion++) {
      for (const intensity of emotion === 1 ? [1] : [1, 2]) {
        for (const statement of [1, 2]) {
          for (const repetition of [1, 2]) {
            const name = `03-01-${two(emotion)}-${two(intensity)}-${two(statement)}-${
              two(repetition)
            }-${two(actor)}.wav`;
            await Deno.writeTextFile(join(dir, `Actor_${two(actor)}`, name), `bytes of ${name}`);
          }
        }
      }
    }
  }
  const copy = (from: string, to: string) => Deno.copyFile(join(dir, from), join(dir, to));
  if (actors >= 7) {
    await copy("Actor_07/03-01-03-01-02-01-07.wav", "Actor_07/03-01-03-01-02-02-07.wav");
  }
  if (crossActorCopy && actors >= 4) {
    await copy("Actor_03/03-01-05-02-01-01-03.wav", "Actor_04/03-01-05-02-01-01-04.wav");
  }
  return dir;
}

const hashes = new Map<string, Promise<string>>();

function sha256(path: string): Promise<string> {
  let hash = hashes.get(path);
  if (!hash) hashes.set(path, hash = digestFile(path));
  return hash;
}

async function digestFile(path: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await Deno.readFile(path)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Throws when any training item derives from a validation or test file: the
 * same path, the same bytes, or (speaker-independent protocol) the same actor.
 * Also checks that held-out files appear only as originals and that the three
 * subsets partition the clips.
 */
async function assertNoLeak(
  clips: readonly SplitClip[],
  split: ClipSplit,
  items: SplitItems,
  protocol: SplitProtocol,
): Promise<void> {
  const heldOut = [...items.validation, ...items.test];
  for (const item of heldOut) {
    assertEquals(item.version, "original", `${item.path} is held out but augmented`);
  }
  const heldOutPaths = new Set(heldOut.map((i) => i.path));
  const heldOutHashes = new Set(await Promise.all(heldOut.map((i) => sha256(i.path))));
  const heldOutActors = new Set(heldOut.map((i) => i.clip.actor));
  for (const item of items.train) {
    const where = `${item.version} of ${item.path} is in training`;
    assert(!heldOutPaths.has(item.path), `${where}, but the file is held out`);
    assert(
      !heldOutHashes.has(await sha256(item.path)),
      `${where}, but a held-out file has its bytes`,
    );
    if (protocol === "actors") {
      assert(
        !heldOutActors.has(item.clip.actor),
        `${where}, but actor ${item.clip.actor} is held out`,
      );
    }
  }
  const all = [...split.train, ...split.validation, ...split.test].map((c) => c.path).sort();
  assertEquals(all, clips.map((c) => c.path).sort(), "subsets must partition the clips");
}

Deno.test("splitClips() and trainingItems() never leak a held-out file into training, for every protocol", async (t) => {
  const dir = await fakeRavdess();
  try {
    const { clips } = await scanRavdess(dir);
    for (const protocol of SPLIT_PROTOCOLS) {
      for (const seed of SEEDS) {
        await t.step(`${protocol}, seed ${seed}`, async () => {
          const split = await splitClips(clips, { protocol, seed });
          await assertNoLeak(clips, split, trainingItems(split), protocol);
          assertGreater(split.validation.length, 0);
          assertGreater(split.test.length, 0);
        });
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("assertNoLeak() catches the classic mistake of augmenting before splitting", async () => {
  // Proves the leakage check above can fail: shuffle augmented items, then cut.
  const dir = await fakeRavdess(4);
  try {
    const { clips } = await scanRavdess(dir);
    const split = await splitClips(clips, { seed: 1 });
    const items = trainingItems(split);
    const leaky: SplitItems = {
      ...items,
      train: [...items.train, { ...items.test[0], version: "noise" }],
    };
    await assertRejects(
      () => assertNoLeak(clips, split, leaky, "random"),
      Error,
      "but the file is held out",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("splitClips() keeps byte-identical files in one subset and reports them", async (t) => {
  const dir = await fakeRavdess();
  try {
    const { clips } = await scanRavdess(dir);
    for (const protocol of SPLIT_PROTOCOLS) {
      await t.step(protocol, async () => {
        for (const seed of SEEDS) {
          const split = await splitClips(clips, { protocol, seed });
          assertEquals(split.duplicates.length, 2);
          for (const group of split.duplicates) {
            const subsets = group.map((path) =>
              (["train", "validation", "test"] as const).find((s) =>
                split[s].some((c) => c.path === path)
              )
            );
            assertEquals(
              new Set(subsets).size,
              1,
              `${group.join(" and ")} straddle ${subsets.join(", ")}`,
            );
          }
        }
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("splitClips() random protocol is stratified by emotion, 80/10/10", async () => {
  const dir = await fakeRavdess();
  try {
    const { clips } = await scanRavdess(dir);
    const split = await splitClips(clips, { protocol: "random", seed: 3 });
    for (const emotion of EMOTIONS) {
      const n = clips.filter((c) => c.emotion === emotion).length;
      const count = (subset: RavdessClip[]) => subset.filter((c) => c.emotion === emotion).length;
      // A duplicate pair drawn as one unit may overshoot by one file.
      assertLessOrEqual(Math.abs(count(split.test) - Math.round(n * 0.1)), 1, `${emotion} test`);
      assertLessOrEqual(
        Math.abs(count(split.validation) - Math.round(n * 0.1)),
        1,
        `${emotion} validation`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("splitClips() actor protocol holds out whole actors, one man and one woman per subset", async () => {
  const dir = await fakeRavdess(20, false);
  try {
    const { clips } = await scanRavdess(dir);
    for (const seed of SEEDS) {
      const split = await splitClips(clips, { protocol: "actors", seed });
      for (const subset of ["validation", "test"] as const) {
        const actors = [...new Set(split[subset].map((c) => c.actor))];
        assertEquals(actors.length, 2, `${subset} actors with seed ${seed}: ${actors}`);
        assertEquals(new Set(split[subset].map((c) => c.gender)), new Set(["male", "female"]));
        assertEquals(split[subset].length, 2 * 60);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("splitClips() actor protocol holds out actors who share a file together", async () => {
  const dir = await fakeRavdess();
  try {
    const { clips } = await scanRavdess(dir);
    let heldOut = 0;
    for (let seed = 0; seed < 16; seed++) {
      const split = await splitClips(clips, { protocol: "actors", seed });
      const subsetOf = (actor: number) =>
        (["train", "validation", "test"] as const).find((s) =>
          split[s].some((c) => c.actor === actor)
        );
      assertEquals(subsetOf(3), subsetOf(4), `seed ${seed}`);
      if (subsetOf(3) !== "train") heldOut++;
    }
    assertGreater(heldOut, 0, "no seed in 16 held out actors 3 and 4: the case was not exercised");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("splitClips() is reproducible from its seed, whatever the input order", async () => {
  const dir = await fakeRavdess();
  try {
    const { clips } = await scanRavdess(dir);
    const paths = (split: ClipSplit) =>
      [split.validation, split.test].map((s) => s.map((c) => c.path).sort());
    for (const protocol of SPLIT_PROTOCOLS) {
      const a = await splitClips(clips, { protocol, seed: 5 });
      const b = await splitClips([...clips].reverse(), { protocol, seed: 5 });
      const c = await splitClips(clips, { protocol, seed: 6 });
      assertEquals(paths(a), paths(b), protocol);
      assertNotEquals(paths(a), paths(c), protocol);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("splitClips() rejects bad options", async (t) => {
  const dir = await fakeRavdess(2);
  try {
    const { clips } = await scanRavdess(dir);
    const cases: [string, Parameters<typeof splitClips>[1], string][] = [
      ["sum", { fractions: { train: 0.8, validation: 0.1, test: 0.2 } }, "fractions must sum to 1"],
      [
        "negative",
        { fractions: { train: 0.9, validation: -0.1, test: 0.2 } },
        "fractions.validation must be in [0, 1]",
      ],
      [
        "no train",
        { fractions: { train: 0, validation: 0.5, test: 0.5 } },
        "fractions.train must be > 0",
      ],
      [
        "protocol",
        { protocol: "speaker" as SplitProtocol },
        "protocol must be one of random, actors",
      ],
      ["too few actors", { protocol: "actors" }, "no actor is left for training"],
    ];
    for (const [name, options, message] of cases) {
      await t.step(
        name,
        async () => {
          await assertRejects(() => splitClips(clips, options), RangeError, message);
        },
      );
    }
    await t.step("path twice", async () => {
      await assertRejects(
        () => splitClips([clips[0], clips[0]]),
        RangeError,
        "paths must be distinct",
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trainingItems() augments training files only", () => {
  const clip = (path: string): SplitClip => ({ path, emotion: "sad", actor: 2, gender: "female" });
  const split: ClipSplit = {
    train: [clip("a"), clip("b")],
    validation: [clip("c")],
    test: [clip("d")],
    duplicates: [],
  };
  const items = trainingItems(split, ["original", "pitch"]);
  assertEquals(items.train.map((i) => `${i.path}:${i.version}`), [
    "a:original",
    "a:pitch",
    "b:original",
    "b:pitch",
  ]);
  assertEquals(items.validation.map((i) => `${i.path}:${i.version}`), ["c:original"]);
  assertEquals(items.test.map((i) => i.gender), ["female"]);
  assertThrows(
    () => trainingItems(split, []),
    RangeError,
    "versions must be non-empty and distinct",
  );
  assertThrows(
    () => trainingItems(split, ["noise", "noise"]),
    RangeError,
    "versions must be non-empty and distinct",
  );
});

testWith(
  "splitClips() does not leak on the real RAVDESS set, for every protocol",
  needsRavdess(),
  async (dir, t) => {
    const { clips } = await scanRavdess(dir);
    for (const protocol of SPLIT_PROTOCOLS) {
      for (const seed of SEEDS.slice(0, 3)) {
        await t.step(`${protocol}, seed ${seed}`, async () => {
          const split = await splitClips(clips, { protocol, seed });
          await assertNoLeak(clips, split, trainingItems(split), protocol);
          // 80/10/10 within rounding (the actor protocol counts actors, not files).
          assertLessOrEqual(Math.abs(split.test.length / clips.length - 0.1), 0.02);
        });
      }
    }
  },
);
