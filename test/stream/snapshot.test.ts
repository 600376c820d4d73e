import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent} from '../../source/sim/events.ts';
import {createSnapshotState, foldSnapshot, takeSnapshot} from '../../source/stream/index.ts';
import type {CpuActivity} from '../../source/stream/index.ts';
import {faultEnd, faultStart, lockAcquire, lockContend, ptlAcquire, specAbort, vmaAlloc, vmaFree, writerBegin, writerEnd} from './make-events.ts';

test('per-CPU state follows the CPU\'s own events', () => {
	const state = createSnapshotState({cpus: 2});
	const activity = (): CpuActivity => takeSnapshot(state, state.nowNs).cpus[0]!.activity;
	const steps: Array<[SimEvent, CpuActivity]> = [
		[faultStart(10, 0), {state: 'fault', fn: 'do_user_addr_fault'}],
		[{...lockContend(20, 0, 'mm1:mmap_sem', 'read'), fn: 'lock_mm_and_find_vma'}, {state: 'sleep', lock: 'mm1:mmap_sem', fn: 'lock_mm_and_find_vma'}],
		[lockAcquire(30, 0, 'mm1:mmap_sem', 10), {state: 'fault', fn: 'down_read'}],
		[{...lockContend(40, 0, 'ptl@0x1000', 'spin'), fn: 'pte_offset_map_lock'}, {state: 'spin', lock: 'ptl@0x1000', fn: 'pte_offset_map_lock'}],
		[ptlAcquire(50, 0, 'ptl@0x1000', 10), {state: 'fault', fn: 'pte_offset_map_lock'}],
		[{...lockContend(55, 0, 'ptl@0x2000', 'trylock'), fn: 'pte_map_lock'}, {state: 'spin', lock: 'ptl@0x2000', fn: 'pte_map_lock'}],
		[specAbort(56, 0, 'ptl-busy'), {state: 'fault', fn: 'handle_speculative_fault'}],
		// Waiting for a refcount or an RCU reader does not block the CPU.
		[lockContend(57, 0, 'vma#1.refcnt', 'ref'), {state: 'fault', fn: 'lock_contend'}],
		[faultEnd(60, 0), {state: 'user'}],
		[writerBegin(70, 0, 'munmap', 1), {state: 'syscall', op: 'munmap', fn: '__do_sys_munmap'}],
		[{...lockContend(80, 0, 'mm1:mmap_sem', 'write'), fn: 'down_write'}, {state: 'sleep', lock: 'mm1:mmap_sem', fn: 'down_write'}],
		[writerEnd(90, 0, 'munmap', 1), {state: 'user'}],
	];
	assert.deepEqual(activity(), {state: 'idle'});
	for (const [event, expected] of steps) {
		foldSnapshot(state, [event]);
		assert.deepEqual(activity(), expected, `after ${event.type} at ${event.t}`);
	}

	assert.deepEqual(takeSnapshot(state, 90).cpus[1]!.activity, {state: 'idle'}, 'CPU 1 saw nothing');
});

test('rates describe the last complete window of simulated time', () => {
	const state = createSnapshotState({cpus: 2, windowNs: 1000});
	foldSnapshot(state, [
		faultEnd(100, 0, {latencyNs: 100}),
		faultEnd(200, 0, {latencyNs: 300, path: 'speculative'}),
		faultEnd(300, 1, {latencyNs: 50, path: 'speculative'}),
		specAbort(400, 0, 'vma-seq-changed'),
		ptlAcquire(500, 1, 'ptl@0x1000', 250),
	]);

	// Before the first window ends, the part run so far.
	const early = takeSnapshot(state, 500);
	assert.deepEqual(early.window, {startNs: 0, endNs: 500});
	assert.equal(early.cpus[0]!.faultsPerSec, 4e6);

	const snapshot = takeSnapshot(state, 1500);
	assert.equal(snapshot.timeNs, 1500);
	assert.deepEqual(snapshot.window, {startNs: 0, endNs: 1000});
	assert.deepEqual(snapshot.totals, {faultsPerSec: 3e6, speculativeShare: 2 / 3, abortsPerSec: 1e6, faults: 3, violations: 0});
	const [cpu0, cpu1] = snapshot.cpus;
	assert.deepEqual({...cpu0, activity: undefined}, {
		cpu: 0,
		mm: 1,
		activity: undefined,
		faultsPerSec: 2e6,
		speculativeShare: 0.5,
		abortsPerSec: 1e6,
		aborts: {'vma-seq-changed': 1},
		latencyP50Ns: 100,
		latencyP99Ns: 300,
		lockWaitShare: 0,
		sparkline: [2e6],
	});
	assert.equal(cpu1!.speculativeShare, 1);
	assert.equal(cpu1!.lockWaitShare, 0.25);
	assert.deepEqual(cpu1!.sparkline, [1e6]);

	// Two windows pass without events: the latest complete one is empty.
	const later = takeSnapshot(state, 3500);
	assert.deepEqual(later.window, {startNs: 2000, endNs: 3000});
	assert.equal(later.totals.faultsPerSec, 0);
	assert.equal(later.totals.speculativeShare, null);
	assert.equal(later.cpus[0]!.latencyP50Ns, null);
	assert.deepEqual(later.cpus[0]!.sparkline, [2e6, 0, 0]);
	assert.equal(later.totals.faults, 3, 'totals since the start stay');
});

