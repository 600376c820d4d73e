import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent, ViolationEvent} from '../../source/sim/events.ts';
import {createSummary, finishSummary, foldSummary} from '../../source/stream/index.ts';
import {faultEnd, faultStart, lockAcquire, lockContend, ptlAcquire, specAbort, vmaFree, writerEnd} from './make-events.ts';

const violation: ViolationEvent = {
	t: 2300, cpu: 1, fn: 'handle_pte_fault', type: 'violation', kind: 'vma-use-after-free', cpus: [1, 0], addr: 0x1000, detail: 'vma#3 freed at 1700',
};

/** Two CPUs, 2 ms of simulated time; the expected totals are worked out by hand below. */
const events: SimEvent[] = [
	faultStart(100, 0),
	lockContend(150, 0, 'mm1:mmap_sem', 'read'),
	lockAcquire(400, 0, 'mm1:mmap_sem', 250),
	ptlAcquire(450, 0, 'ptl@0x7f0000000000', 30),
	faultEnd(500, 0, {latencyNs: 100}),
	faultStart(600, 1),
	specAbort(650, 1, 'vma-seq-changed'),
	specAbort(700, 1, 'pte-changed'),
	faultEnd(800, 1, {latencyNs: 200, path: 'fallback', kind: 'read'}),
	faultEnd(900, 1, {latencyNs: 50, path: 'speculative'}),
	faultEnd(1000, 0, {latencyNs: 120, path: 'speculative', outcome: 'sigsegv', kind: 'none'}),
	specAbort(1100, 0, 'vma-seq-changed'),
	lockContend(1150, 1, 'ptl@0x7f0000200000', 'spin'),
	ptlAcquire(1200, 1, 'ptl@0x7f0000200000', 70),
	lockAcquire(1300, 1, 'vma#3.refcnt', 0, 'ref'),
	writerEnd(1400, 0, 'munmap', 3),
	writerEnd(1500, 1, 'mprotect', 4),
	writerEnd(1600, 1, 'munmap', 5),
	vmaFree(1700, 3, {deferredBy: 'rcu', deferredNs: 4000}),
	vmaFree(1800, 5),
	vmaFree(1900, 6, {deferredBy: 'refcount', deferredNs: 1000}),
	{t: 2000, cpu: -1, fn: 'rcu_gp_kthread', type: 'rcu-gp', flavour: 'rcu', gpNs: 3000, callbacks: 2},
	{t: 2100, cpu: 0, fn: 'flush_tlb_mm_range', type: 'tlb-shootdown', mm: 1, targets: 1, latencyNs: 800},
	{t: 2200, cpu: -1, fn: 'inject', type: 'inject', injection: {kind: 'munmap', mm: 1, vma: 4}},
	violation,
	faultEnd(2400, 1, {latencyNs: 80, outcome: 'retry', path: 'fallback', kind: 'none'}),
];

test('summary of a hand-worked run', () => {
	const summary = createSummary(2);
	// Split in two batches: folding is incremental.
	foldSummary(summary, events.slice(0, 10));
	foldSummary(summary, events.slice(10));
	const cpuNs = 2 * 2_000_000;
	assert.deepEqual(finishSummary(summary, 2_000_000), {
		simNs: 2_000_000,
		cpus: 2,
		events: 26,
		faults: 5,
		faultsPerSec: 2500,
		byOutcome: {ok: 3, sigsegv: 1, retry: 1},
		byPath: {classic: 1, speculative: 2, fallback: 2},
		byKind: {anon: 2, read: 1, cow: 0, shared: 0, wp: 0, spurious: 0, none: 2},
		speculativeShare: 0.4,
		aborts: {total: 3, byReason: {'pte-changed': 1, 'vma-seq-changed': 2}},
		// Latencies 50, 80, 100, 120, 200: rank 3 and rank 5.
		latencyNs: {p50: 100, p99: 200, max: 200},
		locks: [
			{lockClass: 'mmap_sem', waitNs: 250, waitShare: 250 / cpuNs, acquisitions: 1, contended: 1},
			{lockClass: 'ptl', waitNs: 100, waitShare: 100 / cpuNs, acquisitions: 2, contended: 1},
			{lockClass: 'vma.refcnt', waitNs: 0, waitShare: 0, acquisitions: 1, contended: 0},
		],
		writers: {mmap: 0, munmap: 2, mprotect: 1, madvise: 0},
		vmaFrees: {total: 3, deferred: 2, meanDeferralNs: 2500},
		rcuGracePeriods: {rcu: 1, srcu: 0},
		tlbShootdowns: 1,
		injections: 1,
		violations: {count: 1, first: [violation]},
	});
});

test('a summary is plain JSON data and finishing does not change the accumulator', () => {
	const summary = foldSummary(createSummary(2), events);
	const first = finishSummary(summary, 2_000_000);
	assert.deepEqual(JSON.parse(JSON.stringify(first)), first);
	assert.deepEqual(finishSummary(summary, 2_000_000), first);
});

test('an empty run has null ratios, not NaN', () => {
	const summary = finishSummary(createSummary(4), 0);
	assert.equal(summary.faultsPerSec, null);
	assert.equal(summary.speculativeShare, null);
	assert.deepEqual(summary.latencyNs, {p50: null, p99: null, max: null});
	assert.equal(summary.vmaFrees.meanDeferralNs, null);
	assert.deepEqual(summary.locks, []);
});

test('every violation is counted, the first 20 are kept', () => {
	const many = Array.from({length: 25}, (_, i): ViolationEvent => ({...violation, t: i}));
	const summary = finishSummary(foldSummary(createSummary(2), many), 100);
	assert.equal(summary.violations.count, 25);
	assert.deepEqual(summary.violations.first, many.slice(0, 20));
});

test('the default simulated time of a summary is the latest event', () => {
	assert.equal(foldSummary(createSummary(2), events).timeNs, 2400);
});

test('cpus is validated', () => {
	assert.throws(() => createSummary(0), /cpus must be an integer of at least 1, got 0/);
});
