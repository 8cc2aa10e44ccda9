import { assertEquals } from "@std/assert";
import { randomArray } from "../../_shared/_testing.ts";
import { adamConstants, adamImpl } from "./_adam_impl.ts";

/** tfjs's Adam step as its fourteen float32 kernels compute it, one array at a time. */
function opByOp(
  x: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  [beta1, beta2, lr, eps, acc1, acc2]: number[],
) {
  const map = (fn: (i: number) => number) => Float32Array.from(x, (_, i) => fn(i));
  const s = Math.fround;
  const m1 = map((i) => m[i] * s(beta1)), m2 = map((i) => g[i] * s(1 - beta1));
  const nm = map((i) => m1[i] + m2[i]);
  const sq = map((i) => g[i] * g[i]);
  const v1 = map((i) => v[i] * s(beta2)), v2 = map((i) => sq[i] * s(1 - beta2));
  const nv = map((i) => v1[i] + v2[i]);
  const c1 = s(1 - s(acc1)), c2 = s(1 - s(acc2));
  const mh = map((i) => nm[i] / c1), vh = map((i) => nv[i] / c2);
  const root = map((i) => Math.sqrt(vh[i]));
  const den = map((i) => root[i] + s(eps));
  const ratio = map((i) => mh[i] / den[i]);
  const scaled = map((i) => ratio[i] * s(-lr));
  return { x: map((i) => scaled[i] + x[i]), m: nm, v: nv };
}

Deno.test("adamImpl() equals tfjs's op-by-op float32 Adam bit for bit", () => {
  const n = 5000;
  const params = [0.9, 0.999, 1e-3, 1e-7, Math.fround(0.9 ** 3), Math.fround(0.999 ** 3)];
  const x = randomArray(n, 1), g = randomArray(n, 2, -0.01, 0.01);
  const m = randomArray(n, 3, -0.01, 0.01), v = randomArray(n, 4, 0, 1e-4);
  g[0] = 0; // no gradient: the moments decay only
  const want = opByOp(x, m, v, g, params);
  const got = { x: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  const [b1, b2, lr, eps, a1, a2] = params;
  adamImpl(x, m, v, g, adamConstants(b1, b2, lr, eps, a1, a2), got);
  assertEquals(got, want);
});

Deno.test("adamImpl() updates a range in place", () => {
  const x = Float32Array.of(1, 1, 1), m = new Float32Array(3), v = new Float32Array(3);
  const g = Float32Array.of(1, 1, 1);
  adamImpl(x, m, v, g, adamConstants(0.9, 0.999, 0.1, 1e-7, 0.9, 0.999), { x, m, v }, 1, 2);
  assertEquals(x[0], 1);
  assertEquals(x[2], 1);
  assertEquals(Math.abs(x[1] - 0.9) < 1e-6, true);
  assertEquals(m[1], Math.fround(Math.fround(0.1) * 1));
});
