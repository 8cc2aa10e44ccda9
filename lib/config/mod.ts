/**
 * Every default serlab uses, in one typed object. CLIs and notebooks start
 * from {@linkcode DEFAULT_CONFIG} and override fields with
 * {@linkcode withConfig}; nothing else in `lib/` hard-codes a setting that
 * a researcher might want to change.
 *
 * Feature defaults equal librosa 0.10.2's (`librosa.load` at 22050 Hz,
 * `melspectrogram` with n_fft 2048, hop 512, 128 Slaney mels,
 * `power_to_db(ref=np.max, amin=1e-10, top_db=80)`).
 *
 * @example Override one field
 * ```ts
 * import { DEFAULT_CONFIG, withConfig } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const config = withConfig({ audio: { offset: 0 } });
 * assertEquals(config.audio.offset, 0);
 * assertEquals(config.audio.sampleRate, DEFAULT_CONFIG.audio.sampleRate);
 * ```
 *
 * @module
 */

/** serlab's version, recorded in every run folder. */
export const SERLAB_VERSION = "0.4.0";

/** How a clip is turned into a fixed-length mono signal. */
export interface AudioConfig {
  /** Target sample rate in Hz. @default {22050} */
  sampleRate: number;
  /** Start of the window in seconds (RAVDESS clips open with silence). @default {0.5} */
  offset: number;
  /** Window length in seconds; shorter clips are zero-padded at the end. @default {3.0} */
  duration: number;
}

/** Log-mel settings (librosa 0.10 `melspectrogram` + `power_to_db`). */
export interface FeatureConfig {
  /** FFT size in samples. @default {2048} */
  nFft: number;
  /** Hop between frames in samples. @default {512} */
  hopLength: number;
  /** Number of mel bands. @default {128} */
  nMels: number;
  /** Lowest mel edge in Hz. @default {0} */
  fmin: number;
  /** Highest mel edge in Hz; `null` means sampleRate / 2. @default {null} */
  fmax: number | null;
  /** Exponent of the magnitude spectrogram. @default {2} */
  power: number;
  /** Floor before the logarithm. @default {1e-10} */
  amin: number;
  /** Dynamic range kept below the peak, in dB; `null` keeps all. @default {80} */
  topDb: number | null;
}

/** The "3x" augmentation of the seed project. */
export interface AugmentConfig {
  /** Which versions of each training clip to produce. @default {["original", "noise", "pitch"]} */
  versions: AugmentVersion[];
  /** White-noise amplitude as a fraction of the clip's peak, times U(0,1) per clip. @default {0.035} */
  noiseFactor: number;
  /** Semitones for male voices (odd actors). @default {2.5} */
  maleSemitones: number;
  /** Semitones for female voices (even actors). @default {-2.5} */
  femaleSemitones: number;
  /**
   * The seed's gender rule: male voices shifted by `maleSemitones`, female by
   * `femaleSemitones`. `false` shifts every voice by `maleSemitones` (one
   * direction for all: the rule's ablation). @default {true}
   */
  pitchByGender: boolean;
  /** Seed of the augmentation random generator. @default {42} */
  seed: number;
}

/** A version of a clip in the augmented training set. */
export type AugmentVersion = "original" | "noise" | "pitch";

/** Where data lives. */
export interface DataConfig {
  /** Folder holding `Actor_NN/*.wav`. @default {"data/ravdess"} */
  ravdessDir: string;
  /** Feature cache folder. @default {"data/cache"} */
  cacheDir: string;
  /** Official source of the speech set (Zenodo record 1188976). */
  url: string;
}

/** How the last conv block becomes class scores. */
export type ModelHead = "gap" | "flatten";

/** The seed's 4-block 2D CNN. */
export interface ModelConfig {
  /** Filters of each [conv 3x3 same, BatchNorm, ReLU, max-pool 2, dropout] block. @default {[32, 64, 128, 256]} */
  widths: number[];
  /** Dropout rate after each block, one per block (the seed's range is 0.2–0.5). @default {[0.25, 0.25, 0.25, 0.25]} */
  dropout: number[];
  /**
   * `"gap"`: global average pooling, then dense softmax. `"flatten"`: flatten,
   * dense(`denseUnits`, ReLU), dropout(`headDropout`), dense softmax (the
   * usual Keras head of seed-style CNNs). @default {"gap"}
   */
  head: ModelHead;
  /** Units of the `"flatten"` head's hidden dense layer. @default {256} */
  denseUnits: number;
  /** Dropout before the `"flatten"` head's output layer. @default {0.5} */
  headDropout: number;
  /** Number of emotion classes. @default {8} */
  nClasses: number;
}

