import { FolderIndex } from '$lib/images/path-match';
import { allowOrigins, allowedOrigins, revokeOrigins } from '$lib/images/remote-consent';
import { browserStorage as storage } from './browser-storage';

/**
 * Where the review workspace gets images from, for the current dataset: the
 * folder the user picked (paths resolve against it; its Files never leave
 * the browser) and the other origins the user allowed (remembered per dataset
 * fingerprint in localStorage, revocable). Both are forgotten when another
 * dataset is opened: its folder must be picked again and its consent is its own.
 * The page's store owns one, so the review workspace may be closed and
 * reopened without losing the folder.
 */
export class ImageSources {
	fingerprint = $state<string | null>(null);
	folder = $state.raw<{ name: string; index: FolderIndex<File> } | null>(null);
	/** Origins allowed for this dataset. */
	allowed = $state.raw<string[]>([]);
	/** How the review workspace lays out examples. */
	layout = $state<'list' | 'grid'>('list');

	/** Switch to a dataset: forget the folder, read that dataset's consent. */
	setDataset(fingerprint: string) {
		if (fingerprint === this.fingerprint) return;
		this.fingerprint = fingerprint;
		this.folder = null;
		const s = storage();
		this.allowed = s ? allowedOrigins(s, fingerprint) : [];
	}

	/** Use the files of a picked folder (`webkitRelativePath` gives their place in it). */
	pickFolder(files: readonly File[]) {
		const index = new FolderIndex(files.map((file) => ({ relativePath: file.webkitRelativePath || file.name, file })));
		this.folder = index.size ? { name: index.root || 'chosen files', index } : null;
	}

	/** Allow images from these origins for the current dataset (the user clicked a button naming them). */
	allow(origins: readonly string[]) {
		if (!this.fingerprint) return;
		const s = storage();
		this.allowed = s ? allowOrigins(s, this.fingerprint, origins) : [...new Set([...this.allowed, ...origins])];
	}

	/** Withdraw consent for the current dataset (all origins). */
	revoke() {
		if (!this.fingerprint) return;
		const s = storage();
		this.allowed = s ? revokeOrigins(s, this.fingerprint) : [];
	}
}
