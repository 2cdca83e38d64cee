/**
 * Which items of a virtualised list or grid are in the DOM: the rows of
 * tiles that intersect the viewport plus a margin of `overscan` rows above
 * and below. A list is a grid of one column. Pure arithmetic.
 */
export interface GridWindow {
	/** First item index rendered (inclusive). */
	first: number;
	/** Last item index rendered (exclusive). */
	last: number;
}

/** Items to render for a viewport at `scrollTop` of `viewHeight` pixels over `count` items laid out `columns` per row. */
export function gridWindow(scrollTop: number, viewHeight: number, rowHeight: number, columns: number, count: number, overscan: number): GridWindow {
	const cols = Math.max(1, Math.floor(columns));
	const firstRow = Math.max(0, Math.floor(Math.max(0, scrollTop) / rowHeight) - overscan);
	const lastRow = Math.ceil((Math.max(0, scrollTop) + viewHeight) / rowHeight) + overscan;
	return { first: Math.min(count, firstRow * cols), last: Math.min(count, lastRow * cols) };
}

/** The scrollTop that brings item `index` into view (unchanged when it already is), centring it when it is out of view. */
export function scrollToShow(index: number, scrollTop: number, viewHeight: number, rowHeight: number, columns: number): number {
	const top = Math.floor(index / Math.max(1, Math.floor(columns))) * rowHeight;
	if (top >= scrollTop && top + rowHeight <= scrollTop + viewHeight) return scrollTop;
	return Math.max(0, top - (viewHeight - rowHeight) / 2);
}