/** Keras-style ReduceLROnPlateau on the validation loss. */
export interface LrScheduleConfig {
  /** Off: the learning rate stays at `learningRate`. @default {true} */
  enabled: boolean;
  /** New rate = rate × factor, in (0, 1). @default {0.5} */
  factor: number;
  /** Epochs without improvement before a cut. @default {3} */
  patience: number;
  /** Epochs after a cut before waiting starts again. @default {0} */
  cooldown: number;
  /** Floor of the rate. @default {1e-5} */
  minLr: number;
  /** A fall of the loss smaller than this is no improvement. @default {1e-4} */
  minDelta: number;
}

/** Keras-style EarlyStopping on the validation loss, always restoring the best weights. */
export interface EarlyStoppingConfig {
  /** Off: all `epochs` run, and the best epoch's weights are still restored. @default {true} */
  enabled: boolean;
  /** Epochs without improvement before stopping. @default {8} */
  patience: number;
  /** A fall of the loss smaller than this is no improvement. @default {1e-4} */
  minDelta: number;
}

/** Training settings. */
export interface TrainConfig {
  /** Examples per step. @default {32} */
  batchSize: number;
  /** Adam learning rate at the start. @default {0.001} */
  learningRate: number;
  /** Most passes over the training set (early stopping may end sooner). @default {50} */
  epochs: number;
  /** Balanced class weights n / (k · count) in the loss. @default {true} */
  classWeights: boolean;
  /** The learning-rate schedule. */
  lrSchedule: LrScheduleConfig;
  /** Early stopping. */
  earlyStopping: EarlyStoppingConfig;
  /** Seed for weight init, shuffling and dropout. @default {42} */
  seed: number;
}

/** Split protocols of `deno task train`. */
export type Protocol = "random" | "actors";

/** How files are split into train, validation and test. */
export interface SplitConfig {
  /**
   * `"random"`: stratified by emotion, by file (the seed's experiment, made
   * leak-free). `"actors"`: speaker-independent, whole actors held out.
   * @default {"random"}
   */
  protocol: Protocol;
  /** Fractions of files (`random`) or actors (`actors`). @default {{ train: 0.8, validation: 0.1, test: 0.1 }} */
  fractions: { train: number; validation: number; test: number };
  /** Validation actors per fold of a k-fold run (half men, half women). @default {2} */
  foldValidationActors: number;
  /** Seed of the draw. @default {42} */
  seed: number;
}

/** Everything serlab can be told. */
export interface SerlabConfig {
  audio: AudioConfig;
  features: FeatureConfig;
  augment: AugmentConfig;
  data: DataConfig;
  model: ModelConfig;
  train: TrainConfig;
  split: SplitConfig;
}

/** The defaults. Frozen: derive a changed copy with {@linkcode withConfig}. */
export const DEFAULT_CONFIG: Readonly<SerlabConfig> = deepFreeze({
  audio: { sampleRate: 22050, offset: 0.5, duration: 3.0 },
  features: {
    nFft: 2048,
    hopLength: 512,
    nMels: 128,
    fmin: 0,
    fmax: null,
    power: 2,
    amin: 1e-10,
    topDb: 80,
  },
  augment: {
    versions: ["original", "noise", "pitch"],
    noiseFactor: 0.035,
    maleSemitones: 2.5,
    femaleSemitones: -2.5,
    pitchByGender: true,
    seed: 42,
  },
  data: {
    ravdessDir: "data/ravdess",
    cacheDir: "data/cache",
    url: "https://zenodo.org/records/1188976/files/Audio_Speech_Actors_01-24.zip?download=1",
  },
  model: {
    widths: [32, 64, 128, 256],
    dropout: [0.25, 0.25, 0.25, 0.25],
    head: "gap",
    denseUnits: 256,
    headDropout: 0.5,
    nClasses: 8,
  },
  train: {
    batchSize: 32,
    learningRate: 0.001,
    epochs: 50,
    classWeights: true,
    lrSchedule: {
      enabled: true,
      factor: 0.5,
      patience: 3,
      cooldown: 0,
      minLr: 1e-5,
      minDelta: 1e-4,
    },
    earlyStopping: { enabled: true, patience: 8, minDelta: 1e-4 },
    seed: 42,
  },
  split: {
    protocol: "random",
    fractions: { train: 0.8, validation: 0.1, test: 0.1 },
    foldValidationActors: 2,
    seed: 42,
  },
});

/** A partial config: any subset of any section. */
export type ConfigOverrides = { [K in keyof SerlabConfig]?: Partial<SerlabConfig[K]> };

/**
 * Returns a new config: the defaults (or `base`) with `overrides` applied per section.
 *
 * @param overrides Fields to change, by section.
 * @param base The config to start from. @default {DEFAULT_CONFIG}
 * @returns A complete, independent config.
 */
export function withConfig(
  overrides: ConfigOverrides = {},
  base: Readonly<SerlabConfig> = DEFAULT_CONFIG,
): SerlabConfig {
  const copy = structuredClone(base) as SerlabConfig;
  for (const key of Object.keys(overrides) as (keyof SerlabConfig)[]) {
    Object.assign(copy[key], structuredClone(overrides[key]));
  }
  return copy;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
