import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import type { EpochLog } from "./_types.ts";
import { type DisplayFunction, trainingProgressDisplay } from "./training_progress_display.ts";

function recorder() {
  const sent: { bundle: Record<string, string>; id: string; update: boolean }[] = [];
  const display: DisplayFunction = (bundle, options) => {
    sent.push({ bundle, id: options.display_id, update: options.update });
  };
  return { sent, display };
}

const epoch = (n: number, valLoss: number): EpochLog => ({
  epoch: n,
  loss: 1 / n,
  accuracy: 0.5,
  valLoss,
  valAccuracy: 0.4,
  lr: 1e-3,
  seconds: 2,
});

Deno.test("trainingProgressDisplay() sends steps at most every intervalMs, epochs always", async () => {
  const { sent, display } = recorder();
  let clock = 0;
  const progress = trainingProgressDisplay({
    displayId: "run",
    display,
    now: () => clock,
    settleMs: 0,
  });
  for (let step = 1; step <= 10; step++) {
    clock += 300;
    progress.onStep({ epoch: 1, epochs: 3, step, steps: 10, loss: 2, accuracy: 0.25 });
  }
  progress.onEpoch(epoch(1, 1.5));
  await progress.stop();
  // Steps 1, 5 (1200 ms after 1) and 9, then the epoch and the stop.
  assertEquals(sent.length, 5);
  assertEquals(sent.map((s) => s.update), [false, true, true, true, true]);
  assert(sent.every((s) => s.id === "run"));
  assertStringIncludes(sent[1].bundle["text/html"], 'progress value="5" max="10"');
  assertStringIncludes(sent[1].bundle["text/html"], "3.33 steps/s"); // 4 steps in 1.2 s
  assertStringIncludes(sent[0].bundle["text/plain"], "epoch 1/3 step 1/10");
});

Deno.test("trainingProgressDisplay() tabulates epochs with the best validation loss in bold", async () => {
  const { sent, display } = recorder();
  const progress = trainingProgressDisplay({ display, title: "Quick <run>", settleMs: 0 });
  progress.onEpoch(epoch(1, 1.5));
  progress.onEpoch(epoch(2, 1.1));
  progress.onEpoch(epoch(3, 1.3));
  await progress.stop("best epoch 2 of 3");
  const html = sent.at(-1)!.bundle["text/html"];
  assertEquals(progress.html, html);
  assertStringIncludes(html, "<b>Quick &lt;run&gt;</b>");
  assertStringIncludes(html, "<td><b>1.1000</b></td>");
  assertEquals(html.split("<tr>").length - 1, 4); // head + 3 epochs
  assertStringIncludes(html, "best epoch 2 of 3");
  assertStringIncludes(sent.at(-1)!.bundle["text/plain"], "last epoch 3: loss 0.3333");
  assert(!html.includes("<script"));
});

Deno.test("trainingProgressDisplay() reports a failed send at stop(), not in the loop", async () => {
  const progress = trainingProgressDisplay({
    display: () => Promise.reject(new Error("kernel gone")),
  });
  progress.onStep({ epoch: 1, epochs: 1, step: 1, steps: 1, loss: 1, accuracy: 1 });
  await assertRejects(() => progress.stop(), Error, "a display update failed: Error: kernel gone");
});

Deno.test("trainingProgressDisplay() outside a Jupyter kernel asks for a display function", () => {
  assertThrows(() => trainingProgressDisplay(), TypeError, "Deno.jupyter is missing");
});
