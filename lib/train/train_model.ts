import * as tf from "@tensorflow/tfjs";
import { DEFAULT_CONFIG, type ModelConfig, type TrainConfig } from "../config/mod.ts";
import { buildSeedCnn } from "../model/mod.ts";
import { balancedClassWeights } from "./class_weights.ts";
import {
  type Checkpoint,
  type EpochLog,
  modelWeights,
  readCheckpoint,
  setModelWeights,
  writeCheckpoint,
} from "./checkpoint.ts";
import { EarlyStopping } from "./early_stopping.ts";
import { ReduceLrOnPlateau } from "./reduce_lr_on_plateau.ts";
import { hashSeed, shuffledOrder } from "./_seeded.ts";

/** Examples of one split as the model sees them: standardised log-mels and class indices. */
export interface LabelledSet {
  /** Row-major [n, height, width] (the channel axis of 1 is implied). */
  x: Float32Array;
  /** Class index of each example. */
  labels: Int32Array;
  /** [height, width] of one example, e.g. [128, 130]. */
  shape: [number, number];
}

/** Where training is within an epoch, after each step. */
export interface StepProgress {
  /** 1-based epoch. */
  epoch: number;
  /** Most epochs this run can take. */
  epochs: number;
  /** Steps done in this epoch. */
  step: number;
  /** Steps in an epoch. */
  steps: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Mean training accuracy of the epoch so far. */
  accuracy: number;
}

/** Options of {@linkcode trainModel}. */
export interface TrainModelOptions {
  /** Model settings. @default {DEFAULT_CONFIG.model} */
  model?: ModelConfig;
  /** Training settings. @default {DEFAULT_CONFIG.train} */
  train?: TrainConfig;
  /** Called after every step (e.g. to drive a progress bar). @default {undefined} */
  onStep?: (progress: StepProgress) => void;
  /** Called after every epoch, once its checkpoint is written. @default {undefined} */
  onEpoch?: (log: EpochLog) => void | Promise<void>;
  /** Stops training between two steps; the promise rejects with the signal's reason, the last checkpoint stays. @default {undefined} */
  signal?: AbortSignal;
  /** Run folder to write a checkpoint into at each epoch's end; `null` writes none. @default {null} */
  checkpointDir?: string | null;
  /** Continue from the checkpoint in `checkpointDir` (a fresh start when there is none). @default {false} */
  resume?: boolean;
}

/** What {@linkcode trainModel} returns. */
export interface TrainResult {
  /** The model with the best epoch's weights. */
  model: tf.LayersModel;
  /** One log per epoch run. */
  history: EpochLog[];
  /** The 1-based epoch whose weights the model holds (lowest validation loss). */
  bestEpoch: number;
  /** True when early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
  /** The epoch training started from: 0, or the checkpoint's epoch on resume. */
  resumedFrom: number;
}

interface AdamInternals {
  learningRate: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  iterations: number;
}

/**
 * Trains the seed CNN: Adam, seeded shuffling, balanced class weights,
 * ReduceLROnPlateau and early stopping on the validation loss, restoring the
 * best epoch's weights at the end. The batch loop is serlab's own: batches
 * are built from `x` in JavaScript rather than with `tf.gather`, which reads
 * the whole input tensor on tfjs's CPU backends (~600 ms a step on the
 * "3x" set against ~0 here).
 *
 * A run is a pure function of its inputs, settings and backend path: every
 * shuffle and dropout mask derives from (seed, epoch, step), and a
 * checkpoint holds weights, Adam's moments and counters, the schedule and
 * early-stopping state, so a resumed run ends bit-identical to one never
 * interrupted (same path and thread count).
 *
 * @param train The training examples.
 * @param validation The validation examples (the schedule and early stopping watch their loss).
 * @param options Settings, callbacks, cancellation and checkpoints.
 * @returns The trained model (best epoch) and its history.
 * @throws {RangeError} Empty training or validation data, or labels outside the classes.
 *
 * @example A tiny model on random data
 * ```ts
 * import { trainModel } from "./train_model.ts";
 * import { DEFAULT_CONFIG } from "../config/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const set = (n: number) => ({
 *   x: Float32Array.from({ length: n * 16 * 16 }, (_, i) => Math.sin(i)),
 *   labels: Int32Array.from({ length: n }, (_, i) => i % 8),
 *   shape: [16, 16] as [number, number],
 * });
 * const result = await trainModel(set(32), set(8), {
 *   model: { ...DEFAULT_CONFIG.model, widths: [2, 2, 2, 2] },
 *   train: { ...DEFAULT_CONFIG.train, epochs: 2, batchSize: 16 },
 * });
 * assertEquals(result.history.length, 2);
 * result.model.dispose();
 * ```
 */
