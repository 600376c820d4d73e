/**
 * Events to format-1 lines: `[dt,cpu,type,fn,...]` with the time as a delta from the
 * previous event, and strings interned through `["s",id,"text"]` definition lines written
 * just before their first use. Lines are built by concatenation, one string per batch.
 */
import type {Injection, SimEvent} from '../sim/events.ts';
import {maxInternedLength, maxInternedStrings} from './format.ts';
import {RecordError} from './record-error.ts';

export class EventEncoder {
	readonly #ids = new Map<string, number>();
	#previousT = 0;
	#out = '';
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

	/** Appends the lines of `events` to the pending text. */
	encode(events: readonly SimEvent[]): void {
		for (const event of events) {
			const dt = event.t - this.#previousT;
			if (!(dt >= 0) || !Number.isSafeInteger(event.t)) {
				throw new RecordError(`cannot record an event at t=${event.t} after one at t=${this.#previousT}: simulated time must be whole nanoseconds, in order`);
			}
			this.#previousT = event.t;
			// Its own statement: #line() appends any string definitions the line needs to #out.
			const line = this.#line(event, `[${dt},${event.cpu},`);
			this.#out += line + ']\n';
		}
		this.#events += events.length;
		this.#lines += events.length;
	}

	/** The text encoded since the last call, complete lines only. */
	take(): string {
		const out = this.#out;
		this.#out = '';
		return out;
	}

	/** Everything but the closing bracket. */
	#line(e: SimEvent, head: string): string {
		switch (e.type) {
			case 'fault-start':
				return head + '0,' + this.#s(e.fn) + ',' + e.mm + ',' + e.addr + ',' + (e.write ? 1 : 0);
			case 'fault-end':
				return head + '1,' + this.#s(e.fn) + ',' + e.mm + ',' + e.addr + ',' + this.#s(e.outcome) + ',' + this.#s(e.path) + ',' + this.#s(e.kind) + ',' + e.latencyNs;
			case 'spec-abort':
				return head + '2,' + this.#s(e.fn) + ',' + e.addr + ',' + this.#s(e.reason);
			case 'lock-contend':
				return head + '3,' + this.#s(e.fn) + ',' + this.#s(e.lock) + ',' + this.#s(e.mode);
			case 'lock-acquire':
				return head + '4,' + this.#s(e.fn) + ',' + this.#s(e.lock) + ',' + this.#s(e.mode) + ',' + e.waitNs;
			case 'ptl-acquire':
				return head + '5,' + this.#s(e.fn) + ',' + this.#s(e.lock) + ',' + this.#s(e.mode) + ',' + e.waitNs;
			case 'lock-release':
				return head + '6,' + this.#s(e.fn) + ',' + this.#s(e.lock) + ',' + this.#s(e.mode) + ',' + e.holdNs;
			case 'vma-alloc':
				return head + '7,' + this.#s(e.fn) + ',' + e.mm + ',' + e.vma + ',' + e.start + ',' + e.end + ',' + this.#s(e.flags);
			case 'vma-free':
				return head + '8,' + this.#s(e.fn) + ',' + e.mm + ',' + e.vma + ',' + this.#s(e.deferredBy) + ',' + e.deferredNs;
			case 'pgtable-free':
				return head + '9,' + this.#s(e.fn) + ',' + e.mm + ',' + e.addr + ',' + this.#s(e.deferredBy) + ',' + e.deferredNs;
			case 'writer-begin':
				return head + '10,' + this.#s(e.fn) + ',' + this.#s(e.op) + ',' + e.mm + ',' + e.vma + ',' + e.start + ',' + e.end;
			case 'writer-end':
				return head + '11,' + this.#s(e.fn) + ',' + this.#s(e.op) + ',' + e.mm + ',' + e.vma + ',' + this.#s(e.flags) + ',' + e.latencyNs;
			case 'tlb-shootdown':
				return head + '12,' + this.#s(e.fn) + ',' + e.mm + ',' + e.targets + ',' + e.latencyNs;
			case 'rcu-gp':
				return head + '13,' + this.#s(e.fn) + ',' + this.#s(e.flavour) + ',' + e.gpNs + ',' + e.callbacks;
			case 'inject':
				return head + '14,' + this.#s(e.fn) + ',' + encodeInjection(e.injection);
			case 'violation':
				return head + '15,' + this.#s(e.fn) + ',' + this.#s(e.kind) + ',[' + e.cpus.join(',') + '],' + e.addr + ',' + this.#s(e.detail);
			default:
				return unknownEvent(e);
		}
	}

	/** A string as its table id, defining it first; inline when long or the table is full. */
	#s(text: string): number | string {
		const id = this.#ids.get(text);
		if (id !== undefined) return id;
		if (text.length > maxInternedLength || this.#ids.size >= maxInternedStrings) return JSON.stringify(text);
		const next = this.#ids.size;
		this.#ids.set(text, next);
		this.#out += `["s",${next},${JSON.stringify(text)}]\n`;
		this.#lines++;
		return next;
	}
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
