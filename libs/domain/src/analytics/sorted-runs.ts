// Rule: the k-th smallest of several lists, each already sorted, without merging them. A stays
// report over 90 days takes the median of ~140,000 durations kept as one sorted list per day; a
// merge or a sort at every call was the report's largest cost on the service's thread. Whole
// numbers (durations in ms) are searched by value: at most ~50 halvings of the range, each
// counting with a binary search per list.

/** How many values of the sorted `run` are <= `value`. */
function countAtMost(run: Float64Array, value: number): number {
  let lo = 0;
  let hi = run.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (run[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The k-th smallest value (0-based) of the union of sorted runs of whole numbers; undefined when
 * the runs hold k or fewer values. Throws a RangeError on a value that is not a safe integer.
 */
export function kthOfSortedRuns(runs: readonly Float64Array[], k: number): number | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let total = 0;
  for (const run of runs) {
    if (run.length === 0) continue;
    total += run.length;
    lo = Math.min(lo, run[0]!);
    hi = Math.max(hi, run[run.length - 1]!);
  }
  if (!(Number.isInteger(k) && k >= 0 && k < total)) return undefined;
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new RangeError('sorted runs hold whole numbers only');
  // The smallest v with more than k values <= v is the k-th smallest, one of the values.
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    let atMost = 0;
    for (const run of runs) atMost += countAtMost(run, mid);
    if (atMost > k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Median of the union of sorted runs of whole numbers (mean of the two middle values for an even count); null when empty. */
export function medianOfSortedRuns(runs: readonly Float64Array[]): number | null {
  const n = runs.reduce((sum, run) => sum + run.length, 0);
  if (n === 0) return null;
  if (n % 2 === 1) return kthOfSortedRuns(runs, (n - 1) / 2)!;
  return (kthOfSortedRuns(runs, n / 2 - 1)! + kthOfSortedRuns(runs, n / 2)!) / 2;
}
