import { assertEquals } from "@std/assert";
import { findChromium } from "./find_chromium.ts";

function withEnv(env: Record<string, string | undefined>, fn: () => void) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, Deno.env.get(k)]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    }
  };
  set(env);
  try {
    fn();
  } finally {
    set(saved);
  }
}

Deno.test("findChromium() returns SERLAB_CHROMIUM when it names an executable, else null", async () => {
  const fake = await Deno.makeTempFile();
  try {
    withEnv({ SERLAB_CHROMIUM: fake }, () => assertEquals(findChromium(), null)); // not executable
    await Deno.chmod(fake, 0o755);
    withEnv({ SERLAB_CHROMIUM: fake }, () => assertEquals(findChromium(), fake));
    withEnv({ SERLAB_CHROMIUM: `${fake}.missing` }, () => assertEquals(findChromium(), null));
  } finally {
    await Deno.remove(fake);
  }
});

Deno.test("findChromium() finds a browser on PATH by its usual names", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/chromium-browser`, "", { mode: 0o755 });
    await Deno.writeTextFile(`${dir}/chromium`, ""); // not executable: passed over
    const isExecutable = (path: string) => {
      try {
        const { isFile, mode } = Deno.statSync(path);
        return isFile && (mode! & 0o111) !== 0;
      } catch {
        return false;
      }
    };
    // Names in order of preference, each looked for in /usr/bin, then on PATH.
    const expected = [
      "chromium",
      "chromium-browser",
      "google-chrome",
      "google-chrome-stable",
      "chrome",
    ]
      .flatMap((name) => [`/usr/bin/${name}`, `${dir}/${name}`])
      .find(isExecutable);
    withEnv(
      { SERLAB_CHROMIUM: undefined, PATH: dir },
      () => assertEquals(findChromium(), expected),
    );
    withEnv({ SERLAB_CHROMIUM: "", PATH: dir }, () => assertEquals(findChromium(), expected));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
