/**
 * A cursor over the parsed YAML nodes (not the plain JS values), so every value read from a
 * scenario still knows its key path and source offset and a problem can be reported at the
 * exact line and column. Readers return undefined after reporting, and keep going: the
 * loader collects every problem in one pass and throws them together.
 */
import {isAlias, isMap, isScalar, isSeq, type Alias, type Document, type LineCounter, type Node} from 'yaml';
import type {Problem} from './error.ts';
import {didYouMean} from './did-you-mean.ts';
import {defaultValue, readValue} from './read-value.ts';
import type {Key, Keys, Scalar, ValueOf} from './shape.ts';
import {parseDuration, parseSize} from './units.ts';

/** The document being read and the problems found in it so far. */
export interface Source {
	readonly file: string;
	readonly doc: Document;
	readonly lines: LineCounter;
	readonly problems: Problem[];
	/** What each alias points at (null: no such anchor before it), found in one pass over the document. */
	readonly aliases: ReadonlyMap<Alias, Node | null>;
}

/** Where a field is written, for problems found after loading (the machine a run resolves to). */
export type Location = Required<Pick<Problem, 'file' | 'line' | 'col' | 'path'>>;

/** A key of a map: where its name is written, and its value. */
export interface Entry {
	readonly name: string;
	readonly key: Field;
	readonly value: Field;
}

/** One place in the document: a node (null for `key:` with no value) and its key path. */
export class Field {
	private constructor(
		private readonly source: Source,
		readonly node: Node | null,
		readonly path: string,
		private readonly offset: number,
		/** The field this one is inside, to tell an alias that points at its own ancestor. */
		private readonly parent: Field | null,
	) {}

	private quiet = false;

	/** The document's top-level value. */
	static root(source: Source): Field {
		return Field.of(source, source.doc.contents, '', 0, null);
	}

	// Aliases (`*name`) read as the node they point at; an unknown anchor is reported, and so
	// is an alias inside the node it names (`&a [{loop: {body: *a}}]`), which would never end.
	private static of(source: Source, node: unknown, path: string, offset: number, parent: Field | null): Field {
		if (isAlias(node)) {
			const target = source.aliases.get(node) ?? null;
			const at = node.range?.[0] ?? offset;
			if (target !== null && parent?.within(target)) {
				const field = new Field(source, null, path, at, parent);
				field.fail(`recursive alias *${node.source}: it refers to a node that contains it`);
				// Reported once: what the readers would say about the missing value is noise.
				field.quiet = true;
				return field;
			}
			const field = new Field(source, target, path, at, parent);
			if (target === null) field.fail(`unknown alias *${node.source}`);
			return field;
		}
		return new Field(source, (node as Node | null | undefined) ?? null, path, offset, parent);
	}

	private within(node: Node): boolean {
		for (let field: Field | null = this; field !== null; field = field.parent) if (field.node === node) return true;
		return false;
	}

	/** Where this field is written. */
	get location(): Location {
		const {line, col} = this.source.lines.linePos(this.at);
		return {file: this.source.file, line, col, path: this.path};
	}

	private get at(): number {
		return this.node?.range?.[0] ?? this.offset;
	}

	private childPath(name: string): string {
		return this.path === '' ? name : `${this.path}.${name}`;
	}

	/** A field that is not in the document, reported at this field's position. */
	absent(name: string): Field {
		return new Field(this.source, null, this.childPath(name), this.at, this);
	}

	/** Records a problem at this field; returns undefined so a reader can `return field.fail(...)`. */
	fail(what: string): undefined {
		if (this.quiet) return undefined;
		this.source.problems.push({...this.location, what});
		return undefined;
	}

	/** How the value reads in a message: `"fast"`, `12`, `a list`, `nothing`. */
	get shown(): string {
		if (isMap(this.node)) return 'a map';
		if (isSeq(this.node)) return 'a list';
		const value = this.scalar;
		// JSON would show these as null; YAML reads `.inf`, `.nan` and `1e400` as them.
		if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'not a number (.nan)' : value > 0 ? 'infinite' : 'minus infinite';
		return value === null || value === undefined ? 'nothing' : JSON.stringify(value);
	}

	/** The plain value of a scalar; undefined for maps, lists and nothing. */
	get scalar(): unknown {
		return isScalar(this.node) ? this.node.value : undefined;
	}

	/** The keys of a map, in order; `expected` describes the map for the type error. */
	entries(expected: string): Entry[] | undefined {
		if (!isMap(this.node)) return this.fail(`expected ${expected}, got ${this.shown}`);
		const entries: Entry[] = [];
		for (const pair of this.node.items) {
			const name = isScalar(pair.key) ? pair.key.value : undefined;
			if (typeof name !== 'string' && typeof name !== 'number') {
				Field.of(this.source, pair.key, this.path, this.at, this).fail('keys must be plain names');
				continue;
			}
			const key = Field.of(this.source, pair.key, this.childPath(String(name)), this.at, this);
			entries.push({name: String(name), key, value: Field.of(this.source, pair.value, key.path, key.at, this)});
		}
		return entries;
	}

