/**
 * The options of `spf-top import TRACE` (`-o`, `--from`, `--to`, `--max-events`, `--cpus`),
 * `spf-top trace [-o FILE] -- CMD ARGS...` and `compare --real TRACE`, checked before anything runs.
 */
import type {TraceOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import {parseDuration} from '../scenarios/index.ts';
import {defaultMaxEvents} from '../trace/import-trace.ts';
import type {RawFlags} from './flags.ts';
import {plainInteger} from './plain-integer.ts';

export function buildTraceOptions(command: string, positional: readonly string[], raw: RawFlags): TraceOptions {
	if (raw.real !== undefined && command !== 'compare') throw new UsageError('--real applies to spf-top compare');
	const base = {fromNs: 0, toNs: Number.POSITIVE_INFINITY, maxEvents: defaultMaxEvents, ...(raw.real === undefined ? {} : {real: raw.real})};
	if (command === 'trace') {
		if (positional.length === 0) throw new UsageError('spf-top trace needs a command to run: spf-top trace [-o FILE] -- CMD [ARGS...]');
		return {...base, capture: [...positional], ...(raw.output === undefined ? {} : {traceOutput: raw.output})};
	}
	if (command !== 'import') return base;
	if (positional.length !== 1) throw new UsageError(`spf-top import takes one trace file (perf script output), got ${positional.length === 0 ? 'none' : `${positional.length}: ${positional.join(' ')}`}`);
	const fromNs = time('--from', raw.from) ?? 0;
	const toNs = time('--to', raw.to) ?? Number.POSITIVE_INFINITY;
	if (toNs <= fromNs) throw new UsageError(`--to "${raw.to}" must be after --from "${raw.from ?? '0'}"`);
	const maxEvents = raw['max-events'] === undefined ? defaultMaxEvents : plainInteger(raw['max-events']);
	if (maxEvents === undefined || maxEvents < 1) throw new UsageError(`--max-events "${raw['max-events']}" is not an integer of at least 1`);
	return {...base, trace: positional[0], fromNs, toNs, maxEvents, ...(raw.output === undefined ? {} : {traceOutput: raw.output})};
}

function time(flag: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	try {
		if (/^\s*\d+(\.\d+)?\s*$/.test(value)) throw new Error('no unit');
		return parseDuration(value);
	} catch {
		throw new UsageError(`${flag} "${value}" is not a time from the trace's start (allowed: a number with ns, us, ms or s, e.g. 1.5s)`);
	}
}
