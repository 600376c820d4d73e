/**
 * Recorded events to the Chrome trace event format (the JSON that Perfetto and
 * chrome://tracing open), one trace event at a time so any length of run converts in
 * bounded memory. Process 1 is the machine; CPU n is thread n + 1 (older Perfetto merged
 * tids 0 and 1), and one more thread holds machine-wide events. Timestamps are microseconds
 * (fractions keep the nanoseconds).
 *
 * - faults, writer syscalls and TLB shootdowns: complete (`X`) slices on their CPU;
 * - contended lock waits: `X` slices on the waiting CPU, nested in the fault or syscall
 *   that waited (Perfetto puts async slices on tracks of their own, away from the CPU);
 * - grace periods: async (`b`/`e`) slices on the machine's track, since they overlap;
 * - speculative aborts, injections, violations, VMA and page-table frees: instants (`i`);
 * - lock wait per lock class and faults/s per CPU: counters (`C`), one value per window.
 */
import {lockClass, type SimEvent} from '../sim/events.ts';
import type {RecordHeader} from './header.ts';

/** One trace event, as Perfetto reads it. */
export interface TraceEvent {
	readonly name: string;
	readonly ph: 'X' | 'b' | 'e' | 'i' | 'C' | 'M';
	readonly ts: number;
	readonly pid: number;
	readonly tid: number;
	readonly cat?: string;
	readonly dur?: number;
	readonly id?: number;
	readonly s?: 'g' | 'p' | 't';
	readonly args?: Readonly<Record<string, unknown>>;
}

export interface ChromeTraceOptions {
	/**
	 * Simulated ns per counter sample.
	 *
	 * @default 1% of the run, between 1 µs and 1 ms
	 */
	readonly windowNs?: number;
}

const pid = 1;
const us = (ns: number): number => ns / 1000;
const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * `ts` and `dur` of a slice from `startNs` to `endNs`, with `ts + dur` exactly `us(endNs)` in
 * floating point: viewers nest slices by comparing `ts + dur`, and `us(latency)` added to the
 * start can come out a rounding step past the next slice's start, which drops that slice
 * from the tree (DevTools) or misnests it.
 */
export function span(startNs: number, endNs: number): {ts: number; dur: number} {
	const ts = us(startNs);
	const end = us(endNs);
	let dur = end - ts;
	// At most a few steps of one unit in the last place; Sterbenz makes most exact already.
	for (let step = 0; step < 4 && ts + dur !== end; step++) dur = ts + dur > end ? nextDown(dur) : nextUp(dur);
	return {ts, dur};
}

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);
function nextUp(x: number): number {
	bits[0] = x;
	word[0]! += 1n;
	return bits[0]!;
}
function nextDown(x: number): number {
	if (x <= 0) return 0;
	bits[0] = x;
	word[0]! -= 1n;
	return bits[0]!;
}

/** Folds events into trace events; call `add` per batch and `finish` once. */
export class ChromeTrace {
	readonly #cpus: number;
	readonly #machineTid: number;
	readonly #windowNs: number;
	#windowStart = 0;
	#nextId = 1;
	/** Lock a CPU is waiting for since its `lock-contend`, or null. */
	readonly #contended: (string | null)[];
	/** Whether the CPU's current fault is a write (from its `fault-start`). */
	readonly #faultWrite: boolean[];
	readonly #faults: Float64Array;
	readonly #lastRate: Float64Array;
	readonly #lockWait = new Map<string, number>();
	readonly #lastLockWait = new Map<string, number>();

	constructor(
		readonly header: RecordHeader,
		durationNs: number,
		options: ChromeTraceOptions = {},
	) {
		const cpus = header.machine.cpus;
		this.#cpus = cpus;
		this.#machineTid = cpus + 1;
		this.#windowNs = options.windowNs ?? Math.max(1000, Math.min(1_000_000, Math.floor(durationNs / 100_000) * 1000));
		this.#contended = Array.from({length: cpus}, () => null);
		this.#faultWrite = Array.from({length: cpus}, () => false);
		this.#faults = new Float64Array(cpus);
		this.#lastRate = new Float64Array(cpus).fill(-1);
	}

	/** Process and thread names: one track per CPU, then the machine's. */
	metadata(): TraceEvent[] {
		const {machine, scenario} = this.header;
		const events: TraceEvent[] = [
			{name: 'process_name', ph: 'M', ts: 0, pid, tid: 1, args: {name: `spf-top · ${scenario.name} · ${machine.scheme}${machine.breakVariant ? ` (broken: ${machine.breakVariant})` : ''} · seed ${machine.seed}`}},
		];
		for (let cpu = 0; cpu <= this.#cpus; cpu++) {
			const name = cpu === this.#cpus ? 'machine (RCU, deferred frees)' : `CPU ${cpu}`;
			events.push({name: 'thread_name', ph: 'M', ts: 0, pid, tid: cpu + 1, args: {name}}, {name: 'thread_sort_index', ph: 'M', ts: 0, pid, tid: cpu + 1, args: {sort_index: cpu}});
		}
		return events;
	}

