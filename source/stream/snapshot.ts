/**
 * The dashboard's state: a bounded fold over events (`foldSnapshot`) and, once per frame, an
 * immutable plain view of it for React (`takeSnapshot`). Rates describe a window of
 * *simulated* time, so they mean the same at any replay speed.
 */
import type {SimEvent, SimEventType} from '../sim/events.ts';
import {eventTypes, lockClass} from '../sim/events.ts';
import {assertInteger} from './assert-option.ts';
import {compareNames} from './compare-names.ts';
import type {CpuActivity, CpuTracker} from './cpu-activity.ts';
import {cpuActivity, createCpuTracker, trackCpu} from './cpu-activity.ts';
import {ratio} from './ratio.ts';
import {RingBuffer} from './ring-buffer.ts';
import type {VmaRow} from './vma-table.ts';
import {VmaTable} from './vma-table.ts';
import type {WindowStats} from './window-stats.ts';
import {createWindowStats, recordWindowEvent, resetWindowStats} from './window-stats.ts';

export interface SnapshotOptions {
	/** CPUs of the simulated machine; events of other CPUs only reach the totals and the log. */
	readonly cpus: number;
	/**
	 * Length of a rate window in simulated ns. Rates, percentiles and lock heat describe the
	 * last complete window.
	 *
	 * @default 1_000_000 (1 ms)
	 */
	readonly windowNs?: number;
	/**
	 * Complete windows kept for sparklines and the locks × time heatmap.
	 *
	 * @default 30
	 */
	readonly historyLength?: number;
	/**
	 * Locks listed, hottest first.
	 *
	 * @default 8
	 */
	readonly topLocks?: number;
	/**
	 * Distinct lock ids tracked per window (PTL ids are many); waits on further ids still count
	 * in each CPU's lock-wait share.
	 *
	 * @default 256
	 */
	readonly maxLocks?: number;
	/**
	 * Live VMAs listed; past this the oldest allocation is forgotten.
	 *
	 * @default 1024
	 */
	readonly maxVmas?: number;
	/**
	 * Freed VMAs listed, most recent first.
	 *
	 * @default 64
	 */
	readonly maxFreedVmas?: number;
	/**
	 * Events kept for the event log.
	 *
	 * @default 2000
	 */
	readonly logSize?: number;
}

/** What a complete window leaves behind for sparklines and the locks × time heatmap. */
interface WindowHistory {
	readonly faultsPerSec: Float64Array;
	readonly lockWaitNs: ReadonlyMap<string, number>;
}

/** The mutable, bounded state behind snapshots. */
export interface SnapshotState {
	readonly cpus: number;
	readonly windowNs: number;
	readonly topLocks: number;
	/** The window being filled: `⌊t / windowNs⌋`. */
	windowIndex: number;
	/** Latest simulated time seen. */
	nowNs: number;
	current: WindowStats;
	/** The last complete window; meaningful once `hasComplete`. */
	previous: WindowStats;
	hasComplete: boolean;
	readonly history: RingBuffer<WindowHistory>;
	/** Shared by every window that passed without events. */
	readonly emptyHistory: WindowHistory;
	readonly trackers: readonly CpuTracker[];
	/** The process of the latest event on each CPU that names one. */
	readonly vmas: VmaTable;
	readonly mms: Set<number>;
	readonly log: RingBuffer<SimEvent>;
	readonly counts: Record<SimEventType, number>;
}

export interface CpuSnapshot {
	readonly cpu: number;
	readonly activity: CpuActivity;
	/** The process its latest fault or syscall ran in (`mm0`, `mm1`...); null before any. */
	readonly mm: number | null;
	readonly faultsPerSec: number | null;
	/** Share (0..1) of completed faults that took the speculative path; `null` without faults. */
	readonly speculativeShare: number | null;
	readonly abortsPerSec: number | null;
	/** Speculative aborts in the window, by reason (sorted by name). */
	readonly aborts: Readonly<Record<string, number>>;
	readonly latencyP50Ns: number | null;
	readonly latencyP99Ns: number | null;
	/**
	 * Lock and PTL wait that ended in the window, over the window's length. A wait counts
	 * whole in the window it ended in, so this is capped at 1.
	 */
	readonly lockWaitShare: number | null;
	/** Faults per second of each complete window, oldest first. */
	readonly sparkline: readonly number[];
}