	/**
	 * A map whose keys must all be in the table `keys`; each unknown key is reported. When this
	 * is not a map, that is reported and the map reads as empty, its missing keys unreported.
	 */
	map<K extends Keys>(keys: K): Fields<K> {
		const allowed = Object.keys(keys);
		const entries = this.entries(`a map (allowed keys: ${allowed.join(', ')})`);
		const known = new Map<string, Field>();
		for (const {name, key, value} of entries ?? []) {
			if (allowed.includes(name)) known.set(name, value);
			else key.fail(`unknown key "${name}"${didYouMean(name, allowed)} (allowed: ${allowed.join(', ')})`);
		}
		return new Fields(this, keys, known, entries === undefined);
	}

	/** The items of a list. */
	items(): Field[] | undefined {
		if (!isSeq(this.node)) return this.fail(`expected a list, got ${this.shown}`);
		return this.node.items.map((item, i) => Field.of(this.source, item, `${this.path}[${i}]`, this.at, this));
	}

	/** Non-empty text. */
	string(): string | undefined {
		const value = this.scalar;
		return typeof value === 'string' && value.trim() !== '' ? value : this.fail(`expected text, got ${this.shown}`);
	}

	/** `true` or `false`. */
	boolean(): boolean | undefined {
		const value = this.scalar;
		return typeof value === 'boolean' ? value : this.fail(`expected true or false, got ${this.shown}`);
	}

	/** A number from `min` to `max`; `integer` rules out fractions. */
	number(min: number, max = Number.MAX_SAFE_INTEGER, integer = true): number | undefined {
		const value = this.scalar;
		if (typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value))) return value;
		const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
		return this.fail(`expected ${integer ? 'a whole number' : 'a number'} ${range}, got ${this.shown}`);
	}

	/** One of a fixed set of words. */
	choice<T extends string>(allowed: readonly T[]): T | undefined {
		const value = this.scalar;
		if (allowed.includes(value as T)) return value as T;
		const wrong = typeof value === 'string' ? 'unknown value' : 'expected a word, got';
		const near = typeof value === 'string' ? didYouMean(value, allowed) : '';
		return this.fail(`${wrong} ${this.shown}${near} (allowed: ${allowed.join(', ')})`);
	}

	/** A size in bytes with its unit: `4KiB`, `2MiB`. */
	size(): number | undefined {
		return this.quantity(parseSize, 'size like 4KiB', 'give a unit: 4KiB, 2MiB');
	}

	/** A duration in nanoseconds with its unit: `20ms`, `5us`. */
	duration(): number | undefined {
		return this.quantity(parseDuration, 'duration like 20ms', 'give a unit: 5ms, 500us, 1s');
	}

	// A bare number is refused: `duration: 5` read as 5 ns (or a size as bytes) is never what was meant.
	private quantity(parse: (text: string) => number, expected: string, unitHint: string): number | undefined {
		const value = this.scalar;
		if (typeof value !== 'string' && typeof value !== 'number') return this.fail(`expected a ${expected}, got ${this.shown}`);
		if (typeof value === 'number' && !Number.isFinite(value)) return this.fail(`expected a ${expected}, got ${this.shown}`);
		if (typeof value === 'number' || /^\s*[\d.]+\s*$/.test(value)) return this.fail(`${unitHint} (got ${this.shown})`);
		try {
			return parse(String(value));
		} catch (error) {
			return this.fail((error as Error).message);
		}
	}
}

/** What `Fields.read` gives: a key with a default always reads as a value. */
type Read<T extends Key> = T extends {default: unknown} ? ValueOf<T['shape']> : ValueOf<T['shape']> | undefined;
type ScalarName<K extends Keys> = {[N in keyof K & string]: K[N]['shape'] extends Scalar ? N : never}[keyof K & string];

/** The known keys of one map, read by its table. */
export class Fields<K extends Keys> {
	constructor(
		private readonly owner: Field,
		private readonly keys: K,
		private readonly known: ReadonlyMap<string, Field>,
		/** The owner was not a map: that was reported, so its missing keys are not. */
		private readonly quiet: boolean,
	) {}

	/** A key's field, or undefined when it is not written; a missing required key is reported. */
	get(name: keyof K & string): Field | undefined {
		const field = this.known.get(name);
		const required = this.keys[name]?.required;
		if (field !== undefined || required === undefined || this.quiet) return field;
		if (typeof required === 'object' && this.known.has(required.unless)) return undefined;
		return this.owner.absent(name).fail(`required key "${name}" is missing`);
	}

	/** A key's map read by its table; absent, it reads as empty, so every key has its default. */
	map<S extends Keys>(name: keyof K & string, keys: S): Fields<S> {
		const field = this.get(name);
		return field ? field.map(keys) : new Fields(this.owner.absent(name), keys, new Map(), true);
	}

	/**
	 * A scalar key's value by its shape. Absent, or wrong (reported), it reads as its default:
	 * a scenario with a problem is discarded, so the default only keeps the readers going.
	 */
	read<N extends ScalarName<K>>(name: N): Read<K[N]> {
		const key = this.keys[name]!;
		const shape = key.shape as Scalar;
		const field = this.get(name);
		const value = field && readValue(field, shape);
		return (value ?? (key.default === undefined ? undefined : defaultValue(shape, key.default))) as Read<K[N]>;
	}
}
