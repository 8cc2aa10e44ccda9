import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import type { EarlyStoppingState } from "./early_stopping.ts";
import type { ReduceLrState } from "./reduce_lr_on_plateau.ts";
import { exists } from "../_fs/mod.ts";

/** One epoch's figures, as `history.json` holds them. */
export interface EpochLog {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's steps (class-weighted when class weights are on). */
  loss: number;
  /** Mean training accuracy over the epoch's steps (dropout on). */
  accuracy: number;
  /** Cross-entropy on the validation split (unweighted, inference mode). */
  valLoss: number;
  /** Accuracy on the validation split. */
  valAccuracy: number;
  /** The learning rate this epoch trained with. */
  lr: number;
  /** Wall time of the epoch, validation included. */
  seconds: number;
}

/** The JSON part of a checkpoint: every counter and schedule state. */
export interface CheckpointState {
  /** Epochs completed. */
  epoch: number;
  /** Their logs. */
  history: EpochLog[];
  /** The learning-rate schedule's state. */
  schedule: ReduceLrState;
  /** Early stopping's state. */
  stopping: EarlyStoppingState;
  /** True when early stopping ended training at `epoch`. */
  stopped: boolean;
  /** Adam's step count and bias-correction products, exactly as they were (tfjs's setWeights recomputes them with pow, which can differ in the last bit). */
  adam: {
    iterations: number;
    accBeta1: number;
    accBeta2: number;
    names: string[];
    shapes: number[][];
  };
  /** Shapes of the model's weights, in `model.getWeights()` order. */
  weightShapes: number[][];
  /**
   * How randomness is derived: shuffles and dropout masks are pure functions
   * of (seed, epoch, step), so the epoch count is the whole RNG state.
   */
  rng: { scheme: "hash(seed, epoch, step)"; seed: number };
}

/** A checkpoint in memory. */
export interface Checkpoint {
  state: CheckpointState;
  /** The model's weights after `state.epoch` epochs. */
  weights: Float32Array[];
  /** The weights of the best epoch so far. */
  best: Float32Array[];
  /** Adam's first then second moments, in its variable order. */
  moments: Float32Array[];
}

const FOLDER = "checkpoint";

/**
 * Writes a checkpoint into `<dir>/checkpoint/` atomically: everything goes
 * to `checkpoint.tmp/` first, the old checkpoint is moved aside, the new one
 * renamed into place, and the old one removed. An interruption at any point
 * leaves a complete checkpoint (new or old) that {@linkcode readCheckpoint}
 * finds.
 *
 * @param dir The run folder.
 * @param checkpoint What to save.
 */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  const tmp = join(dir, `${FOLDER}.tmp`);
  const old = join(dir, `${FOLDER}.old`);
  const current = join(dir, FOLDER);
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await Deno.mkdir(tmp, { recursive: true });
  await Deno.writeFile(join(tmp, "weights.bin"), concat(checkpoint.weights));
  await Deno.writeFile(join(tmp, "best.bin"), concat(checkpoint.best));
  await Deno.writeFile(join(tmp, "moments.bin"), concat(checkpoint.moments));
  const sizes = {
    weights: checkpoint.weights.map((w) => w.length),
    moments: checkpoint.moments.map((m) => m.length),
  };
  await Deno.writeTextFile(join(tmp, "state.json"), JSON.stringify({ ...checkpoint.state, sizes }));
  // fsync the files' data before the renames make them the checkpoint.
  for (const name of ["weights.bin", "best.bin", "moments.bin", "state.json"]) {
    const file = await Deno.open(join(tmp, name), { read: true, write: true });
    await file.sync();
    file.close();
  }
  await Deno.remove(old, { recursive: true }).catch(() => {});
  if (await exists(current)) await Deno.rename(current, old);
  await Deno.rename(tmp, current);
  await Deno.remove(old, { recursive: true }).catch(() => {});
}

/**
 * Reads the last complete checkpoint of a run folder, or `null` when it has none.
 *
 * @param dir The run folder.
 * @returns The checkpoint, or `null`.
 */
export async function readCheckpoint(dir: string): Promise<Checkpoint | null> {
  for (const name of [FOLDER, `${FOLDER}.old`]) {
    const folder = join(dir, name);
    let text: string;
    try {
      text = await Deno.readTextFile(join(folder, "state.json"));
    } catch {
      continue;
    }
    const { sizes, ...state } = JSON.parse(text) as CheckpointState & {
      sizes: { weights: number[]; moments: number[] };
    };
    return {
      state,
      weights: split(await Deno.readFile(join(folder, "weights.bin")), sizes.weights),
      best: split(await Deno.readFile(join(folder, "best.bin")), sizes.weights),
      moments: split(await Deno.readFile(join(folder, "moments.bin")), sizes.moments),
    };
  }
  return null;
}

/**
 * The current values of a model's weights (trainable and not, e.g. batch
 * norm's moving statistics), copied out of tfjs.
 *
 * @param model The model.
 * @returns One array per weight, in `model.getWeights()` order.
 */
export function modelWeights(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
}

/**
 * Sets a model's weights from arrays of {@linkcode modelWeights}.
 *
 * @param model The model.
 * @param weights One array per weight, in `model.getWeights()` order.
 */
export function setModelWeights(model: tf.LayersModel, weights: Float32Array[]): void {
  const shapes = model.getWeights().map((w) => w.shape);
  const tensors = weights.map((w, i) => tf.tensor(w, shapes[i]));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

function concat(arrays: Float32Array[]): Uint8Array {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return new Uint8Array(out.buffer);
}

function split(bytes: Uint8Array, sizes: number[]): Float32Array[] {
  const all = new Float32Array(bytes.slice().buffer);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (all.length !== total) {
    throw new Error(
      `Cannot read the checkpoint as a weights file holds ${all.length} values, ${total} expected`,
    );
  }
  const out: Float32Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    out.push(all.slice(offset, offset + size));
    offset += size;
  }
  return out;
}
