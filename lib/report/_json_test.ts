import { assertEquals } from "@std/assert";
import { jsonForHtml, plainJson } from "./_json.ts";

Deno.test("jsonForHtml() escapes what could end or confuse a script", () => {
  const text = jsonForHtml({ a: "</script><!-- & \u2028" });
  assertEquals(text, '{"a":"\\u003c\\u002fscript\\u003e\\u003c!-- \\u0026 \\u2028"}');
  assertEquals(JSON.parse(text), { a: "</script><!-- & \u2028" });
});

Deno.test("jsonForHtml() writes NaN and infinities as null and typed arrays as arrays", () => {
  assertEquals(jsonForHtml([NaN, Infinity, -Infinity, 1.5]), "[null,null,null,1.5]");
  assertEquals(jsonForHtml({ y: new Float32Array([0.5, NaN]) }), '{"y":[0.5,null]}');
  assertEquals(jsonForHtml(undefined), "null");
});

Deno.test("plainJson() returns the same data as jsonForHtml() writes", () => {
  const expected: unknown = { y: [null, 2], z: [1, 2] };
  assertEquals(plainJson({ y: [NaN, 2], z: new Uint8Array([1, 2]) }), expected);
});
