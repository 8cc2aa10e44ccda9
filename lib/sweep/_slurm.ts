/**
 * Talking to Slurm's client commands (sbatch, squeue, scontrol): finding
 * them, running them, and reading what they print.
 *
 * @module
 */

/** Job states after which a job never runs again (`squeue --states=all`). */
export const FINAL_STATES: ReadonlySet<string> = new Set([
  "COMPLETED",
  "CANCELLED",
  "FAILED",
  "TIMEOUT",
  "OUT_OF_MEMORY",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "REVOKED",
  "SPECIAL_EXIT",
  // Ours: the task left the queue without completing its run folder (cancelled
  // while pending, or purged after MinJobAge before we saw its end).
  "GONE",
]);

/**
 * Whether an executable is on PATH.
 *
 * @param name E.g. `"sbatch"`.
 * @param path The search path. @default {Deno.env.get("PATH")}
 */
export function onPath(name: string, path = Deno.env.get("PATH") ?? ""): boolean {
  for (const folder of path.split(":")) {
    if (folder === "") continue;
    try {
      const info = Deno.statSync(`${folder}/${name}`);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return true;
    } catch { /* not here */ }
  }
  return false;
}

/** What a command printed and returned. */
export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command and collects its output. */
export async function run(command: string, args: string[]): Promise<CommandOutput> {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/**
 * Slurm's `--array` value for some indices: runs of consecutive indices as
 * ranges, and `%N` for at most N at once: `[0,1,2,5]`, 2 → `"0-2,5%2"`.
 */
export function arraySpec(indices: readonly number[], limit?: number): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",") + (limit !== undefined ? `%${limit}` : "");
}

/**
 * The state of each array task of a job that squeue still lists, from
 * `squeue --states=all --array --noheader --jobs <id> --format "%K|%T"`.
 * A job squeue no longer knows gives an empty map.
 */
export async function squeueStates(jobId: string): Promise<Map<number, string>> {
  const out = await run("squeue", [
    "--states=all",
    "--array",
    "--noheader",
    `--jobs=${jobId}`,
    "--format=%K|%T",
  ]);
  const states = new Map<number, string>();
  if (out.code !== 0) return states; // "Invalid job id specified": purged
  for (const line of out.stdout.split("\n")) {
    const [index, state] = line.trim().split("|");
    if (/^\d+$/.test(index ?? "") && state) states.set(Number(index), state.trim());
  }
  return states;
}

/**
 * One array task's state and exit code from `scontrol show job -o <id>_<i>`,
 * or null when Slurm no longer knows it.
 */
export async function scontrolState(
  jobId: string,
  index: number,
): Promise<{ state: string; exitCode: string; reason: string } | null> {
  const out = await run("scontrol", ["show", "job", "-o", `${jobId}_${index}`]);
  if (out.code !== 0) return null;
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(out.stdout)?.[1] ?? "";
  const state = field("JobState");
  return state === "" ? null : { state, exitCode: field("ExitCode"), reason: field("Reason") };
}
