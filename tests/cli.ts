/**
 * Running serlab's CLIs as subprocesses in tests, as a user would.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import type { Requirement } from "./requirements.ts";

/** The repository root. */
export const repoRoot: string = join(dirname(fileURLToPath(import.meta.url)), "..");

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno run -A <script> ...args` from the repository root. */
export async function runCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(repoRoot, script), ...args],
    cwd: repoRoot,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/**
 * Asserts how serlab's CLIs report bad input: exit code 1, exactly one
 * `error: ` line on stderr that includes `message`, and no stack trace.
 *
 * @returns The error line.
 */
export function assertOneErrorLine(run: CliRun, message = ""): string {
  assertEquals(run.code, 1, run.stdout + run.stderr);
  const lines = run.stderr.split("\n").filter((line) => line.startsWith("error: "));
  assertEquals(lines.length, 1, run.stderr);
  assertStringIncludes(lines[0], message);
  assert(!/^\s+at /m.test(run.stderr), `a stack trace: ${run.stderr}`);
  return lines[0];
}

/** Debian's Python with numpy (`/usr/bin/python3`; the one on PATH lacks it). */
export function numpyPython(): Requirement<string> {
  const python = "/usr/bin/python3";
  let ok = false;
  try {
    ok = new Deno.Command(python, { args: ["-c", "import numpy"], stderr: "null" }).outputSync()
      .success;
  } catch { /* not installed */ }
  return {
    name: "python3-numpy",
    value: ok ? python : null,
    hint: "apt-get install python3-numpy",
  };
}