export async function trainModel(
  train: LabelledSet,
  validation: LabelledSet,
  options: TrainModelOptions = {},
): Promise<TrainResult> {
  const {
    model: modelConfig = DEFAULT_CONFIG.model,
    train: config = DEFAULT_CONFIG.train,
    onStep,
    onEpoch,
    signal,
    checkpointDir = null,
    resume = false,
  } = options;
  const nClasses = modelConfig.nClasses;
  checkSet("training", train, nClasses);
  checkSet("validation", validation, nClasses);
  signal?.throwIfAborted();

  const [height, width] = train.shape;
  const model = buildSeedCnn({ ...modelConfig, inputShape: [height, width, 1], seed: config.seed });
  const optimizer = tf.train.adam(config.learningRate);
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const adam = optimizer as unknown as AdamInternals;
  const dropouts = model.layers.filter((layer) =>
    layer.getClassName() === "Dropout"
  ) as unknown as {
    seed?: number;
  }[];
  const weights = config.classWeights
    ? balancedClassWeights(Array.from(train.labels), nClasses)
    : new Array<number>(nClasses).fill(1);
  const schedule = new ReduceLrOnPlateau(config.learningRate, config.lrSchedule);
  const stopping = new EarlyStopping(config.earlyStopping);
  let history: EpochLog[] = [];
  let best = modelWeights(model);
  let start = 0;
  let stopped = false;

  const saved = resume && checkpointDir !== null ? await readCheckpoint(checkpointDir) : null;
  if (saved) {
    setModelWeights(model, saved.weights);
    best = saved.best;
    await restoreAdam(optimizer, saved);
    schedule.state = { ...saved.state.schedule };
    stopping.restore(saved.state.stopping, saved.state.epoch);
    history = [...saved.state.history];
    start = saved.state.epoch;
    stopped = saved.state.stopped;
    adam.learningRate = schedule.state.lr;
  }
  const resumedFrom = start;

  const n = train.labels.length;
  const size = height * width;
  const steps = Math.ceil(n / config.batchSize);
  for (let epoch = start + 1; epoch <= config.epochs && !stopped; epoch++) {
    const t0 = performance.now();
    const lr = adam.learningRate;
    const order = shuffledOrder(n, hashSeed(config.seed, epoch));
    let lossSum = 0, accSum = 0, seen = 0;
    for (let step = 0; step < steps; step++) {
      signal?.throwIfAborted();
      const rows = order.subarray(step * config.batchSize, (step + 1) * config.batchSize);
      const xb = new Float32Array(rows.length * size);
      const yb = new Float32Array(rows.length * nClasses);
      rows.forEach((row, i) => {
        xb.set(train.x.subarray(row * size, (row + 1) * size), i * size);
        const label = train.labels[row];
        // A one-hot target scaled by the class weight: cross-entropy is linear in the target.
        yb[i * nClasses + label] = weights[label];
      });
      dropouts.forEach((layer, i) => (layer.seed = hashSeed(config.seed, epoch, step, i + 1)));
      const x = tf.tensor4d(xb, [rows.length, height, width, 1]);
      const y = tf.tensor2d(yb, [rows.length, nClasses]);
      const [loss, accuracy] = await model.trainOnBatch(x, y) as number[];
      tf.dispose([x, y]);
      lossSum += loss * rows.length;
      accSum += accuracy * rows.length;
      seen += rows.length;
      onStep?.({
        epoch,
        epochs: config.epochs,
        step: step + 1,
        steps,
        loss: lossSum / seen,
        accuracy: accSum / seen,
      });
    }
    const val = evaluateLoss(model, validation, config.batchSize * 2);
    const decision = stopping.onEpochEnd(val.loss);
    if (decision.isBest) best = modelWeights(model);
    adam.learningRate = schedule.onEpochEnd(val.loss);
    stopped = decision.stop;
    const log: EpochLog = {
      epoch,
      loss: lossSum / seen,
      accuracy: accSum / seen,
      valLoss: val.loss,
      valAccuracy: val.accuracy,
      lr,
      seconds: (performance.now() - t0) / 1000,
    };
    history.push(log);
    if (checkpointDir !== null) {
      await writeCheckpoint(checkpointDir, {
        state: {
          epoch,
          history,
          schedule: { ...schedule.state },
          stopping: { ...stopping.state },
          stopped,
          adam: await adamCounters(optimizer),
          weightShapes: model.getWeights().map((w) => w.shape),
          rng: { scheme: "hash(seed, epoch, step)", seed: config.seed },
        },
        weights: modelWeights(model),
        best,
        moments: await adamMoments(optimizer),
      });
    }
    await onEpoch?.(log);
  }
  setModelWeights(model, best);
  optimizer.dispose();
  return {
    model,
    history,
    bestEpoch: stopping.state.bestEpoch,
    stoppedEarly: stopped && history.length < config.epochs,
    resumedFrom,
  };
}

