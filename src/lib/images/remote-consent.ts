/**
 * The user's consent to load images from other origins, per dataset: a set of
 * origins (`https://images.example.org`) stored under the dataset's
 * fingerprint, so allowing one dataset's image host never allows it for
 * another dataset. Storage is any `Storage`-like object (localStorage in the
 * browser); a value that cannot be read counts as no consent.
 */

/** The part of the Web Storage API the store uses. */
export interface KeyValueStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

const PREFIX = 'plumb:remote-images:';

/** Storage key of a dataset's consent. */
export function consentKey(fingerprint: string): string {
	return PREFIX + fingerprint;
}

/** Whether a string is an http(s) origin as `URL.origin` gives it (no path, no user info). */
export function isHttpOrigin(origin: string): boolean {
	try {
		const u = new URL(origin);
		return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin;
	} catch {
		return false;
	}
}

/** Origins the user allowed for this dataset (empty when none, or when the stored value is unreadable). */
export function allowedOrigins(storage: KeyValueStorage, fingerprint: string): string[] {
	let raw: string | null;
	try {
		raw = storage.getItem(consentKey(fingerprint));
	} catch {
		return [];
	}
	if (raw === null) return [];
	try {
		const parsed: unknown = JSON.parse(raw);
		return Array.isArray(parsed) ? [...new Set(parsed.filter((o): o is string => typeof o === 'string' && isHttpOrigin(o)))] : [];
	} catch {
		return [];
	}
}

/** Allows images from these origins for this dataset; returns the new list. */
export function allowOrigins(storage: KeyValueStorage, fingerprint: string, origins: readonly string[]): string[] {
	const bad = origins.filter((o) => !isHttpOrigin(o));
	if (bad.length) throw new Error(`Not an http(s) origin: ${bad.join(', ')}`);
	const next = [...new Set([...allowedOrigins(storage, fingerprint), ...origins])];
	storage.setItem(consentKey(fingerprint), JSON.stringify(next));
	return next;
}

/** Withdraws consent for some origins (all when `origins` is omitted); returns what remains allowed. */
export function revokeOrigins(storage: KeyValueStorage, fingerprint: string, origins?: readonly string[]): string[] {
	const next = origins ? allowedOrigins(storage, fingerprint).filter((o) => !origins.includes(o)) : [];
	if (next.length) storage.setItem(consentKey(fingerprint), JSON.stringify(next));
	else storage.removeItem(consentKey(fingerprint));
	return next;
}
