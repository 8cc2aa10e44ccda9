import { assertEquals, assertThrows } from "@std/assert";
import { rememberStockKernel, stockKernel } from "./_stock_kernels.ts";

Deno.test("rememberStockKernel() keeps the first kernel of each name", () => {
  const first = () => ({ dataId: {}, shape: [1], dtype: "float32" as const });
  const second = () => ({ dataId: {}, shape: [2], dtype: "float32" as const });
  rememberStockKernel({ kernelName: "TestOnlyKernel", backendName: "wasm", kernelFunc: first });
  rememberStockKernel({ kernelName: "TestOnlyKernel", backendName: "wasm", kernelFunc: second });
  assertEquals(stockKernel("TestOnlyKernel"), first);
});

Deno.test("stockKernel() names a kernel that was never remembered", () => {
  assertThrows(
    () => stockKernel("NoSuchKernel"),
    Error,
    "Cannot delegate NoSuchKernel to tfjs-backend-wasm",
  );
});
