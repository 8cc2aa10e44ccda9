/**
 * What serlab's CLIs share: flag parsing that reports a bad flag in one
 * line, and a main wrapper that turns any error into one line on stderr and
 * exit code 1.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/**
 * Parses `args` against `options` (as `node:util` `parseArgs`, strict, no
 * positionals), rewording unknown or malformed flags as one short sentence.
 *
 * @param args The command-line arguments, e.g. `Deno.args`.
 * @param options The flags, as `parseArgs` takes them.
 * @returns The flag values.
 * @throws {TypeError} An unknown flag, a missing value or a stray positional argument.
 */
export function parseFlags<T extends ParseArgsOptionsConfig>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ options: T }>>["values"] {
  return parseCommandLine(args, options, false).values;
}

/**
 * As {@linkcode parseFlags}, for commands that also take operands (files,
 * folders): returns the flag values and the positional arguments.
 *
 * @param args The command-line arguments, e.g. `Deno.args`.
 * @param options The flags, as `parseArgs` takes them.
 * @returns `{ values, positionals }`.
 * @throws {TypeError} An unknown flag or a missing value.
 */
export function parseFlagsAndOperands<T extends ParseArgsOptionsConfig>(
  args: string[],
  options: T,
): { values: ReturnType<typeof parseArgs<{ options: T }>>["values"]; positionals: string[] } {
  return parseCommandLine(args, options, true);
}

function parseCommandLine<T extends ParseArgsOptionsConfig>(
  args: string[],
  options: T,
  allowPositionals: boolean,
) {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals });
    return {
      values: values as ReturnType<typeof parseArgs<{ options: T }>>["values"],
      positionals,
    };
  } catch (error) {
    const reason = (error as Error).message.split(". ")[0].replace(/'/g, "");
    throw new TypeError(`Cannot parse arguments as ${lowerFirst(reason)} (see --help)`);
  }
}

/**
 * A numeric flag's value.
 *
 * @param flag The flag's name without dashes, for the message.
 * @param text What was given; `undefined` when the flag is absent.
 * @param fallback The value when the flag is absent.
 * @returns The number.
 * @throws {TypeError} `text` is not a finite number.
 */
export function numberFlag<F extends number | undefined>(
  flag: string,
  text: string | undefined,
  fallback: F,
): number | F {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new TypeError(`--${flag} needs a number: got "${text}"`);
  }
  return value;
}

/**
 * A count flag's value: an integer of at least `min`.
 *
 * @param flag The flag's name without dashes, for the message.
 * @param text What was given; `undefined` when the flag is absent.
 * @param fallback The value when the flag is absent.
 * @param min The smallest count allowed. @default {1}
 * @returns The count.
 * @throws {TypeError} `text` is not an integer >= `min`.
 */
export function countFlag<F extends number | undefined>(
  flag: string,
  text: string | undefined,
  fallback: F,
  min = 1,
): number | F {
  const value = numberFlag(flag, text, fallback);
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new TypeError(`--${flag} needs a whole number >= ${min}: got "${text}"`);
  }
  return value;
}

/**
 * Runs a CLI's main function and exits: with its return value, or with 1
 * after printing `error: <message>` on stderr when it throws. The stack is
 * printed only when `SERLAB_DEBUG=1`.
 *
 * @param main The CLI, sync or async; returns its exit code (0 when nothing is returned).
 */
export async function runMain(main: () => Promise<number | void> | number | void): Promise<never> {
  try {
    Deno.exit((await main()) ?? 0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message.split("\n")[0]}`);
    if (debugging()) console.error(error);
    Deno.exit(1);
  }
}

/**
 * Formats a byte count with a decimal unit, e.g. `186.3 MB`.
 *
 * @param bytes A count >= 0.
 * @returns The count with one decimal in B, kB, MB or GB.
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function debugging(): boolean {
  try {
    return Deno.env.get("SERLAB_DEBUG") === "1";
  } catch {
    return false; // no --allow-env
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
