import type {LockMode, SimEvent, WriterOp} from '../sim/events.ts';

/**
 * What a CPU is doing now, as far as its own events tell: `idle` until its first event,
 * `user` between operations, in a fault or a writer syscall (with the kernel function of the
 * latest step), or waiting for a lock: spinning (`spin`/`trylock` contention, until the next
 * acquisition) or sleeping (`read`/`write` contention on a sleeping lock).
 */
export type CpuActivity =
	| {readonly state: 'idle'}
	| {readonly state: 'user'}
	| {readonly state: 'fault'; readonly fn: string}
	| {readonly state: 'syscall'; readonly op: WriterOp; readonly fn: string}
	| {readonly state: 'spin' | 'sleep'; readonly lock: string; readonly fn: string};

/** Mutable per-CPU state behind `CpuActivity`, updated per event without allocating. */
export interface CpuTracker {
	context: 'idle' | 'user' | 'fault' | 'syscall';
	op: WriterOp;
	fn: string;
	waiting: 'spin' | 'sleep' | null;
	lock: string;
	/** The process (`mm` id) of the CPU's latest fault or writer syscall; -1 before any. */
	mm: number;
}

/** A tracker for a CPU that has not run anything yet. */
export function createCpuTracker(): CpuTracker {
	return {context: 'idle', op: 'mmap', fn: '', waiting: null, lock: '', mm: -1};
}

/** Advances `tracker` by one event that happened on its CPU. */
export function trackCpu(tracker: CpuTracker, event: SimEvent): void {
	if (tracker.context === 'idle') tracker.context = 'user';
	tracker.fn = event.fn;
	// Any event naming a process says which one this CPU is running in.
	if ('mm' in event) tracker.mm = event.mm;
	switch (event.type) {
		case 'fault-start': {
			tracker.context = 'fault';
			break;
		}

		case 'writer-begin': {
			tracker.context = 'syscall';
			tracker.op = event.op;
			break;
		}

		case 'fault-end':
		case 'writer-end': {
			tracker.context = 'user';
			tracker.waiting = null;
			break;
		}

		case 'lock-contend': {
			tracker.waiting = waitKind(event.mode);
			tracker.lock = event.lock;
			break;
		}

		// A CPU waits for one lock at a time: any acquisition ends the wait, and an abort
		// means a trylock gave up.
		case 'lock-acquire':
		case 'ptl-acquire':
		case 'spec-abort': {
			tracker.waiting = null;
			break;
		}
	}
}

/** The tracker's state as an immutable record for the UI. */
export function cpuActivity(tracker: CpuTracker): CpuActivity {
	const {context, fn} = tracker;
	if (tracker.waiting) return {state: tracker.waiting, lock: tracker.lock, fn};
	if (context === 'fault') return {state: 'fault', fn};
	if (context === 'syscall') return {state: 'syscall', op: tracker.op, fn};
	return {state: context};
}

/** Spinlocks spin; rwsems sleep; refcounts and RCU read sides do not block a CPU. */
function waitKind(mode: LockMode): CpuTracker['waiting'] {
	if (mode === 'spin' || mode === 'trylock') return 'spin';
	if (mode === 'read' || mode === 'write') return 'sleep';
	return null;
}
