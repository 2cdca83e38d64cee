/**
 * Arrow vectors built from plain values without apache-arrow's Builders.
 * The Builders compile their null check with `new Function`, which Plumb's
 * Content-Security-Policy (no 'unsafe-eval') forbids in the browser; these
 * write the buffers directly: values, offsets and a validity bitmap.
 */
import { Bool, Field, Float64, Int32, List, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

/** Validity bitmap (1 = present) and null count for `n` values. */
function validity(n: number, isNull: (i: number) => boolean): { nullBitmap: Uint8Array | undefined; nullCount: number } {
	const bitmap = new Uint8Array(Math.ceil(n / 8));
	let nullCount = 0;
	for (let i = 0; i < n; i++) {
		if (isNull(i)) nullCount++;
		else bitmap[i >> 3]! |= 1 << (i & 7);
	}
	return { nullBitmap: nullCount ? bitmap : undefined, nullCount };
}

/** Text values (null for missing). */
export function utf8Vector(values: readonly (string | null | undefined)[]): Vector<Utf8> {
	const enc = new TextEncoder();
	const parts = values.map((v) => (v === null || v === undefined ? null : enc.encode(v)));
	const offsets = new Int32Array(values.length + 1);
	for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i]! + (parts[i]?.length ?? 0);
	const data = new Uint8Array(offsets[values.length]!);
	parts.forEach((p, i) => p && data.set(p, offsets[i]!));
	const { nullBitmap, nullCount } = validity(values.length, (i) => parts[i] === null);
	return makeVector(makeData({ type: new Utf8(), length: values.length, valueOffsets: offsets, data, nullBitmap, nullCount }));
}

/** Numbers (null or undefined for missing) as float64. */
export function float64Vector(values: readonly (number | null | undefined)[]): Vector<Float64> {
	const data = Float64Array.from(values, (v) => (v === null || v === undefined ? 0 : v));
	const { nullBitmap, nullCount } = validity(values.length, (i) => values[i] === null || values[i] === undefined);
	return makeVector(makeData({ type: new Float64(), length: values.length, data, nullBitmap, nullCount }));
}

/** 32-bit integers (null or undefined for missing). */
export function int32Vector(values: readonly (number | null | undefined)[]): Vector<Int32> {
	const data = Int32Array.from(values, (v) => (v === null || v === undefined ? 0 : v));
	const { nullBitmap, nullCount } = validity(values.length, (i) => values[i] === null || values[i] === undefined);
	return makeVector(makeData({ type: new Int32(), length: values.length, data, nullBitmap, nullCount }));
}

/** Booleans (null or undefined for missing). */
export function boolVector(values: readonly (boolean | null | undefined)[]): Vector<Bool> {
	const data = new Uint8Array(Math.ceil(values.length / 8));
	values.forEach((v, i) => v && (data[i >> 3]! |= 1 << (i & 7)));
	const { nullBitmap, nullCount } = validity(values.length, (i) => values[i] === null || values[i] === undefined);
	return makeVector(makeData({ type: new Bool(), length: values.length, data, nullBitmap, nullCount }));
}

/** Lists of numbers (null for a missing list; null items inside a list are missing values). */
export function float64ListVector(values: readonly (readonly (number | null)[] | null | undefined)[]): Vector<List<Float64>> {
	const offsets = new Int32Array(values.length + 1);
	values.forEach((v, i) => (offsets[i + 1] = offsets[i]! + (v?.length ?? 0)));
	const flat: (number | null)[] = [];
	for (const v of values) if (v) flat.push(...v);
	const child = float64Vector(flat).data[0]!;
	const { nullBitmap, nullCount } = validity(values.length, (i) => values[i] === null || values[i] === undefined);
	const type = new List(new Field('item', new Float64(), true));
	return makeVector(makeData({ type, length: values.length, valueOffsets: offsets, child, nullBitmap, nullCount }));
}
