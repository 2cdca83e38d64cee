/**
 * Option schemas: each option of a computation declared once, with its
 * default, its allowed values and the message that names a bad one. The data
 * layer fills defaults from them, the core validates with them, and the CLI
 * and the URL codec read text values through {@link parseOptions}.
 */

interface SpecBase {
	/** Name in text form: a CLI flag without `--`, a URL parameter (`filter_by`). */
	key: string;
	/** One line for help texts. */
	describe: string;
}

export interface EnumSpec<V extends string = string> extends SpecBase {
	kind: 'enum';
	values: readonly V[];
	default: V;
}

export interface NumberSpec extends SpecBase {
	kind: 'number';
	default: number;
	/** Smallest allowed value; `minExclusive` makes it a strict bound. */
	min?: number;
	minExclusive?: boolean;
	max?: number;
	integer?: boolean;
	/** What is allowed, in words, when the bounds alone say it badly ("in (0, 1]"). */
	allowed?: string;
}

export interface BooleanSpec extends SpecBase {
	kind: 'boolean';
	/** Undefined: the option is left out unless given. */
	default: boolean | undefined;
}

export type OptionSpec = EnumSpec | NumberSpec | BooleanSpec;
export type Schema = Readonly<Record<string, OptionSpec>>;

/** The value type of one option. */
export type ValueOf<S extends OptionSpec> = S extends EnumSpec<infer V> ? V : S extends NumberSpec ? number : boolean;
/** Every option of a schema with its value type. */
export type OptionsOf<S extends Schema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** The defaults of a schema (options whose default is undefined are left out). */
export function defaultsOf<S extends Schema>(schema: S): OptionsOf<S> {
	const out: Record<string, unknown> = {};
	for (const [name, spec] of Object.entries(schema)) if (spec.default !== undefined) out[name] = spec.default;
	return out as OptionsOf<S>;
}

/** What a number option allows, in words ("in (0, 1]", "a whole number >= 0"). */
function numberRange(spec: NumberSpec): string {
	if (spec.allowed) return spec.allowed;
	const lo = spec.min === undefined ? '' : `${spec.minExclusive ? '>' : '>='} ${spec.min}`;
	const hi = spec.max === undefined ? '' : `<= ${spec.max}`;
	const bounds = [lo, hi].filter(Boolean).join(' and ');
	return `${spec.integer ? 'a whole number' : 'a number'}${bounds ? ` ${bounds}` : ''}`;
}

/** Why `value` is not allowed for the option `name`, or null when it is. */
export function optionProblem(name: string, spec: OptionSpec, value: unknown): string | null {
	if (spec.kind === 'enum') {
		return typeof value === 'string' && (spec.values as readonly string[]).includes(value) ? null : `Unknown ${name} '${String(value)}'; use one of ${spec.values.join(', ')}.`;
	}
	if (spec.kind === 'boolean') return typeof value === 'boolean' ? null : `${name} must be true or false, got ${String(value)}.`;
	const ok =
		typeof value === 'number' &&
		Number.isFinite(value) &&
		(!spec.integer || Number.isInteger(value)) &&
		(spec.min === undefined || (spec.minExclusive ? value > spec.min : value >= spec.min)) &&
		(spec.max === undefined || value <= spec.max);
	return ok ? null : `${name} must be ${numberRange(spec)}, got ${String(value)}.`;
}

/** The problems of the options given (undefined ones are not checked: they take their default). */
export function optionProblems<S extends Schema>(schema: S, options: Partial<Record<keyof S, unknown>>): string[] {
	const out: string[] = [];
	for (const [name, spec] of Object.entries(schema)) {
		const v = (options as Record<string, unknown>)[name];
		if (v === undefined) continue;
		const p = optionProblem(name, spec, v);
		if (p) out.push(p);
	}
	return out;
}

/** The defaults with the options given over them (an undefined option keeps its default); throws a RangeError naming the first bad one. */
export function resolveOptions<S extends Schema>(schema: S, options: Partial<OptionsOf<S>> = {}): OptionsOf<S> {
	const problems = optionProblems(schema, options);
	if (problems.length) throw new RangeError(problems[0]);
	const out: Record<string, unknown> = defaultsOf(schema);
	for (const [name, v] of Object.entries(options)) if (v !== undefined && name in schema) out[name] = v;
	return out as OptionsOf<S>;
}

/** Read one text value ("0.5", "true", "both") as the option's type, or a problem. */
function parseValue(name: string, spec: OptionSpec, text: string): { value: unknown } | { problem: string } {
	const t = text.trim();
	let value: unknown = t;
	if (spec.kind === 'number') value = t === '' ? NaN : Number(t);
	else if (spec.kind === 'boolean') value = t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : t;
	const problem = optionProblem(name, spec, value);
	return problem ? { problem: problem.replace(`${name} `, `${spec.key} `).replace(`Unknown ${name} `, `Unknown ${spec.key} `) } : { value };
}

/**
 * Options from text, keyed by each option's `key` (`{ filter_by: 'both',
 * frac_noise: '0.5' }`), as the CLI and the URL give them. Keys the schema
 * does not know are ignored; a bad value is left out and described in
 * `problems` (naming the key and what it allows).
 */
export function parseOptions<S extends Schema>(schema: S, text: Readonly<Record<string, string | undefined>>): { options: Partial<OptionsOf<S>>; problems: string[] } {
	const options: Record<string, unknown> = {};
	const problems: string[] = [];
	for (const [name, spec] of Object.entries(schema)) {
		const raw = text[spec.key];
		if (raw === undefined) continue;
		const r = parseValue(name, spec, raw);
		if ('problem' in r) problems.push(r.problem);
		else options[name] = r.value;
	}
	return { options: options as Partial<OptionsOf<S>>, problems };
}

/** Options as text under their keys, only those that differ from the default (for a URL or a command line). */
export function formatOptions<S extends Schema>(schema: S, options: Partial<OptionsOf<S>>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, spec] of Object.entries(schema)) {
		const v = (options as Record<string, unknown>)[name];
		if (v !== undefined && v !== spec.default) out[spec.key] = String(v);
	}
	return out;
}
