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

/** The seed's 4-block 2D CNN. */
export interface ModelConfig {
  /** Filters of each [conv 3x3 same, BatchNorm, ReLU, max-pool 2, dropout] block. @default {[32, 64, 128, 256]} */
  widths: number[];
  /** Dropout rate after each block. @default {0.25} */
  dropout: number;
  /** Number of emotion classes. @default {8} */
  nClasses: number;
}

/** Training settings. */
export interface TrainConfig {
  /** Examples per step. @default {32} */
  batchSize: number;
  /** Adam learning rate. @default {0.001} */
  learningRate: number;
  /** Passes over the training set. @default {30} */
  epochs: number;
  /** Seed for weight init and shuffling. @default {42} */
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
    seed: 42,
  },
  data: {
    ravdessDir: "data/ravdess",
    cacheDir: "data/cache",
    url: "https://zenodo.org/records/1188976/files/Audio_Speech_Actors_01-24.zip?download=1",
  },
  model: { widths: [32, 64, 128, 256], dropout: 0.25, nClasses: 8 },
  train: { batchSize: 32, learningRate: 0.001, epochs: 30, seed: 42 },
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
