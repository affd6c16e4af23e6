/** The statistics the KPI formulas share, each with the convention the framework's definitions name. */

export function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
  }
  return sum;
}

export function average(values: ArrayLike<number>): number | null {
  return values.length > 0 ? total(values) / values.length : null;
}

/** Coefficient of variation in %: the population standard deviation (a window's blocks are all of them) ÷ mean. */
export function coefficientOfVariation(values: readonly number[]): number | null {
  const mean = average(values);
  if (mean === null || mean === 0) {
    return null;
  }
  const variance = total(values.map((v) => (v - mean) * (v - mean))) / values.length;
  return (Math.sqrt(variance) / mean) * 100;
}

/** Quantile by linear interpolation between order statistics (type 7, as numpy and spreadsheets do). */
export function interpolatedQuantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Least-squares slope of ys over xs (parallel arrays, so a series point's curve need not be built as
 * objects); null without two distinct x.
 */
export function slope(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  const mx = average(xs);
  const my = average(ys);
  if (mx === null || my === null) {
    return null;
  }
  // Centred sums: x is days since 1970 (~20,000), where raw sums of squares would cancel badly.
  let covariance = 0;
  let spread = 0;
  for (let i = 0; i < xs.length; i++) {
    covariance += (xs[i] - mx) * (ys[i] - my);
    spread += (xs[i] - mx) * (xs[i] - mx);
  }
  return spread > 0 ? covariance / spread : null;
}

/** a ÷ b in %, null when b is 0 (a share of nothing is undefined, never 0). */
export function share(a: number, b: number): number | null {
  return b === 0 ? null : (a / b) * 100;
}