export interface LockHeat {
	readonly id: string;
	readonly lockClass: string;
	readonly waitNs: number;
	readonly acquisitions: number;
	readonly contended: number;
	/** One entry per CPU: a row of the locks × CPUs heatmap. */
	readonly waitNsByCpu: readonly number[];
	/** Wait per complete window, oldest first: a row of the locks × time heatmap. */
	readonly waitNsHistory: readonly number[];
}

/** One frame of dashboard state: plain data, never mutated after it is taken. */
export interface Snapshot {
	readonly timeNs: number;
	/**
	 * The simulated interval the rates describe: the last complete window, or the part of
	 * the first window run so far.
	 */
	readonly window: {readonly startNs: number; readonly endNs: number};
	readonly totals: {
		readonly faultsPerSec: number | null;
		/** Share (0..1) of completed faults that took the speculative path. */
		readonly speculativeShare: number | null;
		readonly abortsPerSec: number | null;
		/** Since the start of the run. */
		readonly faults: number;
		/** Since the start of the run. */
		readonly violations: number;
	};
	readonly cpus: readonly CpuSnapshot[];
	/** The `topLocks` locks with the most wait in the window, hottest first. */
	readonly locks: readonly LockHeat[];
	readonly vmas: readonly VmaRow[];
	/** Processes (mm ids) that ever had a VMA listed, ascending. */
	readonly mms: readonly number[];
	/**
	 * The VMA the latest mmap injection allocated, and how many VMAs mmap injections have
	 * allocated so far (a new one is there when the count grows).
	 */
	readonly injectedVma: {readonly vma: {readonly mm: number; readonly vma: number} | null; readonly count: number};
	/** The latest events, oldest first. */
	readonly log: readonly SimEvent[];
	/** Events of each type since the start of the run. */
	readonly counts: Readonly<Record<SimEventType, number>>;
	readonly events: number;
}

/** Empty dashboard state; throws a RangeError naming any bad option. */
export function createSnapshotState(options: SnapshotOptions): SnapshotState {
	const {cpus, windowNs = 1_000_000, historyLength = 30, topLocks = 8, maxLocks = 256, maxVmas = 1024, maxFreedVmas = 64, logSize = 2000} = options;
	assertInteger('cpus', cpus, 1);
	assertInteger('windowNs', windowNs, 1);
	assertInteger('historyLength', historyLength, 1);
	assertInteger('topLocks', topLocks, 0);
	assertInteger('maxLocks', maxLocks, topLocks);
	assertInteger('maxVmas', maxVmas, 1);
	assertInteger('maxFreedVmas', maxFreedVmas, 1);
	assertInteger('logSize', logSize, 1);
	return {
		cpus,
		windowNs,
		topLocks,
		windowIndex: 0,
		nowNs: 0,
		current: createWindowStats(cpus, maxLocks),
		previous: createWindowStats(cpus, maxLocks),
		hasComplete: false,
		history: new RingBuffer(historyLength),
		emptyHistory: {faultsPerSec: new Float64Array(cpus), lockWaitNs: new Map()},
		trackers: Array.from({length: cpus}, createCpuTracker),
		mms: new Set(),
		vmas: new VmaTable(maxVmas, maxFreedVmas),
		log: new RingBuffer(logSize),
		counts: Object.fromEntries(eventTypes.map(type => [type, 0])) as Record<SimEventType, number>,
	};
}

/** Folds a batch of time-ordered events into `state` (mutated and returned). */
export function foldSnapshot(state: SnapshotState, events: readonly SimEvent[]): SnapshotState {
	for (const event of events) {
		advanceWindows(state, event.t);
		state.counts[event.type]++;
		state.log.push(event);
		if (event.cpu >= 0 && event.cpu < state.cpus) {
			trackCpu(state.trackers[event.cpu]!, event);
		}

		recordWindowEvent(state.current, event);
		switch (event.type) {
			case 'vma-alloc': {
				state.vmas.alloc(event);
				state.mms.add(event.mm);
				break;
			}

			case 'inject': {
				state.vmas.inject(event.injection);
				break;
			}

			case 'vma-free': {
				state.vmas.free(event);
				break;
			}

			case 'vma-adjust': {
				state.vmas.adjust(event);
				break;
			}

			case 'writer-begin': {
				state.vmas.writerBegin(event);
				break;
			}

			case 'writer-end': {
				state.vmas.writerEnd(event);
				break;
			}

			case 'fault-start': {
				state.vmas.faultStart(event.cpu, event.mm, event.addr);
				break;
			}

			case 'fault-end': {
				state.vmas.fault(event.mm, event.addr);
				state.vmas.faultEnd(event.cpu);
				break;
			}
		}
	}

	return state;
}

