/** mmap, munmap and mprotect under the mmap-sem scheme, on a hand-built mm. */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {userFault} from '../../../source/sim/fault/user-fault.ts';
import {doMmap} from '../../../source/sim/mm/mmap.ts';
import {MMAP_BASE} from '../../../source/sim/mm/mm.ts';
import {doMprotect} from '../../../source/sim/mm/mprotect.ts';
import {doMunmap} from '../../../source/sim/mm/munmap.ts';
import {pteIndex} from '../../../source/sim/mm/pgtable.ts';
import {PAGE_SIZE, PTE_PRESENT, PTE_WRITE} from '../../../source/sim/mm/pte.ts';
import {VM_READ, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {makeKernel, makeMm, mapVma, ofType, runAll, spawn} from '../helpers.ts';

describe('writers', () => {
	test('mmap links a new VMA at the top of the mmap area under the write lock', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		let addr = 0;
		spawn(k, 0, function* (task) {
			addr = yield* doMmap(k, task, mm, {size: 5000, flags: VM_READ | VM_WRITE, file: null});
		});
		const events = runAll(k);
		const vma = mm.vmaAt(addr);
		assert.equal(addr, MMAP_BASE - 2 * PAGE_SIZE, 'mmap returns the start of the mapping');
		assert.equal(vma!.start, MMAP_BASE - 2 * PAGE_SIZE, 'size is page-aligned, placed top-down');
		assert.equal(vma!.end, MMAP_BASE);
		assert.deepEqual(mm.vmas, [vma]);
		assert.deepEqual(events.map(e => `${e.type}:${e.fn}`), [
			'writer-begin:do_mmap',
			'lock-acquire:mmap_write_lock_killable',
			'vma-alloc:vm_area_alloc',
			'lock-release:mmap_write_unlock',
			'writer-end:do_mmap',
		]);
		const [end] = ofType(events, 'writer-end');
		assert.equal(end!.vma, vma!.id);
		assert.equal(mm.mmapSem.idle, true);
	});

	test('munmap zaps, flushes, frees the tables and the VMA, downgrading to read for the zap', () => {
		const k = makeKernel({cpus: 2});
		const mm = makeMm(k, [0, 1]);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
		spawn(k, 0, function* (task) {
			for (let i = 0; i < 3; i++) yield* userFault(k, task, mm, vma.start + i * PAGE_SIZE, true);
			yield* doMunmap(k, task, mm, vma.start, vma.end);
		});
		const table = () => mm.pteTable(vma.start);
		const events = runAll(k);
		assert.equal(table(), undefined, 'the PTE table was unlinked');
		assert.equal(vma.detached, true);
		assert.equal(vma.freed, true);
		assert.deepEqual(mm.vmas, []);
		const tail = events.slice(events.findIndex(e => e.type === 'writer-begin'));
		assert.deepEqual(tail.map(e => `${e.type}:${e.fn}`), [
			'writer-begin:__do_munmap',
			'lock-acquire:mmap_write_lock_killable',
			'lock-release:__do_munmap', // downgrade_write: write released ...
			'lock-acquire:__do_munmap', // ... and read taken
			'ptl-acquire:unmap_page_range',
			// The zapped pages leave the rss under the PTL (add_mm_rss_vec on mm->rss_stat).
			'lock-acquire:add_mm_rss_vec',
			'lock-release:unmap_page_range',
			'tlb-shootdown:tlb_finish_mmu',
			// Then the three pages go: off the LRU under lru_lock, uncharged up the memcg
			// hierarchy, onto this CPU's pcp list (60 + 3 is below high: no zone->lock).
			'lock-acquire:folios_put_refs',
			'lock-release:folios_put_refs',
			'lock-acquire:page_counter_uncharge',
			'lock-acquire:page_counter_uncharge',
			'lock-acquire:page_counter_uncharge',
			'pgtable-free:pte_free',
			'vma-free:vm_area_free',
			'lock-release:mmap_read_unlock',
			'writer-end:__do_munmap',
		]);
		assert.deepEqual(ofType(events, 'tlb-shootdown').map(e => e.targets), [1]);
		assert.deepEqual(ofType(events, 'vma-free').map(e => [e.vma, e.deferredBy, e.deferredNs]), [[vma.id, 'none', 0]]);
		assert.equal(k.checker.violations, 0);
	});

	test('munmap keeps a PTE table another VMA still uses', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const keep = mapVma(k, mm, 64 << 10, VM_READ | VM_WRITE);
		const gone = mapVma(k, mm, 64 << 10, VM_READ | VM_WRITE); // just below, same 2 MiB table
		spawn(k, 0, function* (task) {
			yield* userFault(k, task, mm, keep.start, true);
			yield* userFault(k, task, mm, gone.start, true);
			yield* doMunmap(k, task, mm, gone.start, gone.end);
		});
		const events = runAll(k);
		const table = mm.pteTable(keep.start)!;
		assert.equal(table, mm.pteTable(gone.start));
		assert.equal(table.freed, false);
		assert.equal(table.present, 1);
		assert.equal(table.ptes[pteIndex(gone.start)], 0);
		assert.equal(ofType(events, 'pgtable-free').length, 0);
		assert.equal(k.checker.violations, 0);
	});

	test('mprotect to read-only write-protects the PTEs', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 64 << 10, VM_READ | VM_WRITE);
		spawn(k, 0, function* (task) {
			yield* userFault(k, task, mm, vma.start, true);
			yield* doMprotect(k, task, mm, vma.start, vma.end, VM_READ);
		});
		const events = runAll(k);
		assert.equal(mm.pteTable(vma.start)!.ptes[pteIndex(vma.start)], PTE_PRESENT);
		assert.equal(vma.flags, VM_READ);
		assert.deepEqual(ofType(events, 'ptl-acquire').map(e => e.fn).slice(-1), ['change_protection']);
		assert.deepEqual(ofType(events, 'writer-end').map(e => e.op), ['mprotect']);
		assert.equal(k.checker.violations, 0);
	});

	test('mprotect to PROT_NONE leaves no PTE the checker rejects', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 64 << 10, VM_READ | VM_WRITE);
		spawn(k, 0, function* (task) {
			yield* userFault(k, task, mm, vma.start, true);
			yield* doMprotect(k, task, mm, vma.start, vma.end, 0);
		});
		const events = runAll(k);
		assert.deepEqual(ofType(events, 'violation').map(e => e.kind), []);
		assert.equal(mm.pteTable(vma.start)!.ptes[pteIndex(vma.start)]! & PTE_PRESENT, 0);
	});

	test('mprotect that adds write leaves PTEs alone (the next write faults)', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 64 << 10, VM_READ);
		spawn(k, 0, function* (task) {
			yield* userFault(k, task, mm, vma.start, false);
			yield* doMprotect(k, task, mm, vma.start, vma.end, VM_READ | VM_WRITE);
			yield* userFault(k, task, mm, vma.start, true);
		});
		const events = runAll(k);
		// The read mapped the zero page: the write copies it (wp_page_copy), write permission or not before.
		assert.deepEqual(ofType(events, 'fault-end').map(e => e.kind), ['anon', 'cow']);
		assert.equal(mm.pteTable(vma.start)!.ptes[pteIndex(vma.start)], PTE_PRESENT | PTE_WRITE);
	});
});
