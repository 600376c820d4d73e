/**
 * The per-node page allocator by hand: a CPU's first allocation refills its pcp list with
 * `batch` pages under zone->lock, the next batch-1 are served from the list without it; frees
 * pile up on the list until `high`, where one `free_pcppages_bulk` returns a batch.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {vmaAllocFolio} from '../../../source/sim/mem/folio.ts';
import {freeUnrefFolios} from '../../../source/sim/mem/page-alloc.ts';
import {handWorkedParams as p, lockRows, makeKernel, ofType, runAll, spawn} from '../helpers.ts';

test('the first allocation on a CPU takes zone->lock once for a batch; the next batch-1 do not', () => {
	const k = makeKernel({cpus: 1, memcg: false});
	spawn(k, 0, function* (task) {
		for (let i = 0; i < p.pcpBatch + 1; i++) yield* vmaAllocFolio(k, task);
	});
	const events = runAll(k);
	const zone = k.mem.zones[0]!;
	// 64 allocations: the 1st and the 64th refill. The 1st: pageAllocNs 100, zone->lock on a
	// fresh line 7, 63 pages × 40 held, unlock 1 → released at 2628. Then 62 allocations of
	// 100 from the list, and the 64th: 100, the lock (line still ours) 7 → 8935, held again.
	const hold = p.pcpBatch * p.zonePageNs;
	const firstRelease = p.pageAllocNs + p.atomicOwnNs + hold + p.lineHitNs;
	const secondAcquire = firstRelease + p.pcpBatch * p.pageAllocNs + p.atomicOwnNs;
	assert.equal(firstRelease, 2628);
	assert.equal(secondAcquire, 8935);
	assert.deepEqual(lockRows(events), [
		[p.pageAllocNs + p.atomicOwnNs, 0, 'lock-acquire', 'node0:zone->lock', 'spin', p.atomicOwnNs],
		[firstRelease, 0, 'lock-release', 'node0:zone->lock', 'spin', hold + p.lineHitNs],
		[secondAcquire, 0, 'lock-acquire', 'node0:zone->lock', 'spin', p.atomicOwnNs],
		[secondAcquire + hold + p.lineHitNs, 0, 'lock-release', 'node0:zone->lock', 'spin', hold + p.lineHitNs],
	]);
	assert.equal(zone.pcpCount[0], p.pcpBatch - 1);
});

test('frees go onto the pcp list until high, then free_pcppages_bulk returns one batch under zone->lock', () => {
	const k = makeKernel({cpus: 1, memcg: false});
	spawn(k, 0, function* (task) {
		yield* freeUnrefFolios(k, task, k.mem.zones[0]!, p.pcpHigh - 1);
		yield* freeUnrefFolios(k, task, k.mem.zones[0]!, 1);
	});
	const events = runAll(k);
	const acquires = ofType(events, 'lock-acquire');
	assert.deepEqual(acquires.map(e => [e.fn, e.lock]), [['free_pcppages_bulk', 'node0:zone->lock']]);
	// Reached at the last page: 377 + 1 frees of 50 ns, then the lock.
	assert.equal(acquires[0]!.t, p.pcpHigh * p.pageFreeNs + p.atomicOwnNs);
	assert.equal(k.mem.zones[0]!.pcpCount[0], p.pcpHigh - p.pcpBatch);
});

test('each socket allocates from its own node: CPU 1 of two sockets takes node1:zone->lock', () => {
	const k = makeKernel({cpus: 2, sockets: 2, memcg: false});
	for (const cpu of [0, 1]) spawn(k, cpu, function* (task) {
		yield* vmaAllocFolio(k, task);
	});
	const events = runAll(k);
	assert.deepEqual(ofType(events, 'lock-acquire').map(e => [e.cpu, e.lock, e.waitNs]), [
		[0, 'node0:zone->lock', p.atomicOwnNs],
		[1, 'node1:zone->lock', p.atomicOwnNs],
	]);
});

test('two CPUs of one socket refilling at once: the second spins on zone->lock for the first one\'s batch', () => {
	const k = makeKernel({cpus: 2, sockets: 1, memcg: false});
	for (const cpu of [0, 1]) spawn(k, cpu, function* (task) {
		yield* vmaAllocFolio(k, task);
	});
	const events = runAll(k);
	const contend = ofType(events, 'lock-contend');
	assert.deepEqual(contend.map(e => [e.cpu, e.lock]), [[1, 'node0:zone->lock']]);
	const [first, second] = ofType(events, 'lock-acquire');
	assert.equal(first!.cpu, 0);
	assert.equal(second!.cpu, 1);
	// CPU 1's attempt took the line, so CPU 0's unlock pulls it back (a store transfer, 50)
	// after its 63-page hold, and CPU 1 pulls it again to own the lock (a CAS transfer, 100).
	assert.equal(second!.t, first!.t + p.pcpBatch * p.zonePageNs + p.storeSameSocketNs + p.casSameSocketNs);
	assert.equal(second!.waitNs, second!.t - p.pageAllocNs);
});

test('with high and batch overridden to 0, a free still leaves a sane list (no underflow): each page goes back at once', () => {
	const k = makeKernel({cpus: 1, memcg: false, params: {pcpHigh: 0, pcpBatch: 0}});
	spawn(k, 0, function* (task) {
		yield* freeUnrefFolios(k, task, k.mem.zones[0]!, 3);
		yield* vmaAllocFolio(k, task);
	});
	const events = runAll(k);
	assert.deepEqual(ofType(events, 'lock-acquire').map(e => e.fn), ['free_pcppages_bulk', 'free_pcppages_bulk', 'free_pcppages_bulk', 'rmqueue_bulk']);
	assert.equal(k.mem.zones[0]!.pcpCount[0], 0);
});
