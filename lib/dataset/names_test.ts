import { assertEquals, assertThrows } from "@std/assert";
import { EMOTIONS, parseRavdessName } from "./names.ts";

const code = (n: number) => String(n).padStart(2, "0");

Deno.test("parseRavdessName() reads every valid speech name back to its codes", () => {
  const seen = new Set<string>();
  for (let emotion = 1; emotion <= 8; emotion++) {
    for (const intensity of emotion === 1 ? [1] : [1, 2]) {
      for (const statement of [1, 2]) {
        for (const repetition of [1, 2]) {
          for (let actor = 1; actor <= 24; actor++) {
            const name = `03-01-${code(emotion)}-${code(intensity)}-${code(statement)}-${
              code(repetition)
            }-${code(actor)}.wav`;
            const parsed = parseRavdessName(name);
            assertEquals(parsed, {
              modality: "audio-only",
              vocalChannel: "speech",
              emotion: EMOTIONS[emotion - 1],
              emotionCode: emotion,
              intensity: intensity === 1 ? "normal" : "strong",
              statement,
              repetition,
              actor,
              gender: actor % 2 === 1 ? "male" : "female",
            });
            seen.add(name);
          }
        }
      }
    }
  }
  // RAVDESS has 1440 speech clips: 60 per actor.
  assertEquals(seen.size, 1440);
});

Deno.test("parseRavdessName() reads only the last segment of a path", () => {
  const expected = parseRavdessName("03-01-07-02-02-01-19.wav");
  assertEquals(parseRavdessName("data/ravdess/Actor_19/03-01-07-02-02-01-19.wav"), expected);
  assertEquals(parseRavdessName("C:\\ravdess\\Actor_19\\03-01-07-02-02-01-19.WAV"), expected);
  assertEquals([expected.emotion, expected.gender], ["disgust", "male"]);
});

Deno.test("parseRavdessName() refuses bad names, naming the file and the reason", async (t) => {
  const cases: [string, ErrorConstructor, string][] = [
    [
      "03-01-01-01-01-01-01.mp3",
      TypeError,
      "it must end in .wav: current value is 03-01-01-01-01-01-01.mp3",
    ],
    ["03-01-01-01-01-01.wav", TypeError, "it must have 7 fields: current value is 6"],
    ["03-01-01-01-01-01-01-01.wav", TypeError, "it must have 7 fields: current value is 8"],
    ["03-01-1-01-01-01-01.wav", TypeError, "emotion must be two digits: current value is 1"],
    ["03-01-01-01-01-01-ab.wav", TypeError, "actor must be two digits: current value is ab"],
    [
      "01-01-01-01-01-01-01.wav",
      RangeError,
      "modality must be 03 (audio-only): current value is 01",
    ],
    [
      "03-02-01-01-01-01-01.wav",
      RangeError,
      "vocal channel must be 01 (speech): current value is 02",
    ],
    ["03-01-00-01-01-01-01.wav", RangeError, "emotion must be 01-08: current value is 00"],
    ["03-01-09-01-01-01-01.wav", RangeError, "emotion must be 01-08: current value is 09"],
    ["03-01-03-03-01-01-01.wav", RangeError, "intensity must be 01 or 02: current value is 03"],
    [
      "03-01-01-02-01-01-01.wav",
      RangeError,
      "intensity must be 01 for neutral (01) clips: current value is 02",
    ],
    ["03-01-02-01-03-01-01.wav", RangeError, "statement must be 01 or 02: current value is 03"],
    ["03-01-02-01-01-00-01.wav", RangeError, "repetition must be 01 or 02: current value is 00"],
    ["03-01-02-01-01-01-00.wav", RangeError, "actor must be 01-24: current value is 00"],
    ["03-01-02-01-01-01-25.wav", RangeError, "actor must be 01-24: current value is 25"],
  ];
  for (const [name, errorClass, reason] of cases) {
    await t.step(name, () => {
      assertThrows(
        () => parseRavdessName(`Actor_01/${name}`),
        errorClass,
        `Cannot parse RAVDESS name ${name} as ${reason}`,
      );
    });
  }
});

Deno.test("EMOTIONS lists the labels in the order of their codes", () => {
  assertEquals(EMOTIONS, [
    "neutral",
    "calm",
    "happy",
    "sad",
    "angry",
    "fearful",
    "disgust",
    "surprised",
  ]);
  for (const [i, emotion] of EMOTIONS.entries()) {
    assertEquals(parseRavdessName(`03-01-${code(i + 1)}-01-01-01-01.wav`).emotion, emotion);
  }
});
