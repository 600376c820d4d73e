/** The meow flag table: every flag typed, with its default where it has a fixed one. */
export const flags = {
	scheme: {type: 'string'},
	break: {type: 'string'},
	cpus: {type: 'string'},
	sockets: {type: 'string'},
	seed: {type: 'string'},
	duration: {type: 'string'},
	headless: {type: 'boolean', default: false},
	json: {type: 'boolean', default: false},
} as const;

export type RawFlags = {
	readonly scheme?: string;
	readonly break?: string;
	readonly cpus?: string;
	readonly sockets?: string;
	readonly seed?: string;
	readonly duration?: string;
	readonly headless: boolean;
	readonly json: boolean;
};
