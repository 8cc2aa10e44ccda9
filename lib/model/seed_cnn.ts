import * as tf from "@tensorflow/tfjs";
import { DEFAULT_CONFIG, type ModelConfig } from "../config/mod.ts";

/** Options of {@linkcode buildSeedCnn}. */
export interface SeedCnnOptions extends Partial<Omit<ModelConfig, "dropout">> {
  /** Dropout after each block: one rate per block, or one rate for all. @default {[0.25, 0.25, 0.25, 0.25]} */
  dropout?: number | number[];
  /** Input shape [mels, frames, channels]. @default {[128, 130, 1]} */
  inputShape?: [number, number, number];
  /** Seed of the kernel initialisers, for repeatable runs. @default {undefined} */
  seed?: number;
}

/**
 * Builds the seed project's CNN: 4 × [conv 3×3 same, BatchNorm, ReLU,
 * max-pool 2, dropout], then a head: global average pooling + dense softmax
 * (`"gap"`, as `../shared/bench/torch_bench.py`'s model), or flatten +
 * dense(ReLU) + dropout + dense softmax (`"flatten"`).
 *
 * @param options Widths, dropout per block, head, classes and input shape.
 * @returns An uncompiled `tf.Sequential`.
 * @throws {RangeError} `dropout` does not give one rate in [0, 1) per block.
 *
 * @example Output shape of both heads
 * ```ts
 * import { buildSeedCnn } from "./seed_cnn.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const small = { widths: [4, 8, 8, 8], dropout: [0.2, 0.3, 0.4, 0.5], inputShape: [32, 32, 1] as [number, number, number] };
 * assertEquals(buildSeedCnn(small).outputs[0].shape, [null, 8]);
 * const flat = buildSeedCnn({ ...small, head: "flatten", denseUnits: 16 });
 * assertEquals(flat.outputs[0].shape, [null, 8]);
 * ```
 */
export function buildSeedCnn(options: SeedCnnOptions = {}): tf.Sequential {
  const {
    widths = DEFAULT_CONFIG.model.widths,
    dropout: dropoutOption = DEFAULT_CONFIG.model.dropout,
    head = DEFAULT_CONFIG.model.head,
    denseUnits = DEFAULT_CONFIG.model.denseUnits,
    headDropout = DEFAULT_CONFIG.model.headDropout,
    nClasses = DEFAULT_CONFIG.model.nClasses,
    inputShape = [128, 130, 1],
    seed,
  } = options;
  const dropout = typeof dropoutOption === "number"
    ? widths.map(() => dropoutOption)
    : dropoutOption;
  if (dropout.length !== widths.length || !dropout.every((r) => r >= 0 && r < 1)) {
    throw new RangeError(
      `Cannot build the CNN as dropout must give one rate in [0, 1) per block: current value is ${
        JSON.stringify(dropout)
      } for ${widths.length} blocks`,
    );
  }
  const init = (i: number) =>
    seed === undefined ? "glorotUniform" : tf.initializers.glorotUniform({ seed: seed + i });
  const model = tf.sequential();
  widths.forEach((filters, i) => {
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape } : {}),
      filters,
      kernelSize: 3,
      padding: "same",
      kernelInitializer: init(i),
    }));
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.reLU());
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.dropout({ rate: dropout[i] }));
  });
  if (head === "flatten") {
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({
      units: denseUnits,
      activation: "relu",
      kernelInitializer: init(widths.length + 1),
    }));
    model.add(tf.layers.dropout({ rate: headDropout }));
  } else {
    model.add(tf.layers.globalAveragePooling2d({}));
  }
  model.add(tf.layers.dense({
    units: nClasses,
    activation: "softmax",
    kernelInitializer: init(widths.length),
  }));
  return model;
}
