import { FINAL_STATES, scontrolState, squeueStates } from "./_slurm.ts";

/** Array tasks of one submitted job to follow. */
export interface FollowedJob {
  jobId: string;
  /** The array indices (= sweep task indices). */
  indices: number[];
}

/** A task's state as {@linkcode followSlurm} last saw it. */
export interface SlurmTaskState {
  index: number;
  jobId: string;
  /** Slurm's job state (`PENDING`, `RUNNING`, `COMPLETED`, `CANCELLED`, `FAILED`, `TIMEOUT`…), or `GONE`: no longer known to Slurm and its run folder incomplete. */
  state: string;
  /** `scontrol`'s `ExitCode` (`"1:0"`: exit 1; `"0:15"`: signal 15) when known, else `""`. */
  exitCode: string;
}

/** Options of {@linkcode followSlurm}. */
export interface FollowSlurmOptions {
  /** Time between two polls, in ms. @default {2000} */
  intervalMs?: number;
  /** Stops following (the jobs keep running); the states seen so far are returned. @default {undefined} */
  signal?: AbortSignal;
  /** Called when a task's state changes (and once per task at the first poll). @default {undefined} */
  onChange?: (task: SlurmTaskState) => void;
  /** Whether a task's run folder is complete: decides the state of a task Slurm no longer knows. @default {() => false} */
  isComplete?: (index: number) => Promise<boolean>;
}

/**
 * Follows array tasks until every one has reached a final state, polling
 * `squeue --states=all --array` (no accounting database needed) and, for a
 * task squeue no longer lists, `scontrol show job`; a task neither knows is
 * `COMPLETED` when its run folder is complete, else `GONE`.
 *
 * @param jobs The submitted jobs and the array indices of each to follow.
 * @param options Poll interval, cancellation, change callback, completeness check.
 * @returns The last state of each task, by task index.
 */
export async function followSlurm(
  jobs: readonly FollowedJob[],
  options: FollowSlurmOptions = {},
): Promise<Map<number, SlurmTaskState>> {
  const { intervalMs = 2000, signal, onChange, isComplete = () => Promise.resolve(false) } =
    options;
  const states = new Map<number, SlurmTaskState>();
  const update = (next: SlurmTaskState) => {
    const previous = states.get(next.index);
    states.set(next.index, next);
    if (previous?.state !== next.state) onChange?.(next);
  };
  const pending = () =>
    jobs.some(({ indices }) => indices.some((i) => !FINAL_STATES.has(states.get(i)?.state ?? "")));
  while (!signal?.aborted && pending()) {
    for (const { jobId, indices } of jobs) {
      const open = indices.filter((i) => !FINAL_STATES.has(states.get(i)?.state ?? ""));
      if (open.length === 0) continue;
      const listed = await squeueStates(jobId);
      for (const index of open) {
        const state = listed.get(index);
        // squeue lacks the exit code: scontrol gives it for a task that ended badly.
        const shown = state === undefined || (FINAL_STATES.has(state) && state !== "COMPLETED")
          ? await scontrolState(jobId, index)
          : null;
        if (shown !== null) {
          update({ index, jobId, state: shown.state, exitCode: shown.exitCode });
        } else if (state !== undefined) {
          update({ index, jobId, state, exitCode: "" });
        } else {
          const complete = await isComplete(index);
          update({ index, jobId, state: complete ? "COMPLETED" : "GONE", exitCode: "" });
        }
      }
    }
    if (!pending()) break;
    await sleep(intervalMs, signal);
  }
  return states;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
