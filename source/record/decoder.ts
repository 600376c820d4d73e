/**
 * Bytes of a recording to events, chunk by chunk, in bounded memory: lines are split here
 * (none may exceed `maxLineBytes`), event lines made only of integers are parsed straight
 * from the bytes, and every other line goes through `JSON.parse` and shape checks. The
 * checksum is taken over the same bytes the writer hashed: every byte before the trailer.
 */
import {createHash, type Hash} from 'node:crypto';
import type {SimEvent} from '../sim/events.ts';
import {EventDecoder, createStringTable, type StringTable} from './event-decoder.ts';
import {maxLineBytes} from './format.ts';
import {readHeader, type RecordHeader} from './header.ts';
import {RecordError} from './record-error.ts';
import {describe, isObject, own} from './shape.ts';
import {readTrailer, type RecordTrailer} from './trailer.ts';

/** Where to start decoding in the middle of a file (a replay seek). */
export interface ResumePoint {
	/** Byte offset of the first line to decode. */
	readonly offset: number;
	/** Lines before it. */
	readonly line: number;
	/** Event lines before it. */
	readonly events: number;
	/** Absolute time of the event line before it, ns. */
	readonly previousT: number;
}

export interface DecoderOptions {
	/** Called before each `checkpointEvery`-th event line (the first included), for a replay index. */
	readonly onCheckpoint?: (point: ResumePoint) => void;
	/** @default 4096 */
	readonly checkpointEvery?: number;
}

const enum LineKind {
	Other,
	Header,
	Trailer,
}

/** Integers per line the fast path parses; longer lines take JSON.parse. */
const maxFastValues = 32;
const newline = Buffer.from('\n');

export class RecordDecoder {
	header: RecordHeader | null = null;
	trailer: RecordTrailer | null = null;
	/** Whole lines decoded. */
	lines = 0;
	/** Event lines decoded, unknown types included. */
	events = 0;
	/** Lines of a kind or event type this build does not know, skipped. */
	unknownLines = 0;
	/** Byte offset of the next byte to push. */
	offset = 0;
	/** The last line had no newline and was not whole JSON: dropped. */
	partialLine = false;
	/** The checksum of the event stream, once the trailer has been read. */
	checksum = '';

	#events: EventDecoder | null = null;
	readonly #table: StringTable;
	readonly #options: DecoderOptions;
	readonly #checkpointEvery: number;
	#carry: Buffer[] = [];
	#carryLength = 0;
	#carryOffset = 0;
	#hash: Hash | null = null;
	#hashing = false;
	readonly #values = new Float64Array(maxFastValues);

	constructor(options: DecoderOptions = {}) {
		this.#options = options;
		this.#checkpointEvery = options.checkpointEvery ?? 4096;
		this.#table = createStringTable();
		this.#hash = createHash('sha256');
	}

	/** A decoder that starts at `point` of a file whose header and whole string table are known. */
	static resume(header: RecordHeader, table: StringTable, point: ResumePoint): RecordDecoder {
		const decoder = new RecordDecoder();
		decoder.header = header;
		decoder.#hash = null;
		decoder.#events = new EventDecoder(table, header.machine.cpus, true);
		decoder.#events.previousT = point.previousT;
		decoder.lines = point.line;
		decoder.events = point.events;
		decoder.offset = point.offset;
		return decoder;
	}

	/** The string table read so far. */
	get table(): StringTable {
		return this.#events?.table ?? this.#table;
	}

	/** Time of the latest event line, ns. */
	get lastT(): number {
		return this.#events?.previousT ?? 0;
	}

