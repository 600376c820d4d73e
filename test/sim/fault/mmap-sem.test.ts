/**
 * The classic fault path (`mmap-sem` scheme) on one CPU, jitter off, default costs.
 * Latencies are summed by hand from `defaultParams`.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {FaultOutcome} from '../../../source/sim/events.ts';
import {userFault} from '../../../source/sim/fault/user-fault.ts';
import type {Kernel} from '../../../source/sim/kernel.ts';
import type {Mm} from '../../../source/sim/mm/mm.ts';
import {pteIndex} from '../../../source/sim/mm/pgtable.ts';
import {PAGE_SIZE, PTE_FILE, PTE_PRESENT, PTE_WRITE, PTE_ZERO} from '../../../source/sim/mm/pte.ts';
import {FileObject, VM_READ, VM_SHARED, VM_WRITE} from '../../../source/sim/mm/vma.ts';
import {defaultParams as p} from '../../../source/sim/params.ts';
import {makeKernel, makeMm, mapVma, ofType, runAll, spawn} from '../helpers.ts';

/** Runs the faults one after another on CPU 0 and returns their outcomes. */
function fault(k: Kernel, mm: Mm, accesses: readonly [addr: number, write: boolean][]): FaultOutcome[] {
	const outcomes: FaultOutcome[] = [];
	spawn(k, 0, function* (task) {
		for (const [addr, write] of accesses) outcomes.push(yield* userFault(k, task, mm, addr, write));
	});
	runAll(k);
	return outcomes;
}

function pte(mm: Mm, addr: number): number {
	return mm.pteTable(addr)?.ptes[pteIndex(addr)] ?? 0;
}

