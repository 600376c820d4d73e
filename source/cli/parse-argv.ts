/**
 * The command line as words to flags and positionals, strictly: an unknown flag, a boolean
 * given a value (`--json=1`), a flag with a value given twice (`--cpus 8 --cpus 16`) or given
 * none is a usage error that names it. `--` ends the flags.
 */
import {nearestName} from '../scenarios/did-you-mean.ts';
import {UsageError} from '../run/usage-error.ts';
import {flagLabel, flags, type FlagName, type RawFlags} from './flags.ts';

export interface ParsedArgv {
	readonly input: readonly string[];
	readonly flags: RawFlags;
	/** The flags given, in order, so a command can name the ones it does not take. */
	readonly given: readonly FlagName[];
}

const shortNames = new Map<string, FlagName>(Object.entries(flags).flatMap(([name, spec]) => ('short' in spec ? [[spec.short as string, name as FlagName] as const] : [])));

export function parseArgv(argv: readonly string[]): ParsedArgv {
	const input: string[] = [];
	const values: Record<string, string | boolean> = {};
	const given: FlagName[] = [];
	for (let i = 0; i < argv.length; i++) {
		const word = argv[i]!;
		if (word === '--') {
			input.push(...argv.slice(i + 1));
			break;
		}
		if (!word.startsWith('-') || word === '-') {
			input.push(word);
			continue;
		}
		const {name, inline} = flagOf(word);
		const isBoolean = flags[name].type === 'boolean';
		if (isBoolean) {
			if (inline !== undefined) throw new UsageError(`${flagLabel(name)} takes no value, got "${word}" (on/off flags: write ${flagLabel(name).split('/').at(-1)} for on, leave it out for off)`);
			values[name] = true;
		} else {
			if (values[name] !== undefined) throw new UsageError(`${flagLabel(name)} given twice ("${String(values[name])}" and "${inline ?? argv[i + 1] ?? ''}"); give it once`);
			let value = inline;
			if (value === undefined) {
				const next = argv[i + 1];
				if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) throw new UsageError(`${flagLabel(name)} needs a value${next === undefined ? '' : `, got the flag ${next}`}`);
				value = next;
				i++;
			}
			values[name] = value;
		}
		if (!given.includes(name)) given.push(name);
	}
	for (const [name, spec] of Object.entries(flags)) if (spec.type === 'boolean' && values[name] === undefined) values[name] = false;
	return {input, flags: values as RawFlags, given};
}

/** `--name`, `--name=value`, `-o`, `-oVALUE` or `-o=VALUE` to the flag and any inline value. */
function flagOf(word: string): {name: FlagName; inline?: string} {
	if (word.startsWith('--')) {
		const eq = word.indexOf('=');
		const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
		if (!Object.hasOwn(flags, name) || name.startsWith('-')) throw unknownFlag(eq === -1 ? word : word.slice(0, eq));
		return {name: name as FlagName, ...(eq === -1 ? {} : {inline: word.slice(eq + 1)})};
	}
	const name = shortNames.get(word[1]!);
	if (name === undefined) throw unknownFlag(word.slice(0, 2));
	const rest = word.slice(2);
	if (rest === '') return {name};
	return {name, inline: rest.startsWith('=') ? rest.slice(1) : rest};
}

function unknownFlag(word: string): UsageError {
	const near = nearestName(word.replace(/^-+/, ''), Object.keys(flags));
	return new UsageError(`unknown flag ${word}${near === undefined ? '' : ` (did you mean --${near}?)`}; spf-top --help lists the flags`);
}