	/** Decodes every whole line of `chunk` (plus any line left over from before) into `out`. */
	push(chunk: Buffer, out: SimEvent[]): void {
		let start = 0;
		if (this.#carryLength > 0 || this.#carry.length > 0) {
			const nl = chunk.indexOf(10);
			if (nl < 0) {
				this.#keep(chunk, 0);
				this.offset += chunk.length;
				return;
			}
			this.#keep(chunk.subarray(0, nl), 0);
			const line = Buffer.concat(this.#carry, this.#carryLength);
			this.#carry = [];
			this.#carryLength = 0;
			const kind = this.#line(line, 0, line.length, this.#carryOffset, out);
			if ((this.#hashing && kind === LineKind.Other) || (kind === LineKind.Header && this.#hash !== null)) this.#hash!.update(line).update(newline);
			this.#afterLine(kind);
			start = nl + 1;
		}
		let hashFrom = start;
		let nl: number;
		while ((nl = chunk.indexOf(10, start)) >= 0) {
			if (nl - start > maxLineBytes) this.#tooLong(this.lines + 1);
			const kind = this.#line(chunk, start, nl, this.offset + start, out);
			// The header is hashed too (from `hashFrom`, once hashing starts after it).
			if (kind === LineKind.Trailer && this.#hashing) this.#hash!.update(chunk.subarray(hashFrom, start));
			this.#afterLine(kind);
			start = nl + 1;
		}
		if (this.#hashing && start > hashFrom) this.#hash!.update(chunk.subarray(hashFrom, start));
		if (start < chunk.length) this.#keep(chunk, start);
		this.offset += chunk.length;
	}

	/** Ends the input: a last line without a newline is decoded if it is whole JSON, else dropped. */
	finish(out: SimEvent[]): void {
		if (this.#carry.length > 0) {
			const line = Buffer.concat(this.#carry, this.#carryLength);
			this.#carry = [];
			this.#carryLength = 0;
			if (this.trailer !== null) throw new RecordError(`line ${this.lines + 1} comes after the end trailer (line ${this.lines})`);
			let whole = true;
			try {
				JSON.parse(line.toString('utf8'));
			} catch {
				whole = false;
			}
			if (whole) {
				const kind = this.#line(line, 0, line.length, this.#carryOffset, out);
				if (this.#hashing && kind === LineKind.Other) this.#hash!.update(line);
				this.#afterLine(kind);
			} else {
				this.partialLine = true;
			}
		}
		if (this.header === null) {
			if (this.offset === 0) throw new RecordError('the file is empty: not an spf-top recording');
			throw new RecordError('truncated inside its header (line 1 is incomplete): nothing to read');
		}
	}

	#keep(chunk: Buffer, start: number): void {
		if (this.#carry.length === 0) this.#carryOffset = this.offset + start;
		const length = chunk.length - start;
		if (this.#carryLength + length > maxLineBytes) this.#tooLong(this.lines + 1);
		// Copied: the caller may reuse its buffer.
		this.#carry.push(Buffer.from(chunk.subarray(start)));
		this.#carryLength += length;
	}

	#tooLong(line: number): never {
		throw new RecordError(`line ${line} is longer than ${maxLineBytes / 1024 / 1024} MiB: not a line spf-top writes`);
	}

	#afterLine(kind: LineKind): void {
		if (kind === LineKind.Header) this.#hashing = this.#hash !== null;
		else if (kind === LineKind.Trailer) {
			this.#hashing = false;
			if (this.#hash !== null) this.#checkTrailer();
		}
	}

	/** Decodes the line `buf[start, end)` that begins at byte `offset` of the file. */
	#line(buf: Buffer, start: number, end: number, offset: number, out: SimEvent[]): LineKind {
		const number = ++this.lines;
		if (this.trailer !== null) throw new RecordError(`line ${number} comes after the end trailer (line ${number - 1})`);
		if (this.header === null) {
			this.#readHeader(buf, start, end);
			return LineKind.Header;
		}
		const events = this.#events!;
		events.line = number;
		// Fast path: an event line of integers only, `[12,3,4,5,6]`.
		if (buf[start] === 0x5b) {
			const b = buf[start + 1]!;
			if ((b >= 0x30 && b <= 0x39) || b === 0x2d) {
				const n = parseIntegers(buf, start, end, this.#values);
				if (n >= 0) {
					this.#checkpoint(offset);
					this.events++;
					const event = events.decodeIntegers(this.#values, n);
					if (event === null) this.unknownLines++;
					else out.push(event);
					return LineKind.Other;
				}
			}
		}
		let value: unknown;
		try {
			value = JSON.parse(buf.toString('utf8', start, end));
		} catch {
			throw new RecordError(`line ${number} is not JSON`);
		}
		if (Array.isArray(value)) {
			const first: unknown = value[0];
			if (typeof first === 'number') this.#event(value, value.length, offset, out);
			else if (first === 's') events.define(value);
			else if (typeof first === 'string') this.unknownLines++;
			else throw new RecordError(`line ${number}: expected an event [dt, cpu, type, ...] or a definition ["s", id, text], got an array starting with ${describe(first)}`);
			return LineKind.Other;
		}
		if (isObject(value)) {
			const kind = own(value, 'kind');
			if (kind === 'end') {
				this.trailer = readTrailer(value, number);
				return LineKind.Trailer;
			}
			if (own(value, 'format') !== undefined) throw new RecordError(`line ${number} is a second header`);
			if (typeof kind === 'string') {
				this.unknownLines++;
				return LineKind.Other;
			}
		}
		throw new RecordError(`line ${number}: expected an event, a string definition or a line with a "kind", got ${describe(value)}`);
	}

	#checkpoint(offset: number): void {
		if (this.#options.onCheckpoint !== undefined && this.events % this.#checkpointEvery === 0) {
			this.#options.onCheckpoint({offset, line: this.lines - 1, events: this.events, previousT: this.#events!.previousT});
		}
	}

	#event(values: readonly unknown[], n: number, offset: number, out: SimEvent[]): void {
		const events = this.#events!;
		this.#checkpoint(offset);
		this.events++;
		const event = events.decode(values, n);
		if (event === null) this.unknownLines++;
		else out.push(event);
	}

	#readHeader(buf: Buffer, start: number, end: number): void {
		let value: unknown;
		try {
			value = JSON.parse(buf.toString('utf8', start, end));
		} catch {
			throw new RecordError('not an spf-top recording (line 1 is not JSON)');
		}
		const header = readHeader(value);
		this.header = header;
		this.#events = new EventDecoder(this.#table, header.machine.cpus);
	}

	#checkTrailer(): void {
		const trailer = this.trailer!;
		const line = this.lines;
		this.checksum = `sha256:${this.#hash!.digest('hex')}`;
		if (trailer.events !== this.events) throw new RecordError(`line ${line}: the trailer counts ${trailer.events} events but the file holds ${this.events}: the file was damaged or edited`);
		if (trailer.lines !== line - 2) throw new RecordError(`line ${line}: the trailer counts ${trailer.lines} lines after the header but the file holds ${line - 2}: the file was damaged or edited`);
		if (trailer.checksum.startsWith('sha256:') && trailer.checksum !== this.checksum) {
			throw new RecordError(`line ${line}: the checksum of the event stream does not match the trailer's: the file was damaged or edited`);
		}
		if (trailer.endNs < this.lastT) throw new RecordError(`line ${line}: the trailer ends at ${trailer.endNs} ns, before the last event (${this.lastT} ns)`);
	}
}

/**
 * Parses `[int,int,...]` spanning `buf[start, end)` into `out`; returns how many, or -1 when
 * the line is anything else (whitespace, fractions, exponents, strings, leading zeros, more
 * than 15 digits, too many values), which JSON.parse then handles or rejects exactly.
 */
export function parseIntegers(buf: Buffer, start: number, end: number, out: Float64Array): number {
	let i = start + 1;
	let n = 0;
	for (;;) {
		if (n === out.length || i >= end) return -1;
		let c = buf[i]!;
		let negative = false;
		if (c === 0x2d) {
			negative = true;
			if (++i >= end) return -1;
			c = buf[i]!;
		}
		if (c < 0x30 || c > 0x39) return -1;
		let value = c - 0x30;
		const first = i++;
		while (i < end) {
			c = buf[i]!;
			if (c < 0x30 || c > 0x39) break;
			value = value * 10 + (c - 0x30);
			i++;
		}
		const digits = i - first;
		if (digits > 15 || (digits > 1 && buf[first] === 0x30) || i >= end) return -1;
		out[n++] = negative ? -value : value;
		c = buf[i++]!;
		if (c === 0x2c) continue;
		return c === 0x5d && i === end ? n : -1;
	}
}
