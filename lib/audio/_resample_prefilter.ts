/**
 * The resampler's first stage: a long linear-phase FIR run by FFT
 * overlap-save through PFFFT's WASM SIMD build (`@echogarden/pffft-wasm`,
 * already serlab's FFT for spectra). The filter has ~450 taps, so direct
 * convolution would cost ~64 M multiply-adds per 3 s window at 48 kHz;
 * overlap-save in blocks of 4096 costs ~0.6 ms, as soxr does it.
 *
 * @module
 */
import { pffft, PFFFT_BACKWARD, PFFFT_FORWARD, PFFFT_REAL } from "../_wasm/pffft.ts";

/** FFT size for a filter: 8× its length or more (a power of two) keeps the overlap cost low. */
function fftSizeFor(taps: number): number {
  let n = 32;
  while (n < 8 * taps) n *= 2;
  return n;
}

/**
 * A linear-phase FIR applied by FFT to a zero-stuffed signal.
 *
 * With u[q] = x[q / upFactor] where q is a multiple of `upFactor` and inside
 * the signal, else 0, and c = (taps − 1) / 2 the centre tap, the filtered
 * signal is y[m] = Σⱼ h[j]·u[m + c − j]: sample m sits at input time
 * m / upFactor, without delay.
 */
export class FftFilter {
  /** Filter length (odd). */
  readonly taps: number;
  /** FFT size. */
  readonly size: number;
  #setup: number;
  #spectrum: number;
  #input: number;
  #output: number;
  #product: number;
  #work: number;

  /** @param taps Filter coefficients, odd count, centred on the middle one. */
  constructor(taps: Float64Array) {
    this.taps = taps.length;
    const n = this.size = fftSizeFor(taps.length);
    this.#setup = pffft._pffft_new_setup(n, PFFFT_REAL);
    if (this.#setup === 0) throw new RangeError(`Cannot set up a real FFT of size ${n}`);
    this.#spectrum = pffft._pffft_aligned_malloc(n * 4);
    this.#input = pffft._pffft_aligned_malloc(n * 4);
    this.#output = pffft._pffft_aligned_malloc(n * 4);
    this.#product = pffft._pffft_aligned_malloc(n * 4);
    this.#work = pffft._pffft_aligned_malloc(n * 4);
    const heap = pffft.HEAPF32;
    const input = this.#input >> 2;
    heap.fill(0, input, input + n);
    for (let i = 0; i < taps.length; i++) heap[input + i] = taps[i];
    pffft._pffft_transform(this.#setup, this.#input, this.#spectrum, this.#work, PFFFT_FORWARD);
  }

  /**
   * Writes y[start + i] into `out[outOffset + i]` for i < count.
   *
   * @param x Input samples.
   * @param upFactor Zero-stuffing factor ≥ 1.
   * @param start First output index m (may be negative).
   * @param out Destination.
   * @param outOffset Where y[start] goes in `out`.
   * @param count Samples to write.
   */
  apply(
    x: Float32Array,
    upFactor: number,
    start: number,
    out: Float32Array,
    outOffset: number,
    count: number,
  ): void {
    const n = this.size;
    const half = (this.taps - 1) / 2;
    const block = n - this.taps + 1;
    const scale = 1 / n;
    // Read the heap view after the constructor's allocations: memory growth replaces it.
    const heap = pffft.HEAPF32;
    const input = this.#input >> 2;
    const output = this.#output >> 2;
    const product = this.#product >> 2;
    for (let done = 0; done < count; done += block) {
      // The block's buffer holds u[q0 .. q0 + n); its circular convolution
      // is exact from index 2·half on, which is y[start + done ..].
      const q0 = start + done - half;
      heap.fill(0, input, input + n);
      if (upFactor === 1) {
        const from = Math.max(q0, 0);
        const to = Math.min(q0 + n, x.length);
        if (to > from) heap.set(x.subarray(from, to), input + from - q0);
      } else {
        const first = Math.max(Math.ceil(q0 / upFactor), 0);
        const last = Math.min(Math.floor((q0 + n - 1) / upFactor), x.length - 1);
        for (let k = first, i = input + first * upFactor - q0; k <= last; k++, i += upFactor) {
          heap[i] = x[k];
        }
      }
      pffft._pffft_transform(this.#setup, this.#input, this.#output, this.#work, PFFFT_FORWARD);
      heap.fill(0, product, product + n);
      pffft._pffft_zconvolve_accumulate(
        this.#setup,
        this.#output,
        this.#spectrum,
        this.#product,
        scale,
      );
      pffft._pffft_transform(this.#setup, this.#product, this.#output, this.#work, PFFFT_BACKWARD);
      const m = Math.min(block, count - done);
      const valid = output + 2 * half;
      out.set(heap.subarray(valid, valid + m), outOffset + done);
    }
  }

  /** Frees the filter's WASM memory; the filter is unusable afterwards. */
  dispose(): void {
    for (const pointer of [this.#spectrum, this.#input, this.#output, this.#product, this.#work]) {
      pffft._pffft_aligned_free(pointer);
    }
    pffft._pffft_destroy_setup(this.#setup);
  }
}
