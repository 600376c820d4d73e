/**
 * Run totals, as printed by `spf-top --headless` and written into recordings. This is the
 * only implementation of these statistics: the CLI, the recorder and the UI's summary table
 * all fold events through it.
 */
import type {FaultKind, FaultOutcome, FaultPath, SimEvent, ViolationEvent, WriterOp} from '../sim/events.ts';
import {lockClass} from '../sim/events.ts';
import {assertInteger} from './assert-option.ts';
import {compareNames} from './compare-names.ts';
import {LatencyHistogram} from './latency-histogram.ts';
import {ratio} from './ratio.ts';

/** Violation events kept verbatim; the rest are only counted. */
const violationsKept = 20;

interface LockClassTotals {
	waitNs: number;
	acquisitions: number;
	contended: number;
}

/** The mutable accumulator behind a `RunSummary`; read it through `finishSummary`. */
export interface SummaryState {
	readonly cpus: number;
	events: number;
	/** Time of the latest event folded. */
	timeNs: number;
	readonly byOutcome: Record<FaultOutcome, number>;
	readonly byPath: Record<FaultPath, number>;
	readonly byKind: Record<FaultKind, number>;
	aborts: number;
	readonly abortReasons: Map<string, number>;
	readonly latency: LatencyHistogram;
	readonly locks: Map<string, LockClassTotals>;
	readonly writers: Record<WriterOp, number>;
	vmaFrees: number;
	vmaFreesDeferred: number;
	vmaDeferralNs: number;
	readonly gracePeriods: Record<'rcu' | 'srcu', number>;
	tlbShootdowns: number;
	injections: number;
	violations: number;
	readonly firstViolations: ViolationEvent[];
}

/** Totals for one lock class (`lockClass(id)`), summed over every lock of the class. */
export interface LockClassSummary {
	readonly lockClass: string;
	/** Time from first attempt to ownership, summed over acquisitions (lock and PTL). */
	readonly waitNs: number;
	/** `waitNs / (cpus × simNs)`: the share of all CPU time spent waiting for this class. */
	readonly waitShare: number | null;
	readonly acquisitions: number;
	/** `lock-contend` events: acquisitions that found the lock taken. */
	readonly contended: number;
}

/**
 * Totals of one run, as plain JSON data (no Maps, no NaN: an undefined ratio is `null`).
 * Faults are completed faults (`fault-end` events) whatever their outcome.
 */
export interface RunSummary {
	readonly simNs: number;
	readonly cpus: number;
	readonly events: number;
	readonly faults: number;
	/** Completed faults per simulated second; `null` when no time has passed. */
	readonly faultsPerSec: number | null;
	readonly byOutcome: Readonly<Record<FaultOutcome, number>>;
	readonly byPath: Readonly<Record<FaultPath, number>>;
	readonly byKind: Readonly<Record<FaultKind, number>>;
	/** Share of faults completed on the speculative path; `null` without faults. */
	readonly speculativeShare: number | null;
	/** `spec-abort` events; reasons sorted by name. */
	readonly aborts: {readonly total: number; readonly byReason: Readonly<Record<string, number>>};
	/** Fault latency over every completed fault (±0.4%, see `LatencyHistogram`). */
	readonly latencyNs: {readonly p50: number | null; readonly p99: number | null; readonly max: number | null};
	/** Per lock class, most waited-for first. */
	readonly locks: readonly LockClassSummary[];
	/** Writer operations completed (`writer-end`), by operation. */
	readonly writers: Readonly<Record<WriterOp, number>>;
	/** VMA frees; `deferred` ones waited for a refcount or a grace period. */
	readonly vmaFrees: {readonly total: number; readonly deferred: number; readonly meanDeferralNs: number | null};
	readonly rcuGracePeriods: Readonly<Record<'rcu' | 'srcu', number>>;
	readonly tlbShootdowns: number;
	readonly injections: number;
	/** Every violation is counted; the first 20 are kept whole. */
	readonly violations: {readonly count: number; readonly first: readonly ViolationEvent[]};
}

