/**
 * Small numeric helpers shared by the statistics core: compensated summation,
 * sorted copies, input validation and numpy-compatible rounding.
 *
 * All helpers are pure and allocation-light; none of them touches the DOM.
 */

/** Any numeric array the statistics core accepts as a sample. */
export type NumericArray = ArrayLike<number>;

/**
 * Sum with Neumaier's compensated summation (Neumaier 1974, an improved
 * Kahan-Babuska sum). The error does not grow with the number of terms, which
 * keeps long sums (1M rows) within a few ulps of the exact value.
 */
export function compensatedSum(values: ArrayLike<number>): number {
	let sum = 0;
	let compensation = 0;
	for (let i = 0; i < values.length; i++) {
		const x = values[i] as number;
		const t = sum + x;
		if (Math.abs(sum) >= Math.abs(x)) compensation += sum - t + x;
		else compensation += x - t + sum;
		sum = t;
	}
	return sum + compensation;
}

/**
 * Incremental Neumaier accumulator, for sums whose terms are produced in a loop
 * and never stored.
 */
export class CompensatedAccumulator {
	private sum = 0;
	private compensation = 0;

	/** Add one term. */
	add(x: number): void {
		const t = this.sum + x;
		if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
		else this.compensation += x - t + this.sum;
		this.sum = t;
	}

	/** The compensated total so far. */
	get value(): number {
		return this.sum + this.compensation;
	}
}

/**
 * Ascending copy of a sample as a Float64Array, sorted with the typed-array
 * numeric sort (NaN values end up last). The input is never modified.
 */
export function sortedCopy(values: NumericArray): Float64Array {
	const copy = Float64Array.from(values as ArrayLike<number>);
	copy.sort();
	return copy;
}

/** True when any element is NaN. */
export function hasNaN(values: NumericArray): boolean {
	for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
	return false;
}

/** Copy of the sample without NaN values, as a Float64Array. */
export function dropNaN(values: NumericArray): Float64Array {
	let count = 0;
	for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
	const out = new Float64Array(count);
	let k = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i] as number;
		if (!Number.isNaN(v)) out[k++] = v;
	}
	return out;
}

/**
 * Round half to even, like `numpy.round` (scipy rounds the effective sample
 * size of the asymptotic two-sample KS test this way).
 */
export function roundHalfEven(x: number): number {
	if (!Number.isFinite(x)) return x;
	const floor = Math.floor(x);
	const diff = x - floor;
	if (diff < 0.5) return floor;
	if (diff > 0.5) return floor + 1;
	return floor % 2 === 0 ? floor : floor + 1;
}

/** Greatest common divisor of two non-negative integers (Euclid). */
export function gcd(a: number, b: number): number {
	let x = Math.abs(a);
	let y = Math.abs(b);
	while (y !== 0) {
		const t = x % y;
		x = y;
		y = t;
	}
	return x;
}

/** Throw a RangeError unless `value` is a finite, non-negative integer. */
export function assertCount(value: number, name: string): void {
	if (!Number.isInteger(value) || value < 0) {
		throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
	}
}

/** Throw a RangeError unless `value` is finite and >= 0 (counts may be weighted). */
export function assertNonNegative(value: number, name: string): void {
	if (!Number.isFinite(value) || value < 0) {
		throw new RangeError(`${name} must be a finite non-negative number, got ${value}`);
	}
}

/**
 * Stable ascending argsort of a numeric array: equal keys keep ascending index
 * order and NaN keys go last. Returns the permutation as a Uint32Array.
 */
export function stableArgsort(keys: ArrayLike<number>): Uint32Array {
	const n = keys.length;
	const order = Array.from({ length: n }, (_, i) => i);
	order.sort((i, j) => {
		const a = keys[i] as number;
		const b = keys[j] as number;
		const aNaN = Number.isNaN(a);
		const bNaN = Number.isNaN(b);
		if (aNaN || bNaN) return aNaN === bNaN ? i - j : aNaN ? 1 : -1;
		return a < b ? -1 : a > b ? 1 : i - j;
	});
	return Uint32Array.from(order);
}
