/**
 * Stateless seeded randomness for training: every shuffle and dropout seed
 * is a hash of (seed, epoch, step, …), so a run's random state after any
 * epoch is just that epoch's number, and a resumed run draws what an
 * uninterrupted one would.
 *
 * @module
 */
import { mulberry32, shuffle } from "../_random/mod.ts";

/** A 32-bit hash of a list of integers (murmur3's finaliser over a running mix). */
export function hashSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A seeded permutation of 0..n−1 (Fisher–Yates over mulberry32). */
export function shuffledOrder(n: number, seed: number): Int32Array {
  return Int32Array.from(shuffle(Array.from({ length: n }, (_, i) => i), mulberry32(seed)));
}
