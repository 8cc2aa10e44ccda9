import { assert, assertEquals, assertStrictEquals } from "@std/assert";

function assertNotSame(a: unknown, b: unknown, msg?: string): void {
  assert(a !== b, msg ?? "expected a different array");
}
import { Float32Pool } from "./_buffer_pool.ts";

const N = 1 << 16;

Deno.test("Float32Pool reuses a large array once its last holder releases it", () => {
  const pool = new Float32Pool();
  const a = pool.alloc(N);
  pool.retain(a);
  pool.retain(a);
  pool.release(a);
  assertNotSame(pool.alloc(N), a, "still held once");
  pool.release(a);
  assertStrictEquals(pool.alloc(N), a);
  assertEquals(pool.freeBytes, 0);
});

Deno.test("Float32Pool never reuses an array user code may hold, nor small or foreign ones", () => {
  const pool = new Float32Pool();
  const a = pool.alloc(N);
  pool.retain(a);
  pool.expose(a);
  pool.release(a);
  assertNotSame(pool.alloc(N), a);
  const small = pool.alloc(16);
  pool.retain(small);
  pool.release(small);
  assertNotSame(pool.alloc(16), small);
  const foreign = new Float32Array(N);
  pool.retain(foreign);
  pool.release(foreign);
  assertNotSame(pool.alloc(N), foreign);
});

Deno.test("Float32Pool takes back scratch arrays, allocates zeros on request and shared memory when told", () => {
  const pool = new Float32Pool();
  const scratch = pool.alloc(N);
  scratch.fill(7);
  pool.recycle(scratch);
  const zeros = pool.allocZeroed(N);
  assertStrictEquals(zeros, scratch);
  assert(zeros.every((v) => v === 0));
  pool.setShared(true);
  assert(pool.alloc(N).buffer instanceof SharedArrayBuffer);
});

Deno.test("Float32Pool drops unused arrays beyond its byte bound", () => {
  const pool = new Float32Pool(4 * N);
  const a = pool.alloc(N), b = pool.alloc(N);
  pool.recycle(a);
  assertEquals(pool.freeBytes, 4 * N);
  pool.recycle(b);
  assertEquals(pool.freeBytes, 4 * N);
});
