/**
 * The zero page (mm/memory.c `do_anonymous_page`: `!(vmf->flags & FAULT_FLAG_WRITE)` →
 * `my_zero_pfn`): a read fault on anonymous memory maps it read-only without allocating or
 * clearing a page, and the write after it takes `do_wp_page`'s copy path, entered with the
 * PTL that `handle_pte_fault` took.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {SimEvent} from '../../../source/sim/events.ts';
import {userFault} from '../../../source/sim/fault/user-fault.ts';
import {pteIndex} from '../../../source/sim/mm/pgtable.ts';
import {PTE_PRESENT, PTE_WRITE, PTE_ZERO} from '../../../source/sim/mm/pte.ts';
import {VM_READ, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {defaultParams as p} from '../../../source/sim/params.ts';
import {makeKernel, makeMm, mapVma, ofType, runAll, spawn} from '../helpers.ts';

/** Faults `writes` in order on the first page of a fresh anonymous VMA; returns the events and the PTE after each. */
function faults(writes: readonly boolean[]) {
	const k = makeKernel({cpus: 1});
	const mm = makeMm(k);
	const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
	const ptes: number[] = [];
	spawn(k, 0, function* (task) {
		for (const write of writes) {
			yield* userFault(k, task, mm, vma.start, write);
			ptes.push(mm.pteTable(vma.start)!.ptes[pteIndex(vma.start)]!);
		}
	});
	return {events: runAll(k), ptes, vma};
}

function row(e: SimEvent): [string, string, string] {
	return [e.type, e.fn, 'lock' in e ? e.lock : e.type === 'fault-end' ? e.kind : ''];
}

const ptl = 'ptl@0x7effffe00000';

describe('the zero page', () => {
	test('a read fault then a write fault on the same page: do_anonymous_page, then handle_pte_fault → do_wp_page → wp_page_copy', () => {
		const {events, ptes, vma} = faults([false, true]);
		const [, second] = ofType(events, 'fault-start').map(s => events.indexOf(s));
		assert.deepEqual(events.slice(second).map(row), [
			['fault-start', 'do_user_addr_fault', ''],
			['lock-acquire', 'lock_mm_and_find_vma', 'mmap_sem'],
			// handle_pte_fault takes the PTL, re-checks pte_same and enters do_wp_page with it held.
			['ptl-acquire', 'handle_pte_fault', ptl],
			// wp_page_copy drops it to allocate the new page (this CPU's first: its pcp list is
			// refilled under zone->lock) and charge it (an empty stock: every level's page_counter),
			// then retakes it to install it.
			['lock-release', 'wp_page_copy', ptl],
			['lock-acquire', 'rmqueue_bulk', 'node0:zone->lock'],
			['lock-release', 'rmqueue_bulk', 'node0:zone->lock'],
			['lock-acquire', 'page_counter_try_charge', 'memcg.page_counter@session-1.scope'],
			['lock-acquire', 'page_counter_try_charge', 'memcg.page_counter@user.slice'],
			['lock-acquire', 'page_counter_try_charge', 'memcg.page_counter@root'],
			['ptl-acquire', 'wp_page_copy', ptl],
			['lock-release', 'wp_page_copy', ptl],
			['lock-release', 'mmap_read_unlock', 'mmap_sem'],
			['fault-end', 'do_user_addr_fault', 'cow'],
		]);
		assert.deepEqual(ptes, [PTE_PRESENT | PTE_ZERO, PTE_PRESENT | PTE_WRITE]);
		assert.notEqual(vma.anonVma, 0, 'wp_page_copy did anon_vma_prepare');
	});

	test('the read allocates and clears nothing; the write that copies the zero page allocates and clears one page', () => {
		const read = ofType(faults([false]).events, 'fault-end')[0]!;
		const write = ofType(faults([true]).events, 'fault-end')[0]!;
		assert.equal(read.kind, 'anon');
		// Same path otherwise: the first write also pays anon_vma_prepare, the page (and this
		// CPU's first pcp refill: zone->lock 7 + 63 pages + unlock 1), its charge (an empty
		// stock: three page_counter atomics on fresh lines) and its clearing.
		const alloc = p.pageAllocNs + p.atomicOwnNs + p.pcpBatch * p.zonePageNs + p.lineHitNs + p.memcgChargeNs + 3 * p.atomicOwnNs;
		assert.equal(write.latencyNs - read.latencyNs, p.vmaAllocNs + alloc + p.pageZeroNs);
		const [, copy] = ofType(faults([false, true]).events, 'fault-end');
		assert.ok(copy!.latencyNs >= p.pageAllocNs + p.pageZeroNs + p.setPteNs, `wp_page_copy took ${copy!.latencyNs} ns`);
	});
});
