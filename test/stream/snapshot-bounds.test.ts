import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimEvent} from '../../source/sim/events.ts';
import {createSnapshotState, foldSnapshot, takeSnapshot} from '../../source/stream/index.ts';
import {faultEnd, lockAcquire, ptlAcquire, specAbort, vmaAlloc, vmaFree} from './make-events.ts';

/** Event i of an endless run: new lock ids and VMAs all the time, some never freed. */
function eventAt(i: number): SimEvent {
	const t = i * 10;
	const cpu = i % 8;
	switch (i % 6) {
		case 0: return faultEnd(t, cpu, {addr: (i % 5000) * 0x1000, latencyNs: 1 + ((i * 7919) % 10_000_000)});
		case 1: return ptlAcquire(t, cpu, `ptl@0x${i.toString(16)}`, i % 300);
		case 2: return lockAcquire(t, cpu, 'mm1:mmap_sem', i % 100);
		case 3: return vmaAlloc(t, i, i * 0x1000, i * 0x1000 + 0x1000);
		// Frees every other VMA allocated (and an unknown one in between); the rest stay live forever.
		case 4: return vmaFree(t, i % 12 === 4 ? i - 13 : -1, {deferredBy: 'rcu', deferredNs: 50});
		default: return specAbort(t, cpu, i % 2 ? 'vma-seq-changed' : 'pte-changed');
	}
}

test('state stays bounded over a million events', () => {
	const options = {cpus: 8, windowNs: 10_000, historyLength: 30, maxLocks: 64, maxVmas: 100, maxFreedVmas: 20, logSize: 2000};
	const state = createSnapshotState(options);
	const batch: SimEvent[] = [];
	for (let i = 0; i < 1_000_000; i++) {
		batch.push(eventAt(i));
		if (batch.length === 1000) {
			foldSnapshot(state, batch);
			batch.length = 0;
		}
	}

	const snapshot = takeSnapshot(state, state.nowNs);
	assert.equal(snapshot.events, 1_000_000);
	assert.equal(snapshot.log.length, 2000);
	assert.equal(state.log.length, 2000);
	assert.equal(state.history.length, 30);
	assert.ok(state.history.toArray().every(window => window.lockWaitNs.size <= 64));
	assert.ok(state.current.locks.size <= 64 && state.previous.locks.size <= 64);
	assert.equal(snapshot.vmas.filter(row => row.live).length, 100);
	assert.equal(snapshot.vmas.filter(row => !row.live).length, 20);
	for (const cpu of snapshot.cpus) {
		assert.equal(cpu.sparkline.length, 30);
		assert.ok(Object.keys(cpu.aborts).length <= 2);
	}

	assert.equal(snapshot.locks.length, 8);
	assert.equal(snapshot.locks[0]!.waitNsHistory.length, 30);
});
