import { assertEquals, assertThrows } from "@std/assert";
import { parseRavdessName, type RavdessClip } from "../dataset/mod.ts";
import { predictionRecords } from "./prediction_records.ts";

function clip(name: string): RavdessClip {
  return { ...parseRavdessName(name), path: `/data/Actor_${name.slice(-6, -4)}/${name}` };
}

Deno.test("predictionRecords() copies the clip's metadata and takes the arg max", () => {
  const probabilities = Float32Array.from([0, 0, 0, 0, 0, 0, 0.25, 0.75]);
  const [record] = predictionRecords([clip("03-01-08-02-02-01-13.wav")], probabilities);
  assertEquals(record, {
    file: "/data/Actor_13/03-01-08-02-02-01-13.wav",
    actor: 13,
    gender: "male",
    emotion: "surprised",
    intensity: "strong",
    statement: 2,
    predicted: "surprised",
    probabilities: [0, 0, 0, 0, 0, 0, 0.25, 0.75],
  });
});

Deno.test("predictionRecords() breaks ties to the first class, names files relative, adds the fold", () => {
  const records = predictionRecords(
    [clip("03-01-01-01-01-01-02.wav")],
    new Array(8).fill(0.125),
    { dataDir: "/data", fold: 3 },
  );
  assertEquals([records[0].predicted, records[0].file, records[0].fold], [
    "neutral",
    "Actor_02/03-01-01-01-01-01-02.wav",
    3,
  ]);
});

Deno.test("predictionRecords() rejects probabilities of the wrong length", () => {
  assertThrows(
    () => predictionRecords([clip("03-01-01-01-01-01-02.wav")], new Float32Array(7)),
    RangeError,
    "probabilities must hold 8 values per clip (8): current length is 7",
  );
});
