/**
 * The stock tfjs-backend-wasm kernels that serlab replaces, kept so that the
 * replacements can hand the cases they do not speed up back to them, and
 * the configs that register serlab's wasm kernels.
 *
 * @module
 */
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

const stock = new Map<string, KernelConfig>();

/** Remembers `config` as the stock wasm kernel of its name (first one wins). */
export function rememberStockKernel(config: KernelConfig): void {
  if (!stock.has(config.kernelName)) stock.set(config.kernelName, config);
}

/** The stock wasm kernel function of `kernelName`. */
export function stockKernel(kernelName: string): KernelFunc {
  const config = stock.get(kernelName);
  if (config === undefined) {
    throw new Error(
      `Cannot delegate ${kernelName} to tfjs-backend-wasm as its kernel was not registered before serlab's`,
    );
  }
  return config.kernelFunc;
}

/** A setup function that runs the stock kernel's, for configs that replace it. */
export function stockSetup(kernelName: string): (backend: BackendWasm) => void {
  return (backend) => {
    // deno-lint-ignore no-explicit-any
    stock.get(kernelName)?.setupFunc?.(backend as any);
  };
}

/**
 * The config registering `kernelFunc` as the wasm backend's `kernelName`;
 * with `replacesStock`, it also runs the stock kernel's setup (which the
 * cases handed back to the stock kernel rely on).
 */
export function wasmKernelConfig(
  kernelName: string,
  // deno-lint-ignore no-explicit-any
  kernelFunc: (args: any) => TensorInfo | TensorInfo[],
  replacesStock = false,
): KernelConfig {
  return {
    kernelName,
    backendName: "wasm",
    kernelFunc: kernelFunc as KernelFunc,
    ...(replacesStock ? { setupFunc: stockSetup(kernelName) as KernelConfig["setupFunc"] } : {}),
  };
}
