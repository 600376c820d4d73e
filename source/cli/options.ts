/**
 * From the parsed command line (parse-argv.ts) to checked options. Every message names the flag, the bad value
 * and what is allowed.
 */
import {commands, type Command, type RunOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import {parseDuration} from '../scenarios/index.ts';
import {maxCpus, maxSockets, maxThreadsPerCore} from '../sim/config.ts';
import {machineNames} from '../sim/machines.ts';
import {breakVariants, schemeIds} from '../sim/schemes/index.ts';
import {didYouMean, isScenarioArg, nearestName} from '../scenarios/index.ts';
import {buildCompareCheckOptions} from './compare-check-options.ts';
import {buildExploreOptions} from './explore-options.ts';
import {flagLabel, type FlagName, type RawFlags} from './flags.ts';
import {optionFlags} from './help.ts';
import {plainInteger, plainIntegerHint} from './plain-integer.ts';
import {buildRecordingOptions} from './recording-options.ts';
import {buildSweepOptions} from './sweep-options.ts';
import {buildTraceOptions} from './trace-options.ts';

/** The command a command line names: its first word if that is one, else a run. */
export function commandOf(input: readonly string[]): Command {
	const first = input[0];
	return commands.includes(first as (typeof commands)[number]) ? (first as Command) : 'run';
}

/** `given`: the flags on the command line, each checked against what the command takes. */
export function buildOptions(input: readonly string[], raw: RawFlags, given: readonly FlagName[] = []): RunOptions {
	const command = commandOf(input);
	if (command === 'run') checkNotMisspeltCommand(input[0]);
	const positional = command === 'run' ? input : input.slice(1);
	const recording = buildRecordingOptions(command, positional, raw);
	const compareCheck = buildCompareCheckOptions(command, positional, raw);
	const sweep = buildSweepOptions(command, positional, raw);
	const trace = buildTraceOptions(command, positional, raw);
	checkFlagsApply(command, given, raw);
	if (positional.length > 1 && command !== 'check' && command !== 'merge' && command !== 'trace') throw new UsageError(`expected at most one scenario, got ${positional.length}: ${positional.join(' ')}`);
	if (command === 'scenarios' && positional.length > 0) throw new UsageError(`spf-top scenarios takes no argument, got "${positional[0]}"`);
	return {
		command,
		scenario: positional[0],
		scheme: oneOf('--scheme', raw.scheme, schemeIds),
		breakVariant: oneOf('--break', raw.break, breakVariants),
		// sweep takes a list (--cpus 1,2,4); sweep-options.ts reads it.
		cpus: command === 'sweep' ? undefined : integer('--cpus', raw.cpus, 1, maxCpus),
		machine: oneOf('--machine', raw.machine, machineNames),
		sockets: integer('--sockets', raw.sockets, 1, maxSockets),
		threadsPerCore: integer('--threads-per-core', raw['threads-per-core'], 1, maxThreadsPerCore),
		seed: integer('--seed', raw.seed, 0, 2 ** 32 - 1),
		durationNs: duration('--duration', raw.duration),
		...(raw['no-memcg'] ? {memcg: false} : {}),
		headless: raw.headless,
		json: raw.json,
		...recording,
		...compareCheck,
		...sweep,
		...buildExploreOptions(command, raw),
		...trace,
		jobs: integer('-j/--jobs', raw.jobs, 1, 1024),
		...(recording.file === undefined ? {} : {scenario: undefined}),
	};
}

// `spf-top comapre` would otherwise be a run of a scenario "comapre", reported as no such file.
function checkNotMisspeltCommand(word: string | undefined): void {
	const near = word === undefined ? undefined : nearestName(word, commands);
	if (near !== undefined && !isScenarioArg(word!)) throw new UsageError(`unknown command "${word}", did you mean "${near}"? (spf-top --help lists the commands)`);
}

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
	if (value === undefined) return undefined;
	if (!allowed.includes(value)) {
		throw new UsageError(`${flag} "${value}" is not known${didYouMean(value, allowed)} (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none yet'})`);
	}
	return value;
}

/** Every flag the command line gives must be one the command takes (the help lists them). */
function checkFlagsApply(command: Command, given: readonly FlagName[], raw: RawFlags): void {
	const takes = optionFlags(command);
	for (const flag of given) {
		if (takes.has(flag)) continue;
		const its = [...takes].filter(name => !['help', 'version', 'no-color'].includes(name)).map(name => flagLabel(name));
		throw new UsageError(`${flagLabel(flag)} does not apply to spf-top ${command === 'run' ? 'runs' : command} (${its.length === 0 ? 'it takes no flags' : `its flags: ${its.join(', ')}`})`);
	}
	const dashboard = !raw.headless && (raw.replay !== undefined || raw.record === undefined || raw.live);
	if (command === 'run' && raw.json && dashboard) throw new UsageError('--json is for headless output (--headless, --record, compare, check, sweep, merge); the live dashboard prints none: add --headless');
}

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	const n = plainInteger(value);
	if (n === undefined || n < min || n > max) {
		throw new UsageError(`${flag} "${value}" is not an integer from ${min} to ${max}${n === undefined ? plainIntegerHint(value) : ''}`);
	}
	return n;
}

function duration(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	// A bare number used to mean nanoseconds, so `--duration 5` ran 5 ns and reported success.
	if (/^\s*\d+(\.\d+)?\s*$/.test(value)) throw new UsageError(`${flag} "${value}" has no unit; give a unit: ${value.trim()}ms, 500us, 1s`);
	let ns: number;
	try {
		ns = parseDuration(value);
	} catch {
		throw new UsageError(`${flag} "${value}" is not a duration (allowed: a number with ns, us, ms or s, e.g. 20ms)`);
	}
	if (ns <= 0) throw new UsageError(`${flag} "${value}" must be longer than 0`);
	return ns;
}
