/**
 * From meow's raw result to checked options. Every message names the flag, the bad value
 * and what is allowed.
 */
import {maxCpus, maxSockets} from '../sim/config.ts';
import {breakVariants, schemeIds} from '../sim/schemes/index.ts';
import {parseDuration} from '../scenarios/index.ts';
import {buildCompareCheckOptions, compareCheckCommands, type CompareCheckOptions} from './compare-check-options.ts';
import type {RawFlags} from './flags.ts';
import {buildRecordingOptions, recordingCommands, type RecordingOptions} from './recording-options.ts';
import {buildSweepOptions, sweepCommands, type SweepOptions} from './sweep-options.ts';
import {UsageError} from './usage-error.ts';

export const commands = ['scenarios', ...compareCheckCommands, ...recordingCommands, ...sweepCommands] as const;
export type Command = (typeof commands)[number] | 'run';

export interface RunOptions extends RecordingOptions, CompareCheckOptions, SweepOptions {
	readonly command: Command;
	/** Scenario name or path; undefined means the built-in default. */
	readonly scenario?: string;
	readonly scheme?: string;
	readonly breakVariant?: string;
	readonly cpus?: number;
	readonly sockets?: number;
	readonly seed?: number;
	readonly durationNs?: number;
	readonly headless: boolean;
	readonly json: boolean;
}

export function buildOptions(input: readonly string[], raw: RawFlags): RunOptions {
	const [first, ...rest] = input;
	const command: Command = commands.includes(first as (typeof commands)[number]) ? (first as Command) : 'run';
	const positional = command === 'run' ? input : rest;
	const recording = buildRecordingOptions(command, positional, raw);
	const compareCheck = buildCompareCheckOptions(command, positional, raw);
	const sweep = buildSweepOptions(command, positional, raw);
	if (positional.length > 1 && command !== 'check' && command !== 'merge') throw new UsageError(`expected at most one scenario, got ${positional.length}: ${positional.join(' ')}`);
	if (command === 'scenarios' && positional.length > 0) throw new UsageError(`spf-top scenarios takes no argument, got "${positional[0]}"`);
	return {
		command,
		scenario: positional[0],
		scheme: oneOf('--scheme', raw.scheme, schemeIds),
		breakVariant: oneOf('--break', raw.break, breakVariants),
		// sweep takes a list (--cpus 1,2,4); sweep-options.ts reads it.
		cpus: command === 'sweep' ? undefined : integer('--cpus', raw.cpus, 1, maxCpus),
		sockets: integer('--sockets', raw.sockets, 1, maxSockets),
		seed: integer('--seed', raw.seed, 0, 2 ** 32 - 1),
		durationNs: duration('--duration', raw.duration),
		headless: raw.headless,
		json: raw.json,
		...recording,
		...compareCheck,
		...sweep,
		jobs: integer('-j/--jobs', raw.jobs, 1, 1024),
		...(recording.file === undefined ? {} : {scenario: undefined}),
	};
}

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
	if (value === undefined) return undefined;
	if (!allowed.includes(value)) {
		throw new UsageError(`${flag} "${value}" is not known (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none yet'})`);
	}
	return value;
}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
		throw new UsageError(`${flag} "${value}" is not an integer from ${min} to ${max}`);
	}
	return n;
}

function duration(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	let ns: number;
	try {
		ns = parseDuration(value);
	} catch {
		throw new UsageError(`${flag} "${value}" is not a duration (allowed: a number with ns, us, ms or s, e.g. 20ms)`);
	}
	if (ns <= 0) throw new UsageError(`${flag} "${value}" must be longer than 0`);
	return ns;
}
