import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { arraySpec } from "./_slurm.ts";
import type { SlurmOptions } from "./types.ts";

/** The repository root, where `deno task train` is defined. */
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Options of {@linkcode sbatchScript}: the Slurm options, and where things are. */
export interface SbatchScriptOptions extends SlurmOptions {
  /** The array indices in the script's `--array` (a resubmission overrides it on the command line). @default {all tasks} */
  indices?: number[];
  /** The folder the tasks run in (`--chdir`): the repository, where `deno task train` is defined. @default {the repository root} */
  cwd?: string;
  /** The folder holding the `deno` executable, put first on the tasks' PATH. @default {dirname(Deno.execPath())} */
  denoDir?: string;
  /** `--job-name`. @default {"serlab-sweep"} */
  jobName?: string;
}

/**
 * The sbatch array script of a sweep: one array task per sweep task, each
 * running `deno task train --sweep <dir> --task $SLURM_ARRAY_TASK_ID` in the
 * repository, logging to `<dir>/logs/task-%a.log` (appended, after a header
 * line naming the job and node). The Slurm options become `#SBATCH` lines;
 * `extra` options too, one line per option and its value.
 *
 * @param dir The sweep folder (made absolute).
 * @param taskCount The number of tasks of the sweep, >= 1.
 * @param options Slurm options, indices, paths.
 * @returns The script's text.
 * @throws {RangeError} `taskCount` < 1, or an index out of [0, taskCount).
 *
 * @example Four tasks, two at a time
 * ```ts
 * import { sbatchScript } from "./sbatch_script.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const script = sbatchScript("/scratch/sweep", 4, {
 *   partition: "cpu", time: "01:00:00", jobs: 2, denoDir: "/home/me/.deno-npm/node_modules/.bin",
 * });
 * assertStringIncludes(script, "#SBATCH --array=0-3%2\n");
 * assertStringIncludes(script, "#SBATCH --output=/scratch/sweep/logs/task-%a.log\n");
 * assertStringIncludes(script, "#SBATCH --partition=cpu\n");
 * assertStringIncludes(script, `deno task train --sweep '/scratch/sweep' --task "$SLURM_ARRAY_TASK_ID"`);
 * ```
 */
export function sbatchScript(
  dir: string,
  taskCount: number,
  options: SbatchScriptOptions = {},
): string {
  const {
    indices = Array.from({ length: taskCount }, (_, i) => i),
    cwd = REPO_ROOT,
    denoDir = dirname(Deno.execPath()),
    jobName = "serlab-sweep",
    partition,
    time,
    cpusPerTask,
    mem,
    account,
    jobs,
    extra = [],
  } = options;
  if (!(Number.isInteger(taskCount) && taskCount >= 1)) {
    throw new RangeError(
      `Cannot write an sbatch script as taskCount must be >= 1: current value is ${taskCount}`,
    );
  }
  const bad = indices.find((i) => !(Number.isInteger(i) && i >= 0 && i < taskCount));
  if (bad !== undefined) {
    throw new RangeError(
      `Cannot write an sbatch script as indices must be from 0 to ${
        taskCount - 1
      }: current value is ${bad}`,
    );
  }
  const sweep = resolve(dir);
  const directives: string[] = [
    `--job-name=${jobName}`,
    `--array=${arraySpec(indices, jobs)}`,
    `--output=${join(sweep, "logs", "task-%a.log")}`,
    "--open-mode=append",
    `--chdir=${resolve(cwd)}`,
    ...(partition !== undefined ? [`--partition=${partition}`] : []),
    ...(time !== undefined ? [`--time=${time}`] : []),
    ...(cpusPerTask !== undefined ? [`--cpus-per-task=${cpusPerTask}`] : []),
    ...(mem !== undefined ? [`--mem=${mem}`] : []),
    ...(account !== undefined ? [`--account=${account}`] : []),
    ...groupOptions(extra),
  ];
  return [
    "#!/bin/bash",
    `# serlab sweep ${sweep}: one array task per sweep task, written by deno task sweep.`,
    "# Submit by hand with: sbatch <this file>  (deno task sweep --resume <sweep> resubmits what is missing)",
    ...directives.map((d) => `#SBATCH ${d}`),
    "set -eu",
    'echo "== task ${SLURM_ARRAY_TASK_ID}, Slurm job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname), $(date -Is)"',
    `export PATH=${shellQuote(denoDir)}:"$PATH"`,
    "export NO_COLOR=1",
    `exec deno task train --sweep ${shellQuote(sweep)} --task "$SLURM_ARRAY_TASK_ID"`,
    "",
  ].join("\n");
}

/** `["--gres", "gpu:1", "--exclusive"]` → `["--gres gpu:1", "--exclusive"]`. */
function groupOptions(extra: string[]): string[] {
  const lines: string[] = [];
  for (const arg of extra) {
    if (arg.startsWith("-") || lines.length === 0) lines.push(arg);
    else lines[lines.length - 1] += ` ${arg}`;
  }
  return lines;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
