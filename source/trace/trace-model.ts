/**
 * Folds a trace's events, in file order, into what a scenario replays: per process (one per
 * real mm) its regions, and per real thread the sequence of faults and mapping calls with
 * their times. Only events inside the window (`--from`, `--to`, `--max-events`) become steps;
 * mappings made before it become the process's initial mappings.
 */
import type {Prot} from '../sim/config.ts';
import type {TracedEvent} from './events.ts';
import {AddressSpace, pageAlign, permsProt, protName, type Range, type Region} from './regions.ts';

const MAP_SHARED = 0x01;
const MAP_ANONYMOUS = 0x20;
const MADV_DONTNEED = 4;
const MADV_FREE = 8;

/** One replayable thing a thread did, at its real time. */
export type Entry =
	| {readonly kind: 'fault'; readonly ns: number; readonly address: number; readonly write: boolean; region: Region | null}
	/** `nextTo`: the region the real mapping was placed directly above, when the step can name it. */
	| {readonly kind: 'mmap'; readonly ns: number; readonly region: Region; readonly nextTo: Region | null}
	/** `range`: the part of the region a partial call covers; null for all of what is left of it. */
	| {readonly kind: 'munmap' | 'madvise'; readonly ns: number; readonly region: Region; readonly range: Range | null}
	| {readonly kind: 'mprotect'; readonly ns: number; readonly region: Region; readonly range: Range | null; readonly prot: Prot};

export interface ThreadTrace {
	readonly tid: number;
	comm: string;
	/** Events seen on each CPU. */
	readonly cpus: Map<number, number>;
	readonly entries: Entry[];
	pendingMmap: {readonly len: number; readonly prot: number; readonly flags: number; readonly fd: number} | null;
}

export interface ProcessTrace {
	readonly key: number;
	comm: string;
	readonly space: AddressSpace;
	readonly regions: Region[];
	readonly threads: Map<number, ThreadTrace>;
	/** Whether a syscall of it was seen: perf's mapping records after that repeat traced mmaps. */
	sawSyscall: boolean;
}

export interface ModelOptions {
	/** Window start and end, in ns from the trace's first event. */
	readonly fromNs: number;
	readonly toNs: number;
	/** Steps recorded at most; the window ends at the event that would pass it. */
	readonly maxEvents: number;
}

export class TraceModel {
	readonly processes = new Map<number, ProcessTrace>();
	/** What the replay could not do as the real kernel did, by kind, with counts. */
	readonly approximations = new Map<string, number>();
	firstNs: number | null = null;
	/** The window actually replayed, in absolute ns. */
	windowStartNs: number | null = null;
	windowEndNs = 0;
	entries = 0;
	/** Why the window ended early, if it did. */
	cut: string | null = null;
	readonly #processOfTid = new Map<number, number>();
	readonly #processOfMm = new Map<string, number>();
	readonly #mmOfProcess = new Map<number, string>();
	#regionCount = 0;

	constructor(readonly options: ModelOptions) {}

	/** Takes one event; returns whether it fell inside the window (the real figures count those). */
	add(event: TracedEvent): boolean {
		this.firstNs ??= event.ns;
		const at = event.ns - this.firstNs;
		if (at >= this.options.toNs || this.cut !== null) return false;
		const inWindow = at >= this.options.fromNs;
		if (inWindow && this.entries >= this.options.maxEvents) {
			this.cut = `--max-events ${this.options.maxEvents}`;
			return false;
		}
		if (inWindow) {
			this.windowStartNs ??= event.ns;
			this.windowEndNs = event.ns;
		}
		const process = this.#process(event);
		const thread = this.#thread(process, event);
		this.#apply(process, thread, event, inWindow);
		return inWindow;
	}

