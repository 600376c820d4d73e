/**
 * Every flag spf-top takes: its type and short name. Booleans take no value (`--json`, never
 * `--json=1`); every other flag takes exactly one value and may be given once.
 */
export const flags = {
	scheme: {type: 'string'},
	schemes: {type: 'string'},
	break: {type: 'string'},
	cpus: {type: 'string'},
	sockets: {type: 'string'},
	machine: {type: 'string'},
	'threads-per-core': {type: 'string'},
	seed: {type: 'string'},
	duration: {type: 'string'},
	headless: {type: 'boolean'},
	json: {type: 'boolean'},
	record: {type: 'string'},
	live: {type: 'boolean'},
	replay: {type: 'string'},
	strict: {type: 'boolean'},
	format: {type: 'string'},
	output: {type: 'string', short: 'o'},
	seeds: {type: 'string'},
	metric: {type: 'string'},
	csv: {type: 'boolean'},
	ndjson: {type: 'boolean'},
	svg: {type: 'string'},
	jobs: {type: 'string', short: 'j'},
	shard: {type: 'string'},
	schedule: {type: 'string'},
	schedules: {type: 'string'},
	depth: {type: 'string'},
	save: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	'max-events': {type: 'string'},
	real: {type: 'string'},
	'no-memcg': {type: 'boolean'},
	'no-color': {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'V'},
} as const satisfies Record<string, {type: 'string' | 'boolean'; short?: string}>;

export type FlagName = keyof typeof flags;

type StringFlag = {[K in FlagName]: (typeof flags)[K]['type'] extends 'string' ? K : never}[FlagName];
/** Flags every command takes, acted on before any command's options are read. */
type GlobalFlag = 'no-color' | 'help' | 'version';
type BooleanFlag = Exclude<FlagName, StringFlag | GlobalFlag>;

/** What the command line said: a value for each string flag given, true for each boolean given. */
export type RawFlags = {readonly [K in StringFlag]?: string} & {readonly [K in BooleanFlag]: boolean} & {readonly [K in GlobalFlag]?: boolean};

/** `--cpus` for a long flag, `-o/--output` where it has a short one, as messages name it. */
export function flagLabel(name: FlagName): string {
	const short = (flags[name] as {short?: string}).short;
	return short === undefined ? `--${name}` : `-${short}/--${name}`;
}
