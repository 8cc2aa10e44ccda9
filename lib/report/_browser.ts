/**
 * One headless Chromium for a task, always closed: puppeteer-core over the
 * system's Chromium, with a fresh profile folder removed afterwards.
 *
 * @module
 */
import type { Browser } from "puppeteer-core";
import { findChromium } from "./find_chromium.ts";

/** The flags every headless launch uses (no sandbox: containers and CI run as root). */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];

/** The one error for a missing browser, naming how to get one. */
export function missingChromiumError(action: string): Deno.errors.NotFound {
  let override: string | undefined;
  try {
    override = Deno.env.get("SERLAB_CHROMIUM");
  } catch { /* no --allow-env */ }
  const current = override
    ? `SERLAB_CHROMIUM is ${override}, which is not an executable file`
    : "none found";
  return new Deno.errors.NotFound(
    `Cannot ${action} as no Chromium browser is available: install one with \`apt-get install chromium\` or set SERLAB_CHROMIUM to its path (${current})`,
  );
}

/**
 * Runs `fn` with a headless Chromium launched from `executablePath`, then
 * closes it and removes its profile, whatever `fn` does.
 */
export async function withBrowser<T>(
  executablePath: string | null,
  action: string,
  fn: (browser: Browser) => Promise<T>,
): Promise<T> {
  const path = executablePath ?? findChromium();
  if (path === null) throw missingChromiumError(action);
  const { default: puppeteer } = await import("puppeteer-core");
  const profile = await Deno.makeTempDir({ prefix: "serlab-chromium-" });
  try {
    const browser = await puppeteer.launch({
      executablePath: path,
      headless: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
    });
    try {
      return await fn(browser);
    } finally {
      await browser.close();
    }
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
