/**
 * Acceptance of serlab issue 12: a small seed-style CNN trained on a few
 * dozen real RAVDESS clips sees its loss fall, on every path this machine
 * has (native: OpenBLAS through FFI; wasm: portable).
 */
import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertLess } from "@std/assert";
import { join } from "node:path";
import { type BackendPath, initBackend } from "../backend/mod.ts";
import { needsOpenBlas } from "../backend/native/_testing.ts";
import { clipLogMel } from "../features/mod.ts";
import { buildSeedCnn } from "../model/mod.ts";
import { needsBoth, needsRavdess, testWith } from "../../tests/requirements.ts";

const ACTORS = [1, 2, 3, 4, 5];
const EMOTIONS = [1, 2, 3, 4, 5, 6, 7, 8];
const EPOCHS = 15;
const BATCH = 8;

interface ClipSet {
  x: Float32Array;
  labels: number[];
  shape: [number, number, number];
}

let cached: ClipSet | undefined;

/** 40 clips: actors 01-05 × the eight emotions (normal intensity, statement 01, take 01), standardised log-mels. */
async function loadClips(dir: string): Promise<ClipSet> {
  if (cached) return cached;
  const mels: Float32Array[] = [];
  const labels: number[] = [];
  let shape: [number, number, number] = [0, 0, 1];
  for (const actor of ACTORS) {
    for (const emotion of EMOTIONS) {
      const a = String(actor).padStart(2, "0"), e = String(emotion).padStart(2, "0");
      const path = join(dir, `Actor_${a}`, `03-01-${e}-01-01-01-${a}.wav`);
      const mel = clipLogMel(await Deno.readFile(path));
      shape = [mel.nMels, mel.nFrames, 1];
      mels.push(mel.data);
      labels.push(emotion - 1);
    }
  }
  const x = new Float32Array(mels.length * mels[0].length);
  mels.forEach((m, i) => x.set(m, i * m.length));
  let sum = 0, sq = 0;
  for (const v of x) (sum += v, sq += v * v);
  const mean = sum / x.length, std = Math.sqrt(sq / x.length - mean * mean) || 1;
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - mean) / std;
  cached = { x, labels, shape };
  return cached;
}

/** Mean training loss of each epoch, and the tensor count after each. */
async function trainEpochs(clips: ClipSet): Promise<{ losses: number[]; tensors: number[] }> {
  const model = buildSeedCnn({ widths: [16, 32, 32, 32], inputShape: clips.shape, seed: 11 });
  const optimizer = tf.train.adam(5e-3);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const n = clips.labels.length;
  const x = tf.tensor4d(clips.x, [n, ...clips.shape]);
  const y = tf.oneHot(tf.tensor1d(clips.labels, "int32"), 8);
  // A fixed shuffle per epoch, so that every path sees the same batches.
  let seed = 12345;
  const order = Array.from({ length: n }, (_, i) => i);
  const epochs: number[] = [];
  const tensors: number[] = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = n - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    let total = 0;
    for (let b = 0; b < n; b += BATCH) {
      const idx = tf.tensor1d(order.slice(b, b + BATCH), "int32");
      const xb = tf.gather(x, idx), yb = tf.gather(y, idx);
      total += await model.trainOnBatch(xb, yb) as number;
      tf.dispose([idx, xb, yb]);
    }
    epochs.push(total / Math.ceil(n / BATCH));
    tensors.push(tf.memory().numTensors);
  }
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return { losses: epochs, tensors };
}

async function lossFalls(path: BackendPath, dir: string): Promise<void> {
  const clips = await loadClips(dir);
  assertEquals(clips.labels.length, 40);
  assertEquals(clips.shape, [128, 130, 1]);
  const info = await initBackend({ path, log: null });
  assertEquals(info.path, path);
  const { losses, tensors } = await trainEpochs(clips);
  assertEquals(tensors[EPOCHS - 1], tensors[0], `tensor count after each epoch: ${tensors}`);
  assert(losses.every(Number.isFinite), `losses: ${losses}`);
  console.log(`${path}: epoch losses ${losses.map((l) => l.toFixed(3)).join(" ")}`);
  // From above ln 8 ≈ 2.08 in the first epoch to clearly below it by the last three.
  const last3 = (losses[EPOCHS - 1] + losses[EPOCHS - 2] + losses[EPOCHS - 3]) / 3;
  assertLess(last3, 0.8 * losses[0], `${path} epoch losses: ${losses.map((l) => l.toFixed(3))}`);
}

testWith(
  "a small CNN's loss falls on 40 RAVDESS clips on the native path",
  needsBoth(needsRavdess(), needsOpenBlas()),
  async ([dir]) => await lossFalls("native", dir),
);

testWith(
  "a small CNN's loss falls on 40 RAVDESS clips on the wasm path",
  needsRavdess(),
  async (dir) => await lossFalls("wasm", dir),
);