test('a wait ending in a window counts whole there, capped at a share of 1', () => {
	const state = createSnapshotState({cpus: 1, windowNs: 1000});
	foldSnapshot(state, [lockAcquire(900, 0, 'mm1:mmap_sem', 5000)]);
	assert.equal(takeSnapshot(state, 1000).cpus[0]!.lockWaitShare, 1);
});

test('sparklines keep the last historyLength windows', () => {
	const state = createSnapshotState({cpus: 1, windowNs: 1000, historyLength: 3});
	// Window w has w + 1 faults.
	for (let w = 0; w < 10; w++) foldSnapshot(state, Array.from({length: w + 1}, (_, i) => faultEnd(w * 1000 + i, 0)));
	assert.deepEqual(takeSnapshot(state, 10_000).cpus[0]!.sparkline, [8e6, 9e6, 10e6]);
});

test('the hottest locks, with wait per CPU and per window', () => {
	const state = createSnapshotState({cpus: 3, windowNs: 1000, topLocks: 2});
	foldSnapshot(state, [
		lockAcquire(100, 0, 'mm1:mmap_sem', 400),
		ptlAcquire(200, 2, 'ptl@0x1000', 50),
		lockContend(250, 1, 'mm1:mmap_sem', 'read'),
		lockAcquire(300, 1, 'mm1:mmap_sem', 100),
		lockAcquire(400, 1, 'vma#7.refcnt', 0, 'ref'),
		// Window 1
		ptlAcquire(1100, 0, 'ptl@0x1000', 900),
		lockAcquire(1200, 2, 'mm1:mmap_sem', 30),
	]);
	const first = takeSnapshot(state, 1000);
	assert.deepEqual(first.locks, [
		{id: 'mm1:mmap_sem', lockClass: 'mmap_sem', waitNs: 500, acquisitions: 2, contended: 1, waitNsByCpu: [400, 100, 0], waitNsHistory: [500]},
		{id: 'ptl@0x1000', lockClass: 'ptl', waitNs: 50, acquisitions: 1, contended: 0, waitNsByCpu: [0, 0, 50], waitNsHistory: [50]},
	]);
	const second = takeSnapshot(state, 2000);
	assert.deepEqual(second.locks.map(lock => [lock.id, lock.waitNsByCpu, lock.waitNsHistory]), [
		['ptl@0x1000', [900, 0, 0], [50, 900]],
		['mm1:mmap_sem', [0, 0, 30], [500, 30]],
	]);
});

test('the VMA table attributes faults by address and keeps recent frees', () => {
	const state = createSnapshotState({cpus: 1});
	foldSnapshot(state, [
		vmaAlloc(1, 2, 0x20_0000, 0x40_0000, {flags: 'r--p'}),
		vmaAlloc(2, 1, 0x1000, 0x3000),
		vmaAlloc(3, 3, 0x1000, 0x2000, {mm: 2}),
		faultEnd(10, 0, {addr: 0x1000}),
		faultEnd(11, 0, {addr: 0x2fff}),
		faultEnd(12, 0, {addr: 0x3000}),
		faultEnd(13, 0, {addr: 0x30_0000}),
		faultEnd(14, 0, {addr: 0x1800, mm: 2}),
		writerBegin(20, 0, 'mprotect', 2),
	]);
	const rows = takeSnapshot(state, 20).vmas;
	assert.deepEqual(rows.map(row => [row.mm, row.vma, row.faults, row.writer, row.live]), [
		[1, 1, 2, null, true],
		[1, 2, 1, 'mprotect', true],
		[2, 3, 1, null, true],
	]);

	foldSnapshot(state, [writerEnd(30, 0, 'mprotect', 2), vmaFree(40, 1, {deferredBy: 'rcu', deferredNs: 25}), faultEnd(50, 0, {addr: 0x1000})]);
	assert.deepEqual(takeSnapshot(state, 50).vmas, [
		{mm: 1, vma: 2, start: 0x20_0000, end: 0x40_0000, flags: 'r--p', faults: 1, inFlight: 0, writer: null, writes: 1, live: true, unmappedAtNs: null, freedAtNs: null, deferredBy: null},
		{mm: 2, vma: 3, start: 0x1000, end: 0x2000, flags: 'rw-p', faults: 1, inFlight: 0, writer: null, writes: 0, live: true, unmappedAtNs: null, freedAtNs: null, deferredBy: null},
		{mm: 1, vma: 1, start: 0x1000, end: 0x3000, flags: 'rw-p', faults: 2, inFlight: 0, writer: null, writes: 0, live: false, unmappedAtNs: null, freedAtNs: 40, deferredBy: 'rcu'},
	]);
});

test('the event log keeps the latest events, and snapshots do not change afterwards', () => {
	const state = createSnapshotState({cpus: 1, logSize: 3});
	const events = Array.from({length: 5}, (_, i) => faultEnd(i, 0));
	foldSnapshot(state, events.slice(0, 4));
	const before = takeSnapshot(state, 3);
	assert.deepEqual(before.log, events.slice(1, 4));
	foldSnapshot(state, events.slice(4));
	assert.deepEqual(before.log, events.slice(1, 4));
	assert.equal(before.counts['fault-end'], 4);
	const after = takeSnapshot(state, 4);
	assert.deepEqual(after.log, events.slice(2));
	assert.equal(after.counts['fault-end'], 5);
	assert.equal(after.events, 5);
});

test('options are validated with their names', () => {
	assert.throws(() => createSnapshotState({cpus: 2, windowNs: 0}), /windowNs must be an integer of at least 1, got 0/);
	assert.throws(() => createSnapshotState({cpus: 2, topLocks: 10, maxLocks: 5}), /maxLocks must be an integer of at least 10, got 5/);
});
