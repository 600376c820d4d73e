/** The meow flag table: every flag typed, with its default where it has a fixed one. */
export const flags = {
	scheme: {type: 'string'},
	schemes: {type: 'string'},
	break: {type: 'string'},
	cpus: {type: 'string'},
	sockets: {type: 'string'},
	seed: {type: 'string'},
	duration: {type: 'string'},
	headless: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
	record: {type: 'string'},
	live: {type: 'boolean', default: false},
	replay: {type: 'string'},
	strict: {type: 'boolean', default: false},
	format: {type: 'string'},
	output: {type: 'string', shortFlag: 'o'},
	seeds: {type: 'string'},
	metric: {type: 'string'},
	csv: {type: 'boolean', default: false},
	ndjson: {type: 'boolean', default: false},
	svg: {type: 'string'},
	jobs: {type: 'string', shortFlag: 'j'},
	shard: {type: 'string'},
} as const;

export type RawFlags = {
	readonly scheme?: string;
	readonly schemes?: string;
	readonly break?: string;
	readonly cpus?: string;
	readonly sockets?: string;
	readonly seed?: string;
	readonly duration?: string;
	readonly headless: boolean;
	readonly json: boolean;
	readonly record?: string;
	readonly live: boolean;
	readonly replay?: string;
	readonly strict: boolean;
	readonly format?: string;
	readonly output?: string;
	readonly seeds?: string;
	readonly metric?: string;
	readonly csv: boolean;
	readonly ndjson: boolean;
	readonly svg?: string;
	readonly jobs?: string;
	readonly shard?: string;
};
