/**
 * Runs the interpolation stage with the WASM SIMD kernels of
 * `_resample_kernels.wat` (embedded by `_resample_kernels_wasm.ts`; the
 * module is ~0.8 KB and compiles synchronously at import).
 *
 * The kernels' memory holds one call's data: the phase table at offset 0
 * (kept while the same table is used again), then z, then the outputs.
 * Callers write z straight into the view {@linkcode stageBuffers} returns,
 * so the prefilter's output is never copied.
 *
 * @module
 */
import { fixedPointStep, PHASE_BITS, type PhaseTable } from "./_resample_polyphase.ts";
import { RESAMPLE_KERNELS_WASM_BASE64 } from "./_resample_kernels_wasm.ts";
import { decodeBase64 } from "../_wasm/base64.ts";

interface KernelExports {
  memory: WebAssembly.Memory;
  interpolate_exact(
    z: number,
    table: number,
    stride: number,
    num: number,
    den: number,
    out: number,
    count: number,
  ): void;
  interpolate_real(
    z: number,
    table: number,
    stride: number,
    phaseBits: number,
    stepWhole: number,
    stepFraction: number,
    out: number,
    count: number,
  ): void;
}

const kernels = new WebAssembly.Instance(
  new WebAssembly.Module(decodeBase64(RESAMPLE_KERNELS_WASM_BASE64)),
).exports as unknown as KernelExports;

/**
 * Memory reserved at import: enough for a 10 s window at 48 kHz. Why: growing
 * the memory later detaches its buffer, and a detach in the middle of a run
 * invalidates V8's ArrayBufferDetaching protector, after which V8 discards
 * every optimised function of the thread that reads a typed array. A feature
 * worker did that on its first full-length clip (384 KiB → 1152 KiB) and
 * recompiled ~20 hot functions; growing here, before any of them is
 * optimised, costs nothing.
 */
export const RESERVED_KERNEL_BYTES = 4 << 20;
kernels.memory.grow(
  Math.max(0, Math.ceil((RESERVED_KERNEL_BYTES - kernels.memory.buffer.byteLength) / 65536)),
);

/** Bytes of the kernels' memory now (it grows only for calls larger than the reserve). */
export function kernelMemoryBytes(): number {
  return kernels.memory.buffer.byteLength;
}

/** The table now at offset 0 of the kernels' memory. */
let loadedTable: Float32Array | null = null;

/** Views on the kernels' memory for one call. */
export interface StageBuffers {
  /** The prefiltered signal, `zLength` floats. */
  z: Float32Array;
  /** The outputs, `count` floats, written by {@linkcode interpolate}. */
  out: Float32Array;
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * Lays out the table, z and the outputs in the kernels' memory, growing it
 * as needed, and returns views on z and the outputs (valid until the next
 * call: growing the memory detaches old views).
 *
 * @param table The phase table the call will use.
 * @param zLength Floats of z.
 * @param count Outputs.
 * @returns The views.
 */
export function stageBuffers(table: PhaseTable, zLength: number, count: number): StageBuffers {
  const zOffset = align16(table.data.byteLength);
  const outOffset = align16(zOffset + zLength * 4);
  const end = outOffset + count * 4;
  const { memory } = kernels;
  if (end > memory.buffer.byteLength) {
    memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  }
  if (loadedTable !== table.data) {
    new Float32Array(memory.buffer, 0, table.data.length).set(table.data);
    loadedTable = table.data;
  }
  return {
    z: new Float32Array(memory.buffer, zOffset, zLength),
    out: new Float32Array(memory.buffer, outOffset, count),
  };
}

/**
 * Computes `buffers.out` from `buffers.z`: output n at stage time n·step,
 * stage sample 0 at z[origin] (see `interpolateExact` / `interpolateReal`
 * of `_resample_polyphase.ts`, which define the same sums in JS).
 *
 * @param buffers From {@linkcode stageBuffers} with the same table.
 * @param table Exact or interpolated phases.
 * @param origin Index of stage sample 0 in z (≥ table.first).
 * @param step `{num, den}` for exact phases, else stage samples per output.
 */
export function interpolate(
  buffers: StageBuffers,
  table: PhaseTable,
  origin: number,
  step: { num: number; den: number } | number,
): void {
  const { z, out } = buffers;
  const firstTap = z.byteOffset + 4 * (origin - table.first);
  if (typeof step === "number") {
    const { whole, fraction } = fixedPointStep(step);
    // The kernel takes the fraction as an unsigned 32-bit value in an i32.
    kernels.interpolate_real(
      firstTap,
      0,
      table.stride,
      PHASE_BITS,
      whole,
      fraction | 0,
      out.byteOffset,
      out.length,
    );
  } else {
    kernels.interpolate_exact(
      firstTap,
      0,
      table.stride,
      step.num,
      step.den,
      out.byteOffset,
      out.length,
    );
  }
}
