import { assert, assertEquals, assertThrows } from "@std/assert";
import { augmentationLeakage } from "./augmentation_leakage.ts";
import type { ClipSplit, SplitClip } from "./splits.ts";

const EMOTIONS = ["neutral", "calm", "happy", "sad"];

function clips(n: number): SplitClip[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `Actor_${1 + (i % 6)}/${i}.wav`,
    emotion: EMOTIONS[i % 4],
    actor: 1 + (i % 6),
    gender: (i % 6) % 2 === 0 ? "male" : "female",
  }));
}

function byFile(all: SplitClip[]): ClipSplit {
  return {
    train: all.slice(0, 80),
    validation: all.slice(80, 90),
    test: all.slice(90),
    duplicates: [],
  };
}

Deno.test("augmentationLeakage() files first: no test item has a twin in training", () => {
  const { filesFirst } = augmentationLeakage(byFile(clips(100)));
  assertEquals(filesFirst, {
    train: 240,
    validation: 10,
    test: 10,
    testWithTwinInTrain: 0,
    augmentedTest: 0,
    testWithSpeakerInTrain: 10,
  });
});

Deno.test("augmentationLeakage() augment first: most test items have a twin in training", () => {
  const { augmentFirst } = augmentationLeakage(byFile(clips(100)));
  assertEquals(augmentFirst.train + augmentFirst.validation + augmentFirst.test, 300);
  assertEquals(augmentFirst.test, 32); // round(75 × 0.1) per emotion × 4
  // A test item's two other versions are both outside training with odds of about (0.2)² each.
  assert(augmentFirst.testWithTwinInTrain >= 0.8 * augmentFirst.test);
  // About two thirds of the test items are augmented copies.
  assert(augmentFirst.augmentedTest > 0.4 * augmentFirst.test);
  assert(augmentFirst.augmentedTest < 0.9 * augmentFirst.test);
});

Deno.test("augmentationLeakage() is a pure function of the split and the seed", () => {
  const split = byFile(clips(100));
  assertEquals(augmentationLeakage(split), augmentationLeakage(split));
  const shuffled = { ...split, train: [...split.train].reverse() };
  assertEquals(augmentationLeakage(shuffled).augmentFirst, augmentationLeakage(split).augmentFirst);
});

Deno.test("augmentationLeakage() counts byte-identical files as one recording", () => {
  const all = clips(100);
  const split = byFile(all);
  const duplicated = { ...split, duplicates: [[all[0].path, all[95].path]] };
  assertEquals(augmentationLeakage(duplicated).filesFirst.testWithTwinInTrain, 1);
});

Deno.test("augmentationLeakage() with held-out speakers counts none in training", () => {
  const all = clips(120);
  const split: ClipSplit = {
    train: all.filter((c) => c.actor <= 4),
    validation: all.filter((c) => c.actor === 5),
    test: all.filter((c) => c.actor === 6),
    duplicates: [],
  };
  const { filesFirst, augmentFirst } = augmentationLeakage(split);
  assertEquals(filesFirst.testWithSpeakerInTrain, 0);
  assert(augmentFirst.testWithSpeakerInTrain > 0);
});

Deno.test("augmentationLeakage() with one version leaks no twin either way", () => {
  const { filesFirst, augmentFirst } = augmentationLeakage(byFile(clips(100)), {
    versions: ["original"],
  });
  assertEquals([filesFirst.testWithTwinInTrain, augmentFirst.testWithTwinInTrain], [0, 0]);
  assertEquals(augmentFirst.augmentedTest, 0);
});

Deno.test("augmentationLeakage() rejects bad versions", () => {
  assertThrows(
    () => augmentationLeakage(byFile(clips(100)), { versions: [] }),
    RangeError,
    "versions must be non-empty",
  );
});
