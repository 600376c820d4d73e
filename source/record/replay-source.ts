/**
 * A recording as a `BatchSource`, so the dashboard drives it exactly like the simulator:
 * `advance(untilNs, maxEvents)` hands out the recorded events in order, and `seek(ns)`
 * jumps anywhere in the run.
 *
 * Memory stays bounded whatever the file's size: opening reads the whole file once to check
 * it and to build a sparse index (a resume point every `checkpointEvery` events: byte offset,
 * time, line), keeping only the index and the string table; playing reads the file a chunk
 * at a time from the nearest resume point. A `.gz` recording is first inflated into a
 * temporary file (removed by `close()` or at exit), since gzip cannot be read from the middle.
 */
import {closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {SimEvent} from '../sim/events.ts';
import type {BatchSource} from '../stream/index.ts';
import {inspectFile, readError} from './chunks.ts';
import {RecordDecoder, type ResumePoint} from './decoder.ts';
import type {StringTable} from './event-decoder.ts';
import type {RecordHeader} from './header.ts';
import {recordingEnd, scanRecording, type ReadOptions, type RecordingEnd} from './reader.ts';
import {RecordError} from './record-error.ts';

export interface ReplayOptions extends ReadOptions {
	/**
	 * Events between two resume points: a seek decodes at most this many events it does not
	 * return.
	 *
	 * @default 4096
	 */
	readonly checkpointEvery?: number;
}

export interface ReplaySource extends BatchSource {
	readonly file: string;
	readonly header: RecordHeader;
	/** How the file ended (complete, interrupted, truncated after line N). */
	readonly end: RecordingEnd;
	/** Simulated time the recording covers, ns: where `now` stops. */
	readonly durationNs: number;
	/** Events in the recording. */
	readonly events: number;
	/**
	 * Moves to `ns` (clamped to 0..durationNs): `now` becomes `ns` and the next `advance`
	 * starts with the first event at or after `ns`. `seek(0)` is the start of the run.
	 * Dashboard state is a fold from the start: to show the state at `ns` after a jump, fold
	 * again from `seek(0)` (about 6 M events/s) or from shortly before `ns` for rates only.
	 */
	seek(ns: number): void;
	/** Closes the file and removes any temporary file; the source cannot be used afterwards. */
	close(): void;
}

/** Reads `file` through once (a RecordError names the file and line of any problem) and returns a source positioned at its start. */
export async function createReplaySource(file: string, options: ReplayOptions = {}): Promise<ReplaySource> {
	const kind = inspectFile(file);
	const checkpoints: ResumePoint[] = [];
	const temp = kind.gzip ? new TempCopy() : null;
	let decoder: RecordDecoder | null = null;
	try {
		const scan = scanRecording(file, {checkpointEvery: options.checkpointEvery, onCheckpoint: point => checkpoints.push(point)}, options, chunk => temp?.write(chunk));
		for await (const step of scan) {
			decoder = step.decoder;
			// Only the index is kept: the events are read again when played.
			step.events.length = 0;
		}
		const fd = temp === null ? openSync(file, 'r') : temp.reopen();
		return new Replay(file, fd, decoder!, checkpoints, () => temp?.remove());
	} catch (error) {
		temp?.remove();
		if (error instanceof RecordError) throw error;
		throw readError(file, error);
	}
}

/** The inflated text of a `.gz` recording, in a private temporary directory removed at exit at the latest. */
class TempCopy {
	readonly #dir = mkdtempSync(join(tmpdir(), 'spf-top-replay-'));
	readonly #file = join(this.#dir, 'recording.ndjson');
	#fd: number | null = openSync(this.#file, 'w');
	readonly #onExit = (): void => this.remove();

	constructor() {
		process.once('exit', this.#onExit);
	}

	write(chunk: Buffer): void {
		let done = 0;
		while (done < chunk.length) done += writeSync(this.#fd!, chunk, done, chunk.length - done);
	}

	/** Finishes writing; returns a descriptor to read it (closed by the replay). */
	reopen(): number {
		closeSync(this.#fd!);
		this.#fd = null;
		return openSync(this.#file, 'r');
	}

	remove(): void {
		if (this.#fd !== null) closeSync(this.#fd);
		this.#fd = null;
		rmSync(this.#dir, {recursive: true, force: true});
		process.removeListener('exit', this.#onExit);
	}
}

/** Bytes read from the file per refill. */
const readBytes = 256 * 1024;

class Replay implements ReplaySource {
	readonly header: RecordHeader;
	readonly end: RecordingEnd;
	readonly durationNs: number;
	readonly events: number;
	readonly cpus: number;
	#now = 0;
	#fd: number | null;
	readonly #table: StringTable;
	readonly #buffer = Buffer.allocUnsafe(readBytes);
	#decoder: RecordDecoder | null = null;
	#position = 0;
	#eof = true;
	#queue: SimEvent[] = [];
	#next = 0;

	constructor(
		readonly file: string,
		fd: number,
		scanned: RecordDecoder,
		readonly checkpoints: readonly ResumePoint[],
		readonly cleanup: () => void,
	) {
		this.header = scanned.header!;
		this.end = recordingEnd(scanned);
		this.durationNs = this.end.endNs;
		this.events = scanned.events;
		this.cpus = this.header.machine.cpus;
		this.#table = scanned.table;
		this.#fd = fd;
		this.seek(0);
	}

	get now(): number {
		return this.#now;
	}

	advance(untilNs: number, maxEvents = Number.POSITIVE_INFINITY): SimEvent[] {
		const out: SimEvent[] = [];
		let early = false;
		for (;;) {
			if (this.#next >= this.#queue.length && !this.#refill()) break;
			const event = this.#queue[this.#next]!;
			if (event.t > untilNs) break;
			// Like the simulator, stop early only between nanoseconds.
			if (out.length >= maxEvents && event.t > out[out.length - 1]!.t) {
				early = true;
				break;
			}
			out.push(event);
			this.#next++;
		}
		this.#now = early ? out[out.length - 1]!.t : Math.max(this.#now, Math.min(untilNs, this.durationNs));
		return out;
	}

	seek(ns: number): void {
		const target = Math.min(this.durationNs, Math.max(0, Math.round(ns)));
		// The last resume point whose previous event is before the target: nothing before it is wanted.
		let lo = 0;
		let hi = this.checkpoints.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.checkpoints[mid]!.previousT < target) lo = mid;
			else hi = mid - 1;
		}
		const point = this.checkpoints[lo];
		this.#queue = [];
		this.#next = 0;
		if (point === undefined) {
			this.#eof = true;
		} else {
			this.#decoder = RecordDecoder.resume(this.header, this.#table, point);
			this.#position = point.offset;
			this.#eof = false;
		}
		for (;;) {
			if (this.#next >= this.#queue.length && !this.#refill()) break;
			if (this.#queue[this.#next]!.t >= target) break;
			this.#next++;
		}
		this.#now = target;
	}

	close(): void {
		if (this.#fd !== null) {
			try {
				closeSync(this.#fd);
			} catch {
				// Already closed.
			}
			this.#fd = null;
		}
		this.#eof = true;
		this.#queue = [];
		this.cleanup();
	}

	/** Decodes the next chunk into the queue; false at the end of the file. */
	#refill(): boolean {
		while (!this.#eof) {
			this.#queue = [];
			this.#next = 0;
			if (this.#fd === null) throw new RecordError(`${this.file}: the replay is closed`);
			const decoder = this.#decoder!;
			try {
				const n = readSync(this.#fd, this.#buffer, 0, readBytes, this.#position);
				this.#position += n;
				if (n === 0) {
					decoder.finish(this.#queue);
					this.#eof = true;
				} else {
					decoder.push(this.#buffer.subarray(0, n), this.#queue);
					// Nothing after the trailer is read (the scan has checked there is nothing).
					if (decoder.trailer !== null) this.#eof = true;
				}
			} catch (error) {
				this.#eof = true;
				if (error instanceof RecordError) throw new RecordError(`${this.file}: ${error.message} (the file changed while it was replayed?)`);
				throw readError(this.file, error);
			}
			if (this.#queue.length > 0) return true;
		}
		return false;
	}
}
