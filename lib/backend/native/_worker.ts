/**
 * A thread of the native backend: runs the tasks of `_tasks.ts` that the
 * main thread posts, on arrays it shares through SharedArrayBuffers, and
 * signals completion (or failure) through a shared Int32Array.
 *
 * @module
 */
import { runTask, type TaskArgMap, type TaskName } from "./_tasks.ts";

interface Init {
  init: { done: SharedArrayBuffer; errors: SharedArrayBuffer; lane: number; errorBytes: number };
}
interface Job {
  seq: number;
  name: TaskName;
  args: TaskArgMap[TaskName];
}

let done: Int32Array;
let errors: Uint8Array;
let lane = 0;

(self as unknown as { onmessage: (event: MessageEvent<Init | Job>) => void }).onmessage = (
  event,
) => {
  const message = event.data;
  if ("init" in message) {
    done = new Int32Array(message.init.done);
    lane = message.init.lane;
    errors = new Uint8Array(
      message.init.errors,
      lane * message.init.errorBytes,
      message.init.errorBytes,
    );
    return;
  }
  let status = message.seq;
  try {
    runTask(message.name, message.args);
  } catch (error) {
    const text = new TextEncoder().encode(
      String(error instanceof Error ? error.stack ?? error.message : error),
    );
    errors.fill(0);
    errors.set(text.subarray(0, errors.length - 1));
    status = -message.seq;
  }
  Atomics.store(done, lane, status);
  Atomics.notify(done, lane);
};
