/**
 * Tests that need data or a system package: they skip with a one-line
 * reason where it is missing, and fail instead when `CI=true`.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** True on CI, where a missing requirement is a failure, not a skip. */
export const onCi: boolean = Deno.env.get("CI") === "true";

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The RAVDESS folder from `RAVDESS_DIR` (default `data/ravdess`), or `null`. */
export function ravdessDir(): string | null {
  const dir = Deno.env.get("RAVDESS_DIR") ?? join(repoRoot, "data", "ravdess");
  return exists(dir) ? dir : null;
}

/** The librosa golden folder from `SERLAB_GOLDEN_DIR` (default `../shared/golden`), or `null`. */
export function goldenDir(): string | null {
  const dir = Deno.env.get("SERLAB_GOLDEN_DIR") ?? join(repoRoot, "..", "shared", "golden");
  return exists(join(dir, "synthetic.json")) ? dir : null;
}

/** A requirement: a name for the skip line, and the value or `null` when missing. */
export interface Requirement<T> {
  name: string;
  value: T | null;
  hint: string;
}

/** RAVDESS data requirement. */
export function needsRavdess(): Requirement<string> {
  return {
    name: "RAVDESS data",
    value: ravdessDir(),
    hint: "set RAVDESS_DIR or run `deno task data`",
  };
}

/** Golden librosa outputs requirement. */
export function needsGolden(): Requirement<string> {
  return { name: "librosa golden files", value: goldenDir(), hint: "set SERLAB_GOLDEN_DIR" };
}

/**
 * Registers `fn` as a test that receives the requirement's value. Where the
 * value is missing it is ignored with a one-line reason, or fails on CI.
 */
export function testWith<T>(
  name: string,
  requirement: Requirement<T>,
  fn: (value: T, t: Deno.TestContext) => void | Promise<void>,
): void {
  const { value } = requirement;
  if (value !== null) {
    Deno.test({ name, fn: (t) => fn(value, t) });
    return;
  }
  const reason = `${requirement.name} missing (${requirement.hint})`;
  if (onCi) {
    Deno.test(name, () => {
      throw new Error(`Cannot run on CI as ${reason}`);
    });
  } else {
    console.log(`skip: ${name}: ${reason}`);
    Deno.test({ name, ignore: true, fn: () => {} });
  }
}

/** Both requirements at once: the value is the pair, missing if either is. */
export function needsBoth<A, B>(a: Requirement<A>, b: Requirement<B>): Requirement<[A, B]> {
  const missing = a.value === null ? a : b.value === null ? b : null;
  return {
    name: missing ? missing.name : `${a.name} and ${b.name}`,
    value: a.value !== null && b.value !== null ? [a.value, b.value] : null,
    hint: missing ? missing.hint : "",
  };
}
