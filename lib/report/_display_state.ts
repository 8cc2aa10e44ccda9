/**
 * What {@linkcode display} remembers in a notebook session: whether the
 * plotly bundle has been sent, and how many plots were made (for div ids).
 *
 * @module
 */

/** The session state; tests reset it. */
export const displayState = { plotlySent: false, count: 0 };