	/** The trace events for `events` (in time order), counters of any windows they close included. */
	add(events: readonly SimEvent[], out: TraceEvent[]): void {
		for (const event of events) {
			while (event.t >= this.#windowStart + this.#windowNs) this.#closeWindow(out);
			this.#event(event, out);
		}
	}

	/** Counters for the last window, ending at `endNs`. */
	finish(endNs: number, out: TraceEvent[]): void {
		while (endNs >= this.#windowStart + this.#windowNs) this.#closeWindow(out);
		if (endNs > this.#windowStart) this.#counters(out, endNs - this.#windowStart);
	}

	#event(e: SimEvent, out: TraceEvent[]): void {
		const onCpu = e.cpu >= 0 && e.cpu < this.#cpus;
		const cpu = e.cpu;
		const tid = onCpu ? cpu + 1 : this.#machineTid;
		switch (e.type) {
			case 'fault-start':
				if (onCpu) this.#faultWrite[cpu] = e.write;
				return;
			case 'fault-end':
				if (onCpu) this.#faults[cpu]!++;
				out.push({
					name: `fault ${e.kind}`, cat: 'fault', ph: 'X', ...span(e.t - e.latencyNs, e.t), pid, tid,
					args: {path: e.path, outcome: e.outcome, kind: e.kind, addr: hex(e.addr), mm: e.mm, write: onCpu ? this.#faultWrite[cpu] : null, fn: e.fn},
				});
				return;
			case 'writer-end':
				out.push({name: e.op, cat: 'writer', ph: 'X', ...span(e.t - e.latencyNs, e.t), pid, tid, args: {mm: e.mm, vma: e.vma, fn: e.fn}});
				return;
			case 'tlb-shootdown':
				out.push({name: 'tlb shootdown', cat: 'tlb', ph: 'X', ...span(e.t - e.latencyNs, e.t), pid, tid, args: {targets: e.targets, mm: e.mm, fn: e.fn}});
				return;
			case 'lock-contend':
				if (onCpu) this.#contended[cpu] = e.lock;
				return;
			case 'lock-acquire':
			case 'ptl-acquire': {
				const cls = lockClass(e.lock);
				this.#lockWait.set(cls, (this.#lockWait.get(cls) ?? 0) + e.waitNs);
				if (onCpu && this.#contended[cpu] === e.lock) {
					this.#contended[cpu] = null;
					// A CPU waits for one lock at a time, inside the fault or syscall that takes it: a slice nested there.
					out.push({name: `wait ${e.lock}`, cat: 'lock', ph: 'X', ...span(e.t - e.waitNs, e.t), pid, tid, args: {cpu, lock: e.lock, mode: e.mode, waitNs: e.waitNs, fn: e.fn}});
				}
				return;
			}
			case 'rcu-gp':
				this.#async(out, `${e.flavour} grace period`, 'rcu', tid, e.t - e.gpNs, e.t, {callbacks: e.callbacks, fn: e.fn});
				return;
			case 'spec-abort':
				out.push({name: `abort: ${e.reason}`, cat: 'abort', ph: 'i', s: 't', ts: us(e.t), pid, tid, args: {reason: e.reason, addr: hex(e.addr), fn: e.fn}});
				return;
			case 'inject':
				out.push({name: `inject ${e.injection.kind}`, cat: 'inject', ph: 'i', s: 'g', ts: us(e.t), pid, tid, args: {...e.injection}});
				return;
			case 'violation':
				out.push({name: `violation: ${e.kind}`, cat: 'violation', ph: 'i', s: 'g', ts: us(e.t), pid, tid, args: {kind: e.kind, cpus: e.cpus, addr: hex(e.addr), detail: e.detail, fn: e.fn}});
				return;
			case 'vma-free':
				out.push({name: 'vma free', cat: 'free', ph: 'i', s: 't', ts: us(e.t), pid, tid, args: {mm: e.mm, vma: e.vma, deferredBy: e.deferredBy, deferredNs: e.deferredNs}});
				return;
			case 'pgtable-free':
				out.push({name: 'page table free', cat: 'free', ph: 'i', s: 't', ts: us(e.t), pid, tid, args: {mm: e.mm, addr: hex(e.addr), deferredBy: e.deferredBy, deferredNs: e.deferredNs}});
				return;
			default:
				// fault-start, lock-release, vma-alloc, writer-begin: their spans come from the end events.
				return;
		}
	}

	#async(out: TraceEvent[], name: string, cat: string, tid: number, startNs: number, endNs: number, args: Record<string, unknown>): void {
		const id = this.#nextId++;
		out.push({name, cat, ph: 'b', id, ts: us(startNs), pid, tid, args}, {name, cat, ph: 'e', id, ts: us(endNs), pid, tid});
	}

	#closeWindow(out: TraceEvent[]): void {
		this.#counters(out, this.#windowNs);
		this.#windowStart += this.#windowNs;
	}

	/** Samples of the window starting at #windowStart, `lengthNs` long; unchanged values are not repeated. */
	#counters(out: TraceEvent[], lengthNs: number): void {
		const ts = us(this.#windowStart);
		for (let cpu = 0; cpu < this.#cpus; cpu++) {
			const rate = Math.round((this.#faults[cpu]! * 1e9) / lengthNs);
			this.#faults[cpu] = 0;
			if (rate === this.#lastRate[cpu]) continue;
			this.#lastRate[cpu] = rate;
			// Viewers name a counter track "<name> <arg>": "CPU 0 faults/s".
			out.push({name: `CPU ${cpu}`, cat: 'counter', ph: 'C', ts, pid, tid: cpu + 1, args: {'faults/s': rate}});
		}
		// Keys come from the file: no prototype, so `__proto__` is just a name.
		const waits = Object.create(null) as Record<string, number>;
		let changed = false;
		for (const cls of this.#lastLockWait.keys()) if (!this.#lockWait.has(cls)) this.#lockWait.set(cls, 0);
		for (const [cls, ns] of this.#lockWait) {
			waits[cls] = ns;
			if (this.#lastLockWait.get(cls) !== ns) changed = true;
			this.#lastLockWait.set(cls, ns);
		}
		this.#lockWait.clear();
		if (changed) out.push({name: 'lock wait (ns per window)', cat: 'counter', ph: 'C', ts, pid, tid: this.#machineTid, args: waits});
	}
}
