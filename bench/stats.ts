/** Order statistics of bench timings (never asserted in tests). */

/** The value at rank floor(q * n) of the sorted timings (the last one for q = 1). */
export const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The upper median: rank floor(n / 2). */
export const median = (xs: number[]): number => quantile(xs, 0.5);
