import { join } from "node:path";

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

function isExecutable(path: string): boolean {
  try {
    const { isFile, mode } = Deno.statSync(path);
    return isFile && (mode === null || (mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: as if unset
  }
}

/**
 * The path of a Chromium or Chrome executable for headless rendering:
 * `SERLAB_CHROMIUM` when set (`null` when it names no executable file), else
 * the first of `chromium`, `chromium-browser`, `google-chrome`,
 * `google-chrome-stable` and `chrome` (in that order of preference) found
 * executable in `/usr/bin` or on `PATH`.
 *
 * @returns The path, or `null` when there is none (Debian: `apt-get install chromium`).
 *
 * @example The override wins
 * ```ts
 * import { findChromium } from "./find_chromium.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const fake = await Deno.makeTempFile();
 * await Deno.chmod(fake, 0o755);
 * Deno.env.set("SERLAB_CHROMIUM", fake);
 * assertEquals(findChromium(), fake);
 * Deno.env.delete("SERLAB_CHROMIUM");
 * await Deno.remove(fake);
 * ```
 */
export function findChromium(): string | null {
  const override = env("SERLAB_CHROMIUM");
  if (override !== undefined && override !== "") return isExecutable(override) ? override : null;
  const dirs = ["/usr/bin", ...(env("PATH") ?? "").split(":").filter((d) => d !== "")];
  for (const name of NAMES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}
