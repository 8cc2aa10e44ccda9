import { assert, assertEquals } from "@std/assert";
import { adviseHugePages } from "./_huge_pages.ts";

function transparentHugePages(): string | null {
  try {
    return Deno.readTextFileSync("/sys/kernel/mm/transparent_hugepage/enabled").trim();
  } catch {
    return null;
  }
}

Deno.test("adviseHugePages() is taken where Linux offers transparent huge pages, and harmless elsewhere", () => {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 1024, shared: true }); // 16 MiB
  const mode = transparentHugePages();
  const taken = adviseHugePages(memory);
  if (Deno.build.os === "linux" && mode !== null && !mode.includes("[never]")) {
    assert(taken, `madvise(MADV_HUGEPAGE) refused with THP "${mode}"`);
  }
  // The memory is as usable as before either way.
  const view = new Float32Array(memory.buffer);
  view[view.length - 1] = 2;
  assertEquals(view[view.length - 1], 2);
  // Too small to hold one aligned 2 MiB page: nothing to advise.
  assertEquals(
    adviseHugePages(new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true })),
    false,
  );
});
