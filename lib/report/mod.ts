/**
 * Reports: progress on long work (a bar on a terminal, plain lines
 * otherwise). Confusion matrices and gender-bias plots will live here too.
 *
 * @module
 */
export * from "./progress.ts";
