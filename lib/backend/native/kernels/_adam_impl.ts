/**
 * One Adam step over a range of weights, in one pass, rounding to float32
 * after each operation exactly where tfjs's `AdamOptimizer` does (it runs
 * fourteen element-wise kernels, each storing float32), so the result
 * equals tfjs's bit for bit.
 *
 * Why: on the seed CNN's flatten head (4.2 M weights in one dense layer)
 * those fourteen passes over 17 MB arrays cost ~45 ms per step even as
 * native kernels; one pass reads four arrays and writes three.
 *
 * @module
 */

/** The scalars of one Adam step, as float32 values (see {@linkcode adamConstants}). */
export interface AdamConstants {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** 1 − β₁ᵗ. */
  oneMinusAccBeta1: number;
  /** 1 − β₂ᵗ. */
  oneMinusAccBeta2: number;
  epsilon: number;
  negLearningRate: number;
}

const f = Math.fround;

/**
 * The float32 constants tfjs's Adam uses: each JavaScript number becomes a
 * float32 scalar tensor, and 1 − accBeta is computed in float32.
 *
 * @param beta1 β₁.
 * @param beta2 β₂.
 * @param learningRate Learning rate.
 * @param epsilon ε.
 * @param accBeta1 β₁ᵗ as stored (float32).
 * @param accBeta2 β₂ᵗ as stored (float32).
 * @returns The constants.
 */
export function adamConstants(
  beta1: number,
  beta2: number,
  learningRate: number,
  epsilon: number,
  accBeta1: number,
  accBeta2: number,
): AdamConstants {
  return {
    beta1: f(beta1),
    oneMinusBeta1: f(1 - beta1),
    beta2: f(beta2),
    oneMinusBeta2: f(1 - beta2),
    oneMinusAccBeta1: f(1 - accBeta1),
    oneMinusAccBeta2: f(1 - accBeta2),
    epsilon: f(epsilon),
    negLearningRate: f(-learningRate),
  };
}

/** Where {@linkcode adamImpl} writes: the new weights and moments (may be the old arrays). */
export interface AdamOutputs {
  x: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/**
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², x ← x − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 * for i in [start, end), in tfjs's order of float32 operations.
 *
 * @param x Weights.
 * @param m First moments.
 * @param v Second moments.
 * @param g Gradients.
 * @param k Constants from {@linkcode adamConstants}.
 * @param o Outputs.
 * @param start First index. @default {0}
 * @param end One past the last index. @default {x.length}
 *
 * @example A first step moves each weight by about the learning rate
 * ```ts
 * import { adamConstants, adamImpl } from "./_adam_impl.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const x = Float32Array.of(1, 1), m = new Float32Array(2), v = new Float32Array(2);
 * const k = adamConstants(0.9, 0.999, 0.01, 1e-7, 0.9, 0.999);
 * adamImpl(x, m, v, Float32Array.of(0.5, -2), k, { x, m, v });
 * assertAlmostEquals(x[0], 0.99, 1e-6);
 * assertAlmostEquals(x[1], 1.01, 1e-6);
 * ```
 */
export function adamImpl(
  x: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  k: AdamConstants,
  o: AdamOutputs,
  start = 0,
  end: number = x.length,
): void {
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, negLearningRate } = k;
  const { oneMinusAccBeta1: c1, oneMinusAccBeta2: c2 } = k;
  const ox = o.x, om = o.m, ov = o.v;
  for (let i = start; i < end; i++) {
    const gi = g[i];
    const mi = f(f(m[i] * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v[i] * beta2) + f(f(gi * gi) * oneMinusBeta2));
    const step = f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + epsilon));
    ox[i] = f(step * negLearningRate) + x[i];
    om[i] = mi;
    ov[i] = vi;
  }
}
