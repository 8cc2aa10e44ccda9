/**
 * The eight RAVDESS emotions, in the order of their codes 01..08. This is
 * serlab's class-label order: a model's output `i` is `EMOTIONS[i]`, which
 * is the emotion with code `i + 1`.
 *
 * @example Class index from an emotion code
 * ```ts
 * import { EMOTIONS } from "./names.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(EMOTIONS.length, 8);
 * assertEquals(EMOTIONS[5 - 1], "angry");
 * assertEquals(EMOTIONS.indexOf("surprised"), 7);
 * ```
 */
export const EMOTIONS = [
  "neutral",
  "calm",
  "happy",
  "sad",
  "angry",
  "fearful",
  "disgust",
  "surprised",
] as const;

/** One of the eight RAVDESS emotion labels. */
export type Emotion = typeof EMOTIONS[number];

/** Emotional intensity: code 01 is normal, 02 strong. */
export type Intensity = "normal" | "strong";

/** Actor gender: odd actors are male, even actors female. */
export type Gender = "male" | "female";

/** What a RAVDESS speech file name says about its clip. */
export interface RavdessName {
  /** Field 1, always code 03 for the clips serlab reads. */
  modality: "audio-only";
  /** Field 2, always code 01 for the clips serlab reads. */
  vocalChannel: "speech";
  /** Field 3 as a label. */
  emotion: Emotion;
  /** Field 3 as a number in [1, 8]; the class index is `emotionCode - 1`. */
  emotionCode: number;
  /** Field 4. Neutral clips are always normal. */
  intensity: Intensity;
  /** Field 5: 1 is "Kids are talking by the door", 2 "Dogs are sitting by the door". */
  statement: 1 | 2;
  /** Field 6: first or second take. */
  repetition: 1 | 2;
  /** Field 7, in [1, 24]. */
  actor: number;
  /** Derived from the actor: odd is male, even female. */
  gender: Gender;
}

const FIELD_NAMES = [
  "modality",
  "vocal channel",
  "emotion",
  "intensity",
  "statement",
  "repetition",
  "actor",
];

/**
 * Reads the seven fields of a RAVDESS speech file name,
 * `03-01-EE-II-SS-RR-AA.wav` (modality, vocal channel, emotion, intensity,
 * statement, repetition, actor).
 *
 * @param fileName A file name or a path; only the part after the last `/` or `\` is read.
 * @returns The clip's metadata.
 * @throws {TypeError} The name is not seven two-digit fields followed by `.wav`.
 * @throws {RangeError} A field is out of range, the clip is not audio-only speech
 *   (modality 03, vocal channel 01), or a neutral clip claims strong intensity.
 *
 * @example Read an angry, strong take by actor 12
 * ```ts
 * import { parseRavdessName } from "./names.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(parseRavdessName("Actor_12/03-01-05-02-01-02-12.wav"), {
 *   modality: "audio-only",
 *   vocalChannel: "speech",
 *   emotion: "angry",
 *   emotionCode: 5,
 *   intensity: "strong",
 *   statement: 1,
 *   repetition: 2,
 *   actor: 12,
 *   gender: "female",
 * });
 * ```
 *
 * @example A song clip is refused
 * ```ts
 * import { parseRavdessName } from "./names.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(
 *   () => parseRavdessName("03-02-01-01-01-01-01.wav"),
 *   RangeError,
 *   "vocal channel must be 01 (speech): current value is 02",
 * );
 * ```
 */
export function parseRavdessName(fileName: string): RavdessName {
  const name = fileName.slice(Math.max(fileName.lastIndexOf("/"), fileName.lastIndexOf("\\")) + 1);
  const cannot = `Cannot parse RAVDESS name ${name}`;
  if (!/\.wav$/i.test(name)) {
    throw new TypeError(`${cannot} as it must end in .wav: current value is ${name}`);
  }
  const fields = name.slice(0, -4).split("-");
  if (fields.length !== 7) {
    throw new TypeError(`${cannot} as it must have 7 fields: current value is ${fields.length}`);
  }
  const codes = fields.map((field, i) => {
    if (!/^\d\d$/.test(field)) {
      throw new TypeError(
        `${cannot} as ${FIELD_NAMES[i]} must be two digits: current value is ${field}`,
      );
    }
    return Number(field);
  });
  const [modality, vocalChannel, emotionCode, intensity, statement, repetition, actor] = codes;
  const check = (ok: boolean, index: number, rule: string) => {
    if (!ok) {
      throw new RangeError(
        `${cannot} as ${FIELD_NAMES[index]} must be ${rule}: current value is ${fields[index]}`,
      );
    }
  };
  check(modality === 3, 0, "03 (audio-only)");
  check(vocalChannel === 1, 1, "01 (speech)");
  check(emotionCode >= 1 && emotionCode <= 8, 2, "01-08");
  check(intensity === 1 || intensity === 2, 3, "01 or 02");
  check(intensity === 1 || emotionCode !== 1, 3, "01 for neutral (01) clips");
  check(statement === 1 || statement === 2, 4, "01 or 02");
  check(repetition === 1 || repetition === 2, 5, "01 or 02");
  check(actor >= 1 && actor <= 24, 6, "01-24");
  return {
    modality: "audio-only",
    vocalChannel: "speech",
    emotion: EMOTIONS[emotionCode - 1],
    emotionCode,
    intensity: intensity === 1 ? "normal" : "strong",
    statement: statement as 1 | 2,
    repetition: repetition as 1 | 2,
    actor,
    gender: actor % 2 === 1 ? "male" : "female",
  };
}
