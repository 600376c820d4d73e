import type {SimEvent} from '../sim/events.ts';
import {LatencyHistogram} from './latency-histogram.ts';

/** One lock's activity within a window. */
export interface LockWindow {
	waitNs: number;
	acquisitions: number;
	contended: number;
	readonly waitNsByCpu: Float64Array;
}

/**
 * Counters for one window of simulated time, per CPU and per lock. Two of these alternate
 * (the window being filled and the last complete one), so nothing is allocated per window
 * except lock entries.
 */
export interface WindowStats {
	readonly cpus: number;
	/** Lock ids tracked per window; waits on further ids still count per CPU. */
	readonly maxLocks: number;
	readonly faults: Float64Array;
	/** Faults completed on the speculative path. */
	readonly speculative: Float64Array;
	readonly aborts: Float64Array;
	/** Per CPU; reasons are the simulator's fixed vocabulary, and the maps are cleared every window. */
	readonly abortReasons: readonly Map<string, number>[];
	readonly latency: readonly LatencyHistogram[];
	/** Lock (and PTL) wait that ended in this window. */
	readonly waitNs: Float64Array;
	readonly locks: Map<string, LockWindow>;
}

/** Empty counters for `cpus` CPUs, tracking at most `maxLocks` lock ids. */
export function createWindowStats(cpus: number, maxLocks: number): WindowStats {
	return {
		cpus,
		maxLocks,
		faults: new Float64Array(cpus),
		speculative: new Float64Array(cpus),
		aborts: new Float64Array(cpus),
		abortReasons: Array.from({length: cpus}, () => new Map<string, number>()),
		latency: Array.from({length: cpus}, () => new LatencyHistogram()),
		waitNs: new Float64Array(cpus),
		locks: new Map(),
	};
}

/** Empties `stats` for reuse and returns it. */
export function resetWindowStats(stats: WindowStats): WindowStats {
	stats.faults.fill(0);
	stats.speculative.fill(0);
	stats.aborts.fill(0);
	for (const reasons of stats.abortReasons) reasons.clear();
	for (const histogram of stats.latency) histogram.reset();
	stats.waitNs.fill(0);
	stats.locks.clear();
	return stats;
}

/** Counts one event; events of CPUs outside the machine (and machine-wide ones) are skipped. */
export function recordWindowEvent(stats: WindowStats, event: SimEvent): void {
	const {cpu} = event;
	if (!(cpu >= 0 && cpu < stats.cpus)) return;
	switch (event.type) {
		case 'fault-end': {
			stats.faults[cpu]++;
			if (event.path === 'speculative') stats.speculative[cpu]++;
			stats.latency[cpu]!.record(event.latencyNs);
			break;
		}

		case 'spec-abort': {
			stats.aborts[cpu]++;
			const reasons = stats.abortReasons[cpu]!;
			reasons.set(event.reason, (reasons.get(event.reason) ?? 0) + 1);
			break;
		}

		case 'lock-acquire':
		case 'ptl-acquire': {
			stats.waitNs[cpu] += event.waitNs;
			const lock = lockWindow(stats, event.lock);
			if (lock) {
				lock.waitNs += event.waitNs;
				lock.waitNsByCpu[cpu] += event.waitNs;
				lock.acquisitions++;
			}

			break;
		}

		case 'lock-contend': {
			const lock = lockWindow(stats, event.lock);
			if (lock) lock.contended++;
			break;
		}
	}
}

/** The entry for `id`, created while fewer than `maxLocks` are tracked. */
function lockWindow(stats: WindowStats, id: string): LockWindow | undefined {
	let lock = stats.locks.get(id);
	if (!lock && stats.locks.size < stats.maxLocks) {
		lock = {waitNs: 0, acquisitions: 0, contended: 0, waitNsByCpu: new Float64Array(stats.cpus)};
		stats.locks.set(id, lock);
	}

	return lock;
}
