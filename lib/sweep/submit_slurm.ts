import { arraySpec, onPath, run } from "./_slurm.ts";

/** The one line that says sbatch is missing and what to do instead. */
export const SBATCH_MISSING =
  "Cannot submit to Slurm as sbatch is not on PATH: run on a Slurm login node " +
  "(or install Slurm's client, apt-get install slurm-client), or run the tasks here with the local executor " +
  "(drop --slurm; with --resume, pass --local)";

/** Options of {@linkcode submitSlurm}. */
export interface SubmitSlurmOptions {
  /** The array indices to run (`--array`, overriding the script's). @default {undefined} (the script's) */
  indices?: number[];
  /** At most this many at once (`%N`). @default {undefined} */
  jobs?: number;
}

/**
 * Submits an sbatch array script with `sbatch --parsable`.
 *
 * @param script The script's path.
 * @param options Which indices, how many at once.
 * @returns The array job's id.
 * @throws {Error} sbatch is not on PATH ({@linkcode SBATCH_MISSING}), or it fails (its first line of error).
 *
 * @example Without Slurm, one clear line
 * ```ts
 * import { submitSlurm } from "./submit_slurm.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const path = Deno.env.get("PATH");
 * Deno.env.set("PATH", "/nowhere");
 * await assertRejects(() => submitSlurm("sweep.sbatch"), Error, "local executor");
 * Deno.env.set("PATH", path ?? "");
 * ```
 */
export async function submitSlurm(
  script: string,
  options: SubmitSlurmOptions = {},
): Promise<string> {
  const { indices, jobs } = options;
  if (!onPath("sbatch")) throw new Error(SBATCH_MISSING);
  const args = ["--parsable"];
  if (indices !== undefined) args.push(`--array=${arraySpec(indices, jobs)}`);
  const out = await run("sbatch", [...args, script]);
  const jobId = out.stdout.trim().split(";")[0];
  if (out.code !== 0 || !/^\d+$/.test(jobId)) {
    const reason = (out.stderr.trim() || out.stdout.trim()).split("\n")[0];
    throw new Error(`Cannot submit to Slurm as sbatch failed: ${reason || `exit ${out.code}`}`);
  }
  return jobId;
}
