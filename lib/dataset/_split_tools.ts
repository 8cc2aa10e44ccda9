/**
 * What the split functions share: the grouping of byte-identical files, and
 * the seeded generator and shuffle of `lib/_random`.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { SplitClip } from "./splits.ts";
export { mulberry32, shuffle } from "../_random/mod.ts";

/** Clips grouped by identical bytes; groups and members sorted by path, so input order never matters. */
export async function identicalFileGroups<C extends SplitClip>(
  clips: readonly C[],
): Promise<C[][]> {
  const byHash = new Map<string, C[]>();
  for (const clip of [...clips].sort((a, b) => compare(a.path, b.path))) {
    const hash = createHash("sha256").update(await Deno.readFile(clip.path)).digest("hex");
    const group = byHash.get(hash);
    if (group) group.push(clip);
    else byHash.set(hash, [clip]);
  }
  return [...byHash.values()];
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
