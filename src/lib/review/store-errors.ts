/** Storage failures of the decision store, worded for the user. */

export type StoreErrorCode = 'unavailable' | 'blocked' | 'version' | 'timeout' | 'quota' | 'closed' | 'invalid' | 'failed';

/** A storage failure, worded for the user; `cause` keeps the browser's error. */
export class ReviewStoreError extends Error {
	readonly code: StoreErrorCode;

	constructor(code: StoreErrorCode, message: string, cause?: unknown) {
		super(message, { cause });
		this.name = 'ReviewStoreError';
		this.code = code;
	}
}

/** A browser storage error (DOMException or other) as a ReviewStoreError worded for the user. */
export function toStoreError(e: unknown, action: string): ReviewStoreError {
	if (e instanceof ReviewStoreError) return e;
	const name = e !== null && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
	switch (name) {
		case 'QuotaExceededError':
			return new ReviewStoreError('quota', `The browser's storage for this site is full, so Plumb could not ${action}. Free some space or allow this site more storage, and export the decisions as CSV so they are not lost.`, e);
		case 'VersionError':
			return new ReviewStoreError('version', `The saved review work was written by a newer version of Plumb (perhaps open in another tab). Reload this page to use it.`, e);
		case 'SecurityError':
		case 'InvalidStateError':
			return new ReviewStoreError('unavailable', `The browser does not allow this page to use its storage (private browsing, or site storage is turned off), so Plumb could not ${action}.`, e);
		case 'InvalidAccessError':
			return new ReviewStoreError('closed', `Plumb's storage was closed, so it could not ${action}. Reload the page.`, e);
		default: {
			const detail = e instanceof Error || (e !== null && typeof e === 'object' && 'message' in e) ? `: ${String((e as { message: unknown }).message)}` : '';
			return new ReviewStoreError('failed', `The browser's storage failed when Plumb tried to ${action}${detail}.`, e);
		}
	}
}
