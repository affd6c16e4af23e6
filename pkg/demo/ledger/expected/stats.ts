/** The few statistics the KPIs use, each with the exact convention the expected values follow. */

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

/** Population standard deviation (divides by n): the base fees of a window are the whole population. */
export function populationStdDev(values: readonly number[]): number | null {
  const average = mean(values);
  if (average === null) {
    return null;
  }
  return Math.sqrt(sum(values.map((value) => (value - average) ** 2)) / values.length);
}

/**
 * The p-quantile (0 ≤ p ≤ 1) by linear interpolation between order statistics (Hyndman–Fan type 7,
 * numpy's and spreadsheets' default): position (n − 1) × p in the sorted list.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Ordinary least-squares slope of y on x; null with fewer than two distinct x. */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const mx = mean(xs);
  const my = mean(ys);
  if (mx === null || my === null) {
    return null;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

/** a ÷ b × 100, or null where the ratio is undefined. */
export function percentOf(a: number, b: number): number | null {
  return b === 0 ? null : (a / b) * 100;
}
