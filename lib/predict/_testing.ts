/**
 * Test fixtures for prediction: models built on the spot (tiny ones for
 * unit tests, a small one of the real input shape for the CLI and the web
 * page) and WAV files of every kind the CLI must accept or refuse.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { encodeWav } from "../audio/encode_wav.ts";
import { DEFAULT_CONFIG } from "../config/mod.ts";
import { EMOTIONS } from "../dataset/names.ts";
import { clipLogMel } from "../features/clip_log_mel.ts";
import { type ModelFolder, type ModelMetadata, saveModelFolder } from "../model/model_folder.ts";
import { buildSeedCnn } from "../model/seed_cnn.ts";

/**
 * Multiplies the output layer's kernel by `factor`, so that an untrained
 * model gives spread-out probabilities rather than eight near 1/8 (which
 * would make comparisons of probabilities weak).
 */
function sharpen(model: tf.LayersModel, factor: number): void {
  const last = model.layers[model.layers.length - 1];
  const [kernel, bias] = last.getWeights();
  last.setWeights([tf.mul(kernel, factor), bias]);
}

/** A tiny model of 8 kHz, 0.512 s, 16-mel windows: [16, 33, 1] inputs, for unit tests. */
export function tinyModel(options: { offset?: number } = {}): ModelFolder {
  const inputShape: [number, number, number] = [16, 33, 1];
  const model = buildSeedCnn({ widths: [2, 2, 2, 2], inputShape, seed: 1 });
  sharpen(model, 20);
  return {
    model,
    metadata: {
      format: "serlab-model/1",
      labels: [...EMOTIONS],
      inputShape,
      normalization: { mean: -40, std: 20 },
      audio: { sampleRate: 8000, offset: options.offset ?? 0.1, duration: 0.512 },
      features: { ...DEFAULT_CONFIG.features, nFft: 256, hopLength: 128, nMels: 16 },
    },
  };
}

/** A tone, `seconds` long at `rate`, of amplitude `amplitude`. */
export function tone(seconds: number, rate: number, hz = 440, amplitude = 0.3): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / rate) * (1 + 0.5 * Math.sin(n / 900)),
  );
}

/**
 * Saves a model of the default input shape ([128, 130, 1], widths
 * [4, 8, 8, 8], seed 1, sharpened) with the default audio and feature
 * settings; its normalisation comes from the log-mels of `clips` (e.g. two
 * RAVDESS files), or of two tones when none are given.
 *
 * @returns The metadata written.
 */
export async function saveTestModel(dir: string, clips: string[] = []): Promise<ModelMetadata> {
  const mels = clips.length > 0
    ? await Promise.all(clips.map(async (c) => clipLogMel(await Deno.readFile(c)).data))
    : [220, 330].map((hz) => clipLogMel(encodeWav([tone(4, 48000, hz)], 48000)).data);
  let sum = 0, squares = 0, count = 0;
  for (const mel of mels) {
    for (const v of mel) {
      sum += v;
      squares += v * v;
      count++;
    }
  }
  const mean = sum / count;
  const metadata: ModelMetadata = {
    format: "serlab-model/1",
    labels: [...EMOTIONS],
    inputShape: [128, 130, 1],
    normalization: { mean, std: Math.sqrt(squares / count - mean * mean) },
    audio: { ...DEFAULT_CONFIG.audio },
    features: { ...DEFAULT_CONFIG.features },
  };
  const model = buildSeedCnn({ widths: [4, 8, 8, 8], seed: 1 });
  sharpen(model, 6);
  await saveModelFolder(model, dir, metadata);
  model.dispose();
  return metadata;
}

/** Little-endian RIFF/WAVE bytes with any format code and bit depth, for refused encodings. */
export function rawWav(
  format: { code: number; bits: number; channels?: number; rate?: number },
  data: Uint8Array,
): Uint8Array {
  const { code, bits, channels = 1, rate = 8000 } = format;
  const out = new Uint8Array(44 + data.length);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => out[at + i] = c.charCodeAt(0));
  text(0, "RIFF");
  view.setUint32(4, 36 + data.length, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, code, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, (rate * channels * bits) / 8, true);
  view.setUint16(32, (channels * bits) / 8, true);
  view.setUint16(34, bits, true);
  text(36, "data");
  view.setUint32(40, data.length, true);
  out.set(data, 44);
  return out;
}
