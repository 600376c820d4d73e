/**
 * Reading a recording front to back, in bounded memory: the header first (so a caller can
 * build what it needs), then events in batches of one chunk each, then how the file ended.
 * Strict about what it knows, tolerant of what it does not: unknown fields are ignored,
 * unknown line kinds counted and skipped, and a cut-off file yields what is whole.
 */
import type {SimEvent} from '../sim/events.ts';
import {fileChunks, inspectFile} from './chunks.ts';
import {RecordDecoder, type DecoderOptions} from './decoder.ts';
import type {RecordHeader} from './header.ts';
import {RecordError} from './record-error.ts';
import type {RecordTrailer} from './trailer.ts';

export interface ReadOptions {
	/**
	 * A truncated file (no trailer, or a partial last line) is an error instead of a warning.
	 *
	 * @default false
	 */
	readonly strict?: boolean;
}

/** How a recording ended, as far as reading it could tell. */
export interface RecordingEnd {
	/** `complete`, `interrupted` (the trailer says why) or `truncated` (no trailer). */
	readonly status: 'complete' | 'interrupted' | 'truncated';
	readonly trailer: RecordTrailer | null;
	/** Simulated time the recording covers: the trailer's `endNs`, else the last event's time. */
	readonly endNs: number;
	/** Event lines read, unknown types included. */
	readonly events: number;
	readonly lines: number;
	/** Lines of kinds or event types this build does not know, skipped. */
	readonly unknownLines: number;
	/** For a truncated file: the last whole line, after which nothing was read. */
	readonly truncatedAfterLine: number | null;
	/** `sha256:...` of the event stream, when a trailer was read. */
	readonly checksum: string;
}

export interface RecordingReader {
	readonly file: string;
	readonly header: RecordHeader;
	/** The events, in file order, one batch per chunk read; iterate once. */
	batches(): AsyncGenerator<SimEvent[], void, void>;
	/** How the file ended; throws until `batches()` has been read to the end. */
	readonly end: RecordingEnd;
}

/** Opens `file` and reads up to its header; throws a RecordError naming the file and line. */
export async function openRecording(file: string, options: ReadOptions = {}): Promise<RecordingReader> {
	const scan = scanRecording(file, {}, options);
	const first = await scan.next();
	if (first.done) throw new RecordError(`${file}: no header`);
	const {decoder, events: pending} = first.value;
	let end: RecordingEnd | null = null;
	let started = false;
	return {
		file,
		header: decoder.header!,
		async *batches() {
			if (started) throw new RecordError(`${file}: batches() can be read once`);
			started = true;
			if (pending.length > 0) yield pending;
			for (;;) {
				const next = await scan.next();
				if (next.done) break;
				if (next.value.events.length > 0) yield next.value.events;
			}
			end = recordingEnd(decoder);
		},
		get end(): RecordingEnd {
			if (end === null) throw new Error('RecordingReader.end is known once batches() has been read to the end');
			return end;
		},
	};
}

/**
 * Decodes `file` chunk by chunk, yielding the decoder (with the header known from the first
 * yield on) and each chunk's events; `onChunk` sees every decompressed chunk first.
 */
export async function* scanRecording(
	file: string,
	decoderOptions: DecoderOptions,
	options: ReadOptions,
	onChunk?: (chunk: Buffer) => void,
): AsyncGenerator<{decoder: RecordDecoder; events: SimEvent[]}, void, void> {
	const kind = inspectFile(file);
	const decoder = new RecordDecoder(decoderOptions);
	const named = <T>(decode: () => T): T => {
		try {
			return decode();
		} catch (error) {
			throw error instanceof RecordError ? error.prefixed(`${file}: `) : error;
		}
	};
	let events: SimEvent[] = [];
	for await (const chunk of fileChunks(file, kind)) {
		onChunk?.(chunk);
		named(() => decoder.push(chunk, events));
		if (decoder.header !== null) {
			yield {decoder, events};
			events = [];
		}
	}
	named(() => decoder.finish(events));
	yield {decoder, events};
	if (options.strict && decoder.trailer === null) throw new RecordError(`${file}: ${truncation(decoder)}`, 3);
}

/** `truncated after line N` with what was lost. */
export function truncation(decoder: RecordDecoder): string {
	return `truncated after line ${decoder.lines}${decoder.partialLine ? ' (the next line is incomplete)' : ''}: no end trailer, the recording stops at ${decoder.lastT} ns`;
}

export function recordingEnd(decoder: RecordDecoder): RecordingEnd {
	const trailer = decoder.trailer;
	return {
		status: trailer === null ? 'truncated' : trailer.complete ? 'complete' : 'interrupted',
		trailer,
		endNs: trailer?.endNs ?? decoder.lastT,
		events: decoder.events,
		lines: decoder.lines,
		unknownLines: decoder.unknownLines,
		truncatedAfterLine: trailer === null ? decoder.lines : null,
		checksum: decoder.checksum,
	};
}
