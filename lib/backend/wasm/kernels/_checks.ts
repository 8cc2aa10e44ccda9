/**
 * Input checks shared by the wasm kernels, with messages that name the
 * kernel, the input and its value.
 *
 * @module
 */
import type { TensorInfo } from "@tensorflow/tfjs";

/** Returns input `name`, or throws if the kernel was called without it. */
export function requireInput(
  kernel: string,
  name: string,
  info: TensorInfo | undefined,
): TensorInfo {
  if (info === undefined || info === null) {
    throw new TypeError(
      `Cannot run ${kernel} on wasm as input ${name} must be given: current value is ${info}`,
    );
  }
  return info;
}

/** Returns input `name` after checking that it is a float32 tensor of rank 4. */
export function requireFloat4d(
  kernel: string,
  name: string,
  input: TensorInfo | undefined,
): TensorInfo {
  const info = requireInput(kernel, name, input);
  if (info.dtype !== "float32") {
    throw new TypeError(
      `Cannot run ${kernel} on wasm as ${name} must be float32: current value is ${info.dtype}`,
    );
  }
  if (info.shape.length !== 4) {
    throw new RangeError(
      `Cannot run ${kernel} on wasm as ${name} must have rank 4: current shape is [${info.shape}]`,
    );
  }
  return info;
}

/**
 * Checks float32 inputs whose per-channel ones are `[channels]`; returns channels.
 */
export function checkChannels(
  kernel: string,
  x: TensorInfo,
  perChannel: Record<string, TensorInfo | undefined>,
): number {
  if (x.dtype !== "float32" || x.shape.length < 1) {
    throw new TypeError(
      `Cannot run ${kernel} on wasm as x must be float32 of rank >= 1: current value is ${x.dtype} [${x.shape}]`,
    );
  }
  const channels = x.shape[x.shape.length - 1];
  for (const [name, t] of Object.entries(perChannel)) {
    if (
      t === undefined || t.dtype !== "float32" || t.shape.length !== 1 || t.shape[0] !== channels
    ) {
      throw new RangeError(
        `Cannot run ${kernel} on wasm as ${name} must be float32 of shape [${channels}]: ` +
          `current value is ${t === undefined ? "missing" : `${t.dtype} [${t.shape}]`}`,
      );
    }
  }
  return channels;
}
