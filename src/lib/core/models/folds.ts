/**
 * K-fold assignments. The default puts row i in fold i mod K, so anyone can reproduce the folds
 * with scikit-learn's `PredefinedSplit(test_fold=np.arange(n) % K)`. The shuffled option deals a
 * seeded random permutation round-robin: fold of row perm[j] is j mod K (fold sizes differ by at
 * most one, as with i mod K).
 */

/** A small seeded generator (Mulberry32: 32-bit state, full period), uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Fold index of every row (0..folds-1). */
export function foldAssignment(n: number, folds: number, shuffle = false, seed = 0): Int32Array {
	if (!Number.isInteger(folds) || folds < 2) throw new Error(`The number of folds must be an integer of at least 2, got ${folds}.`);
	if (n < folds) throw new Error(`${n} rows cannot be split into ${folds} folds; use at most ${n} folds.`);
	const fold = new Int32Array(n);
	if (!shuffle) {
		for (let i = 0; i < n; i++) fold[i] = i % folds;
		return fold;
	}
	const perm = Int32Array.from({ length: n }, (_, i) => i);
	const rand = seededRandom(seed);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		const t = perm[i]!;
		perm[i] = perm[j]!;
		perm[j] = t;
	}
	for (let j = 0; j < n; j++) fold[perm[j]!] = j % folds;
	return fold;
}

/** Rows of fold `f` (test) and the labeled rows of every other fold (train), ascending. */
export function foldRows(fold: Int32Array, f: number, labels: Int32Array): { train: Int32Array; test: Int32Array } {
	let nTest = 0;
	let nTrain = 0;
	for (let i = 0; i < fold.length; i++) {
		if (fold[i] === f) nTest++;
		else if (labels[i]! >= 0) nTrain++;
	}
	const test = new Int32Array(nTest);
	const train = new Int32Array(nTrain);
	let a = 0;
	let b = 0;
	for (let i = 0; i < fold.length; i++) {
		if (fold[i] === f) test[a++] = i;
		else if (labels[i]! >= 0) train[b++] = i;
	}
	return { train, test };
}
