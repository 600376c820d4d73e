/**
 * munmap and MADV_DONTNEED free through `mmu_gather`: after the TLB flush, the anonymous
 * pages go one folio_batch (31) at a time: off the LRU under one lru_lock hold, one
 * uncharge per memcg level, onto the pcp list. Zero-page PTEs free nothing.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {userFault} from '../../../source/sim/fault/user-fault.ts';
import {doMadviseDontneed} from '../../../source/sim/mm/madvise.ts';
import {doMunmap} from '../../../source/sim/mm/munmap.ts';
import {PAGE_SIZE} from '../../../source/sim/mm/pte.ts';
import {VM_READ, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {handWorkedParams as p, makeKernel, makeMm, mapVma, runAll, spawn} from '../helpers.ts';

/** The writer's events from its unmap_page_range on (one CPU: no shootdown to anchor on). */
function afterZap<T extends {type: string; fn: string}>(events: readonly T[]): T[] {
	const zap = events.findIndex(e => e.type === 'lock-release' && (e.fn === 'unmap_page_range' || e.fn === 'zap_page_range_single'));
	assert.ok(zap >= 0);
	return events.slice(zap + 1);
}

test('munmap of 70 written pages and 10 read ones: three folio batches (31, 31, 8) freed after the flush', () => {
	const k = makeKernel({cpus: 1});
	const mm = makeMm(k);
	const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
	spawn(k, 0, function* (task) {
		for (let i = 0; i < 70; i++) yield* userFault(k, task, mm, vma.start + i * PAGE_SIZE, true);
		for (let i = 70; i < 80; i++) yield* userFault(k, task, mm, vma.start + i * PAGE_SIZE, false);
		yield* doMunmap(k, task, mm, vma.start, vma.end);
	});
	const tail = afterZap(runAll(k));
	const rows = tail.filter(e => e.type === 'lock-acquire').map(e => e.type === 'lock-acquire' ? `${e.fn} ${e.lock}` : '');
	const batch = (): string[] => [
		'folios_put_refs node0:lru_lock',
		'page_counter_uncharge memcg.page_counter@session-1.scope',
		'page_counter_uncharge memcg.page_counter@user.slice',
		'page_counter_uncharge memcg.page_counter@root',
	];
	assert.deepEqual(rows, [...batch(), ...batch(), ...batch()]);
	const holds = tail.filter(e => e.type === 'lock-release' && e.fn === 'folios_put_refs').map(e => e.type === 'lock-release' ? e.holdNs : 0);
	assert.deepEqual(holds, [31, 31, 8].map(n => n * p.lruPageNs + p.lineHitNs));
	// Every page charged is uncharged: the counters hold only what the stock still has.
	const memcg = k.mem.memcg!;
	assert.deepEqual(memcg.counters.map(c => c.value), [1, 1, 1].map(() => 2 * p.memcgChargeBatch - 70));
	assert.equal(memcg.stock[0], 2 * p.memcgChargeBatch - 70);
	// 126 pages came from two refills; 70 went back to the list.
	assert.equal(k.mem.zones[0]!.pcpCount[0], 2 * p.pcpBatch - 70 + 70);
	assert.equal(k.checker.violations, 0);
});

test('MADV_DONTNEED of a thread\'s pages frees them the same way, the VMA staying', () => {
	const k = makeKernel({cpus: 1});
	const mm = makeMm(k);
	const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
	spawn(k, 0, function* (task) {
		for (let i = 0; i < 5; i++) yield* userFault(k, task, mm, vma.start + i * PAGE_SIZE, true);
		yield* doMadviseDontneed(k, task, mm, vma.start, vma.end);
	});
	const tail = afterZap(runAll(k));
	assert.deepEqual(tail.filter(e => e.type === 'lock-release' && e.fn === 'folios_put_refs').length, 1);
	assert.equal(k.mem.memcg!.counters[0]!.value, p.memcgChargeBatch - 5);
	assert.equal(vma.detached, false);
});

test('above pcp->high, the freeing CPU returns batches to the buddy lists under zone->lock', () => {
	const k = makeKernel({cpus: 1, params: {pcpHigh: 100}});
	const mm = makeMm(k);
	const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
	spawn(k, 0, function* (task) {
		for (let i = 0; i < 70; i++) yield* userFault(k, task, mm, vma.start + i * PAGE_SIZE, true);
		yield* doMunmap(k, task, mm, vma.start, vma.end);
	});
	const tail = afterZap(runAll(k));
	// 56 left on the list + 70 freed: at 100 one batch of 63 goes back (100 - 63 = 37), then 37 + 26 = 63.
	assert.deepEqual(tail.filter(e => e.type === 'lock-acquire' && e.fn === 'free_pcppages_bulk').length, 1);
	assert.equal(k.mem.zones[0]!.pcpCount[0], 63);
});
