import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { lastLine, taskLogPath } from "./_files.ts";

/** The repository root, where `deno task train` is defined. */
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** What {@linkcode runLocal} reports as tasks start and end. */
export type LocalTaskEvent =
  | { type: "start"; index: number }
  | {
    type: "end";
    index: number;
    /** The exit code (0: done; 130: interrupted). */
    code: number;
    seconds: number;
    /** The last line of the task's log that is not blank. */
    lastLine: string | null;
  };

/** The outcome of one task of {@linkcode runLocal}. */
export interface LocalTaskResult {
  index: number;
  /** The exit code; `null` for a task never started (the run was aborted first). */
  code: number | null;
  /** Wall time of the task's process. */
  seconds: number;
}

/** Options of {@linkcode runLocal}. */
export interface RunLocalOptions {
  /** Tasks run at once, each its own process. @default {1} */
  jobs?: number;
  /** Aborting starts no more tasks and sends SIGINT to the running ones (they keep their checkpoints). @default {undefined} */
  signal?: AbortSignal;
  /** Called as tasks start and end. @default {undefined} */
  onEvent?: (event: LocalTaskEvent) => void;
  /** The command of a task, after the Deno executable. @default {(dir, i) => ["task", "train", "--sweep", dir, "--task", String(i)]} */
  args?: (dir: string, index: number) => string[];
  /** Working folder of the tasks. @default {the repository root} */
  cwd?: string;
  /** Environment variables added to the tasks'. @default {{ NO_COLOR: "1" }} */
  env?: Record<string, string>;
}

/**
 * The local executor: runs tasks of a sweep as separate processes,
 * `deno task train --sweep <dir> --task <i>`, `jobs` at a time, in the
 * order given. Each task's stdout and stderr go to `<dir>/logs/task-<i>.log`
 * (appended, after a header line per attempt), as on Slurm.
 *
 * @param dir The sweep folder.
 * @param indices The tasks to run.
 * @param options Concurrency, cancellation, events, command.
 * @returns One result per index, in the order given.
 * @throws {RangeError} `jobs` is not a whole number >= 1.
 *
 * @example Two tasks of a stand-in command, both at once
 * ```ts
 * import { runLocal } from "./run_local.ts";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/logs`);
 * const results = await runLocal(dir, [0, 1], {
 *   jobs: 2,
 *   args: (_, i) => ["eval", `console.log("task ${i}"); Deno.exit(${i})`],
 * });
 * assertEquals(results.map((r) => [r.index, r.code]), [[0, 0], [1, 1]]);
 * assertStringIncludes(await Deno.readTextFile(`${dir}/logs/task-1.log`), "task 1");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function runLocal(
  dir: string,
  indices: readonly number[],
  options: RunLocalOptions = {},
): Promise<LocalTaskResult[]> {
  const {
    jobs = 1,
    signal,
    onEvent,
    args = (sweep: string, i: number) => ["task", "train", "--sweep", sweep, "--task", String(i)],
    cwd = REPO_ROOT,
    env = { NO_COLOR: "1" },
  } = options;
  if (!(Number.isInteger(jobs) && jobs >= 1)) {
    throw new RangeError(
      `Cannot run tasks as jobs must be a whole number >= 1: current value is ${jobs}`,
    );
  }
  const sweep = resolve(dir);
  const results: LocalTaskResult[] = indices.map((index) => ({ index, code: null, seconds: 0 }));
  const running = new Set<Deno.ChildProcess>();
  const interrupt = () => {
    for (const child of running) {
      try {
        child.kill("SIGINT");
      } catch { /* already gone */ }
    }
  };
  signal?.addEventListener("abort", interrupt);
  let next = 0;
  const worker = async () => {
    while (next < indices.length && !signal?.aborted) {
      const slot = next++;
      const index = indices[slot];
      const log = taskLogPath(sweep, index);
      await Deno.writeTextFile(
        log,
        `== task ${index}, local executor, ${new Date().toISOString()}\n`,
        { append: true },
      );
      const started = performance.now();
      onEvent?.({ type: "start", index });
      const child = new Deno.Command(Deno.execPath(), {
        args: args(sweep, index),
        cwd,
        env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      running.add(child);
      const sink = async (stream: ReadableStream<Uint8Array>) => {
        const file = await Deno.open(log, { append: true, create: true, write: true });
        await stream.pipeTo(file.writable);
      };
      const [status] = await Promise.all([child.status, sink(child.stdout), sink(child.stderr)]);
      running.delete(child);
      const seconds = (performance.now() - started) / 1000;
      results[slot] = { index, code: status.code, seconds };
      onEvent?.({ type: "end", index, code: status.code, seconds, lastLine: await lastLine(log) });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, indices.length) }, worker));
  } finally {
    signal?.removeEventListener("abort", interrupt);
  }
  return results;
}
