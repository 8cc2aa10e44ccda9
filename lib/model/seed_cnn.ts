import * as tf from "@tensorflow/tfjs";
import { DEFAULT_CONFIG, type ModelConfig } from "../config/mod.ts";

/** Options of {@linkcode buildSeedCnn}. */
export interface SeedCnnOptions extends Partial<ModelConfig> {
  /** Input shape [mels, frames, channels]. @default {[128, 130, 1]} */
  inputShape?: [number, number, number];
  /** Seed of the kernel initialisers, for repeatable runs. @default {undefined} */
  seed?: number;
}

/**
 * Builds the seed project's CNN: 4 × [conv 3×3 same, BatchNorm, ReLU,
 * max-pool 2, dropout], global average pooling, dense softmax. Identical in
 * structure to `../shared/bench/torch_bench.py`'s model.
 *
 * @param options Widths, dropout, classes and input shape.
 * @returns An uncompiled `tf.Sequential`.
 *
 * @example Output shape
 * ```ts
 * import { buildSeedCnn } from "./seed_cnn.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const model = buildSeedCnn({ widths: [4, 8, 8, 8], inputShape: [32, 32, 1] });
 * assertEquals(model.outputs[0].shape, [null, 8]);
 * ```
 */
export function buildSeedCnn(options: SeedCnnOptions = {}): tf.Sequential {
  const {
    widths = DEFAULT_CONFIG.model.widths,
    dropout = DEFAULT_CONFIG.model.dropout,
    nClasses = DEFAULT_CONFIG.model.nClasses,
    inputShape = [128, 130, 1],
    seed,
  } = options;
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
    model.add(tf.layers.dropout({ rate: dropout }));
  });
  model.add(tf.layers.globalAveragePooling2d({}));
  model.add(tf.layers.dense({
    units: nClasses,
    activation: "softmax",
    kernelInitializer: init(widths.length),
  }));
  return model;
}
