import type { DecisionKind } from '$lib/review/decisions';

/** What a key press in the review workspace does. */
export type ReviewKeyAction = { move: number } | { decide: DecisionKind; chosen?: string } | { undo: true } | null;

/** Whether a key press happened in a form field (typing there is not a review shortcut). */
export function inFormField(target: EventTarget | null): boolean {
	const t = target as HTMLElement | null;
	return !!t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
}

/**
 * The review shortcuts: arrows, j/k and n/p move (in the grid, up and down
 * move a row of `columns` tiles); a or Enter accept, g keep, u unsure,
 * x exclude, z or Ctrl/Cmd+Shift+Z undo, a digit relabels to that class.
 */
export function reviewKeyAction(
	e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>,
	layout: { grid: boolean; columns: number },
	classNames: readonly string[]
): ReviewKeyAction {
	const k = e.key;
	const { grid, columns } = layout;
	if (grid && (k === 'ArrowDown' || k === 'ArrowUp')) return { move: k === 'ArrowDown' ? columns : -columns };
	if (grid && (k === 'ArrowRight' || k === 'ArrowLeft')) return { move: k === 'ArrowRight' ? 1 : -1 };
	if (k === 'ArrowDown' || k === 'j' || k === 'n') return { move: 1 };
	if (k === 'ArrowUp' || k === 'k' || k === 'p') return { move: -1 };
	if (k === 'a' || k === 'Enter') return { decide: 'accept' };
	if (k === 'g') return { decide: 'keep' };
	if (k === 'u') return { decide: 'unsure' };
	if (k === 'x') return { decide: 'exclude' };
	if (k === 'z' || ((e.ctrlKey || e.metaKey) && k === 'Z')) return { undo: true };
	if (/^[0-9]$/.test(k) && Number(k) < classNames.length) return { decide: 'relabel', chosen: classNames[Number(k)] };
	return null;
}
