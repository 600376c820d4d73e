/**
 * What the real run showed, folded from the window's events as they stream by: faults per
 * thread and per second, how local the fault addresses were, the mapping calls, and the real
 * `mmap_lock` waits (start_locking to acquire_returned, per thread).
 */
import {LatencyHistogram} from '../stream/latency-histogram.ts';
import type {TracedEvent} from './events.ts';

const pageSize = 4096;
/** Pages per PTE table (2 MiB): faults in one table share its page-table lock. */
const pteTablePages = 512;
/** A wait this long or longer was a real one, not the tracepoints' own cost. */
export const contendedNs = 1000;

export interface ThreadFigures {
	readonly tid: number;
	comm: string;
	faults: number;
	writes: number;
	lockWaits: number;
	lockWaitNs: number;
	previousPage: number | null;
	lockStart: number | null;
}

export interface RealSummary {
	readonly spanNs: number;
	readonly faults: number;
	readonly writes: number;
	readonly threads: readonly ThreadFigures[];
	/** Share of faults on the page after (or before) the thread's previous fault. */
	readonly sequential: number;
	/** Share of faults in the same PTE table as the thread's previous fault. */
	readonly samePteTable: number;
	readonly distinctPages: number;
	readonly calls: Readonly<Record<'mmap' | 'munmap' | 'mprotect' | 'madvise' | 'brk', number>>;
	readonly lock: {readonly acquisitions: number; readonly writes: number; readonly contended: number; readonly totalWaitNs: number; readonly p99Ns: number; readonly maxNs: number};
}

export class RealFigures {
	readonly #threads = new Map<number, ThreadFigures>();
	readonly #pages = new Set<number>();
	readonly #waits = new LatencyHistogram();
	readonly #calls = {mmap: 0, munmap: 0, mprotect: 0, madvise: 0, brk: 0};
	#first: number | null = null;
	#last = 0;
	#faults = 0;
	#writes = 0;
	#sequential = 0;
	#sameTable = 0;
	#acquisitions = 0;
	#writeLocks = 0;
	#contended = 0;
	#totalWait = 0;

	add(event: TracedEvent): void {
		this.#first ??= event.ns;
		this.#last = event.ns;
		const thread = this.#thread(event);
		switch (event.kind) {
			case 'fault': {
				const page = Math.floor(event.address / pageSize);
				this.#faults++;
				thread.faults++;
				if (event.write) {
					this.#writes++;
					thread.writes++;
				}
				if (thread.previousPage !== null) {
					if (Math.abs(page - thread.previousPage) === 1) this.#sequential++;
					if (Math.floor(page / pteTablePages) === Math.floor(thread.previousPage / pteTablePages)) this.#sameTable++;
				}
				thread.previousPage = page;
				this.#pages.add(page);
				return;
			}
			case 'mmap-enter': this.#calls.mmap++; return;
			case 'munmap': this.#calls.munmap++; return;
			case 'mprotect': this.#calls.mprotect++; return;
			case 'madvise': this.#calls.madvise++; return;
			case 'brk-exit': this.#calls.brk++; return;
			case 'lock': return this.#lock(thread, event);
			default: return;
		}
	}

	#lock(thread: ThreadFigures, event: Extract<TracedEvent, {kind: 'lock'}>): void {
		if (event.step === 'start') thread.lockStart = event.ns;
		if (event.step !== 'acquired' || thread.lockStart === null || !event.success) return;
		const wait = event.ns - thread.lockStart;
		thread.lockStart = null;
		this.#acquisitions++;
		if (event.write) this.#writeLocks++;
		this.#waits.record(wait);
		this.#totalWait += wait;
		if (wait >= contendedNs) {
			this.#contended++;
			thread.lockWaits++;
			thread.lockWaitNs += wait;
		}
	}

	#thread(event: TracedEvent): ThreadFigures {
		let thread = this.#threads.get(event.tid);
		if (!thread) {
			thread = {tid: event.tid, comm: event.comm, faults: 0, writes: 0, lockWaits: 0, lockWaitNs: 0, previousPage: null, lockStart: null};
			this.#threads.set(event.tid, thread);
		}
		thread.comm = event.comm;
		return thread;
	}

	summary(): RealSummary {
		const following = Math.max(1, this.#faults - [...this.#threads.values()].filter(t => t.faults > 0).length);
		return {
			spanNs: this.#first === null ? 0 : this.#last - this.#first,
			faults: this.#faults,
			writes: this.#writes,
			threads: [...this.#threads.values()].filter(t => t.faults > 0 || t.lockWaits > 0),
			sequential: this.#sequential / following,
			samePteTable: this.#sameTable / following,
			distinctPages: this.#pages.size,
			calls: {...this.#calls},
			lock: {acquisitions: this.#acquisitions, writes: this.#writeLocks, contended: this.#contended, totalWaitNs: this.#totalWait, p99Ns: this.#waits.count > 0 ? this.#waits.percentile(99) : 0, maxNs: this.#waits.count > 0 ? this.#waits.max : 0},
		};
	}
}
