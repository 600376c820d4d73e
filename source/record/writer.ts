/**
 * Writes one recording: the header at once, events as they come (encoded per batch and
 * written every `flushEvents` or so), and the trailer with the counts, checksum and summary.
 * The checksum is the sink's digest of the text (hashed on the writer thread where there is
 * one). The file appears under its name only when the trailer is written.
 */
import type {SimEvent} from '../sim/events.ts';
import type {RunSummary} from '../stream/index.ts';
import {EventEncoder} from './event-encoder.ts';
import {FileSink} from './file-sink.ts';
import {encodeHeader, type RunDescription} from './header.ts';
import {RecordError} from './record-error.ts';
import {encodeTrailer} from './trailer.ts';

export interface RecordWriterOptions {
	/**
	 * Events encoded before they are written out.
	 *
	 * @default 1000
	 */
	readonly flushEvents?: number;
	/** Files the run reads (its scenario): the recording may not replace one of them. */
	readonly inputs?: readonly string[];
}

/** How a recording ended, for the trailer. */
export interface RecordEnd {
	readonly complete: boolean;
	/** Why it stopped early (`interrupted by SIGINT`); null when complete. */
	readonly reason: string | null;
	/** Simulated time reached, ns. */
	readonly endNs: number;
	readonly summary: RunSummary;
}

export interface RecordResult {
	readonly file: string;
	readonly complete: boolean;
	readonly reason: string | null;
	readonly endNs: number;
	readonly events: number;
	/** Bytes of text (before any compression). */
	readonly textBytes: number;
	/** Bytes of the file. */
	readonly fileBytes: number;
	/** The summary written into the trailer. */
	readonly summary: RunSummary;
}

export class RecordWriter {
	readonly file: string;
	readonly #run: RunDescription;
	readonly #sink: FileSink;
	readonly #encoder = new EventEncoder();
	readonly #flushEvents: number;
	#unflushed = 0;
	#closed = false;

	/** Creates the partial file and writes the header; throws a RecordError if it cannot. */
	constructor(file: string, run: RunDescription, options: RecordWriterOptions = {}) {
		this.file = file;
		this.#run = run;
		this.#flushEvents = options.flushEvents ?? 1000;
		this.#sink = new FileSink(file, options.inputs);
		// The checksum covers every byte before the trailer, the header's included.
		this.#sink.write(Buffer.from(encodeHeader(run) + '\n', 'utf8'));
	}

	/** Event lines so far. */
	get events(): number {
		return this.#encoder.events;
	}

	/** Time of the latest event, ns. */
	get lastT(): number {
		return this.#encoder.lastT;
	}

	/** Text bytes written so far (what is still being encoded not included). */
	get textBytes(): number {
		return this.#sink.textBytes;
	}

	/** Appends events; they reach the file within `flushEvents` events. */
	write(events: readonly SimEvent[]): void {
		if (this.#closed) throw new RecordError(`cannot write ${this.file}: the recording is already finished`);
		try {
			this.#encoder.encode(events);
		} catch (error) {
			this.abort();
			throw error;
		}
		this.#unflushed += events.length;
		if (this.#unflushed >= this.#flushEvents) this.flush();
	}

	/** Writes everything encoded so far (the sink hashes what it is given). */
	flush(): void {
		const bytes = this.#encoder.take();
		this.#unflushed = 0;
		if (bytes.length === 0) return;
		try {
			this.#sink.write(bytes);
		} catch (error) {
			this.#closed = true;
			throw error;
		}
	}

	/** Writes the trailer and moves the file into place. */
	finish(end: RecordEnd): RecordResult {
		if (this.#closed) throw new RecordError(`cannot finish ${this.file}: the recording is already finished`);
		this.flush();
		this.#closed = true;
		const encoder = this.#encoder;
		const trailer = encodeTrailer({
			complete: end.complete,
			reason: end.reason,
			endNs: end.endNs,
			durationNs: this.#run.durationNs,
			events: encoder.events,
			lines: encoder.lines,
			checksum: `sha256:${this.#sink.digest()}`,
			summary: end.summary,
		});
		this.#sink.write(Buffer.from(trailer + '\n', 'utf8'));
		this.#sink.commit();
		return {
			file: this.file,
			complete: end.complete,
			reason: end.reason,
			endNs: end.endNs,
			events: encoder.events,
			textBytes: this.#sink.textBytes,
			fileBytes: this.#sink.fileBytes,
			summary: end.summary,
		};
	}

	/** Gives up: the partial file is removed and nothing claims to be a recording. */
	abort(): void {
		this.#closed = true;
		this.#sink.abort();
	}
}
