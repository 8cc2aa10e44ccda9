/**
 * Element-wise float32 arithmetic for the broadcasts training uses: equal
 * shapes, a scalar, or a vector along the last axis (bias, per-channel
 * scale).
 *
 * Why: tfjs's CPU binary kernels call a closure per element and take a
 * modulo for every index even when no broadcasting happens; these loops
 * have neither.
 *
 * @module
 */

/** The arithmetic {@linkcode binaryImpl} supports. */
export type BinaryOp = "add" | "sub" | "mul" | "div";

/** How the second operand (or the first, swapped) is broadcast. */
export type Broadcast =
  /** Both operands have the output's size. */
  | "none"
  /** `a` has one element. */
  | "scalarA"
  /** `b` has one element. */
  | "scalarB"
  /** `a` is a vector of the last axis' length. */
  | "rowA"
  /** `b` is a vector of the last axis' length. */
  | "rowB";

/**
 * out = a op b under `broadcast`.
 *
 * @param op The operation.
 * @param a First operand.
 * @param b Second operand.
 * @param broadcast Which operand is broadcast and how.
 * @param out Output (the output shape's size).
 * @param start First output index (a multiple of the row length for row broadcasts). @default {0}
 * @param end One past the last output index (likewise). @default {out.length}
 */
export function binaryImpl(
  op: BinaryOp,
  a: Float32Array,
  b: Float32Array,
  broadcast: Broadcast,
  out: Float32Array,
  start = 0,
  end: number = out.length,
): void {
  const n = end;
  switch (broadcast) {
    case "none":
      switch (op) {
        case "add":
          for (let i = start; i < n; i++) out[i] = a[i] + b[i];
          return;
        case "sub":
          for (let i = start; i < n; i++) out[i] = a[i] - b[i];
          return;
        case "mul":
          for (let i = start; i < n; i++) out[i] = a[i] * b[i];
          return;
        case "div":
          for (let i = start; i < n; i++) out[i] = a[i] / b[i];
          return;
      }
      return;
    case "scalarA":
    case "scalarB": {
      const s = broadcast === "scalarA" ? a[0] : b[0];
      const v = broadcast === "scalarA" ? b : a;
      const left = broadcast === "scalarA";
      switch (op) {
        case "add":
          for (let i = start; i < n; i++) out[i] = v[i] + s;
          return;
        case "mul":
          for (let i = start; i < n; i++) out[i] = v[i] * s;
          return;
        case "sub":
          if (left) { for (let i = start; i < n; i++) out[i] = s - v[i]; }
          else for (let i = start; i < n; i++) out[i] = v[i] - s;
          return;
        case "div":
          if (left) { for (let i = start; i < n; i++) out[i] = s / v[i]; }
          else for (let i = start; i < n; i++) out[i] = v[i] / s;
          return;
      }
      return;
    }
    case "rowA":
    case "rowB": {
      const row = broadcast === "rowA" ? a : b;
      const v = broadcast === "rowA" ? b : a;
      const left = broadcast === "rowA";
      const C = row.length;
      for (let i = start; i < n; i += C) {
        switch (op) {
          case "add":
            for (let c = 0; c < C; c++) out[i + c] = v[i + c] + row[c];
            break;
          case "mul":
            for (let c = 0; c < C; c++) out[i + c] = v[i + c] * row[c];
            break;
          case "sub":
            if (left) { for (let c = 0; c < C; c++) out[i + c] = row[c] - v[i + c]; }
            else for (let c = 0; c < C; c++) out[i + c] = v[i + c] - row[c];
            break;
          case "div":
            if (left) { for (let c = 0; c < C; c++) out[i + c] = row[c] / v[i + c]; }
            else for (let c = 0; c < C; c++) out[i + c] = v[i + c] / row[c];
            break;
        }
      }
      return;
    }
  }
}

/**
 * The broadcast pattern of shapes `a` and `b`, or null when it is none of
 * those {@linkcode binaryImpl} handles.
 *
 * @param a Shape of the first operand.
 * @param b Shape of the second operand.
 * @param outShape The broadcast output shape.
 * @returns The pattern, or null.
 */
export function broadcastOf(a: number[], b: number[], outShape: number[]): Broadcast | null {
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  const n = size(outShape);
  const sa = size(a), sb = size(b);
  const same = (s: number[]) =>
    s.length === outShape.length && s.every((d, i) => d === outShape[i]);
  if (same(a) && same(b)) return "none";
  if (sb === 1 && same(a)) return "scalarB";
  if (sa === 1 && same(b)) return "scalarA";
  const last = outShape[outShape.length - 1];
  const isRow = (s: number[]) => s.length > 0 && s[s.length - 1] === last && size(s) === last;
  if (n > 0 && same(a) && isRow(b)) return "rowB";
  if (n > 0 && same(b) && isRow(a)) return "rowA";
  return null;
}
