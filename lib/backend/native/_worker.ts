/**
 * A thread of the native backend: takes parts of the tasks of `_tasks.ts`
 * that the main thread posts from their shared counter, runs them on arrays
 * shared through SharedArrayBuffers, and counts each part done (or failed).
 *
 * @module
 */
import { attachSimd, type SimdShare } from "./_heap.ts";
import { runTask, type TaskArgMap, type TaskName } from "./_tasks.ts";

interface Init {
  init: { errors: SharedArrayBuffer; lane: number; errorBytes: number; simd: SimdShare | null };
}
interface Job {
  name: TaskName;
  parts: TaskArgMap[TaskName][];
  control: SharedArrayBuffer;
}

const NEXT = 0, DONE = 1, FAILED = 2;
let errors: Uint8Array;
let lane = 0;

(self as unknown as { onmessage: (event: MessageEvent<Init | Job>) => void }).onmessage = (
  event,
) => {
  const message = event.data;
  if ("init" in message) {
    lane = message.init.lane;
    const size = message.init.errorBytes;
    errors = new Uint8Array(message.init.errors, lane * size, size);
    if (message.init.simd) attachSimd(message.init.simd);
    return;
  }
  const control = new Int32Array(message.control);
  for (;;) {
    const i = Atomics.add(control, NEXT, 1);
    if (i >= message.parts.length) break;
    try {
      runTask(message.name, message.parts[i]);
    } catch (error) {
      const text = String(error instanceof Error ? error.stack ?? error.message : error);
      errors.fill(0);
      errors.set(new TextEncoder().encode(text).subarray(0, errors.length - 1));
      Atomics.store(control, FAILED, lane + 1);
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
};
