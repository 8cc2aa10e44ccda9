/**
 * Element-wise float32 arithmetic for the broadcasts training uses: equal
 * shapes, a scalar, or an operand repeated over one contiguous block of
 * axes (a bias over N·H·W, a pooled gradient over H·W).
 *
 * Why: tfjs's CPU binary kernels call a closure per element and compute
 * broadcast indices element by element (64 ms for the 0.5 M-element
 * gradient of global average pooling); these loops do neither.
 *
 * @module
 */

/** The arithmetic {@linkcode binaryImpl} supports. */
export type BinaryOp = "add" | "sub" | "mul" | "div";

/**
 * How the operands are broadcast. `slabA`/`slabB`: that operand has shape
 * [outer, inner] and the output [outer, mid, inner] (its values repeat over
 * the `mid` block of axes).
 */
export type Broadcast =
  | { kind: "none" | "scalarA" | "scalarB" }
  | { kind: "slabA" | "slabB"; mid: number; inner: number };

/**
 * out = a op b under `broadcast`, for output indices [start, end).
 *
 * @param op The operation.
 * @param a First operand.
 * @param b Second operand.
 * @param broadcast Which operand is broadcast and how.
 * @param out Output (the output shape's size).
 * @param start First output index (a multiple of `inner` for slabs). @default {0}
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
  switch (broadcast.kind) {
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
      const left = broadcast.kind === "scalarA";
      const s = left ? a[0] : b[0];
      const v = left ? b : a;
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
    case "slabA":
    case "slabB": {
      const left = broadcast.kind === "slabA";
      const small = left ? a : b;
      const v = left ? b : a;
      const { mid, inner: C } = broadcast;
      for (let i = start; i < n; i += C) {
        const r = Math.floor(i / C);
        const s = Math.floor(r / mid) * C;
        switch (op) {
          case "add":
            for (let c = 0; c < C; c++) out[i + c] = v[i + c] + small[s + c];
            break;
          case "mul":
            for (let c = 0; c < C; c++) out[i + c] = v[i + c] * small[s + c];
            break;
          case "sub":
            if (left) { for (let c = 0; c < C; c++) out[i + c] = small[s + c] - v[i + c]; }
            else for (let c = 0; c < C; c++) out[i + c] = v[i + c] - small[s + c];
            break;
          case "div":
            if (left) { for (let c = 0; c < C; c++) out[i + c] = small[s + c] / v[i + c]; }
            else for (let c = 0; c < C; c++) out[i + c] = v[i + c] / small[s + c];
            break;
        }
      }
      return;
    }
  }
}

/** The [mid, inner] view of `small` broadcast to `big` over one contiguous block of axes, or null. */
function slabOf(small: number[], big: number[]): { mid: number; inner: number } | null {
  if (small.length > big.length) return null;
  const s = [...new Array(big.length - small.length).fill(1), ...small];
  const differing = big.map((d, i) => (s[i] !== d ? i : -1)).filter((i) => i >= 0);
  if (differing.length === 0) return null;
  if (differing.some((i) => s[i] !== 1)) return null;
  const p = differing[0], q = differing[differing.length - 1];
  if (q - p + 1 !== differing.length) return null;
  const prod = (xs: number[]) => xs.reduce((x, y) => x * y, 1);
  const inner = prod(big.slice(q + 1));
  if (inner === 0) return null;
  return { mid: prod(big.slice(p, q + 1)), inner };
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
  const same = (s: number[]) =>
    s.length === outShape.length && s.every((d, i) => d === outShape[i]);
  if (same(a) && same(b)) return { kind: "none" };
  if (size(b) === 1 && same(a)) return { kind: "scalarB" };
  if (size(a) === 1 && same(b)) return { kind: "scalarA" };
  if (n === 0) return null;
  const slabB = same(a) ? slabOf(b, outShape) : null;
  if (slabB) return { kind: "slabB", ...slabB };
  const slabA = same(b) ? slabOf(a, outShape) : null;
  if (slabA) return { kind: "slabA", ...slabA };
  return null;
}
