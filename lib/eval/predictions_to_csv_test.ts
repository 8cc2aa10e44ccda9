import { assertEquals, assertThrows } from "@std/assert";
import { predictionsToCsv } from "./predictions_to_csv.ts";
import { formatFloat32 } from "./_csv.ts";
import { record } from "./_testing.ts";

Deno.test("predictionsToCsv() writes the header and one line per record", () => {
  const csv = predictionsToCsv([
    record({
      file: "Actor_02/03-01-04-02-02-01-02.wav",
      actor: 2,
      emotion: "sad",
      predicted: "calm",
      intensity: "strong",
      statement: 2,
      fold: 3,
      probabilities: [0, 0.5, 0, 0.5, 0, 0, 0, 0],
    }),
  ]);
  assertEquals(
    csv,
    [
      "file,actor,gender,emotion,intensity,statement,predicted,fold," +
      "p_neutral,p_calm,p_happy,p_sad,p_angry,p_fearful,p_disgust,p_surprised",
      "Actor_02/03-01-04-02-02-01-02.wav,2,female,sad,strong,2,calm,3,0,0.5,0,0.5,0,0,0,0",
      "",
    ].join("\n"),
  );
});

Deno.test("predictionsToCsv() of no records is the header alone", () => {
  assertEquals(
    predictionsToCsv([], { labels: ["a", "b"] }),
    "file,actor,gender,emotion,intensity,statement,predicted,fold,p_a,p_b\n",
  );
});

Deno.test("predictionsToCsv() quotes fields with commas, quotes and line breaks", () => {
  const line = (file: string) =>
    predictionsToCsv([record({ file, probabilities: [1] })], { labels: ["neutral"] }).split(
      "\n",
    )[1];
  assertEquals(line("a,b.wav"), '"a,b.wav",1,male,neutral,normal,1,neutral,,1');
  assertEquals(line('say "hi".wav'), '"say ""hi"".wav",1,male,neutral,normal,1,neutral,,1');
});

Deno.test("formatFloat32() writes the shortest decimal of the float32", async (t) => {
  const cases: [number, string][] = [
    [0, "0"],
    [1, "1"],
    [0.25, "0.25"],
    [Math.fround(0.1), "0.1"],
    [0.1, "0.1"],
    [Math.fround(1 / 3), "0.33333334"],
    [Math.fround(1e-8), "1e-8"],
    [Math.fround(0.123456789), "0.12345679"],
    [NaN, "NaN"],
  ];
  for (const [value, text] of cases) {
    await t.step(`${value} → ${text}`, () => {
      assertEquals(formatFloat32(value), text);
      if (!Number.isNaN(value)) assertEquals(Math.fround(Number(text)), Math.fround(value));
    });
  }
});

Deno.test("formatFloat32() round-trips every float32 it is given", () => {
  const bits = new Uint32Array(1);
  const float = new Float32Array(bits.buffer);
  for (let i = 0; i < 20000; i++) {
    bits[0] = Math.imul(i, 2654435761) >>> 1; // positive floats across all exponents
    const value = float[0];
    if (!Number.isFinite(value)) continue;
    const text = formatFloat32(value);
    if (Math.fround(Number(text)) !== value) throw new Error(`${value} written as ${text}`);
  }
});

Deno.test("predictionsToCsv() rejects a record with the wrong number of probabilities", () => {
  assertThrows(
    () => predictionsToCsv([record({}), record({ probabilities: [0.5, 0.5] })]),
    RangeError,
    "Cannot write predictions CSV as probabilities must have one value per label (8): " +
      "current value is 2 values in record 1",
  );
});