describe('mmap-sem fault path', () => {
	test('an anonymous write fault costs the sum of its steps', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
		const outcomes = fault(k, mm, [[vma.start, true], [vma.start + PAGE_SIZE, true]]);
		assert.deepEqual(outcomes, ['ok', 'ok']);
		// First fault in a fresh mm (one VMA, no page tables):
		//   faultEntryNs                                        150
		//   down_read(mmap_sem): atomic on a fresh line           7
		//   find_vma: load of the tree line (nobody holds it)     1
		//             1 level (ceil(log2(1 + 1))) × 5             5
		//   __handle_mm_fault: 4 levels × 5                      20
		//   __pmd_alloc: pgtableAllocNs                        1200
		//                page_table_lock: lock 7 + unlock 1       8
		//                mm_inc_nr_pmds: fresh line             7
		//   __pte_alloc: pgtableAllocNs                        1200
		//                page_table_lock (own line): 7 + 1        8
		//                mm_inc_nr_ptes (own line)              7
		//   handle_pte_fault: 1 level                             5
		//   do_anonymous_page: anon_vma_prepare (vmaAllocNs)    150
		//     rmqueue_pcplist: pageAllocNs                      100
		//       empty pcp → rmqueue_bulk: zone->lock fresh 7, 63 pages × 40, unlock 1   2528
		//     mem_cgroup_charge: memcgChargeNs                   40
		//       empty stock → 3 page_counter atomics, fresh lines 3 × 7                  21
		//                      pageZeroNs                       300
		//                      PTL: fresh line 7                  7
		//                      folio_add_lru: 1 of 31, no lock    0
		//                      set_pte_at                        60
		//                      PTL unlock (own line)              1
		//   up_read(mmap_sem): own line                           7
		//   faultExitNs                                         100
		//                                              total 5932
		const first = p.faultEntryNs + p.atomicOwnNs + p.lineHitNs + p.vmaTreeLevelNs + 4 * p.pgtableLevelNs
			+ 2 * (p.pgtableAllocNs + p.atomicOwnNs + p.lineHitNs + p.atomicOwnNs) + p.pgtableLevelNs + p.vmaAllocNs
			+ p.pageAllocNs + p.atomicOwnNs + p.pcpBatch * p.zonePageNs + p.lineHitNs + p.memcgChargeNs + 3 * p.atomicOwnNs
			+ p.pageZeroNs + p.atomicOwnNs + p.setPteNs + p.lineHitNs + p.atomicOwnNs + p.faultExitNs;
		assert.equal(first, 5932);
		// Second fault, next page: tables and anon_vma exist, every line is already ours, the
		// pcp list and the charge stock serve it without a shared line:
		//   150 + 7 + 1 + 5 + 20 + 5 + 100 + 40 + 300 + 7 + 60 + 1 + 7 + 100 = 803
		const second = p.faultEntryNs + p.atomicOwnNs + p.lineHitNs + p.vmaTreeLevelNs + 4 * p.pgtableLevelNs + p.pgtableLevelNs
			+ p.pageAllocNs + p.memcgChargeNs + p.pageZeroNs + p.atomicOwnNs + p.setPteNs + p.lineHitNs + p.atomicOwnNs + p.faultExitNs;
		assert.equal(second, 803);
		const ends = ofType(k.events, 'fault-end');
		assert.deepEqual(ends.map(e => [e.latencyNs, e.outcome, e.path, e.kind, e.fn]), [
			[5932, 'ok', 'classic', 'anon', 'do_user_addr_fault'],
			[803, 'ok', 'classic', 'anon', 'do_user_addr_fault'],
		]);
		assert.deepEqual(ends.map(e => e.t), [5932, 5932 + 803]);
		// A private anonymous write maps a writable anonymous page.
		assert.equal(pte(mm, vma.start), PTE_PRESENT | PTE_WRITE);
		assert.equal(k.checker.violations, 0);
	});

	test('the fault emits start, lock, PTL and end events in kernel order', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
		fault(k, mm, [[vma.start, true]]);
		const trace = k.events.filter(e => e.type !== 'vma-alloc').map(e => `${e.type}:${e.fn}`);
		assert.deepEqual(trace, [
			'fault-start:do_user_addr_fault',
			'lock-acquire:lock_mm_and_find_vma',
			'ptl-acquire:__pmd_alloc',
			'lock-acquire:mm_inc_nr_pmds',
			'lock-release:__pmd_alloc',
			'ptl-acquire:__pte_alloc',
			'lock-acquire:mm_inc_nr_ptes',
			'lock-release:__pte_alloc',
			'lock-acquire:rmqueue_bulk',
			'lock-release:rmqueue_bulk',
			'lock-acquire:page_counter_try_charge',
			'lock-acquire:page_counter_try_charge',
			'lock-acquire:page_counter_try_charge',
			'ptl-acquire:do_anonymous_page',
			'lock-release:do_anonymous_page',
			'lock-release:mmap_read_unlock',
			'fault-end:do_user_addr_fault',
		]);
	});

	test('a read fault on a file mapping maps the fault-around window', () => {
		// Every page is in the page cache.
		const k = makeKernel({cpus: 1, params: {pageCacheHitPermille: 1000}});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ, new FileObject(1, 'f'));
		const addr = vma.start + 5 * PAGE_SIZE;
		assert.deepEqual(fault(k, mm, [[addr, false]]), ['ok']);
		const table = mm.pteTable(addr)!;
		// The window is the 16 pages (64 KiB aligned) around the fault: pages 0..15.
		assert.equal(table.present, p.faultAroundPages);
		for (let i = 0; i < 20; i++) {
			const want = i < 16 ? PTE_PRESENT | PTE_FILE : 0;
			assert.equal(pte(mm, vma.start + i * PAGE_SIZE), want, `page ${i}`);
		}
		const [end] = ofType(k.events, 'fault-end');
		assert.equal(end!.kind, 'read');
		// No ->fault was needed: entry 150, lock 7, find_vma 1 + 5, walk 20, tables
		// 2 × (1208 + 7 for mm->pgtables_bytes), pte level 5, PTL 7, 16 pages × (190 + 7 for
		// the reference on each page's fresh line), unlock 1, up_read 7, exit 100.
		assert.equal(end!.latencyNs, 150 + 7 + 6 + 20 + 2 * 1215 + 5 + 7 + 16 * (p.faultAroundPageNs + p.atomicOwnNs) + 1 + 7 + 100);
		assert.deepEqual(ofType(k.events, 'ptl-acquire').map(e => e.fn), ['__pmd_alloc', '__pte_alloc', 'filemap_map_pages']);
	});

	test('fault-around maps only the pages already in the page cache', () => {
		const k = makeKernel({cpus: 1, params: {pageCacheHitPermille: 0}});
		const mm = makeMm(k);
		const file = new FileObject(1, 'f');
		const vma = mapVma(k, mm, 1 << 20, VM_READ, file);
		for (const pg of [1, 3, 4]) file.cached.add(pg);
		fault(k, mm, [[vma.start + 3 * PAGE_SIZE, false]]);
		assert.equal(mm.pteTable(vma.start)!.present, 3);
		assert.deepEqual([1, 3, 4].map(pg => pte(mm, vma.start + pg * PAGE_SIZE)), [5, 5, 5].map(() => PTE_PRESENT | PTE_FILE));
	});

	test('a page-cache miss drops mmap_sem for the I/O and retries', () => {
		// Nothing is cached: fault-around maps nothing and ->fault must read the page.
		const k = makeKernel({cpus: 1, params: {pageCacheHitPermille: 0}});
		const mm = makeMm(k);
		const file = new FileObject(1, 'f');
		const vma = mapVma(k, mm, 1 << 20, VM_READ, file);
		const addr = vma.start + 2 * PAGE_SIZE;
		assert.deepEqual(fault(k, mm, [[addr, false]]), ['ok']);
		const mmapSem = k.events.filter(e => (e.type === 'lock-acquire' || e.type === 'lock-release') && e.lock === 'mmap_sem');
		assert.deepEqual(mmapSem.map(e => `${e.type}:${e.fn}`), [
			'lock-acquire:lock_mm_and_find_vma',
			'lock-release:maybe_unlock_mmap_for_io',
			'lock-acquire:lock_mm_and_find_vma',
			'lock-release:mmap_read_unlock',
		]);
		// The I/O happens with mmap_sem dropped.
		const dropped = mmapSem[1]!.t;
		const retaken = mmapSem[2]!;
		assert.ok(retaken.t - dropped >= p.fileIoNs, `mmap_sem was dropped for ${retaken.t - dropped} ns`);
		assert.equal(vma.faults, 2, 'handle_mm_fault ran twice');
		assert.ok(file.cached.has(2), 'the page is in the page cache now');
		assert.equal(pte(mm, addr), PTE_PRESENT | PTE_FILE);
		assert.equal(mm.pteTable(addr)!.present, 1, 'only the page just read was mapped');
		const [end] = ofType(k.events, 'fault-end');
		assert.equal(end!.outcome, 'ok');
		assert.equal(end!.kind, 'read');
		assert.ok(end!.latencyNs > p.fileIoNs, `latency ${end!.latencyNs} includes the I/O`);
	});

	test('a write to a read-only VMA is SIGSEGV and maps nothing', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ);
		assert.deepEqual(fault(k, mm, [[vma.start, true]]), ['sigsegv']);
		const [end] = ofType(k.events, 'fault-end');
		assert.equal(end!.outcome, 'sigsegv');
		assert.equal(end!.kind, 'none');
		assert.equal(mm.pteTable(vma.start), undefined);
		assert.deepEqual(ofType(k.events, 'lock-release').map(e => e.fn), ['bad_area']);
		assert.equal(mm.mmapSem.idle, true);
	});

	test('an access where no VMA is mapped is SIGSEGV', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
		assert.deepEqual(fault(k, mm, [[vma.end, false], [vma.start - PAGE_SIZE, false]]), ['sigsegv', 'sigsegv']);
	});

	test('a write to a private file page mapped read-only copies it in do_wp_page', () => {
		const k = makeKernel({cpus: 1, params: {pageCacheHitPermille: 1000}});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE, new FileObject(1, 'f'));
		const addr = vma.start + 4 * PAGE_SIZE;
		assert.deepEqual(fault(k, mm, [[addr, false], [addr, true]]), ['ok', 'ok']);
		const ends = ofType(k.events, 'fault-end');
		assert.deepEqual(ends.map(e => e.kind), ['read', 'cow']);
		// The read mapped the page-cache page read-only; the write installed a private copy.
		assert.equal(pte(mm, addr), PTE_PRESENT | PTE_WRITE);
		// handle_pte_fault takes the PTL and enters do_wp_page with it; wp_page_copy drops it to copy, then retakes it.
		assert.deepEqual(ofType(k.events, 'ptl-acquire').map(e => e.fn).slice(-2), ['handle_pte_fault', 'wp_page_copy']);
		// Second fault: 150 + 7 + 6 + 20 + 5 + PTL 7 + unlock 1 + anon_vma_prepare + alloc 100 (the
		// first page of this CPU: rmqueue_bulk 7 + 63 × 40 + 1) + charge 40 (empty stock: 3 × 7)
		// + copy 350 + PTL 7 + set 60 + unlock 1 + up_read 7 + 100.
		const alloc = p.pageAllocNs + 7 + p.pcpBatch * p.zonePageNs + 1 + p.memcgChargeNs + 3 * 7;
		assert.equal(ends[1]!.latencyNs, 150 + 7 + 6 + 20 + 5 + 7 + 1 + p.vmaAllocNs + alloc + p.pageCopyNs + 7 + p.setPteNs + 1 + 7 + 100);
	});

	test('a write to a shared file page mapped read-only makes it writable in place', () => {
		const k = makeKernel({cpus: 1, params: {pageCacheHitPermille: 1000}});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE | VM_SHARED, new FileObject(1, 'f'));
		fault(k, mm, [[vma.start, false], [vma.start, true]]);
		assert.deepEqual(ofType(k.events, 'fault-end').map(e => e.kind), ['read', 'wp']);
		assert.equal(pte(mm, vma.start), PTE_PRESENT | PTE_WRITE | PTE_FILE);
	});

	test('a first write to a private file page goes through do_cow_fault', () => {
		const k = makeKernel({cpus: 1, params: {pageCacheHitPermille: 1000}});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE, new FileObject(1, 'f'));
		fault(k, mm, [[vma.start, true]]);
		assert.deepEqual(ofType(k.events, 'fault-end').map(e => e.kind), ['cow']);
		assert.equal(pte(mm, vma.start), PTE_PRESENT | PTE_WRITE);
		assert.deepEqual(ofType(k.events, 'ptl-acquire').map(e => e.fn).slice(-1), ['do_cow_fault']);
	});

	test('a first write to a shared file page goes through do_shared_fault', () => {
		const k = makeKernel({cpus: 1, params: {pageCacheHitPermille: 1000}});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE | VM_SHARED, new FileObject(1, 'f'));
		fault(k, mm, [[vma.start, true]]);
		assert.deepEqual(ofType(k.events, 'fault-end').map(e => e.kind), ['shared']);
		assert.equal(pte(mm, vma.start), PTE_PRESENT | PTE_WRITE | PTE_FILE);
	});

	test('a read fault on anonymous memory maps the zero page; the write after it copies it', () => {
		const k = makeKernel({cpus: 1});
		const mm = makeMm(k);
		const vma = mapVma(k, mm, 1 << 20, VM_READ | VM_WRITE);
		fault(k, mm, [[vma.start, false]]);
		assert.equal(pte(mm, vma.start), PTE_PRESENT | PTE_ZERO);
		assert.equal(vma.anonVma, 0, 'no anon_vma for the zero page');
		fault(k, mm, [[vma.start, true], [vma.start, true]]);
		assert.deepEqual(ofType(k.events, 'fault-end').map(e => e.kind), ['anon', 'cow', 'spurious']);
		assert.equal(pte(mm, vma.start), PTE_PRESENT | PTE_WRITE);
		assert.notEqual(vma.anonVma, 0);
	});
});
