/**
 * Runs a Python anchor from `../shared/bench` with Debian's interpreter
 * (`/usr/bin/python3`: the `python3` first on PATH does not see Debian's
 * numpy, scipy or torch) and returns the JSON object it prints last.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The shared bench folder: `SERLAB_SHARED_BENCH`, else `../shared/bench` beside the repo. */
export function sharedBenchDir(): string {
  return Deno.env.get("SERLAB_SHARED_BENCH") ??
    join(dirname(fileURLToPath(import.meta.url)), "..", "..", "shared", "bench");
}

/** Runs `script` with args; returns its last-line JSON, or an error string. */
export async function runAnchor(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ result: Record<string, unknown> } | { error: string }> {
  const python = Deno.env.get("SERLAB_PYTHON") ?? "/usr/bin/python3";
  try {
    const out = await new Deno.Command(python, {
      args: [join(sharedBenchDir(), script), ...args],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr).trim().split("\n").pop();
      return { error: `${script} failed: ${err}` };
    }
    for (const line of text.split("\n").slice(0, -1)) console.log(`  ${line}`);
    return { result: JSON.parse(text.split("\n").pop() ?? "{}") };
  } catch (error) {
    return { error: `${script} could not run with ${python}: ${(error as Error).message}` };
  }
}
