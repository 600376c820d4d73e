/**
 * The options of `spf-top sweep` (lists of schemes, CPU counts and seeds, a metric, an output
 * format, `--shard i/n`), of `spf-top merge FILES...`, and `-j/--jobs N` (sweep, compare,
 * check), checked before anything runs.
 */
import type {SweepOptions, SweepOutputOptions} from '../run/run-options.ts';
import {UsageError} from '../run/usage-error.ts';
import {maxCpus} from '../sim/config.ts';
import {breakVariants, schemeIds} from '../sim/schemes/index.ts';
import {parseMetric, metricNames} from '../sweep/metric.ts';
import type {SweepFormat} from '../sweep/output.ts';
import type {Shard} from '../sweep/plan.ts';
import {schemeList} from './compare-check-options.ts';
import type {RawFlags} from './flags.ts';
import {plainInteger} from './plain-integer.ts';

/** Default CPU counts: powers of two up to 64, the will-it-scale / LKP curve. */
export const defaultSweepCpus = [1, 2, 4, 8, 16, 32, 64];

export function buildSweepOptions(command: string, positional: readonly string[], raw: RawFlags): SweepOptions {
	const isSweep = command === 'sweep';
	const isMerge = command === 'merge';
	const jobs = raw.jobs !== undefined;
	if (jobs && !['sweep', 'compare', 'check', 'explore'].includes(command)) throw new UsageError('-j/--jobs applies to spf-top sweep, compare, check and explore');
	for (const flag of ['seeds', 'metric', 'svg', 'shard'] as const) {
		if (raw[flag] !== undefined && !isSweep && !(isMerge && flag !== 'seeds' && flag !== 'shard')) throw new UsageError(`--${flag} applies to spf-top sweep${flag === 'metric' || flag === 'svg' ? ' and merge' : ''}`);
	}
	if ((raw.csv || raw.ndjson) && !isSweep && !isMerge) throw new UsageError(`--${raw.csv ? 'csv' : 'ndjson'} applies to spf-top sweep and merge`);
	if (!isSweep && !isMerge) return {};
	for (const flag of ['scheme', 'seed', 'record', 'replay'] as const) {
		if (raw[flag] !== undefined) throw new UsageError(`--${flag} does not apply to spf-top ${command}${flag === 'scheme' ? '; use --schemes a,b,... or all' : flag === 'seed' ? '; use --seeds 1..5 or 1,4,9' : ''}`);
	}
	if (raw.headless) throw new UsageError(`spf-top ${command} always runs headless; drop --headless`);
	const sweep = outputOptions(raw);
	if (isMerge) {
		const given = (['schemes', 'cpus', 'machine', 'sockets', 'threads-per-core', 'duration', 'break'] as const).filter(flag => raw[flag] !== undefined);
		if (given.length > 0) throw new UsageError(`spf-top merge takes the sweep from its files; drop --${given.join(', --')}`);

		return {sweep, files: [...positional]};
	}
	if (positional.length > 1) throw new UsageError(`spf-top sweep takes at most one scenario, got ${positional.length}: ${positional.join(' ')}`);
	const breakVariant = raw.break;
	if (breakVariant !== undefined && !breakVariants.includes(breakVariant)) throw new UsageError(`--break "${breakVariant}" is not known (allowed: ${breakVariants.join(', ')})`);
	return {
		sweep,
		sweepSpec: {
			schemes: raw.schemes === undefined || raw.schemes === 'all' ? schemeIds : schemeList(raw.schemes),
			cpus: raw.cpus === undefined ? defaultSweepCpus : numberList('--cpus', raw.cpus, 1, maxCpus),
			seeds: raw.seeds === undefined ? [1] : numberList('--seeds', raw.seeds, 0, 2 ** 32 - 1),
			breakVariant,
		},
		shard: raw.shard === undefined ? undefined : shard(raw.shard),
	};
}

function outputOptions(raw: RawFlags): SweepOutputOptions {
	const formats = [raw.json && 'json', raw.csv && 'csv', raw.ndjson && 'ndjson', raw.format !== undefined && `--format ${raw.format}`].filter(f => typeof f === 'string');
	if (formats.length > 1) throw new UsageError(`choose one output format, got ${formats.map(f => (f.startsWith('--') ? f : `--${f}`)).join(' and ')}`);
	if (raw.format !== undefined && raw.format !== 'vega-lite') throw new UsageError(`--format "${raw.format}" is not known here (allowed: vega-lite; or --json, --csv, --ndjson)`);
	const metric = raw.metric === undefined ? {kind: 'faults-per-sec' as const} : parseMetric(raw.metric);
	if (metric === null) throw new UsageError(`--metric "${raw.metric}" is not known (allowed: ${metricNames.join(', ')})`);
	const format: SweepFormat | undefined = raw.json ? 'json' : raw.csv ? 'csv' : raw.ndjson ? 'ndjson' : raw.format === 'vega-lite' ? 'vega-lite' : undefined;
	for (const [flag, value] of [['-o/--output', raw.output], ['--svg', raw.svg]] as const) {
		if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a file name, got ""`);
	}
	return {metric, format: format ?? (raw.output === undefined ? undefined : formatOfFile(raw.output)), output: raw.output === '-' ? undefined : raw.output, svg: raw.svg};
}

/** `-o run.csv` without a format flag: the format its name says, else text. */
function formatOfFile(file: string): SweepFormat {
	if (file.endsWith('.ndjson')) return 'ndjson';
	if (file.endsWith('.vl.json')) return 'vega-lite';
	if (file.endsWith('.json')) return 'json';
	if (file.endsWith('.csv')) return 'csv';
	return 'text';
}

/** `1,2,4`, `1..5` or a mix (`1..3,8`), each from min to max, no value twice. */
export function numberList(flag: string, value: string, min: number, max: number): number[] {
	const bad = (why: string): UsageError => new UsageError(`${flag} "${value}" ${why} (e.g. 1,2,4,8 or 1..5)`);
	const out: number[] = [];
	for (const part of value.split(',')) {
		const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(part);
		const [from, to] = range === null ? [part, part] : [range[1]!, range[2]!];
		const [a, b] = [plainInteger(from.trim()), plainInteger(to.trim())];
		if (a === undefined || b === undefined) throw bad('is not a list of integers in plain decimal');
		if (a > b) throw bad(`has a range that runs backwards (${part.trim()})`);
		if (a < min || b > max) throw bad(`has a value outside ${min} to ${max}`);
		if (b - a > 10_000) throw bad('has a range of more than 10,000 values');
		for (let n = a; n <= b; n++) {
			if (out.includes(n)) throw bad(`names ${n} twice`);
			out.push(n);
		}
	}
	return out;
}

/** `--shard i/n`, 1 ≤ i ≤ n. */
function shard(value: string): Shard {
	const match = /^(\d+)\/(\d+)$/.exec(value.trim());
	const [index, total] = match === null ? [Number.NaN, Number.NaN] : [Number(match[1]), Number(match[2])];
	if (!(index >= 1 && total >= 1 && index <= total && total <= 100_000)) throw new UsageError(`--shard "${value}" is not i/n with 1 ≤ i ≤ n (e.g. --shard 2/3)`);
	return {index, count: total};
}
