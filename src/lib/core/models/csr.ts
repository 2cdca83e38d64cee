/**
 * A compressed-sparse-row matrix of float64: the design matrix the logistic regression reads.
 * Row i's nonzero entries are values[indptr[i] .. indptr[i+1]) at columns indices[same range].
 * Dense data (standardised numbers) stores every entry; pixels and one-hot codes store only the
 * nonzeros, so a fit over MNIST digits (about one pixel in five inked) does a fifth of the work.
 */
export interface CsrMatrix {
	rows: number;
	cols: number;
	indptr: Int32Array;
	indices: Int32Array;
	values: Float64Array;
}

/** A dense row-major matrix as CSR, keeping only nonzero entries. */
export function csrFromDense(data: ArrayLike<number>, rows: number, cols: number): CsrMatrix {
	let nnz = 0;
	for (let i = 0; i < rows * cols; i++) if (data[i] !== 0) nnz++;
	const indptr = new Int32Array(rows + 1);
	const indices = new Int32Array(nnz);
	const values = new Float64Array(nnz);
	let p = 0;
	for (let i = 0; i < rows; i++) {
		for (let j = 0; j < cols; j++) {
			const v = data[i * cols + j]!;
			if (v !== 0) {
				indices[p] = j;
				values[p++] = v;
			}
		}
		indptr[i + 1] = p;
	}
	return { rows, cols, indptr, indices, values };
}
