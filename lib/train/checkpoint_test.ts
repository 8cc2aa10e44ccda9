import { assertEquals } from "@std/assert";
import { type Checkpoint, readCheckpoint, writeCheckpoint } from "./checkpoint.ts";

function checkpoint(epoch: number): Checkpoint {
  return {
    state: {
      epoch,
      history: [],
      schedule: { best: 1, wait: 0, lr: 1e-3, cooldownLeft: 0 },
      stopping: { best: 1, wait: 0, bestEpoch: epoch },
      stopped: false,
      adam: { iterations: 10 * epoch, accBeta1: 0.5, accBeta2: 0.9, names: ["a/m"], shapes: [[2]] },
      weightShapes: [[3], [2]],
      rng: { scheme: "hash(seed, epoch, step)", seed: 1 },
    },
    weights: [Float32Array.of(epoch, 2, 3), Float32Array.of(4, 5)],
    best: [Float32Array.of(9, 9, 9), Float32Array.of(8, 8)],
    moments: [Float32Array.of(0.25, epoch)],
  };
}

Deno.test("writeCheckpoint() and readCheckpoint() round-trip, and a newer write replaces the older", async () => {
  const dir = await Deno.makeTempDir();
  assertEquals(await readCheckpoint(dir), null);
  await writeCheckpoint(dir, checkpoint(1));
  assertEquals(await readCheckpoint(dir), checkpoint(1));
  await writeCheckpoint(dir, checkpoint(2));
  assertEquals(await readCheckpoint(dir), checkpoint(2));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("readCheckpoint() falls back to the old checkpoint when a write stopped between its renames", async () => {
  const dir = await Deno.makeTempDir();
  await writeCheckpoint(dir, checkpoint(1));
  // The moment after `checkpoint` was moved aside and before the new one took its place.
  await Deno.rename(`${dir}/checkpoint`, `${dir}/checkpoint.old`);
  await Deno.mkdir(`${dir}/checkpoint.tmp`);
  await Deno.writeTextFile(`${dir}/checkpoint.tmp/state.json`, "{ half");
  assertEquals((await readCheckpoint(dir))?.state.epoch, 1);
  await writeCheckpoint(dir, checkpoint(2));
  assertEquals((await readCheckpoint(dir))?.state.epoch, 2);
  await Deno.remove(dir, { recursive: true });
});
