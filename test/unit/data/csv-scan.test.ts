import { describe, expect, test } from 'vitest';
import { scanCsv, sniffDelimiter, readRecords } from '../../../src/lib/data/load/csv-scan';
import { DataError } from '../../../src/lib/data/load/errors';

const enc = (s: string) => new TextEncoder().encode(s);

function error(text: string | Uint8Array, file = 'f.csv'): DataError {
	try {
		scanCsv(typeof text === 'string' ? enc(text) : text, file);
	} catch (e) {
		expect(e).toBeInstanceOf(DataError);
		return e as DataError;
	}
	throw new Error('expected a DataError');
}

describe('scanCsv', () => {
	test('sniffs comma, tab, semicolon and pipe', () => {
		expect(scanCsv(enc('a,b\n1,2\n'), 'f').delimiter).toBe(',');
		expect(scanCsv(enc('a\tb\n1\t2\n'), 'f').delimiter).toBe('\t');
		expect(scanCsv(enc('a;b\n1,5;2,5\n'), 'f').delimiter).toBe(';');
		expect(scanCsv(enc('a|b\n1|2\n'), 'f').delimiter).toBe('|');
	});

	test('tells a header from a headerless file', () => {
		const h = scanCsv(enc('x,y\n1,2\n3,4\n'), 'f');
		expect(h.hasHeader).toBe(true);
		expect(h.names).toEqual(['x', 'y']);
		expect(h.records).toBe(2);
		const n = scanCsv(enc('1,2\n3,4\n'), 'f');
		expect(n.hasHeader).toBe(false);
		expect(n.names).toEqual(['column_1', 'column_2']);
		expect(n.records).toBe(2);
		// A first row mixing numbers and text is data unless a text cell heads a numeric column.
		expect(scanCsv(enc('2019,name\n5,x\n6,y\n'), 'f').hasHeader).toBe(false);
		expect(scanCsv(enc('year,2019\n5,7\n6,8\n'), 'f').hasHeader).toBe(true);
	});

	test('counts records with quoted newlines, quoted delimiters and CRLF', () => {
		const s = scanCsv(enc('a,b\r\n"x, y","line1\nline2"\r\n"he said ""hi""",2\r\n'), 'f');
		expect(s.records).toBe(2);
		expect(readRecords(s.bytes, 44, 10)[2]).toEqual(['he said "hi"', '2']);
	});

	test('empty, blank and header-only files say so', () => {
		expect(error('').message).toBe('f.csv is empty. Choose a file with a header row and at least one data row.');
		expect(error('\n\n  \n').message).toContain('is empty');
		const h = error('a,b,c\n');
		expect(h.message).toContain('has a header row but no data rows');
		expect(h.row).toBe(1);
	});

	test('ragged rows name the line and the expected count', () => {
		const e = error('a,b\n1,2\n3,4,5\n6,7\n', 'ragged.csv');
		expect(e.message).toMatch(/^ragged\.csv line 3: expected 2 fields \(as in the header\) but found 3\./);
		expect(e.row).toBe(3);
		expect(e.file).toBe('ragged.csv');
		// Lines are counted as a text editor shows them, quoted newlines included.
		expect(error('a,b\n"x\ny",2\n3\n').row).toBe(4);
	});

	test('an unclosed quote names its line', () => {
		const e = error('a,b\n1,2\n"oops,3\n4,5\n');
		expect(e.message).toContain('line 3: a quoted field is never closed');
	});

	test('removes a BOM and reports it', () => {
		const s = scanCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('a,b\n1,2\n')]), 'bom.csv');
		expect(s.names).toEqual(['a', 'b']);
		expect(s.bytes[0]).toBe('a'.charCodeAt(0));
		expect(s.warnings[0]).toContain('byte-order mark');
	});

	test('non-UTF-8 bytes are read as Windows-1252 with a warning naming the line', () => {
		const s = scanCsv(new Uint8Array([...enc('name,n\ncaf'), 0xe9, ...enc(',1\n')]), 'latin.csv');
		expect(new TextDecoder().decode(s.bytes)).toBe('name,n\ncafé,1\n');
		expect(s.warnings[0]).toContain('latin.csv is not UTF-8 (first invalid byte on line 2)');
	});

	test('duplicate and empty names are renamed, case-insensitively, and reported', () => {
		const s = scanCsv(enc('a,A,,b,a\n1,2,3,4,5\n'), 'dup.csv');
		expect(s.names).toEqual(['a', 'A_2', 'column_3', 'b', 'a_3']);
		expect(s.warnings).toHaveLength(3);
		expect(s.warnings[0]).toContain('column 2 repeats the name "A"');
	});

	test('sniffing is not fooled by delimiters inside quotes', () => {
		expect(sniffDelimiter(enc('"a;b";"c;d"\n"1;2";"3;4"\n'))).toBe(';');
		expect(sniffDelimiter(enc('"a,b",c\n"1,2",3\n'))).toBe(',');
	});
});
