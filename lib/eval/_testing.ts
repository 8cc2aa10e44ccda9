/**
 * Synthetic predictions for the tests of `lib/eval`: RAVDESS-shaped records
 * (24 actors, odd ones male; neutral clips always normal intensity) with a
 * chosen accuracy per gender and float32 probabilities.
 *
 * @module
 */
import { EMOTIONS } from "../dataset/names.ts";
import { mulberry32 } from "../_random/mod.ts";
import type { PredictionRecord } from "./types.ts";

/** Options of {@linkcode syntheticRecords}. */
export interface SyntheticRecordsOptions {
  /** @default {1} */
  seed?: number;
  /** Chance that a man's clip is predicted right. @default {0.75} */
  maleAccuracy?: number;
  /** Chance that a woman's clip is predicted right. @default {0.65} */
  femaleAccuracy?: number;
  /** Sets `fold` on every record. @default {undefined} */
  fold?: number;
}

/** `count` records, actors 1..24 in turn, emotions and mistakes drawn with `seed`. */
export function syntheticRecords(
  count: number,
  options: SyntheticRecordsOptions = {},
): PredictionRecord[] {
  const { seed = 1, maleAccuracy = 0.75, femaleAccuracy = 0.65, fold } = options;
  const random = mulberry32(seed);
  const two = (n: number) => String(n).padStart(2, "0");
  const records: PredictionRecord[] = [];
  for (let i = 0; i < count; i++) {
    const actor = 1 + (i % 24);
    const gender = actor % 2 === 1 ? "male" : "female";
    const k = Math.floor(random() * EMOTIONS.length);
    const intensity = k === 0 || random() < 0.5 ? "normal" : "strong";
    const statement = random() < 0.5 ? 1 : 2;
    const right = random() < (gender === "male" ? maleAccuracy : femaleAccuracy);
    const predictedIndex = right ? k : Math.floor(random() * EMOTIONS.length);
    const weights = EMOTIONS.map((_, j) => random() + (j === predictedIndex ? 8 : 0));
    const total = weights.reduce((a, b) => a + b, 0);
    const record: PredictionRecord = {
      file: `Actor_${two(actor)}/03-01-${two(k + 1)}-${intensity === "normal" ? "01" : "02"}-${
        two(statement)
      }-01-${two(actor)}.wav`,
      actor,
      gender,
      emotion: EMOTIONS[k],
      intensity,
      statement,
      predicted: EMOTIONS[predictedIndex],
      probabilities: weights.map((w) => Math.fround(w / total)),
    };
    if (fold !== undefined) record.fold = fold;
    records.push(record);
  }
  return records;
}

/** A record with only what a test cares about set; the rest are fixed defaults. */
export function record(fields: Partial<PredictionRecord>): PredictionRecord {
  const actor = fields.actor ?? 1;
  return {
    file: "Actor_01/03-01-01-01-01-01-01.wav",
    actor,
    gender: actor % 2 === 1 ? "male" : "female",
    emotion: "neutral",
    intensity: "normal",
    statement: 1,
    predicted: fields.emotion ?? "neutral",
    probabilities: [1, 0, 0, 0, 0, 0, 0, 0],
    ...fields,
  };
}
