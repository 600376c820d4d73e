// The VMA table as the dashboard's VMA pane needs it: a VMA unmapped but waiting for a grace
// period (or its last reference) is `freeing`, not live; the VMA an mmap injection allocated
// is named; each CPU's snapshot says which process it last ran for.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent} from '../../source/sim/events.ts';
import {createSnapshotState, foldSnapshot, takeSnapshot} from '../../source/stream/index.ts';
import {faultEnd, faultStart, vmaAlloc, vmaFree, writerBegin, writerEnd} from './make-events.ts';

const states = (events: SimEvent[], now: number) => {
	const state = createSnapshotState({cpus: 2});
	foldSnapshot(state, events);
	return takeSnapshot(state, now).vmas.map(row => [row.vma, row.live, row.unmappedAtNs, row.freedAtNs]);
};

test('a VMA whose free waits for a grace period is unmapped, not live, until vma-free', () => {
	const events = [vmaAlloc(1, 1, 0x1000, 0x3000), vmaAlloc(2, 2, 0x4000, 0x5000), writerBegin(10, 0, 'munmap', 1), writerEnd(20, 0, 'munmap', 1)];
	// Listed after the live VMAs, with the time munmap ended.
	assert.deepEqual(states(events, 30), [[2, true, null, null], [1, false, 20, null]]);
	// The grace period ends: freed.
	assert.deepEqual(states([...events, vmaFree(90, 1, {deferredBy: 'rcu', deferredNs: 70})], 100), [[2, true, null, null], [1, false, 20, 90]]);
	// Freed during munmap (no deferral): never freeing.
	assert.deepEqual(states([events[0]!, events[2]!, vmaFree(15, 1), events[3]!], 30), [[1, false, null, 15]]);
});

test('a fault after the unmap is not counted on the freeing VMA', () => {
	const state = createSnapshotState({cpus: 2});
	foldSnapshot(state, [vmaAlloc(1, 1, 0x1000, 0x3000), writerBegin(10, 0, 'munmap', 1), writerEnd(20, 0, 'munmap', 1), faultStart(30, 1, {addr: 0x1000}), faultEnd(31, 1, {addr: 0x1000})]);
	const [row] = takeSnapshot(state, 40).vmas;
	assert.deepEqual([row!.faults, row!.inFlight, row!.writes], [0, 0, 1]);
});

test('the VMA an mmap injection allocated is named, not the writer thread’s own mmap of another size', () => {
	const state = createSnapshotState({cpus: 2});
	const inject: SimEvent = {type: 'inject', t: 5, cpu: 0, fn: 'inject', injection: {kind: 'mmap', mm: 1, size: 0x80_0000, file: false, shared: false}};
	foldSnapshot(state, [vmaAlloc(1, 1, 0x1000, 0x3000), inject, vmaAlloc(6, 2, 0x10_0000, 0x14_0000)]);
	assert.deepEqual(takeSnapshot(state, 6).injectedVma, {vma: null, count: 0});
	foldSnapshot(state, [vmaAlloc(7, 3, 0x100_0000, 0x180_0000)]);
	assert.deepEqual(takeSnapshot(state, 7).injectedVma, {vma: {mm: 1, vma: 3}, count: 1});
});

test('each CPU names the process it last ran for; the processes with VMAs are listed', () => {
	const state = createSnapshotState({cpus: 3});
	foldSnapshot(state, [vmaAlloc(1, 1, 0x1000, 0x3000, {mm: 0}), vmaAlloc(1, 2, 0x1000, 0x3000, {mm: 1}), faultStart(2, 0, {mm: 1}), faultStart(3, 1, {mm: 0})]);
	const snapshot = takeSnapshot(state, 4);
	assert.deepEqual(snapshot.cpus.map(cpu => cpu.mm), [1, 0, null]);
	assert.deepEqual(snapshot.mms, [0, 1]);
});
