/**
 * The options of `spf-top explore` and `spf-top explain` (`--schedules N`, `--depth d`,
 * `--save FILE`) and `--schedule STR`, which a headless run and `explain` take to replay
 * one explored schedule. Checked before anything runs.
 */
import type {ExploreOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import {parseSchedule, type Schedule} from '../sim/schedule.ts';
import type {RawFlags} from './flags.ts';
import {plainInteger} from './plain-integer.ts';

export function buildExploreOptions(command: string, raw: RawFlags): ExploreOptions {
	let schedule: Schedule | undefined;
	if (raw.schedule !== undefined) {
		try {
			schedule = parseSchedule(raw.schedule);
		} catch (error) {
			throw new UsageError(`--schedule "${raw.schedule}": ${(error as Error).message}`);
		}
		// A recording's header holds no schedule, so verify would re-simulate the seed's own run.
		if (raw.record !== undefined) throw new UsageError('--schedule cannot be recorded: a recording holds the seed\'s own run; `spf-top explain` draws the schedule\'s race');
		if (command === 'run' && !raw.headless) throw new UsageError('--schedule replays an explored schedule headless: add --headless');
	}
	return {schedule, schedules: count('--schedules', raw.schedules, 1, 1_000_000), depth: count('--depth', raw.depth, 1, 16), save: raw.save};
}

function count(flag: string, value: string | undefined, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	const n = plainInteger(value);
	if (n === undefined || n < min || n > max) throw new UsageError(`${flag} "${value}" is not an integer from ${min} to ${max}`);
	return n;
}
