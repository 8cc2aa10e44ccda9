import { assertEquals, assertThrows } from "@std/assert";
import { parseGrid } from "./parse_grid.ts";

Deno.test("parseGrid() reads each value as the setting's default is typed", async (t) => {
  const cases: [string, unknown[]][] = [
    ["train.learningRate=1e-3,5e-4", [0.001, 0.0005]],
    ["train.epochs=10,20", [10, 20]],
    ["train.classWeights=true,false", [true, false]],
    ["model.head=gap,flatten", ["gap", "flatten"]],
    ["split.protocol=actors", ["actors"]],
    ["augment.versions=original,original+noise+pitch", [["original"], [
      "original",
      "noise",
      "pitch",
    ]]],
    ["model.widths=8+16+16+16,16+32+64+128", [[8, 16, 16, 16], [16, 32, 64, 128]]],
    ["train.lrSchedule.factor=0.5,0.2", [0.5, 0.2]],
    ["features.fmax=null,8000", [null, 8000]],
    ["features.topDb=80,null", [80, null]],
    [" train.seed = 1 , 2 ", [1, 2]],
  ];
  for (const [text, values] of cases) {
    await t.step(text, () => assertEquals(parseGrid(text).values, values));
  }
});

Deno.test("parseGrid() rejects bad input in one line naming the key", async (t) => {
  const cases: [string, string][] = [
    ["train.learningRate", "needs key=value"],
    ["=1,2", "needs key=value"],
    ["train.learningRat=1e-3", '"train.learningRat" is not a config setting (train has'],
    ["trian.epochs=1", "(the config has audio, features, augment"],
    ["train.epochs.x=1", '"train.epochs.x" is not a config setting'],
    ["train=1", "not a section"],
    ["train.lrSchedule=1", "holds enabled, factor"],
    ["train.learningRate=fast", 'train.learningRate needs numbers: got "fast"'],
    ["train.classWeights=yes", "needs true or false"],
    ["model.head=dense", "takes gap, flatten"],
    ["augment.versions=original+reverb", 'takes original, noise, pitch: got "reverb"'],
    ["model.widths=8+x", "needs lists of numbers"],
    ["model.widths=8++16", "list items joined by +"],
    ["train.epochs=1,,2", "separated by commas"],
    ["train.epochs=1,1", "distinct values: got 1 twice"],
    ["train.epochs=null", 'needs numbers: got "null"'],
  ];
  for (const [text, message] of cases) {
    await t.step(text, () => {
      assertThrows(() => parseGrid(text), TypeError, message);
    });
  }
});
