/**
 * Events to format-1 lines: `[dt,cpu,type,fn,...]` with the time as a delta from the
 * previous event, and strings interned through `["s",id,"text"]` definition lines written
 * just before their first use. Lines are written as UTF-8 straight into one reusable
 * buffer, digits by hand: no string per event, and the bytes are hashed and written as is.
 */
import type {Injection, SimEvent} from '../sim/events.ts';
import {maxDecimalBytes, writeDecimal} from './decimal.ts';
import {maxInternedLength, maxInternedStrings, typeCodes} from './format.ts';
import {grownBuffer} from './grown-buffer.ts';
import {RecordError} from './record-error.ts';

const comma = 0x2c;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const newline = 0x0a;

/**
 * Room checked once per line: the longest line of numbers and string ids (ten values and
 * their commas, then `\n`), with slack. Longer pieces (inline strings, injections, CPU
 * lists) make room for themselves and for this much after them.
 */
const lineRoom = 16 * (maxDecimalBytes + 1);

export class EventEncoder {
	readonly #ids = new Map<string, number>();
	#previousT = 0;
	#buffer: Buffer = Buffer.allocUnsafe(64 * 1024);
	#length = 0;
	/** Definition lines of strings first used by the line being written: they go before it. */
	#definitions = '';
	#events = 0;
	#lines = 0;

	/** Event lines encoded so far. */
	get events(): number {
		return this.#events;
	}

	/** Lines encoded so far (events and string definitions). */
	get lines(): number {
		return this.#lines;
	}

	/** Strings in the table. */
	get strings(): number {
		return this.#ids.size;
	}

	/** Time of the latest event encoded, ns. */
	get lastT(): number {
		return this.#previousT;
	}

