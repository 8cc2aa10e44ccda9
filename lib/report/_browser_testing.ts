/**
 * Opening report pages in a real headless Chromium for tests: what a page
 * logged and requested while its plots were drawn.
 *
 * @module
 */
import type { Browser } from "puppeteer-core";

/** What went wrong on a page, and what it drew. */
export interface PageCheck {
  /** Console errors, uncaught exceptions, failed requests, HTTP errors, requests off `allowedOrigin`. */
  problems: string[];
  /** The ids of the `.serlab-plot` divs. */
  plots: string[];
  /** The ids of those with a plotly `.main-svg` inside. */
  drawn: string[];
}

/**
 * Opens `url`, waits until every `.serlab-plot` div holds an SVG (or 30 s),
 * and reports problems; requests must stay on `allowedOrigin` (or be `data:`).
 */
export async function checkPage(
  browser: Browser,
  url: string,
  allowedOrigin: string,
  screenshot?: string,
): Promise<PageCheck> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${String(error)}`));
  page.on("requestfailed", (request) => {
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("request", (request) => {
    const target = request.url();
    if (!target.startsWith(allowedOrigin) && !target.startsWith("data:")) {
      problems.push(`request off origin: ${target}`);
    }
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(
    `[...document.querySelectorAll(".serlab-plot")].every((d) => d.querySelector(".main-svg"))`,
    { timeout: 30_000 },
  ).catch(() => problems.push("timed out waiting for the plots"));
  const plots = await page.$$eval(".serlab-plot", (divs) => divs.map((d) => d.id));
  const drawn = await page.$$eval(
    ".serlab-plot",
    (divs) => divs.filter((d) => d.querySelector(".main-svg") !== null).map((d) => d.id),
  );
  if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { problems, plots, drawn };
}
