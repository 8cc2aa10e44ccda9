import { assertEquals, assertThrows } from "@std/assert";
import { EarlyStopping } from "./early_stopping.ts";
import { ReduceLrOnPlateau } from "./reduce_lr_on_plateau.ts";

// As Keras' reduce_lr_on_plateau_test.py and early_stopping_test.py: scripted losses, no training.
// Cooldown follows Keras: the epoch that ends a cooldown already counts towards patience.

Deno.test("ReduceLrOnPlateau cuts after patience, respects minDelta, cooldown and minLr", async (t) => {
  const cases: [string, ConstructorParameters<typeof ReduceLrOnPlateau>[1], number[], number[]][] =
    [
      ["improving: no cut", { patience: 1 }, [3, 2, 1], [1, 1, 1]],
      ["flat for patience epochs: one cut", { patience: 2, factor: 0.5 }, [1, 1, 1, 1, 1], [
        1,
        1,
        0.5,
        0.5,
        0.25,
      ]],
      ["a fall below minDelta is no improvement", { patience: 1, factor: 0.5, minDelta: 0.1 }, [
        1,
        0.95,
      ], [1, 0.5]],
      [
        "cooldown delays the next wait",
        { patience: 1, factor: 0.5, cooldown: 2 },
        [1, 1, 1, 1, 1],
        [1, 0.5, 0.5, 0.25, 0.25],
      ],
      ["floor at minLr", { patience: 1, factor: 0.1, minLr: 0.05 }, [1, 1, 1, 1], [
        1,
        0.1,
        0.05,
        0.05,
      ]],
      ["disabled: constant", { enabled: false, patience: 1 }, [1, 1, 1], [1, 1, 1]],
      ["NaN never improves", { patience: 1, factor: 0.5 }, [1, NaN], [1, 0.5]],
    ];
  for (const [name, options, losses, rates] of cases) {
    await t.step(name, () => {
      const schedule = new ReduceLrOnPlateau(1, { minDelta: 0, cooldown: 0, minLr: 0, ...options });
      const got = losses.map((loss) => schedule.onEpochEnd(loss));
      assertEquals(got.map((r) => Math.round(r * 1e9) / 1e9), rates);
    });
  }
  await t.step("a factor outside (0, 1) is refused", () => {
    assertThrows(
      () => new ReduceLrOnPlateau(1, { factor: 1 }),
      RangeError,
      "factor must be in (0, 1)",
    );
  });
});

Deno.test("EarlyStopping stops after patience epochs without a new best and marks the best", async (t) => {
  await t.step("stops and remembers the best epoch", () => {
    const stopping = new EarlyStopping({ patience: 2, minDelta: 0 });
    const decisions = [2, 1, 1.5, 1.2].map((loss) => stopping.onEpochEnd(loss));
    assertEquals(decisions.map((d) => d.isBest), [true, true, false, false]);
    assertEquals(decisions.map((d) => d.stop), [false, false, false, true]);
    assertEquals(stopping.state.bestEpoch, 2);
  });
  await t.step("disabled: never stops, still marks the best", () => {
    const stopping = new EarlyStopping({ enabled: false, patience: 1 });
    const decisions = [1, 2, 3, 0.5].map((loss) => stopping.onEpochEnd(loss));
    assertEquals(decisions.map((d) => d.stop), [false, false, false, false]);
    assertEquals(stopping.state.bestEpoch, 4);
  });
  await t.step("a restored state continues the count", () => {
    const first = new EarlyStopping({ patience: 3, minDelta: 0 });
    [1, 2].forEach((loss) => first.onEpochEnd(loss));
    const second = new EarlyStopping({ patience: 3, minDelta: 0 });
    second.restore(first.state, 2);
    assertEquals(second.onEpochEnd(3).stop, false);
    assertEquals(second.onEpochEnd(0.5), { isBest: true, stop: false });
    assertEquals(second.state.bestEpoch, 4);
  });
  await t.step("patience must be a whole number >= 1", () => {
    assertThrows(() => new EarlyStopping({ patience: 0 }), RangeError, "patience");
  });
});
