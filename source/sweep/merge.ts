/**
 * `spf-top merge FILES...`: the shards of one sweep (NDJSON or JSON, as `sweep --shard`
 * wrote them) back into the whole sweep's result. It refuses files of another sweep (the
 * header differs: scenario hash, tool version, job list, ...), a shard given twice, a
 * missing shard, or a shard whose rows are not the jobs its index owns.
 */
import {readFileSync} from 'node:fs';
import {UsageError} from '../run/usage-error.ts';
import type {SweepResult} from './output.ts';
import {inShard, type SweepHeader} from './plan.ts';
import type {SweepRow} from './row.ts';

/** Thrown for files that cannot be merged: exit 1 with one line. */
export class MergeError extends Error {
	override readonly name = 'MergeError';
}

interface ShardFile {
	readonly file: string;
	readonly header: SweepHeader;
	readonly rows: SweepRow[];
}

/** The fields two shards of one sweep must share, and how to say they differ. */
const sameSweep: readonly (keyof SweepHeader)[] = ['scenario', 'scenarioHash', 'tool', 'durationNs', 'schemes', 'cpus', 'seeds', 'machine', 'sockets', 'threadsPerCore', 'breakVariant', 'jobs', 'jobList'];

export function mergeSweepFiles(files: readonly string[]): SweepResult {
	if (files.length === 0) throw new UsageError('spf-top merge needs the sweep files to merge (NDJSON or JSON from sweep --shard i/n)');
	return mergeShards(files.map(readShardFile));
}

export function mergeShards(shards: readonly ShardFile[]): SweepResult {
	const first = shards[0]!;
	for (const shard of shards.slice(1)) {
		for (const field of sameSweep) {
			const [a, b] = [JSON.stringify(first.header[field]), JSON.stringify(shard.header[field])];
			if (a !== b) throw new MergeError(`${shard.file} is from another sweep than ${first.file}: ${field} ${b} vs ${a}`);
		}
	}
	const count = first.header.shard?.count ?? 1;
	const byIndex = new Map<number, ShardFile>();
	for (const shard of shards) {
		const s = shard.header.shard;
		if ((s?.count ?? 1) !== count) throw new MergeError(`${shard.file} is shard ${describe(shard.header)}, ${first.file} is shard ${describe(first.header)}: not shards of one split`);
		const index = s?.index ?? 1;
		const twin = byIndex.get(index);
		if (twin !== undefined) throw new MergeError(`${twin.file} and ${shard.file} are both shard ${index}/${count}`);
		byIndex.set(index, shard);
	}
	const missing = Array.from({length: count}, (_, i) => i + 1).filter(i => !byIndex.has(i));
	if (missing.length > 0) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map(i => `${i}/${count}`).join(', ')} missing (given: ${[...byIndex.keys()].sort((a, b) => a - b).map(i => `${i}/${count}`).join(', ')})`);
	const rows: SweepRow[] = new Array(first.header.jobs);
	for (const [index, shard] of byIndex) {
		for (const row of shard.rows) {
			if (!Number.isInteger(row.job) || row.job < 0 || row.job >= first.header.jobs || !inShard(row.job, {index, count})) throw new MergeError(`${shard.file}: row for job ${row.job} does not belong to shard ${index}/${count}`);
			if (rows[row.job] !== undefined) throw new MergeError(`${shard.file}: job ${row.job} appears twice`);
			rows[row.job] = row;
		}
	}
	const done = [...rows].filter(r => r !== undefined).length;
	if (done !== first.header.jobs) throw new MergeError(`${first.header.jobs - done} of ${first.header.jobs} jobs have no row (an interrupted shard?); rerun the shard that lacks them`);
	return {header: {...first.header, shard: null}, rows};
}

function describe(header: SweepHeader): string {
	return header.shard === null ? 'none (a whole sweep)' : `${header.shard.index}/${header.shard.count}`;
}

/** Reads one file as NDJSON (header line, then rows) or as one JSON document. */
export function readShardFile(file: string): ShardFile {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	const lines = text.split('\n').filter(line => line.trim() !== '');
	let values: unknown[];
	try {
		values = lines.map(line => JSON.parse(line) as unknown);
	} catch {
		try {
			values = [JSON.parse(text) as unknown];
		} catch {
			throw new MergeError(`${file} is neither NDJSON nor JSON from spf-top sweep`);
		}
	}
	const [head, ...rest] = values;
	if (typeof head !== 'object' || head === null || (head as {sweep?: unknown}).sweep !== 1) throw new MergeError(`${file} is not spf-top sweep output (write it with sweep --ndjson or --json)`);
	const {rows: inline, ...header} = head as SweepHeader & {rows?: SweepRow[]};
	return {file, header: header as SweepHeader, rows: inline ?? (rest as SweepRow[])};
}
