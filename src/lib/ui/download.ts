/** Save bytes or text as a file the browser downloads (made here: nothing is uploaded). */
export function download(name: string, data: BlobPart, type: string) {
	const url = URL.createObjectURL(new Blob([data], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A dataset name made safe as the start of a file name (no extension, at most 60 characters). */
export function fileBaseName(datasetName: string | null | undefined): string {
	return (datasetName ?? 'dataset')
		.replace(/\.[^.]+$/, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.slice(0, 60);
}
