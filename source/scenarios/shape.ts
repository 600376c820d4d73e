/**
 * The vocabulary of the scenario field table (table.ts): what each key's value must be. The
 * readers check values by these shapes and schema.ts turns the same shapes into JSON Schema,
 * so a key, a limit or an allowed word is written once.
 */
/** A value read by `readValue` (read-value.ts): one word, number or quantity. */
export type Scalar =
	| {readonly type: 'text'}
	| {readonly type: 'boolean'}
	/** A whole number from `min` to `max` (no upper limit without one). */
	| {readonly type: 'integer'; readonly min: number; readonly max?: number}
	/** Any number from `min` to `max`, fractions allowed. */
	| {readonly type: 'number'; readonly min: number; readonly max: number}
	| {readonly type: 'choice'; readonly values: readonly string[]}
	/**
	 * A size with its unit; `pages`: a positive multiple of 4 KiB; `max` bytes at most;
	 * `zero`: 0 too, written bare (an offset).
	 */
	| {readonly type: 'size'; readonly pages?: true; readonly max?: number; readonly zero?: true}
	/** A duration with its unit; `positive`: above zero. */
	| {readonly type: 'duration'; readonly positive?: true};

/** A value its own reader checks, with the limits it needs from here. */
export type Structure =
	/** `4`, `cpus`, `cpus-1`...: at most `max`, and `what` such a count counts. */
	| {readonly type: 'count'; readonly max: number; readonly what: string}
	/** The name of a mapping in scope (steps.ts). */
	| {readonly type: 'region'}
	/** A region name, or a map with only `region` (`munmap: heap`). */
	| {readonly type: 'region-or-map'; readonly keys: Keys}
	/** A step that takes no argument: nothing, `true` or `{}` (`barrier:`). */
	| {readonly type: 'nothing'}
	| {readonly type: 'map'; readonly keys: Keys}
	| {readonly type: 'list'; readonly items: Shape; readonly minItems?: number}
	/** A program: a list of one-key maps, each key a step of `steps`. */
	| {readonly type: 'steps'; readonly minItems: number};

export type Shape = Scalar | Structure;

/** One key of a map. */
export interface Key {
	/** What the key means, for messages and editors (the schema's description). */
	readonly doc: string;
	readonly shape: Shape;
	/** A key that must be written; `unless`: except when that other key is. */
	readonly required?: true | {readonly unless: string};
	/** The value an absent key stands for, as it would be written. */
	readonly default?: string | number | boolean;
}

export type Keys = Readonly<Record<string, Key>>;

/** What `readValue` returns for a scalar shape. */
export type ValueOf<S> = S extends {type: 'text'} ? string
	: S extends {type: 'boolean'} ? boolean
	: S extends {type: 'choice'; values: readonly (infer V)[]} ? V
	: number;
