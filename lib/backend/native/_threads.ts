/**
 * Intra-op parallelism for the native backend's JavaScript work (im2col,
 * col2im, batch norm, ReLU, pooling, element-wise): the main thread and
 * `lanes − 1` Deno workers each take a range of rows of the same arrays,
 * shared through SharedArrayBuffers, and the main thread blocks until all
 * are done, so kernels stay synchronous as tfjs requires.
 *
 * Why: OpenBLAS uses every core for the matrix products, but the rest of a
 * training step is JavaScript on one thread; on two cores that half of the
 * step would otherwise leave one core idle.
 *
 * Workers are started on first use and stopped after `idleMs` without work
 * (a live worker keeps Deno running), so a script ends on its own.
 *
 * @module
 */
import { runTask, type TaskArgMap, type TaskName } from "./_tasks.ts";

const ERROR_BYTES = 2048;
const ANSWER_TIMEOUT_MS = 120_000;

/** A team of threads sharing the rows of a task. */
export class ThreadTeam {
  /** Threads including this one. */
  readonly lanes: number;
  #workers: (Worker | null)[];
  #done: Int32Array;
  #errors: Uint8Array;
  #seq = 0;
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
    this.#done = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, this.lanes - 1)));
    this.#errors = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES * Math.max(1, this.lanes - 1)));
  }

  /**
   * Runs `name` once per element of `parts`: the first on this thread, the
   * others on the workers, and returns when all have finished.
   *
   * @param name Task.
   * @param parts Arguments of each part; arrays other than small ones must be on SharedArrayBuffers.
   * @throws {Error} The first failure of any part.
   */
  run<K extends TaskName>(name: K, parts: TaskArgMap[K][]): void {
    if (parts.length === 0) return;
    if (parts.length === 1 || this.lanes === 1) {
      for (const p of parts) runTask(name, p);
      return;
    }
    if (parts.length > this.lanes) {
      throw new RangeError(
        `Cannot run ${name} as it has more parts than threads: current value is ${parts.length}`,
      );
    }
    this.#stopIdleTimer();
    const seq = this.#seq = (this.#seq % 0x3fffffff) + 1;
    for (let i = 1; i < parts.length; i++) {
      this.#worker(i - 1).postMessage({ seq, name, args: parts[i] });
    }
    let failure: unknown;
    try {
      runTask(name, parts[0]);
    } catch (error) {
      failure = error;
    }
    for (let i = 1; i < parts.length; i++) {
      const lane = i - 1;
      const deadline = performance.now() + ANSWER_TIMEOUT_MS;
      for (;;) {
        const v = Atomics.load(this.#done, lane);
        if (v === seq || v === -seq) break;
        if (performance.now() > deadline) {
          this.close();
          throw new Error(
            `Cannot finish ${name} as worker ${i} did not answer in ${ANSWER_TIMEOUT_MS} ms`,
          );
        }
        Atomics.wait(this.#done, lane, v, 1000);
      }
      if (Atomics.load(this.#done, lane) === -seq && failure === undefined) {
        const bytes = this.#errors.subarray(lane * ERROR_BYTES, (lane + 1) * ERROR_BYTES);
        const end = bytes.indexOf(0);
        failure = new Error(
          `Cannot finish ${name} as worker ${i} failed: ` +
            new TextDecoder().decode(bytes.slice(0, end < 0 ? bytes.length : end)),
        );
      }
    }
    this.#startIdleTimer();
    if (failure !== undefined) throw failure;
  }

  /** Stops the workers; the next {@linkcode run} starts them again. */
  close(): void {
    this.#stopIdleTimer();
    for (let i = 0; i < this.#workers.length; i++) {
      this.#workers[i]?.terminate();
      this.#workers[i] = null;
    }
  }

  #worker(lane: number): Worker {
    let worker = this.#workers[lane];
    if (!worker) {
      worker = new Worker(new URL("./_worker.ts", import.meta.url).href, { type: "module" });
      Atomics.store(this.#done, lane, 0);
      worker.postMessage({
        init: {
          done: this.#done.buffer,
          errors: this.#errors.buffer,
          lane,
          errorBytes: ERROR_BYTES,
        },
      });
      this.#workers[lane] = worker;
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
 * Splits [0, n) into at most `lanes` contiguous ranges whose inner bounds
 * are multiples of `grain`, none shorter than `minPart` (fewer ranges when
 * n is small).
 *
 * @param n Length.
 * @param lanes Threads.
 * @param minPart Smallest range worth a thread. @default {1}
 * @param grain Bound granularity. @default {1}
 * @returns The ranges, [start, end) each.
 */
export function splitRange(n: number, lanes: number, minPart = 1, grain = 1): [number, number][] {
  const units = Math.ceil(n / grain);
  const parts = Math.max(1, Math.min(lanes, Math.floor(n / Math.max(minPart, 1)), units));
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const end = i === parts - 1 ? n : Math.min(n, Math.round((units * (i + 1)) / parts) * grain);
    if (end > start) out.push([start, end]);
    start = end;
  }
  return out;
}
