/**
 * What the split functions share: a seeded generator, a seeded shuffle, and
 * the grouping of byte-identical files.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { SplitClip } from "./splits.ts";

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

/** Fisher–Yates over a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// A seeded generator small enough to keep here: `Math.random` cannot be
// seeded, and a split must be reproducible from its seed alone.
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
