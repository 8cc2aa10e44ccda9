import { assertEquals, assertThrows } from "@std/assert";
import { parsePredictionsCsv } from "./parse_predictions_csv.ts";
import { predictionsToCsv } from "./predictions_to_csv.ts";
import { record, syntheticRecords } from "./_testing.ts";

const HEADER = "file,actor,gender,emotion,intensity,statement,predicted,fold,p_sad,p_angry";

Deno.test("parsePredictionsCsv() reads back what predictionsToCsv() wrote", async (t) => {
  await t.step("float32 probabilities, with and without folds", () => {
    const records = [
      ...syntheticRecords(300, { seed: 9 }),
      ...syntheticRecords(300, { seed: 10, fold: 4 }),
    ];
    assertEquals(parsePredictionsCsv(predictionsToCsv(records)), records);
  });
  await t.step("awkward file names", () => {
    const records = ["a,b.wav", 'q"uote.wav', "line\nbreak.wav", "crlf\r\n.wav", " spaced .wav"]
      .map(
        (file) => record({ file }),
      );
    assertEquals(parsePredictionsCsv(predictionsToCsv(records)), records);
  });
  await t.step("float64 probabilities come back as float32", () => {
    const [parsed] = parsePredictionsCsv(
      predictionsToCsv([record({ probabilities: [0.1, 0.2, 0.7, 0, 0, 0, 0, 1 / 3] })]),
    );
    assertEquals(parsed.probabilities, [0.1, 0.2, 0.7, 0, 0, 0, 0, 1 / 3].map(Math.fround));
  });
});

Deno.test("parsePredictionsCsv() accepts CRLF, a byte order mark and blank lines", () => {
  const text =
    `\uFEFF${HEADER}\r\na.wav,1,male,sad,normal,1,sad,,1,0\r\n\r\nb.wav,2,female,angry,strong,2,sad,2,0.5,0.5`;
  const records = parsePredictionsCsv(text);
  assertEquals(records.map((r) => [r.file, r.fold, r.probabilities]), [
    ["a.wav", undefined, [1, 0]],
    ["b.wav", 2, [0.5, 0.5]],
  ]);
  assertEquals("fold" in records[0], false);
});

Deno.test("parsePredictionsCsv() of a header alone is no records", () => {
  assertEquals(parsePredictionsCsv(`${HEADER}\n`), []);
});

Deno.test("parsePredictionsCsv() rejects malformed text", async (t) => {
  const row = (fields: Partial<Record<string, string>>) => {
    const values = {
      file: "a.wav",
      actor: "1",
      gender: "male",
      emotion: "sad",
      intensity: "normal",
      statement: "1",
      predicted: "sad",
      fold: "",
      p_sad: "1",
      p_angry: "0",
      ...fields,
    };
    return `${HEADER}\n${Object.values(values).join(",")}\n`;
  };
  const cases: [string, string, string][] = [
    ["empty text", "", "it must start with a header: current value is empty text"],
    [
      "a header without probabilities",
      "file,actor,gender,emotion,intensity,statement,predicted,fold\n",
      "the header must be file,actor,gender,emotion,intensity,statement,predicted,fold,p_<label>,…",
    ],
    [
      "a misnamed column",
      "file,speaker,gender,emotion,intensity,statement,predicted,fold,p_sad\n",
      "the header must be file,actor,gender,emotion,intensity,statement,predicted,fold,p_<label>,…: " +
      "current value is file,speaker,",
    ],
    [
      "a short row",
      `${HEADER}\na.wav,1,male\n`,
      "each row must have 10 fields: current value is 3 on line 2",
    ],
    [
      "actor 0",
      row({ actor: "0" }),
      'actor must be a positive integer: current value is "0" on line 2',
    ],
    ["gender", row({ gender: "m" }), 'gender must be one of male, female: current value is "m"'],
    [
      "emotion",
      row({ emotion: "calm" }),
      'emotion must be a label of the header: current value is "calm"',
    ],
    ["intensity", row({ intensity: "loud" }), "intensity must be one of normal, strong"],
    ["statement", row({ statement: "3" }), "statement must be one of 1, 2"],
    ["fold", row({ fold: "1.5" }), 'fold must be a positive integer: current value is "1.5"'],
    ["probability", row({ p_angry: "x" }), 'p_angry must be a number: current value is "x"'],
    ["empty probability", row({ p_angry: "" }), 'p_angry must be a number: current value is ""'],
    [
      "open quote",
      `${HEADER}\n"a.wav,1`,
      "a quoted field must close: current value is an open quote on line 2",
    ],
    [
      "text after a quote",
      `${HEADER}\n"a"b,1`,
      'a closing quote must end its field: current value is "b"',
    ],
    ["quote inside a field", `${HEADER}\na"b,1`, "a quote must start its field"],
  ];
  for (const [name, text, message] of cases) {
    await t.step(name, () => {
      assertThrows(
        () => parsePredictionsCsv(text),
        SyntaxError,
        `Cannot parse predictions CSV as ${message}`,
      );
    });
  }
});
