import { describe, expect, test } from 'vitest';
import { EngineClient, EngineError, Superseded, isSuperseded, type WorkerLike } from '../../../src/lib/data/worker/client';
import type { Request, Response } from '../../../src/lib/data/worker/protocol';

/** A worker that records what it is sent and answers when the test says so. */
class FakeWorker implements WorkerLike {
	onmessage: ((ev: MessageEvent<Response>) => void) | null = null;
	onerror: ((ev: ErrorEvent) => void) | null = null;
	sent: Request[] = [];
	terminated = false;
	postMessage(message: Request) {
		this.sent.push(message);
	}
	terminate() {
		this.terminated = true;
	}
	answer(msg: Response) {
		this.onmessage?.({ data: msg } as MessageEvent<Response>);
	}
	idOf(type: Request['type'], nth = 0): number {
		const r = this.sent.filter((m) => m.type === type)[nth];
		if (!r) throw new Error(`no ${type} request #${nth}`);
		return r.id;
	}
}

function setup() {
	const workers: FakeWorker[] = [];
	const client = new EngineClient(() => {
		const w = new FakeWorker();
		workers.push(w);
		return w;
	});
	return { client, workers, worker: () => workers[workers.length - 1]! };
}

/** How a promise settled, without waiting forever. */
async function outcome<T>(p: Promise<T>): Promise<{ value?: T; error?: unknown }> {
	try {
		return { value: await p };
	} catch (error) {
		return { error };
	}
}