/** An empty accumulator for a machine of `cpus` CPUs. */
export function createSummary(cpus: number): SummaryState {
	assertInteger('cpus', cpus, 1);
	return {
		cpus,
		events: 0,
		timeNs: 0,
		byOutcome: {ok: 0, sigsegv: 0, retry: 0},
		byPath: {classic: 0, speculative: 0, fallback: 0},
		byKind: {anon: 0, read: 0, cow: 0, shared: 0, wp: 0, spurious: 0, none: 0},
		aborts: 0,
		abortReasons: new Map(),
		latency: new LatencyHistogram(),
		locks: new Map(),
		writers: {mmap: 0, munmap: 0, mprotect: 0, madvise: 0},
		vmaFrees: 0,
		vmaFreesDeferred: 0,
		vmaDeferralNs: 0,
		gracePeriods: {rcu: 0, srcu: 0},
		tlbShootdowns: 0,
		injections: 0,
		violations: 0,
		firstViolations: [],
	};
}

/** Folds a batch of events into `summary` (mutated and returned). */
export function foldSummary(summary: SummaryState, events: readonly SimEvent[]): SummaryState {
	for (const event of events) {
		summary.events++;
		summary.timeNs = Math.max(summary.timeNs, event.t);
		switch (event.type) {
			case 'fault-end': {
				summary.byOutcome[event.outcome]++;
				summary.byPath[event.path]++;
				summary.byKind[event.kind]++;
				summary.latency.record(event.latencyNs);
				break;
			}

			case 'spec-abort': {
				summary.aborts++;
				summary.abortReasons.set(event.reason, (summary.abortReasons.get(event.reason) ?? 0) + 1);
				break;
			}

			case 'lock-acquire':
			case 'ptl-acquire': {
				const totals = lockTotals(summary, event.lock);
				totals.waitNs += event.waitNs;
				totals.acquisitions++;
				break;
			}

			case 'lock-contend': {
				lockTotals(summary, event.lock).contended++;
				break;
			}

			case 'writer-end': {
				summary.writers[event.op]++;
				break;
			}

			case 'vma-free': {
				summary.vmaFrees++;
				if (event.deferredBy !== 'none') {
					summary.vmaFreesDeferred++;
					summary.vmaDeferralNs += event.deferredNs;
				}

				break;
			}

			case 'rcu-gp': {
				summary.gracePeriods[event.flavour]++;
				break;
			}

			case 'tlb-shootdown': {
				summary.tlbShootdowns++;
				break;
			}

			case 'inject': {
				summary.injections++;
				break;
			}

			case 'violation': {
				summary.violations++;
				if (summary.firstViolations.length < violationsKept) summary.firstViolations.push(event);
				break;
			}
		}
	}

	return summary;
}

/** The totals of a run that lasted `simNs` of simulated time; `summary` is left as it was. */
export function finishSummary(summary: SummaryState, simNs: number): RunSummary {
	const faults = summary.byOutcome.ok + summary.byOutcome.sigsegv + summary.byOutcome.retry;
	const cpuNs = summary.cpus * simNs;
	const latency = (value: number) => (faults > 0 ? value : null);
	return {
		simNs,
		cpus: summary.cpus,
		events: summary.events,
		faults,
		faultsPerSec: ratio(faults * 1e9, simNs),
		byOutcome: {...summary.byOutcome},
		byPath: {...summary.byPath},
		byKind: {...summary.byKind},
		speculativeShare: ratio(summary.byPath.speculative, faults),
		aborts: {
			total: summary.aborts,
			byReason: Object.fromEntries([...summary.abortReasons].sort(([a], [b]) => compareNames(a, b))),
		},
		latencyNs: {
			p50: latency(summary.latency.percentile(50)),
			p99: latency(summary.latency.percentile(99)),
			max: latency(summary.latency.max),
		},
		locks: [...summary.locks]
			.map(([name, {waitNs, acquisitions, contended}]) => ({lockClass: name, waitNs, waitShare: ratio(waitNs, cpuNs), acquisitions, contended}))
			.sort((a, b) => b.waitNs - a.waitNs || compareNames(a.lockClass, b.lockClass)),
		writers: {...summary.writers},
		vmaFrees: {
			total: summary.vmaFrees,
			deferred: summary.vmaFreesDeferred,
			meanDeferralNs: ratio(summary.vmaDeferralNs, summary.vmaFreesDeferred),
		},
		rcuGracePeriods: {...summary.gracePeriods},
		tlbShootdowns: summary.tlbShootdowns,
		injections: summary.injections,
		violations: {count: summary.violations, first: [...summary.firstViolations]},
	};
}

function lockTotals(summary: SummaryState, lock: string): LockClassTotals {
	const name = lockClass(lock);
	let totals = summary.locks.get(name);
	if (!totals) {
		totals = {waitNs: 0, acquisitions: 0, contended: 0};
		summary.locks.set(name, totals);
	}

	return totals;
}
