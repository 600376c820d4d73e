/**
 * `--help`/`-h` and `--version`/`-V` anywhere on the line (before `--`), and `spf-top help
 * [command]`: answered before the CLI's own chunk loads, and never running the command, even
 * when the rest of the line is wrong.
 */
import packageJson from '../../package.json' with {type: 'json'};
import {didYouMean} from '../scenarios/did-you-mean.ts';
import type {Io} from '../run/io.ts';
import {UsageError} from '../run/usage-error.ts';
import {flags} from './flags.ts';
import {helpCommands, helpText, type HelpCommand} from './help.ts';

const commandWords = new Set<string>(helpCommands);

/** `--help`/`-h`, `--version`/`-V` anywhere before `--`, or `spf-top help [command]`: the exit code, else undefined. */
export function helpOrVersion(argv: readonly string[], io: Io): number | undefined {
	try {
		return answer(argv, io);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr.write(`spf-top: ${error.message}\n`);
		return 2;
	}
}

function answer(argv: readonly string[], io: Io): number | undefined {
	const end = argv.indexOf('--');
	const words = end === -1 ? argv : argv.slice(0, end);
	const positional = positionals(words);
	const wants = (long: string, short: string): boolean => words.includes(long) || words.includes(short);
	if (wants('--help', '-h') || positional[0] === 'help') {
		const command = positional[0] === 'help' ? helpTopic(positional.slice(1)) : (commandWords.has(positional[0] ?? '') ? (positional[0] as HelpCommand) : 'run');
		io.stdout.write(helpText(`spf-top: ${packageJson.description}`, command === 'run' && positional[0] !== 'help' ? undefined : command));
		return 0;
	}
	if (wants('--version', '-V')) {
		io.stdout.write((words.includes('--json') ? JSON.stringify({name: packageJson.name, version: packageJson.version}) : packageJson.version) + '\n');
		return 0;
	}
	return undefined;
}

/** `help`, `help compare`: the command asked about (undefined: all of them). */
function helpTopic(rest: readonly string[]): HelpCommand | undefined {
	if (rest.length === 0) return undefined;
	const topic = rest[0]!;
	if (rest.length > 1 || !(helpCommands as readonly string[]).includes(topic)) {
		const near = rest.length === 1 ? didYouMean(topic, helpCommands) : '';
		throw new UsageError(`spf-top help takes one command, got "${rest.join(' ')}"${near} (commands: ${helpCommands.join(', ')})`);
	}
	return topic as HelpCommand;
}

/** The words that are not flags or their values, read leniently: help must work on a bad line too. */
function positionals(words: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		if (!word.startsWith('-') || word === '-') {
			out.push(word);
			continue;
		}
		const name = word.replace(/^-+/, '');
		const long = Object.entries(flags).find(([flag, spec]) => flag === name || ('short' in spec && spec.short === name));
		if (long !== undefined && long[1].type === 'string' && !word.includes('=')) i++;
	}
	return out;
}
