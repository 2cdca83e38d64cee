/**
 * Many labels per example, stored sparsely (CSR-like): for item i the labels
 * are at positions ptr[i] .. ptr[i+1]-1 of `who` (annotator index, ascending)
 * and `label` (class 0..K-1). A dense N x M matrix with -1 for "not labeled"
 * converts with {@link fromDense}; 1,000,000 items x 50 annotators with 3-5
 * labels each is ~4M entries instead of 50M cells.
 */

export interface Annotations {
	/** items */
	readonly n: number;
	/** annotators (or labeling functions) */
	readonly m: number;
	/** classes */
	readonly k: number;
	/** length n + 1 */
	readonly ptr: Int32Array;
	/** annotator of each label, ascending within an item */
	readonly who: Int32Array;
	/** class of each label */
	readonly label: Int32Array;
}

/** Thrown for inputs the agreement statistics cannot work with; messages say which item / annotator and what to do. */
export class AgreementInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AgreementInputError';
	}
}

/** Most entries a label matrix may hold (2^31 - 1 would overflow Int32 offsets). */
export const MAX_ENTRIES = 2_000_000_000;

/**
 * Sparse annotations from a dense row-major N x M Int32Array, -1 (any negative) = not labeled.
 * Labels >= k throw, naming the item and annotator. Cost O(N M).
 */
export function fromDense(dense: Int32Array, n: number, m: number, k: number): Annotations {
	if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || m < 1) throw new AgreementInputError(`Bad label matrix shape ${n} x ${m}.`);
	if (dense.length !== n * m) throw new AgreementInputError(`The label matrix holds ${dense.length} values; ${n} items x ${m} annotators need ${n * m}.`);
	if (!Number.isInteger(k) || k < 1) throw new AgreementInputError(`The number of classes must be a positive integer, got ${k}.`);
	const ptr = new Int32Array(n + 1);
	let nnz = 0;
	for (let i = 0, o = 0; i < n; i++) {
		for (let j = 0; j < m; j++, o++) {
			const v = dense[o]!;
			if (v < 0) continue;
			if (v >= k) throw new AgreementInputError(`Item ${i}, annotator ${j}: label ${v} is outside the classes 0..${k - 1}.`);
			nnz++;
		}
		ptr[i + 1] = nnz;
	}
	const who = new Int32Array(nnz);
	const label = new Int32Array(nnz);
	for (let i = 0, o = 0, p = 0; i < n; i++) {
		for (let j = 0; j < m; j++, o++) {
			const v = dense[o]!;
			if (v < 0) continue;
			who[p] = j;
			label[p++] = v;
		}
	}
	return { n, m, k, ptr, who, label };
}

/** The dense N x M matrix (-1 = not labeled). */
export function toDense(a: Annotations): Int32Array {
	const out = new Int32Array(a.n * a.m).fill(-1);
	for (let i = 0; i < a.n; i++) for (let p = a.ptr[i]!; p < a.ptr[i + 1]!; p++) out[i * a.m + a.who[p]!] = a.label[p]!;
	return out;
}

/** Labels per item (cleanlab's `num_annotations`). */
export function numAnnotations(a: Annotations): Int32Array {
	const out = new Int32Array(a.n);
	for (let i = 0; i < a.n; i++) out[i] = a.ptr[i + 1]! - a.ptr[i]!;
	return out;
}

/** Labels per annotator (cleanlab's `num_examples_labeled`). */
export function numLabeledBy(a: Annotations): Int32Array {
	const out = new Int32Array(a.m);
	for (let p = 0; p < a.who.length; p++) out[a.who[p]!]!++;
	return out;
}

/**
 * Checks what consensus needs: every item labeled at least once, every
 * annotator labeling at least once, labels in 0..K-1, annotators ascending
 * and distinct within an item. Throws naming the first offender (0-based).
 */
export function validateAnnotations(a: Annotations, names?: readonly string[]): void {
	const name = (j: number) => (names?.[j] !== undefined ? `"${names[j]}"` : `annotator ${j}`);
	if (a.ptr.length !== a.n + 1 || a.ptr[0] !== 0 || a.ptr[a.n] !== a.who.length || a.who.length !== a.label.length)
		throw new AgreementInputError('Malformed annotations: ptr must have n + 1 offsets from 0 to the number of labels.');
	for (let i = 0; i < a.n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		if (e <= s) throw new AgreementInputError(`Item ${i} has no label from any annotator; drop it or label it.`);
		for (let p = s; p < e; p++) {
			const j = a.who[p]!;
			const l = a.label[p]!;
			if (j < 0 || j >= a.m) throw new AgreementInputError(`Item ${i}: annotator index ${j} is outside 0..${a.m - 1}.`);
			if (p > s && j <= a.who[p - 1]!) throw new AgreementInputError(`Item ${i}: ${name(j)} appears twice (or out of order).`);
			if (!(l >= 0 && l < a.k)) throw new AgreementInputError(`Item ${i}, ${name(j)}: label ${l} is outside the classes 0..${a.k - 1}.`);
		}
	}
	const per = numLabeledBy(a);
	for (let j = 0; j < a.m; j++) if (per[j] === 0) throw new AgreementInputError(`${name(j)} labeled no item; leave that annotator out.`);
}

/** The class with the largest value in `counts[0..k)`, first on ties (numpy argmax). */
export function argmaxFirst(counts: ArrayLike<number>, off: number, k: number): number {
	let best = 0;
	let bv = counts[off]!;
	for (let c = 1; c < k; c++) {
		const v = counts[off + c]!;
		if (v > bv) {
			bv = v;
			best = c;
		}
	}
	return best;
}

/** Per-item agreement: the share of an item's labels equal to `consensus[i]` (cleanlab's `annotator_agreement`). */
export function agreementWithConsensus(a: Annotations, consensus: Int32Array): Float64Array {
	const out = new Float64Array(a.n);
	for (let i = 0; i < a.n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		let eq = 0;
		for (let p = s; p < e; p++) if (a.label[p] === consensus[i]) eq++;
		out[i] = e > s ? eq / (e - s) : NaN;
	}
	return out;
}
