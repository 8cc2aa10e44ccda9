/**
 * The "chromium" test requirement: tests that drive a real headless browser
 * skip with a one-line reason where none is installed, and fail on CI.
 *
 * @module
 */
import type { Requirement } from "../../tests/requirements.ts";
import { findChromium } from "./find_chromium.ts";

/** A Chromium executable ({@linkcode findChromium}), or `null`. */
export function needsChromium(): Requirement<string> {
  return { name: "chromium", value: findChromium(), hint: "apt-get install chromium" };
}