	/** Appends the lines of `events` to the pending bytes. */
	encode(events: readonly SimEvent[]): void {
		for (const event of events) {
			const t = event.t;
			const dt = t - this.#previousT;
			if (!(dt >= 0) || !Number.isSafeInteger(t)) {
				throw new RecordError(`cannot record an event at t=${t} after one at t=${this.#previousT}: simulated time must be whole nanoseconds, in order`);
			}
			this.#previousT = t;
			const start = this.#length;
			this.#room(start, 0);
			this.#buffer[start] = openBracket;
			let at = field(this.#buffer, start + 1, dt);
			at = field(this.#buffer, at, event.cpu);
			at = this.#fields(event, at);
			// The last comma becomes the closing bracket.
			this.#buffer[at - 1] = closeBracket;
			this.#buffer[at] = newline;
			this.#length = at + 1;
			if (this.#definitions !== '') this.#defineBefore(start);
		}
		this.#events += events.length;
		this.#lines += events.length;
	}

	/**
	 * The bytes encoded since the last call, complete lines only: a view of the encoder's
	 * buffer, valid until the next `encode`.
	 */
	take(): Buffer {
		const bytes = this.#buffer.subarray(0, this.#length);
		this.#length = 0;
		return bytes;
	}

	/** The type code and the fields after `cpu`, each followed by a comma; returns the end. */
	#fields(e: SimEvent, at: number): number {
		switch (e.type) {
			case 'fault-start':
				at = this.#string(field(this.#buffer, at, typeCodes['fault-start']), e.fn);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.addr);
				return field(this.#buffer, at, e.write ? 1 : 0);
			case 'fault-end':
				at = this.#string(field(this.#buffer, at, typeCodes['fault-end']), e.fn);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.addr);
				at = this.#string(at, e.outcome);
				at = this.#string(at, e.path);
				at = this.#string(at, e.kind);
				return field(this.#buffer, at, e.latencyNs);
			case 'spec-abort':
				at = this.#string(field(this.#buffer, at, typeCodes['spec-abort']), e.fn);
				at = field(this.#buffer, at, e.addr);
				return this.#string(at, e.reason);
			case 'lock-contend':
				at = this.#string(field(this.#buffer, at, typeCodes['lock-contend']), e.fn);
				at = this.#string(at, e.lock);
				return this.#string(at, e.mode);
			case 'lock-acquire':
				at = this.#string(field(this.#buffer, at, typeCodes['lock-acquire']), e.fn);
				at = this.#string(at, e.lock);
				at = this.#string(at, e.mode);
				return field(this.#buffer, at, e.waitNs);
			case 'ptl-acquire':
				at = this.#string(field(this.#buffer, at, typeCodes['ptl-acquire']), e.fn);
				at = this.#string(at, e.lock);
				at = this.#string(at, e.mode);
				return field(this.#buffer, at, e.waitNs);
			case 'lock-release':
				at = this.#string(field(this.#buffer, at, typeCodes['lock-release']), e.fn);
				at = this.#string(at, e.lock);
				at = this.#string(at, e.mode);
				return field(this.#buffer, at, e.holdNs);
			case 'vma-alloc':
				at = this.#string(field(this.#buffer, at, typeCodes['vma-alloc']), e.fn);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.vma);
				at = field(this.#buffer, at, e.start);
				at = field(this.#buffer, at, e.end);
				return this.#string(at, e.flags);
			case 'vma-adjust':
				at = this.#string(field(this.#buffer, at, typeCodes['vma-adjust']), e.fn);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.vma);
				at = field(this.#buffer, at, e.start);
				return field(this.#buffer, at, e.end);
			case 'step':
				at = this.#string(field(this.#buffer, at, typeCodes.step), e.fn);
				at = this.#string(at, e.step);
				at = field(this.#buffer, at, e.vma);
				return field(this.#buffer, at, e.addr);
			case 'vma-free':
				at = this.#string(field(this.#buffer, at, typeCodes['vma-free']), e.fn);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.vma);
				at = this.#string(at, e.deferredBy);
				return field(this.#buffer, at, e.deferredNs);
			case 'pgtable-free':
				at = this.#string(field(this.#buffer, at, typeCodes['pgtable-free']), e.fn);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.addr);
				at = this.#string(at, e.deferredBy);
				return field(this.#buffer, at, e.deferredNs);
			case 'writer-begin':
				at = this.#string(field(this.#buffer, at, typeCodes['writer-begin']), e.fn);
				at = this.#string(at, e.op);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.vma);
				at = field(this.#buffer, at, e.start);
				return field(this.#buffer, at, e.end);
			case 'writer-end':
				at = this.#string(field(this.#buffer, at, typeCodes['writer-end']), e.fn);
				at = this.#string(at, e.op);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.vma);
				at = this.#string(at, e.flags);
				return field(this.#buffer, at, e.latencyNs);
			case 'tlb-shootdown':
				at = this.#string(field(this.#buffer, at, typeCodes['tlb-shootdown']), e.fn);
				at = field(this.#buffer, at, e.mm);
				at = field(this.#buffer, at, e.targets);
				return field(this.#buffer, at, e.latencyNs);
			case 'rcu-gp':
				at = this.#string(field(this.#buffer, at, typeCodes['rcu-gp']), e.fn);
				at = this.#string(at, e.flavour);
				at = field(this.#buffer, at, e.gpNs);
				return field(this.#buffer, at, e.callbacks);
			case 'inject':
				at = this.#string(field(this.#buffer, at, typeCodes.inject), e.fn);
				return this.#json(at, encodeInjection(e.injection));
			case 'violation':
				at = this.#string(field(this.#buffer, at, typeCodes.violation), e.fn);
				at = this.#string(at, e.kind);
				at = this.#cpus(at, e.cpus);
				at = field(this.#buffer, at, e.addr);
				return this.#string(at, e.detail);
			default:
				return unknownEvent(e);
		}
	}

	/** A string as its table id, defining it first; inline when long or the table is full. */
	#string(at: number, text: string): number {
		const id = this.#ids.get(text);
		if (id !== undefined) return field(this.#buffer, at, id);
		if (text.length > maxInternedLength || this.#ids.size >= maxInternedStrings) return this.#json(at, JSON.stringify(text));
		const next = this.#ids.size;
		this.#ids.set(text, next);
		this.#definitions += `["s",${next},${JSON.stringify(text)}]\n`;
		this.#lines++;
		return field(this.#buffer, at, next);
	}

	/** `[a,b,...],` as `Array.prototype.join` writes numbers. */
	#cpus(at: number, cpus: readonly number[]): number {
		this.#room(at, cpus.length * (maxDecimalBytes + 1) + 3);
		const buffer = this.#buffer;
		buffer[at++] = openBracket;
		for (const cpu of cpus) at = field(buffer, at, cpu);
		if (cpus.length > 0) at--;
		buffer[at++] = closeBracket;
		buffer[at] = comma;
		return at + 1;
	}

	/** JSON text and a comma (rare: injections and inline strings). */
	#json(at: number, text: string): number {
		// At most 3 bytes of UTF-8 per UTF-16 unit.
		this.#room(at, text.length * 3 + 1);
		at += this.#buffer.write(text, at, 'utf8');
		this.#buffer[at] = comma;
		return at + 1;
	}

	/** Moves the line that starts at `start` after the definitions it needs. */
	#defineBefore(start: number): void {
		const definitions = Buffer.from(this.#definitions, 'utf8');
		this.#definitions = '';
		this.#room(this.#length, definitions.length);
		this.#buffer.copyWithin(start + definitions.length, start, this.#length);
		this.#buffer.set(definitions, start);
		this.#length += definitions.length;
	}

	/** Room for `bytes` after the first `used`, and for a line's numbers after those. */
	#room(used: number, bytes: number): void {
		const need = used + bytes + lineRoom;
		if (need > this.#buffer.length) this.#buffer = grownBuffer(this.#buffer, used, need);
	}
}

/** `n` and a comma; returns the end. */
function field(buffer: Buffer, at: number, n: number): number {
	at = writeDecimal(buffer, at, n);
	buffer[at] = comma;
	return at + 1;
}

/** Known fields only, in a fixed order, so the line is the same whatever the object held. */
function encodeInjection(injection: Injection): string {
	switch (injection.kind) {
		case 'mmap':
			return JSON.stringify({kind: injection.kind, mm: injection.mm, size: injection.size, file: injection.file, shared: injection.shared});
		case 'munmap':
		case 'mprotect':
			return JSON.stringify({kind: injection.kind, mm: injection.mm, vma: injection.vma});
		case 'fault-storm':
			return JSON.stringify({kind: injection.kind, mm: injection.mm, vma: injection.vma, durationNs: injection.durationNs});
	}
}

function unknownEvent(event: never): never {
	throw new RecordError(`cannot record an event of unknown type "${(event as SimEvent).type}"`);
}
