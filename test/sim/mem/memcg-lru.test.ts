/**
 * memcg charging and LRU batching by hand: the charge stock sends every 64th charge to the
 * three page_counters (and the other 63 to no shared line); uncharging a batch of folios
 * is one atomic per level; a CPU's LRU-add batch goes under lru_lock once every 31 adds.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {folioAddLruVma, folioPut} from '../../../source/sim/mem/folio.ts';
import {memCgroupCharge} from '../../../source/sim/mem/memcg.ts';
import {handWorkedParams as p, makeKernel, ofType, runAll, spawn} from '../helpers.ts';

test('the charge stock refills every 64 charges: three page_counter atomics, leaf to root, 64 pages each', () => {
	const k = makeKernel({cpus: 1});
	const memcg = k.mem.memcg!;
	spawn(k, 0, function* (task) {
		for (let i = 0; i < 2 * p.memcgChargeBatch + 1; i++) yield* memCgroupCharge(k, task, memcg);
	});
	const events = ofType(runAll(k), 'lock-acquire');
	const levels = ['memcg.page_counter@session-1.scope', 'memcg.page_counter@user.slice', 'memcg.page_counter@root'];
	// Charges 1, 65 and 129 find the stock empty.
	assert.deepEqual(events.map(e => [e.lock, e.mode, e.fn]), [0, 1, 2].flatMap(() => levels.map(lock => [lock, 'atomic', 'page_counter_try_charge'])));
	// Charge 65 starts after 64 × 40 ns of charges and 3 × 7 of atomics.
	assert.equal(events[3]!.t, (p.memcgChargeBatch + 1) * p.memcgChargeNs + 4 * p.atomicOwnNs);
	assert.deepEqual(memcg.counters.map(c => c.value), [3, 3, 3].map(n => n * p.memcgChargeBatch));
	assert.equal(memcg.stock[0], 3 * p.memcgChargeBatch - (2 * p.memcgChargeBatch + 1));
});

test('with memcg off a folio is neither charged nor uncharged', () => {
	const k = makeKernel({cpus: 1, memcg: false});
	spawn(k, 0, function* (task) {
		yield* folioPut(k, task);
	});
	assert.equal(k.mem.memcg, null);
	assert.deepEqual(ofType(runAll(k), 'lock-acquire'), []);
});

test('folio_add_lru takes lru_lock once per 31 adds, for the whole batch', () => {
	const k = makeKernel({cpus: 1});
	spawn(k, 0, function* (task) {
		for (let i = 0; i < 2 * p.folioBatchSize + 5; i++) yield* folioAddLruVma(k, task);
	});
	const events = runAll(k);
	const acquires = ofType(events, 'lock-acquire');
	assert.deepEqual(acquires.map(e => [e.lock, e.fn]), [
		['node0:lru_lock', 'folio_batch_move_lru'],
		['node0:lru_lock', 'folio_batch_move_lru'],
	]);
	// Each hold moves 31 folios at 20 ns (plus the unlock store).
	assert.deepEqual(ofType(events, 'lock-release').map(e => e.holdNs), [1, 1].map(n => n * p.folioBatchSize * p.lruPageNs + p.lineHitNs));
	assert.equal(k.mem.lruvecs[0]!.lruAdd[0], 5);
});