/**
 * Class probabilities of every example, in batches, in inference mode.
 *
 * @param model A trained model.
 * @param set The examples (labels are not read).
 * @param batchSize Examples per forward pass. @default {64}
 * @returns Row-major [n, classes].
 */
export function predictProbabilities(
  model: tf.LayersModel,
  set: Pick<LabelledSet, "x" | "shape">,
  batchSize = 64,
): Float32Array {
  const [height, width] = set.shape;
  const size = height * width;
  const n = set.x.length / size;
  const nClasses = (model.outputs[0].shape[1] ?? 0) as number;
  const out = new Float32Array(n * nClasses);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const x = tf.tensor4d(set.x.slice(start * size, (start + count) * size), [
      count,
      height,
      width,
      1,
    ]);
    const y = model.predict(x) as tf.Tensor;
    out.set(y.dataSync() as Float32Array, start * nClasses);
    tf.dispose([x, y]);
  }
  return out;
}

function evaluateLoss(
  model: tf.LayersModel,
  set: LabelledSet,
  batchSize: number,
): { loss: number; accuracy: number } {
  const probabilities = predictProbabilities(model, set, batchSize);
  const k = probabilities.length / set.labels.length;
  let loss = 0, correct = 0;
  set.labels.forEach((label, i) => {
    const row = probabilities.subarray(i * k, (i + 1) * k);
    // tfjs clips probabilities to [1e-7, 1 − 1e-7] in its cross-entropy; so does this.
    loss -= Math.log(Math.min(Math.max(row[label], 1e-7), 1 - 1e-7));
    let arg = 0;
    for (let c = 1; c < k; c++) if (row[c] > row[arg]) arg = c;
    if (arg === label) correct++;
  });
  return { loss: loss / set.labels.length, accuracy: correct / set.labels.length };
}

async function adamCounters(optimizer: tf.Optimizer): Promise<Checkpoint["state"]["adam"]> {
  const adam = optimizer as unknown as AdamInternals;
  const weights = await optimizer.getWeights();
  const out = {
    iterations: adam.iterations,
    accBeta1: adam.accBeta1.dataSync()[0],
    accBeta2: adam.accBeta2.dataSync()[0],
    names: weights.slice(1).map((w) => w.name),
    shapes: weights.slice(1).map((w) => w.tensor.shape),
  };
  return out;
}

async function adamMoments(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const weights = await optimizer.getWeights();
  tf.dispose(weights[0].tensor);
  return weights.slice(1).map((w) => (w.tensor.dataSync() as Float32Array).slice());
}

async function restoreAdam(optimizer: tf.Optimizer, saved: Checkpoint): Promise<void> {
  const { iterations, accBeta1, accBeta2, names, shapes } = saved.state.adam;
  const iter = tf.scalar(iterations, "int32");
  const moments = saved.moments.map((m, i) => tf.tensor(m, shapes[i]));
  await optimizer.setWeights([
    { name: "iter", tensor: iter },
    ...moments.map((tensor, i) => ({ name: names[i], tensor })),
  ]);
  tf.dispose([iter, ...moments]);
  const adam = optimizer as unknown as AdamInternals;
  adam.accBeta1.assign(tf.scalar(accBeta1));
  adam.accBeta2.assign(tf.scalar(accBeta2));
}

function checkSet(name: string, set: LabelledSet, nClasses: number): void {
  const n = set.labels.length;
  if (n === 0) {
    throw new RangeError(
      `Cannot train as the ${name} set must not be empty: current value is 0 examples`,
    );
  }
  if (set.x.length !== n * set.shape[0] * set.shape[1]) {
    throw new RangeError(
      `Cannot train as the ${name} set's x must hold ${n} × ${
        set.shape.join(" × ")
      } values: current value is ${set.x.length}`,
    );
  }
  for (const label of set.labels) {
    if (!(label >= 0 && label < nClasses)) {
      throw new RangeError(
        `Cannot train as ${name} labels must be in [0, ${nClasses}): current value is ${label}`,
      );
    }
  }
}
