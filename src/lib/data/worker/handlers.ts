/**
 * What the engine worker does for each request: a handler per request type,
 * each checked against the request's result ({@link ResultOf}) and progress
 * ({@link ProgressOf}) types.
 */
import type { SourceFile } from '../dataset';
import type { AuditSession } from '../session';
import type { LoadProgress, ProgressOf, RequestOf, RequestType, ResultOf, Source } from './protocol';
import { Cancelled, readSource } from './read-source';

/** What a handler may use besides its request: the session, its progress channel, and whether it was cancelled. */
export interface HandlerContext<K extends RequestType> {
	session: () => Promise<AuditSession>;
	progress: (p: ProgressOf[K]) => void;
	cancelled: () => boolean;
	/** Ask the worker to stop another request (see `cancel`). */
	cancel: (target: number) => void;
}

export type Handlers = { [K in RequestType]: (r: RequestOf<K>, ctx: HandlerContext<K>) => Promise<ResultOf[K]> };

/** Throw {@link Cancelled} when the request was cancelled. */
function checkCancel(ctx: Pick<HandlerContext<RequestType>, 'cancelled'>): void {
	if (ctx.cancelled()) throw new Cancelled();
}

/** Read every source in order (bytes-read progress). */
async function readAll(sources: Source[], ctx: { progress: (p: LoadProgress) => void; cancelled: () => boolean }): Promise<SourceFile[]> {
	const files: SourceFile[] = [];
	for (const src of sources) files.push(await readSource(src, ctx.progress, ctx.cancelled));
	return files;
}

export const handlers: Handlers = {
	async warmUp(_r, ctx) {
		await ctx.session();
		return null;
	},
	async load(r, ctx) {
		const s = await ctx.session();
		const files = await readAll(r.sources, ctx);
		checkCancel(ctx);
		return s.load(files, (stage, detail) => {
			checkCancel(ctx);
			ctx.progress({ stage, detail });
		});
	},
	async loadReference(r, ctx) {
		const s = await ctx.session();
		const files = await readAll(r.sources, ctx);
		return s.loadReference(files, (stage, detail) => ctx.progress({ stage, detail }));
	},
	async labelIssues(r, ctx) {
		const s = await ctx.session();
		ctx.progress({ stage: 'computing', detail: 'confident learning' });
		return s.labelIssues(r.roles, r.options);
	},
	async slices(r, ctx) {
		const s = await ctx.session();
		ctx.progress({ stage: 'computing', detail: 'slices' });
		return s.slices(r.roles, r.request);
	},
	async drift(r, ctx) {
		const s = await ctx.session();
		const own = Object.keys(r.request.overrides ?? {}).length;
		ctx.progress({ stage: 'computing', detail: own ? `drift (${own} column${own > 1 ? 's' : ''} with your test or threshold)` : 'drift' });
		return s.drift(r.request, r.roles);
	},
	async representation(r, ctx) {
		return (await ctx.session()).representation(r.request);
	},
	async exportTable(r, ctx) {
		const s = await ctx.session();
		ctx.progress({ stage: 'exporting', detail: `${r.scope} rows as ${r.format}` });
		return s.exportTable(r.format, r.scope, r.decisions, r.roles);
	},
	async setCorrections(r, ctx) {
		return (await ctx.session()).setCorrections(r.corrections, r.roles);
	},
	async report(r, ctx) {
		return (await ctx.session()).reportInput(r.roles, { createdAt: r.createdAt, plumbVersion: r.plumbVersion, madeIn: 'browser' });
	},
	async groupValues(r, ctx) {
		return (await ctx.session()).groupValues(r.column, typeof r.column === 'string' ? 50 : 400);
	},
	async sliceRows(r, ctx) {
		return (await ctx.session()).sliceRows(r.predicates);
	},
	async pixels(r, ctx) {
		return (await ctx.session()).pixels(r.rows);
	},
	async rows(r, ctx) {
		return (await ctx.session()).rows(r.rows, r.columns);
	},
	async cancel(r, ctx) {
		ctx.cancel(r.target);
		return null;
	}
};
