/**
 * Intra-op parallelism for the native backend's JavaScript work (im2col,
 * col2im, batch norm, ReLU, pooling, element-wise): the main thread and
 * `lanes − 1` Deno workers take the parts of a task from a shared counter
 * and work on rows of the same arrays, shared through SharedArrayBuffers;
 * the main thread returns when every part is done, so kernels stay
 * synchronous as tfjs requires.
 *
 * Why: OpenBLAS uses every core for the matrix products, but the rest of a
 * training step is JavaScript on one thread; on two cores that half of the
 * step would otherwise leave one core idle. Parts are handed out one at a
 * time (there are several per thread), so a worker that the OS leaves
 * waiting while other programs run delays nothing: the main thread takes
 * its parts.
 *
 * Workers are started on first use and stopped after `idleMs` without work
 * (a live worker keeps Deno running), so a script ends on its own.
 *
 * @module
 */
import { simdShare } from "./_heap.ts";
import { runTask, type TaskArgMap, type TaskName } from "./_tasks.ts";

const ERROR_BYTES = 2048;
const ANSWER_TIMEOUT_MS = 120_000;
/** Control words of a run: next part to take, parts done, parts failed. */
const NEXT = 0, DONE = 1, FAILED = 2;

/** A team of threads sharing the parts of a task. */
export class ThreadTeam {
  /** Threads including this one. */
  readonly lanes: number;
  #workers: (Worker | null)[];
  #errors: Uint8Array;
  #idleMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param lanes Threads including the calling one (≥ 1).
   * @param idleMs Idle time after which the workers stop. @default {1000}
   */
  constructor(lanes: number, idleMs = 1000) {
    this.lanes = Math.max(1, Math.floor(lanes));
    this.#idleMs = idleMs;
    this.#workers = new Array(this.lanes - 1).fill(null);
    this.#errors = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES * this.lanes));
  }

  /**
   * Runs `name` once per element of `parts`, spread over the threads, and
   * returns when all have finished.
   *
   * @param name Task.
   * @param parts Arguments of each part; arrays other than small ones must be on SharedArrayBuffers.
   * @throws {Error} When a part fails.
   */
  run<K extends TaskName>(name: K, parts: TaskArgMap[K][]): void {
    if (parts.length === 0) return;
    if (parts.length === 1 || this.lanes === 1) {
      for (const p of parts) runTask(name, p);
      return;
    }
    this.#stopIdleTimer();
    const control = new Int32Array(new SharedArrayBuffer(12));
    const helpers = Math.min(this.lanes - 1, parts.length - 1);
    for (let i = 0; i < helpers; i++) {
      this.#worker(i).postMessage({ name, parts, control: control.buffer });
    }
    let failure: unknown;
    for (;;) {
      const i = Atomics.add(control, NEXT, 1);
      if (i >= parts.length) break;
      try {
        runTask(name, parts[i]);
      } catch (error) {
        failure ??= error;
      }
      Atomics.add(control, DONE, 1);
    }
    const deadline = performance.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= parts.length) break;
      if (performance.now() > deadline) {
        this.close();
        throw new Error(
          `Cannot finish ${name} as the workers did not answer in ${ANSWER_TIMEOUT_MS} ms`,
        );
      }
      Atomics.wait(control, DONE, done, 1000);
    }
    this.#startIdleTimer();
    if (failure !== undefined) throw failure;
    if (Atomics.load(control, FAILED) > 0) {
      const lane = Atomics.load(control, FAILED) - 1;
      const bytes = this.#errors.subarray(lane * ERROR_BYTES, (lane + 1) * ERROR_BYTES);
      const end = bytes.indexOf(0);
      throw new Error(
        `Cannot finish ${name} as worker ${lane} failed: ` +
          new TextDecoder().decode(bytes.slice(0, end < 0 ? bytes.length : end)),
      );
    }
  }

  /** Stops the workers; the next {@linkcode run} starts them again. */
  close(): void {
    this.#stopIdleTimer();
    for (let i = 0; i < this.#workers.length; i++) {
      this.#workers[i]?.terminate();
      this.#workers[i] = null;
    }
  }

  #worker(index: number): Worker {
    let worker = this.#workers[index];
    if (!worker) {
      worker = new Worker(new URL("./_worker.ts", import.meta.url).href, { type: "module" });
      const lane = index + 1;
      worker.postMessage({
        init: { errors: this.#errors.buffer, lane, errorBytes: ERROR_BYTES, simd: simdShare() },
      });
      this.#workers[index] = worker;
    }
    return worker;
  }

  #startIdleTimer(): void {
    const timer = setTimeout(() => this.close(), this.#idleMs);
    Deno.unrefTimer(timer as unknown as number);
    this.#timer = timer;
  }

  #stopIdleTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** True when every array lives on a SharedArrayBuffer (a worker can see it). */
export function shared(...arrays: (ArrayBufferView | null | undefined)[]): boolean {
  return arrays.every((a) => a == null || a.buffer instanceof SharedArrayBuffer);
}

/**
 * Splits [0, n) into at most `parts` contiguous ranges whose inner bounds
 * are multiples of `grain`, none shorter than `minPart` (fewer ranges when
 * n is small).
 *
 * @param n Length.
 * @param parts Most ranges wanted.
 * @param minPart Smallest range worth a part. @default {1}
 * @param grain Bound granularity. @default {1}
 * @returns The ranges, [start, end) each.
 */
export function splitRange(n: number, parts: number, minPart = 1, grain = 1): [number, number][] {
  const units = Math.ceil(n / grain);
  const count = Math.max(1, Math.min(parts, Math.floor(n / Math.max(minPart, 1)), units));
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = i === count - 1 ? n : Math.min(n, Math.round((units * (i + 1)) / count) * grain);
    if (end > start) out.push([start, end]);
    start = end;
  }
  return out;
}