/**
 * The dashboard's view at simulated time `nowNs`. Windows that ended by `nowNs` are closed
 * first (time passes without events), which is the only change made to `state`.
 */
export function takeSnapshot(state: SnapshotState, nowNs: number): Snapshot {
	advanceWindows(state, nowNs);
	const {windowNs, hasComplete} = state;
	const stats = hasComplete ? state.previous : state.current;
	const startNs = (hasComplete ? state.windowIndex - 1 : state.windowIndex) * windowNs;
	const endNs = hasComplete ? startNs + windowNs : state.nowNs;
	const durationNs = endNs - startNs;
	const perSec = (count: number) => ratio(count * 1e9, durationNs);
	const history = state.history.toArray();
	const faults = sum(stats.faults);
	return {
		timeNs: state.nowNs,
		window: {startNs, endNs},
		totals: {
			faultsPerSec: perSec(faults),
			speculativeShare: ratio(sum(stats.speculative), faults),
			abortsPerSec: perSec(sum(stats.aborts)),
			faults: state.counts['fault-end'],
			violations: state.counts.violation,
		},
		cpus: state.trackers.map((tracker, cpu) => {
			const latency = stats.latency[cpu]!;
			const share = ratio(stats.waitNs[cpu]!, durationNs);
			return {
				cpu,
				activity: cpuActivity(tracker),
				mm: tracker.mm < 0 ? null : tracker.mm,
				faultsPerSec: perSec(stats.faults[cpu]!),
				speculativeShare: ratio(stats.speculative[cpu]!, stats.faults[cpu]!),
				abortsPerSec: perSec(stats.aborts[cpu]!),
				aborts: Object.fromEntries([...stats.abortReasons[cpu]!].sort(([a], [b]) => compareNames(a, b))),
				latencyP50Ns: latency.count > 0 ? latency.percentile(50) : null,
				latencyP99Ns: latency.count > 0 ? latency.percentile(99) : null,
				lockWaitShare: share === null ? null : Math.min(1, share),
				sparkline: history.map(window => window.faultsPerSec[cpu]!),
			};
		}),
		locks: [...stats.locks]
			.sort(([a, x], [b, y]) => y.waitNs - x.waitNs || y.acquisitions - x.acquisitions || compareNames(a, b))
			.slice(0, state.topLocks)
			.map(([id, lock]) => ({
				id,
				lockClass: lockClass(id),
				waitNs: lock.waitNs,
				acquisitions: lock.acquisitions,
				contended: lock.contended,
				waitNsByCpu: Array.from(lock.waitNsByCpu),
				waitNsHistory: history.map(window => window.lockWaitNs.get(id) ?? 0),
			})),
		vmas: state.vmas.rows(),
		mms: [...state.mms].sort((a, b) => a - b),
		injectedVma: state.vmas.injected,
		log: state.log.toArray(),
		counts: {...state.counts},
		events: sum(Object.values(state.counts)),
	};
}

/**
 * Closes every window that ended by `timeNs`: the window being filled becomes the last
 * complete one, and windows that passed without events are recorded as empty.
 */
function advanceWindows(state: SnapshotState, timeNs: number): void {
	state.nowNs = Math.max(state.nowNs, timeNs);
	const index = Math.floor(state.nowNs / state.windowNs);
	const passed = index - state.windowIndex;
	if (passed <= 0) return;
	const finished = state.current;
	state.history.push(windowHistory(finished, state.windowNs));
	// More empty windows than the ring holds would only overwrite each other.
	for (let i = Math.min(passed - 1, state.history.capacity); i > 0; i--) state.history.push(state.emptyHistory);
	state.current = resetWindowStats(state.previous);
	state.previous = passed === 1 ? finished : resetWindowStats(finished);
	state.hasComplete = true;
	state.windowIndex = index;
}

function windowHistory(stats: WindowStats, windowNs: number): WindowHistory {
	return {
		faultsPerSec: stats.faults.map(count => (count * 1e9) / windowNs),
		lockWaitNs: new Map([...stats.locks].map(([id, lock]) => [id, lock.waitNs])),
	};
}

function sum(values: ArrayLike<number>): number {
	let total = 0;
	for (let i = 0; i < values.length; i++) total += values[i]!;
	return total;
}
