/**
 * Models: the seed project's 4-block CNN.
 *
 * @module
 */
export * from "./seed_cnn.ts";