	#apply(process: ProcessTrace, thread: ThreadTrace, event: TracedEvent, inWindow: boolean): void {
		const record = (entry: Entry): void => {
			if (!inWindow) return;
			thread.entries.push(entry);
			this.entries++;
		};
		switch (event.kind) {
			case 'fault': {
				if (inWindow) record({kind: 'fault', ns: event.ns, address: event.address, write: event.write, region: process.space.find(event.address)});
				return;
			}
			case 'mapping': {
				// perf's records before the first syscall are the exec'd image and stack: the mappings at start
				// (`//anon` is perf's name for an anonymous one).
				if (process.sawSyscall) return;
				this.#addRegion(process, {base: event.start, size: pageAlign(event.len), file: event.path !== '' && event.path !== '//anon' && !event.path.startsWith('['), shared: event.perms[3] === 's', prot: permsProt(event.perms), origin: 'initial', mapper: null, label: `${event.path || 'anon'} ${event.perms}`});
				return;
			}
			case 'mmap-enter':
				process.sawSyscall = true;
				thread.pendingMmap = {len: event.len, prot: event.prot, flags: event.flags, fd: event.fd};
				return;
			case 'mmap-exit': {
				const call = thread.pendingMmap;
				thread.pendingMmap = null;
				if (call === null || event.ret < 0) return;
				const file = (call.flags & MAP_ANONYMOUS) === 0;
				// MAP_FIXED over live mappings unmaps what it covers first, as do_mmap does.
				const [start, end] = [event.ret, event.ret + pageAlign(call.len)];
				for (const {region, whole} of process.space.overlapping(start, end)) record({kind: 'munmap', ns: event.ns, region, range: whole ? null : AddressSpace.within(region, start, end)});
				const below = process.space.endingAt(event.ret);
				// A step may name process mappings and its own thread's; another thread's it may not.
				const nextTo = below !== null && below.base + below.size === event.ret && (below.origin !== 'mmap' || below.mapper === thread.tid) ? below : null;
				const region = this.#addRegion(process, {base: event.ret, size: pageAlign(call.len), file, shared: (call.flags & MAP_SHARED) !== 0, prot: protName(call.prot), origin: inWindow ? 'mmap' : 'initial', mapper: inWindow ? thread.tid : null, label: `${file ? `fd ${call.fd}` : 'anon'} prot ${call.prot}`});
				record({kind: 'mmap', ns: event.ns, region, nextTo});
				return;
			}
			case 'munmap': {
				process.sawSyscall = true;
				const [start, end] = [event.addr, event.addr + pageAlign(event.len)];
				for (const {region, whole} of process.space.overlapping(start, end)) record({kind: 'munmap', ns: event.ns, region, range: whole ? null : AddressSpace.within(region, start, end)});
				process.space.trim(start, end);
				return;
			}
			case 'mprotect': {
				process.sawSyscall = true;
				const prot = protName(event.prot);
				const [start, end] = [event.addr, event.addr + pageAlign(event.len)];
				for (const {region, whole} of process.space.overlapping(start, end)) {
					if (prot === region.protNow) continue;
					if (inWindow) {
						region.protNow = whole ? prot : null;
						record({kind: 'mprotect', ns: event.ns, region, range: whole ? null : AddressSpace.within(region, start, end), prot});
						continue;
					}
					// Before the window a region is mapped with one protection: a partial call that
					// grants access (a stack above its guard page) grants it to all of it.
					region.prot = whole ? prot : widen(region.prot, prot);
					region.protNow = region.prot;
				}
				return;
			}
			case 'madvise': {
				process.sawSyscall = true;
				if (!inWindow) return;
				if (event.behavior !== MADV_DONTNEED && event.behavior !== MADV_FREE) {
					this.approximate(`madvise advice ${event.behavior}: not simulated, left out`);
					return;
				}
				const [start, end] = [event.addr, event.addr + pageAlign(event.len)];
				for (const {region, whole} of process.space.overlapping(start, end)) record({kind: 'madvise', ns: event.ns, region, range: whole ? null : AddressSpace.within(region, start, end)});
				return;
			}
			case 'brk-exit':
			case 'lock':
			case 'task-new':
			case 'task-exit':
				if (event.kind === 'brk-exit') process.sawSyscall = true;
				return;
		}
	}

	#addRegion(process: ProcessTrace, spec: Omit<Region, 'name' | 'protNow'>): Region {
		const region: Region = {name: this.nextRegionName(), protNow: spec.prot, ...spec};
		process.space.add(region);
		process.regions.push(region);
		return region;
	}

	/** A region name unique in the whole scenario. */
	nextRegionName(): string {
		return `r${++this.#regionCount}`;
	}

	/** Counts one thing the replay does differently from the real kernel. */
	approximate(what: string): void {
		this.approximations.set(what, (this.approximations.get(what) ?? 0) + 1);
	}

	// Which process an event's thread belongs to: its pid when the layout shows it; else what
	// fork records and mmap_lock's `mm=` said; else a process of its own.
	#process(event: TracedEvent): ProcessTrace {
		if (event.kind === 'task-new') {
			const parent = this.#processOfTid.get(event.parent) ?? event.pid ?? event.parent;
			this.#processOfTid.set(event.child, event.childPid ?? parent);
		}
		let key = event.pid ?? this.#processOfTid.get(event.tid) ?? event.tid;
		if (event.kind === 'lock' && event.pid === null) {
			const owner = this.#processOfMm.get(event.mm);
			const known = this.#mmOfProcess.get(key);
			// Another mm than its process's: the thread exec'd or was a fork, not a thread.
			if (owner !== undefined) key = owner;
			else if (known !== undefined && known !== event.mm) key = event.tid;
		}
		if (event.kind === 'lock' && !this.#processOfMm.has(event.mm)) {
			this.#processOfMm.set(event.mm, key);
			this.#mmOfProcess.set(key, event.mm);
		}
		this.#processOfTid.set(event.tid, key);
		let process = this.processes.get(key);
		if (!process) {
			process = {key, comm: '', space: new AddressSpace(), regions: [], threads: new Map(), sawSyscall: false};
			this.processes.set(key, process);
		}
		return process;
	}

	#thread(process: ProcessTrace, event: TracedEvent): ThreadTrace {
		let thread = process.threads.get(event.tid);
		if (!thread) {
			thread = {tid: event.tid, comm: '', cpus: new Map(), entries: [], pendingMmap: null};
			process.threads.set(event.tid, thread);
		}
		thread.cpus.set(event.cpu, (thread.cpus.get(event.cpu) ?? 0) + 1);
		thread.comm = event.comm;
		if (event.tid === process.key || process.comm === '') process.comm = event.comm;
		return thread;
	}
}

const protBits: Record<Prot, number> = {none: 0, r: 1, rw: 3, rx: 5, rwx: 7};

/** The protection allowing what either allows. */
function widen(a: Prot, b: Prot): Prot {
	return protName(protBits[a] | protBits[b]);
}
