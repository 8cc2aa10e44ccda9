/**
 * Keeps tfjs's CPU backend from printing its tfjs-node notice.
 *
 * tfjs's `MathBackendCPU` prints "Hi, looks like you are running
 * TensorFlow.js in Node.js ... install our node backend" on its first
 * write whenever `IS_NODE` holds, which it does in Deno. The advice does not
 * apply: tfjs-node does not run in Deno, and serlab's native and wasm
 * backends are what replaces it. The notice is gated on the instance's
 * `firstUse` flag, so serlab clears that flag on the CPU backend instances
 * it starts or builds on, and leaves tfjs's platform detection (`IS_NODE`,
 * which also picks tfjs's Node code paths) as it is.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Marks a `MathBackendCPU` instance (or one built from its factory, as the
 * native backend is) as already used, so that its first write is silent.
 *
 * @param backend A tfjs CPU backend instance.
 *
 * @example A marked CPU backend
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { markCpuBackendUsed } from "./_cpu_notice.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const backend = tf.findBackendFactory("cpu")!() as tf.KernelBackend & { firstUse?: boolean };
 * markCpuBackendUsed(backend);
 * assertEquals(backend.firstUse, false);
 * backend.dispose();
 * ```
 */
export function markCpuBackendUsed(backend: object): void {
  (backend as { firstUse?: boolean }).firstUse = false;
}

/**
 * Starts tfjs's `cpu` backend if it is not running yet (without making it
 * the active backend) and marks it as used: serlab's tests and the `cpu`
 * path compare with or run on it.
 *
 * @example The cpu backend after it
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { quietCpuBackend } from "./_cpu_notice.ts";
 * import { assertEquals } from "@std/assert";
 *
 * quietCpuBackend();
 * assertEquals((tf.findBackend("cpu") as unknown as { firstUse: boolean }).firstUse, false);
 * ```
 */
export function quietCpuBackend(): void {
  const cpu = tf.findBackend("cpu");
  if (cpu) markCpuBackendUsed(cpu);
}
