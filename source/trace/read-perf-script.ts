/**
 * Streams a `perf script` text file (plain or gzip) line by line, so a trace of any length
 * is read in bounded memory. Known events go to `onEvent` in file order; unknown event names
 * are skipped and counted; a last line cut short (a copy stopped mid-write) is reported with
 * its number and the rest is used. A malformed known event is an error naming its line.
 */
import {createReadStream} from 'node:fs';
import {open, stat} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {createGunzip} from 'node:zlib';
import {readError} from '../record/chunks.ts';
import {decodeEvent, FieldError, type TracedEvent} from './events.ts';
import type {MapsLine} from './maps-regions.ts';
import {parsePerfLine} from './perf-line.ts';
import {TraceError} from './trace-error.ts';

/** What reading a trace found besides its events. */
export interface ReadStats {
	readonly lines: number;
	readonly events: number;
	/** Unknown event names and how often each appeared. */
	readonly unknown: ReadonlyMap<string, number>;
	/** Lines that are not event lines (blank, comments, call chains). */
	readonly otherLines: number;
	/** `# key: value` lines before the first event (`spf-top trace`'s, or `perf script --header`'s). */
	readonly meta: ReadonlyMap<string, string>;
	/** The number of a last line that was cut short and skipped. */
	readonly cutLine: number | null;
	/** `# maps PID: ...` lines before the first event: a process's /proc/PID/maps at exec. */
	readonly maps: readonly MapsLine[];
}

// vm.max_map_count: a process has no more mappings than this.
const maxMapsLines = 65_530;

// With no event line this far in, the file is not `perf script` output.
const probeLines = 1000;

/** Reads `file`, calling `onEvent` for each known event; throws TraceError on a malformed one. */
export async function readPerfScript(file: string, onEvent: (event: TracedEvent) => void): Promise<ReadStats> {
	await checkNotPerfData(file);
	const raw = createReadStream(file);
	const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
	let endsWithNewline = true;
	input.on('data', (chunk: Buffer) => {
		if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 0x0a;
	});
	const lines = createInterface({input, crlfDelay: Number.POSITIVE_INFINITY});
	const unknown = new Map<string, number>();
	const meta = new Map<string, string>();
	const maps: MapsLine[] = [];
	let number = 0;
	let events = 0;
	let otherLines = 0;
	let failed: {line: number; why: string} | null = null;
	try {
		for await (const text of lines) {
			number++;
			// A bad line is an error only if another line follows it: the last one may just be cut.
			if (failed) throw new TraceError(`${file}:${failed.line}: ${failed.why}`);
			const line = parsePerfLine(text);
			if (!line) {
				const mapsLine = events === 0 ? /^# maps (\d+): (.+)$/.exec(text) : null;
				const comment = events === 0 && !mapsLine ? /^#\s*([\w .-]+?)\s*:\s*(.*)$/.exec(text) : null;
				if (mapsLine && maps.length < maxMapsLines) maps.push({pid: Number(mapsLine[1]), line: mapsLine[2]!});
				if (comment) meta.set(comment[1]!.toLowerCase(), comment[2]!.trim());
				if (number === probeLines && events === 0 && unknown.size === 0) throw new TraceError(`${file}: no perf script event line in the first ${probeLines} lines; expected the text \`perf script\` prints`);
				if (/^\s*\S+\s+\d+(\/\d+)?\s+\[\d+\]/.test(text)) failed = {line: number, why: 'not an event line perf writes (expected "comm tid [cpu] secs.usecs: event: fields")'};
				else otherLines++;
				continue;
			}
			let event;
			try {
				event = decodeEvent(line);
			} catch (error) {
				if (!(error instanceof FieldError)) throw error;
				failed = {line: number, why: `${line.event}: ${error.message}`};
				continue;
			}
			if (event === undefined) unknown.set(line.event, (unknown.get(line.event) ?? 0) + 1);
			else if (event.kind !== 'ignored') {
				events++;
				onEvent({...event, comm: line.comm, pid: line.pid, tid: line.tid, cpu: line.cpu, ns: line.ns});
			}
		}
	} catch (error) {
		if (error instanceof TraceError) throw error;
		throw new TraceError(`${file}: ${(error as Error).message}`);
	} finally {
		lines.close();
		raw.destroy();
	}
	if (failed && endsWithNewline) throw new TraceError(`${file}:${failed.line}: ${failed.why}`);
	if (number > 0 && events === 0 && unknown.size === 0) throw new TraceError(`${file}: no perf script event line in ${number} lines; expected the text \`perf script\` prints`);
	return {lines: number, events, unknown, meta, otherLines, cutLine: failed ? failed.line : null, maps};
}

// perf.data is binary; say how to turn it into text instead of "no event line".
async function checkNotPerfData(file: string): Promise<void> {
	// A FIFO or a device would be read forever (or block with no writer): only regular files.
	const info = await stat(file).catch((error: unknown) => {
		throw new TraceError(readError(file, error).message);
	});
	if (!info.isFile()) throw new TraceError(`cannot read ${file}: ${info.isDirectory() ? 'it is a directory' : 'not a regular file'}`);
	let handle;
	try {
		handle = await open(file, 'r');
	} catch (error) {
		throw new TraceError(readError(file, error).message);
	}
	try {
		const {buffer, bytesRead} = await handle.read(Buffer.alloc(8), 0, 8, 0).catch((error: unknown) => {
			throw new TraceError(readError(file, error).message);
		});
		if (bytesRead === 8 && buffer.toString('latin1') === 'PERFILE2') throw new TraceError(`${file} is a perf.data file; import reads text: perf script -F comm,pid,tid,cpu,time,event,trace --show-mmap-events --show-task-events -i ${file} > trace.txt`);
	} finally {
		await handle.close();
	}
}
