/**
 * Columns that hold image references, and columns that look like direct
 * identifiers (names, emails, phones, national ids), by name and sampled values.
 */
import { looksLikeImageRef } from '../../images/image-ref';
import { columnKind } from './column-kind';
import { BIRTH_NAMES, hasWords, normalizeName } from './names';
import type { ColumnInfo } from './types';

/**
 * Text columns whose sampled values mostly (>= 80% of the non-empty ones)
 * look like image file paths (`*.png|jpg|jpeg|gif|webp|bmp`) or http(s)
 * URLs, in table order: candidates for the image role.
 */
export function imageReferenceColumns(columns: ColumnInfo[], sample: Record<string, unknown[]>): string[] {
	return columns
		.filter((c) => columnKind(c.type) === 'string' && Object.prototype.hasOwnProperty.call(sample, c.name))
		.filter((c) => {
			const values = (sample[c.name] ?? []).filter((v) => typeof v === 'string' && v.trim() !== '');
			return values.length > 0 && values.filter(looksLikeImageRef).length >= 0.8 * values.length;
		})
		.map((c) => c.name);
}

const PERSON_NAME_WORDS = [
	'first', 'last', 'full', 'given', 'family', 'middle', 'maiden', 'patient', 'person',
	'customer', 'client', 'user', 'applicant', 'employee'
];
const EXACT_NAME_COLUMNS = new Set([
	'name', 'first', 'last', 'first_name', 'last_name', 'surname', 'full_name', 'firstname',
	'lastname', 'fullname', 'given_name', 'family_name', 'middle_name'
]);

/** Why a column name suggests a direct identifier, or null. */
function identifierByName(norm: string): string | null {
	const words = norm.split('_');
	const last = words.at(-1);
	if (EXACT_NAME_COLUMNS.has(norm) || (last === 'name' && words.length === 2 && PERSON_NAME_WORDS.includes(words[0] ?? ''))) {
		return "looks like a person's name";
	}
	if (words.includes('email') || words.includes('mail') || hasWords(norm, 'e_mail')) return 'looks like an email address';
	if (
		['phone', 'telephone', 'tel', 'cellphone', 'fax'].some((w) => words.includes(w)) ||
		/^phone/.test(norm) ||
		hasWords(norm, 'mobile_number')
	) {
		return 'looks like a phone number';
	}
	if (
		['ssn', 'passport'].some((w) => words.includes(w)) ||
		['social_security', 'national_id', 'national_insurance', 'tax_id', 'driver_license', 'drivers_license', 'driving_licence'].some((w) => hasWords(norm, w))
	) {
		return 'looks like a national ID, social security or passport number';
	}
	if (['address', 'street', 'zip', 'zipcode', 'postcode'].some((w) => words.includes(w)) || hasWords(norm, 'postal_code')) {
		return 'looks like a postal or network address';
	}
	if (BIRTH_NAMES.includes(norm)) return 'looks like a date of birth';
	return null;
}

const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** True for strings such as `+1 (555) 123-4567` or `555.123.4567`, not dates or plain numbers. */
function looksLikePhone(s: string): boolean {
	const t = s.trim();
	if (!/^\+?[\d\s().\-]+$/.test(t) || DATE_LIKE.test(t) || PLAIN_NUMBER.test(t)) return false;
	const digits = t.replace(/\D/g, '').length;
	return digits >= 7 && digits <= 15;
}

/** Why sampled values suggest a direct identifier (majority of non-empty strings), or null. */
function identifierByValues(values: readonly unknown[]): string | null {
	const strings = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
	if (strings.length === 0) return null;
	const share = (f: (s: string) => boolean): number => strings.filter(f).length / strings.length;
	if (share((s) => EMAIL_VALUE.test(s.trim())) >= 0.5) return 'values look like email addresses';
	if (share(looksLikePhone) >= 0.5) return 'values look like phone numbers';
	return null;
}

/**
 * Columns that probably hold direct identifiers (names, emails, phone numbers,
 * national IDs, addresses, birth dates), judged by name and, when `sample` is
 * given, by sampled values. Each `why` ends with the advice to drop the column
 * before sharing a report.
 */
export function identifierLikeColumns(
	columns: ColumnInfo[],
	sample?: Record<string, unknown[]>
): { column: string; why: string }[] {
	const out: { column: string; why: string }[] = [];
	for (const c of columns) {
		const values = sample && Object.prototype.hasOwnProperty.call(sample, c.name) ? sample[c.name] : undefined;
		const why = identifierByName(normalizeName(c.name)) ?? (values ? identifierByValues(values) : null);
		if (why) out.push({ column: c.name, why: `${why}; drop it before sharing a report.` });
	}
	return out;
}