describe('EngineClient', () => {
	test('a request resolves with its own result, matched by id', async () => {
		const { client, worker } = setup();
		const a = client.request('rows', { rows: [1], columns: ['x'] });
		const b = client.request('rows', { rows: [2], columns: ['x'] });
		const w = worker();
		w.answer({ type: 'result', id: w.idOf('rows', 1), result: [{ x: 'b' }] });
		w.answer({ type: 'result', id: w.idOf('rows', 0), result: [{ x: 'a' }] });
		expect(await a).toEqual([{ x: 'a' }]);
		expect(await b).toEqual([{ x: 'b' }]);
	});

	test('a newer request with the same key supersedes the pending one: it rejects with Superseded and is cancelled in the engine', async () => {
		const { client, worker } = setup();
		const first = outcome(client.request('groupValues', { column: 'a' }, { key: 'values' }));
		const second = client.request('groupValues', { column: 'b' }, { key: 'values' });
		const w = worker();
		const firstId = w.idOf('groupValues', 0);
		const r = await first;
		expect(r.error).toBeInstanceOf(Superseded);
		expect(isSuperseded(r.error)).toBe(true);
		expect(w.sent.filter((m) => m.type === 'cancel').map((m) => (m as { target: number }).target)).toEqual([firstId]);
		// The old answer arriving late is dropped; the new one resolves.
		w.answer({ type: 'result', id: firstId, result: [{ value: 'old', n: 1 }] });
		w.answer({ type: 'result', id: w.idOf('groupValues', 1), result: [{ value: 'new', n: 2 }] });
		expect(await second).toEqual([{ value: 'new', n: 2 }]);
	});

	test('requests with different keys, or none, do not supersede each other', async () => {
		const { client, worker } = setup();
		const a = client.request('groupValues', { column: 'a' }, { key: 'one' });
		const b = client.request('groupValues', { column: 'b' }, { key: 'two' });
		const c = client.request('groupValues', { column: 'c' });
		const w = worker();
		expect(w.sent.some((m) => m.type === 'cancel')).toBe(false);
		for (let i = 0; i < 3; i++) w.answer({ type: 'result', id: w.idOf('groupValues', i), result: [{ value: String(i), n: i }] });
		expect((await a)[0]!.value).toBe('0');
		expect((await b)[0]!.value).toBe('1');
		expect((await c)[0]!.value).toBe('2');
	});

	test('a finished request is not superseded by the next one with its key', async () => {
		const { client, worker } = setup();
		const a = client.request('groupValues', { column: 'a' }, { key: 'k' });
		const w = worker();
		w.answer({ type: 'result', id: w.idOf('groupValues', 0), result: [] });
		expect(await a).toEqual([]);
		expect(client.has('k')).toBe(false);
		void client.request('groupValues', { column: 'b' }, { key: 'k' });
		expect(client.has('k')).toBe(true);
		expect(w.sent.some((m) => m.type === 'cancel')).toBe(false);
	});

	test('supersede(key) drops the pending request without sending a new one', async () => {
		const { client, worker } = setup();
		const a = outcome(client.request('slices', { roles: { protected: [], nuisance: [] }, request: { by: ['x'] } } as never, { key: 'slices' }));
		client.supersede('slices');
		client.supersede('nothing pending');
		expect((await a).error).toBeInstanceOf(Superseded);
		expect(worker().sent.map((m) => m.type)).toEqual(['slices', 'cancel']);
	});

	test('progress goes to the request it belongs to, and stops once it is superseded', async () => {
		const { client, worker } = setup();
		const seenA: string[] = [];
		const seenB: string[] = [];
		const a = outcome(client.request('drift', {} as never, { key: 'drift', progress: (p) => seenA.push(p.detail) }));
		const w = worker();
		const idA = w.idOf('drift', 0);
		w.answer({ type: 'progress', id: idA, stage: 'computing', detail: 'a1' });
		const b = client.request('drift', {} as never, { key: 'drift', progress: (p) => seenB.push(p.detail) });
		w.answer({ type: 'progress', id: idA, stage: 'computing', detail: 'a2' });
		w.answer({ type: 'progress', id: w.idOf('drift', 1), stage: 'computing', detail: 'b1', done: 1, total: 2 });
		w.answer({ type: 'result', id: w.idOf('drift', 1), result: null });
		await b;
		expect((await a).error).toBeInstanceOf(Superseded);
		expect(seenA).toEqual(['a1']);
		expect(seenB).toEqual(['b1']);
	});

	test('onStart receives the id sent; errors reject with an EngineError carrying the details', async () => {
		const { client, worker } = setup();
		let started = -1;
		const p = outcome(client.request('load', { sources: [] }, { onStart: (id) => (started = id) }));
		const w = worker();
		expect(started).toBe(w.idOf('load'));
		w.answer({ type: 'error', id: started, error: { name: 'DataError', message: 'bad.csv: line 3', file: 'bad.csv', row: 3 } });
		const { error } = await p;
		expect(error).toBeInstanceOf(EngineError);
		expect((error as EngineError).info).toMatchObject({ file: 'bad.csv', row: 3 });
		expect((error as EngineError).name).toBe('DataError');
	});

	test('restart terminates the worker, rejects every pending request with the reason and starts a fresh one', async () => {
		const { client, workers } = setup();
		const a = outcome(client.request('groupValues', { column: 'a' }, { key: 'k' }));
		const b = outcome(client.request('rows', { rows: [], columns: [] }));
		client.restart({ name: 'TimeLimit', message: 'too long' });
		expect(workers).toHaveLength(2);
		expect(workers[0]!.terminated).toBe(true);
		for (const r of [await a, await b]) {
			expect(r.error).toBeInstanceOf(EngineError);
			expect((r.error as Error).message).toBe('too long');
		}
		// The key is free again: a new request with it supersedes nothing.
		void client.request('groupValues', { column: 'c' }, { key: 'k' });
		expect(workers[1]!.sent.map((m) => m.type)).toEqual(['groupValues']);
	});

	test('a worker crash rejects what is pending with a message saying to reload', async () => {
		const { client, worker } = setup();
		const a = outcome(client.request('warmUp', {}));
		worker().onerror?.({ message: 'out of memory' } as ErrorEvent);
		expect(((await a).error as Error).message).toMatch(/^The engine stopped: out of memory\. Reload the page/);
	});
});
