/**
 * The last line of a recording: how it ended, how many events and lines it holds, a
 * checksum of the event stream, and the run's summary.
 */
import type {RunSummary} from '../stream/index.ts';
import {maxObjectDepth} from './format.ts';
import {RecordError} from './record-error.ts';
import {boolean, checkDepth, integer, object, own, string} from './shape.ts';

export interface RecordTrailer {
	/** False when the recording was cut short (a signal, an error in the source). */
	readonly complete: boolean;
	/** Why it was cut short, e.g. `interrupted by SIGINT`; null when complete. */
	readonly reason: string | null;
	/** Simulated time the run reached, ns: the summary's `simNs`. */
	readonly endNs: number;
	/** Simulated time the run was asked to last, ns (`endNs` of `durationNs` done). */
	readonly durationNs: number;
	/** Event lines between the header and the trailer. */
	readonly events: number;
	/** All lines between the header and the trailer (events, strings, others). */
	readonly lines: number;
	/** `sha256:` and the hex digest of those lines' bytes, newlines included. */
	readonly checksum: string;
	/** The run's summary as the writer folded it; not trusted by readers, only shown. */
	readonly summary: unknown;
}

export function encodeTrailer(trailer: Omit<RecordTrailer, 'summary'> & {readonly summary: RunSummary}): string {
	const {complete, reason, endNs, durationNs, events, lines, checksum, summary} = trailer;
	return JSON.stringify({kind: 'end', complete, ...(reason === null ? {} : {reason}), endNs, durationNs, events, lines, checksum, summary});
}

/** Checks a parsed `{"kind":"end",...}` line; `line` numbers it in messages. */
export function readTrailer(value: unknown, line: number): RecordTrailer {
	try {
		checkDepth(value, maxObjectDepth, 'trailer');
		const o = object(value, 'trailer');
		const reason = own(o, 'reason');
		return {
			complete: boolean(own(o, 'complete'), 'trailer.complete'),
			reason: reason === undefined || reason === null ? null : string(reason, 'trailer.reason'),
			endNs: integer(own(o, 'endNs'), 'trailer.endNs', 0),
			durationNs: integer(own(o, 'durationNs'), 'trailer.durationNs', 0),
			events: integer(own(o, 'events'), 'trailer.events', 0),
			lines: integer(own(o, 'lines'), 'trailer.lines', 0),
			checksum: string(own(o, 'checksum'), 'trailer.checksum'),
			summary: own(o, 'summary') ?? null,
		};
	} catch (error) {
		if (error instanceof RecordError) throw error.prefixed(`line ${line}: `);
		throw error;
	}
}
