/** Positions of the scores that {@linkcode scoreCounts} writes. */
export const ACCURACY = 0;
export const MACRO_PRECISION = 1;
export const MACRO_RECALL = 2;
export const MACRO_F1 = 3;
export const UAR = 4;

/**
 * Accuracy and macro scores from per-class counts, written into `out` so the
 * bootstrap allocates nothing per resample.
 *
 * - precision_k = tp_k / predicted_k, recall_k = tp_k / support_k and
 *   F1_k = 2·tp_k / (support_k + predicted_k), each `zeroDivision` when its
 *   denominator is 0 (scikit-learn ≥ 1.3 semantics, identical to 1.2 for
 *   0 and 1).
 * - Macro averages run over the classes where `include` is 1 (all when it is
 *   omitted) and skip `NaN` values (scikit-learn's `_nanaverage`).
 * - UAR (balanced accuracy) is the mean recall over included classes with
 *   support > 0, whatever `zeroDivision` says.
 */
export function scoreCounts(
  tp: ArrayLike<number>,
  support: ArrayLike<number>,
  predicted: ArrayLike<number>,
  zeroDivision: number,
  out: Float64Array,
  include?: Uint8Array,
): Float64Array {
  let n = 0, correct = 0;
  let sumP = 0, countP = 0, sumR = 0, countR = 0, sumF = 0, countF = 0;
  let sumUar = 0, countUar = 0;
  for (let k = 0; k < support.length; k++) {
    n += support[k];
    correct += tp[k];
    if (include !== undefined && include[k] === 0) continue;
    const p = predicted[k] === 0 ? zeroDivision : tp[k] / predicted[k];
    const r = support[k] === 0 ? zeroDivision : tp[k] / support[k];
    const den = support[k] + predicted[k];
    const f = den === 0 ? zeroDivision : (2 * tp[k]) / den;
    if (!Number.isNaN(p)) {
      sumP += p;
      countP++;
    }
    if (!Number.isNaN(r)) {
      sumR += r;
      countR++;
    }
    if (!Number.isNaN(f)) {
      sumF += f;
      countF++;
    }
    if (support[k] > 0) {
      sumUar += tp[k] / support[k];
      countUar++;
    }
  }
  out[ACCURACY] = n === 0 ? NaN : correct / n;
  out[MACRO_PRECISION] = countP === 0 ? NaN : sumP / countP;
  out[MACRO_RECALL] = countR === 0 ? NaN : sumR / countR;
  out[MACRO_F1] = countF === 0 ? NaN : sumF / countF;
  out[UAR] = countUar === 0 ? NaN : sumUar / countUar;
  return out;
}

/**
 * The `q` quantile of ascending `sorted` values with linear interpolation
 * (NumPy's default `method="linear"`); `NaN` for no values.
 */
export function quantileSorted(sorted: ArrayLike<number>, length: number, q: number): number {
  if (length === 0) return NaN;
  const h = (length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
