/**
 * A small seeded pseudo-random generator, so that samples and balanced draws
 * are reproducible: the same seed gives the same rows on every machine.
 *
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by the
 * odd constant 0x6D2B79F5, then mixed with two xor-shift-multiply rounds.
 * Period 2^32; plenty for shuffling the strata of one dataset. Written here
 * from that description; not for cryptography.
 */

/** A function returning uniform numbers in [0, 1), each a multiple of 2^-32. */
export type Random = () => number;

/** A seeded generator. The seed is any integer (taken modulo 2^32) or a string (hashed with FNV-1a). */
export function mulberry32(seed: number | string): Random {
	let a = typeof seed === 'string' ? fnv1a(seed) : seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
	return Math.min(n - 1, Math.floor(random() * n));
}

/**
 * The first `k` items of a uniform random permutation of `items` (partial
 * Fisher-Yates on a copy); the input is not changed.
 */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, random: Random): T[] {
	const a = items.slice();
	const m = Math.min(k, a.length);
	for (let i = 0; i < m; i++) {
		const j = i + randomInt(random, a.length - i);
		const t = a[i]!;
		a[i] = a[j]!;
		a[j] = t;
	}
	return a.slice(0, m);
}

/** Check a seed given by a user: a safe integer. */
export function assertSeed(seed: number): void {
	if (!Number.isSafeInteger(seed)) throw new RangeError(`The seed must be an integer, got ${seed}.`);
}
