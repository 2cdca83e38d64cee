/**
 * Everything Plumb keeps in this browser's localStorage, in one place: the
 * time limit per operation and (through {@link browserStorage}) the consent
 * to load images from other origins. Storage may be missing (prerendering)
 * or refuse (disabled, full): settings then hold for this page only.
 */
import type { KeyValueStorage } from '$lib/images/remote-consent';

const TIME_LIMIT_KEY = 'plumb.timeLimitSeconds';
/** Default seconds one operation may take: a 1.5 GB file loads well within it; a hang does not last longer. */
export const DEFAULT_TIME_LIMIT = 300;

/** localStorage, or nothing where it is unavailable (prerendering, storage disabled). */
export function browserStorage(): KeyValueStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

/** The time limit kept in this browser, or the default. */
export function readTimeLimit(): number {
	try {
		const v = Number(browserStorage()?.getItem(TIME_LIMIT_KEY));
		return Number.isFinite(v) && v > 0 ? v : DEFAULT_TIME_LIMIT;
	} catch {
		return DEFAULT_TIME_LIMIT;
	}
}

/** Keep the time limit in this browser (silently not, where storage is unavailable). */
export function saveTimeLimit(seconds: number) {
	try {
		browserStorage()?.setItem(TIME_LIMIT_KEY, String(seconds));
	} catch {
		/* storage unavailable: the limit holds for this page only */
	}
}
