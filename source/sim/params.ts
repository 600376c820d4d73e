/**
 * Every cost the simulator charges, in integer nanoseconds. The defaults describe a 2018-2021
 * two-socket Xeon Scalable server; docs/calibration.md gives each one's source (the comment
 * beside it is the short form). A scenario's `costs:` block overrides any of them by name.
 * Schemes get no speed factors of their own: they pay for the lines and locks they touch.
 */
import {defaultMachine} from './machines.ts';

export interface Params {
	// Cache lines (cacheline.ts): the default machine's figures (machines.ts), sources in
	// docs/calibration.md. A transfer is priced by where the line comes from.
	/** Atomic RMW on a line this CPU already owns exclusively. */
	readonly atomicOwnNs: number;
	/** Load or store on a line this CPU already holds (owned, or shared for a load). */
	readonly lineHitNs: number;
	/** Any access whose line comes from this core's other SMT thread (they share L1 and L2). */
	readonly lineSiblingNs: number;
	/** Atomic (CAS) on a line another core of the same socket holds. */
	readonly casSameSocketNs: number;
	/** Atomic (CAS) on a line a core of another socket holds. */
	readonly casCrossSocketNs: number;
	/** Load or plain store on a line another core of the same socket holds. */
	readonly storeSameSocketNs: number;
	/** Load or plain store on a line a core of another socket holds. */
	readonly storeCrossSocketNs: number;
	/** Full memory barrier (`smp_mb`), as paid by SRCU read lock and unlock. */
	readonly smpMbNs: number;
	/** Sleep plus wakeup of a blocked task (rwsem, `wait_event`, barrier). */
	readonly wakeupNs: number;
	/** Exception entry and `do_user_addr_fault` prologue. */
	readonly faultEntryNs: number;
	/** Return to user space after a fault. */
	readonly faultExitNs: number;
	/** One level of the VMA tree walked by `find_vma`. */
	readonly vmaTreeLevelNs: number;
	/** One level of the pgd→p4d→pud→pmd walk. */
	readonly pgtableLevelNs: number;
	/** Allocating and zeroing a page-table page. */
	readonly pgtableAllocNs: number;
	/** Allocating a page (`alloc_zeroed_user_highpage` minus the zeroing). */
	readonly pageAllocNs: number;
	/** Zeroing a 4 KiB page. */
	readonly pageZeroNs: number;
	/** Copying a 4 KiB page (COW). */
	readonly pageCopyNs: number;
	/** Building and setting one PTE (`set_pte_at`), rmap and counters included. */
	readonly setPteNs: number;
	/** `->fault` when the page is in the page cache (`filemap_fault`, minor). */
	readonly filemapFaultNs: number;
	/** `->fault` when the page must be read (major fault). */
	readonly fileIoNs: number;
	/** Share (per mille) of file pages already in the page cache when first touched. */
	readonly pageCacheHitPermille: number;
	/** Each extra page mapped by `->map_pages` fault-around. */
	readonly faultAroundPageNs: number;
	/** Pages mapped by fault-around, the faulting one included. */
	readonly faultAroundPages: number;
	/** Pages `rmqueue_bulk` moves to a CPU's `per_cpu_pages` list, and `free_pcppages_bulk` returns (`pcp->batch`). */
	readonly pcpBatch: number;
	/** Pages a `per_cpu_pages` list may hold before a free drains `pcpBatch` of them (`pcp->high`). */
	readonly pcpHigh: number;
	/** Moving one page between the buddy free lists and a pcp list, under `zone->lock` (`__rmqueue`, `__free_one_page`). */
	readonly zonePageNs: number;
	/** Freeing one page to the pcp list (`release_pages` → `free_unref_folios`), without the locks. */
	readonly pageFreeNs: number;
	/** Folios a `folio_batch` holds (`PAGEVEC_SIZE`): a CPU's LRU-add batch, and each batch `free_pages_and_swap_cache` puts. */
	readonly folioBatchSize: number;
	/** Adding or deleting one folio on an LRU list under `lru_lock` (`lruvec_add_folio`, `lruvec_del_folio`). */
	readonly lruPageNs: number;
	/** Pages `try_charge_memcg` charges to the `page_counter`s at once; the rest goes to the per-CPU stock (`MEMCG_CHARGE_BATCH`). */
	readonly memcgChargeBatch: number;
	/** `mem_cgroup_charge` or uncharge of one folio without the counters: `commit_charge`, per-CPU statistics. */
	readonly memcgChargeNs: number;
	/** `page_mkwrite` for a shared file mapping. */
	readonly pageMkwriteNs: number;
	/** A user-space access to a page already mapped. */
	readonly userAccessNs: number;
	/** Fixed part of a syscall (entry, exit, argument checks). */
	readonly syscallNs: number;
	/** `vm_area_alloc` / `vm_area_free` and tree insertion or erasure bookkeeping. */
	readonly vmaAllocNs: number;
	/** `get_unmapped_area` search. */
	readonly unmappedAreaNs: number;
	/** Zapping or rewriting one PTE (zap, change_protection). */
	readonly pteZapNs: number;
	/** Sending one IPI. */
	readonly ipiSendNs: number;
	/** Handling a TLB-flush IPI on the target CPU (time stolen from it). */
	readonly ipiHandleNs: number;
	/** Local TLB flush. */
	readonly tlbFlushNs: number;
	/** `->close` plus `fput` in `remove_vma`. */
	readonly fputNs: number;
	/** RCU grace period. */
	readonly rcuGpNs: number;
	/** SRCU polls its readers once per jiffy. */
	readonly srcuPollNs: number;
	/** Scheduler cost of one SRCU poll (the "many scheduling operations"). */
	readonly srcuPollCostNs: number;
	/** A trylock loop's pause between attempts (`cpu_relax`). */
	readonly cpuRelaxNs: number;
	/** Jitter (per mille of a step's cost) drawn from the seeded PRNG so interleavings vary. */
	readonly jitterPermille: number;
	// Shared state of the fault path beyond the locks (sources: docs/calibration.md).
	/** Memory bandwidth of one socket, MB/s: every page clear and copy on the socket shares it. */
	readonly socketBandwidthMBps: number;
	/** `TASK_RSS_EVENTS_THRESH`: a task's cached rss counts go to the mm after this many faults. */
	readonly rssSyncEvents: number;
	/** Tick of the coarse clock (`current_time`): `file_update_time` writes the inode once per tick. */
	readonly coarseClockNs: number;
	/** `SRCU_CALLBACK_BATCH`: callbacks one `process_srcu` run invokes. */
	readonly srcuCallbackBatch: number;
}

export const defaultParams: Params = {
	// The line costs and memory bandwidth of the default machine, 2 × Xeon Gold 6130 (machines.ts).
	...defaultMachine.costs,
	smpMbNs: 20, // x86 __smp_mb is lock; addl $0,-4(%rsp) (arch/x86/include/asm/barrier.h) plus the drain
	wakeupNs: 3000, // reference/schemes.md: 2000-5000 for a sleep and wake-up on another CPU
	faultEntryNs: 150, // estimate: #PF entry with KPTI and do_user_addr_fault checks
	faultExitNs: 100, // estimate: return to user with KPTI, a little less than the entry
	vmaTreeLevelNs: 5, // estimate: one dependent cached load per tree level
	pgtableLevelNs: 5, // estimate: one dependent cached load per page-table level
	pgtableAllocNs: 1200, // estimate: allocate + zero a page, ptlock_init, pmd_populate (below schemes.md 4800)
	pageAllocNs: 100, // estimate: rmqueue_pcplist fast path, a per-CPU list pop
	pageZeroNs: 300, // reference/schemes.md; 13.7 GB/s, one Skylake-SP core's clear_page_erms
	pageCopyNs: 350, // estimate: copy_page reads and writes 4 KiB, a little more than zeroing
	setPteNs: 60, // estimate: mk_pte, set_pte_at, rmap, lru batch, mm counter: CPU-local stores
	filemapFaultNs: 900, // estimate: filemap_fault on a cached page (xarray lookup, lock_page)
	fileIoNs: 40_000, // estimate: NVMe 4 KiB random read, tens of µs (vendor data sheets)
	pageCacheHitPermille: 950, // estimate: a warm page cache
	faultAroundPageNs: 190, // reference/schemes.md: each extra page of filemap_map_pages
	faultAroundPages: 16, // mm/memory.c fault_around_pages = 65536 >> PAGE_SHIFT
	pcpBatch: 63, // zone_batchsize(): rounddown_pow_of_two(64 + 32) - 1 (docs/calibration.md)
	pcpHigh: 378, // pageset_set_batch(): high = 6 * batch (v4.x-5.13)
	zonePageNs: 40, // estimate: a struct page miss per page under zone->lock (Aaron Lu, lkml 2018)
	pageFreeNs: 50, // estimate: free_unref_folios per page without the locks
	folioBatchSize: 31, // FOLIO_BATCH_SIZE in include/linux/folio_batch.h (15 before ~6.10)
	lruPageNs: 20, // estimate: lruvec_add_folio / lruvec_del_folio under lru_lock
	memcgChargeBatch: 64, // MEMCG_CHARGE_BATCH in include/linux/memcontrol.h (64 since v6.1)
	memcgChargeNs: 40, // estimate: commit_charge and per-CPU statistics, without page_counter
	pageMkwriteNs: 250, // estimate: ext4/iomap page_mkwrite on a cached, allocated page
	userAccessNs: 2, // estimate: a store that hits the TLB and L1
	syscallNs: 200, // estimate: syscall round trip with KPTI and Spectre mitigations
	vmaAllocNs: 150, // estimate: vm_area_cachep slab alloc/free and tree bookkeeping
	unmappedAreaNs: 100, // estimate: vm_unmapped_area gap walk
	pteZapNs: 15, // estimate: ptep_get_and_clear_full, rmap, mmu_gather add
	ipiSendNs: 100, // estimate: one x2APIC ICR write per destination
	ipiHandleNs: 600, // estimate: interrupt entry/exit and flush_tlb_func on the target
	tlbFlushNs: 150, // estimate: INVLPG up to tlb_single_page_flush_ceiling (33), else a full flush
	fputNs: 100, // estimate: ->close and dropping a file reference
	rcuGpNs: 3_000_000, // kernel/rcu/tree.h RCU_JIFFIES_TILL_FORCE_QS: 3 jiffies at HZ=1000
	srcuPollNs: 1_000_000, // kernel/rcu/srcutree.c SRCU_INTERVAL: 1 jiffy at HZ=1000
	srcuPollCostNs: 2000, // estimate: waking process_srcu and summing per-CPU counters
	cpuRelaxNs: 50, // PAUSE is ~140 cycles since Skylake (Intel Optimization Reference Manual)
	jitterPermille: 50, // estimate: a modelling choice, ±5 % so interleavings vary with the seed
	rssSyncEvents: 64, // TASK_RSS_EVENTS_THRESH in mm/memory.c (2.6.34-6.1, SPLIT_RSS_COUNTING)
	coarseClockNs: 4_000_000, // one tick at HZ=250, the coarse clock file_update_time compares with
	srcuCallbackBatch: 10, // SRCU_CALLBACK_BATCH of the classic kernel/srcu.c
};

export type ParamName = keyof Params;

export const paramNames = Object.keys(defaultParams) as ParamName[];

/** Defaults with a scenario's overrides applied; unknown names are the loader's job. */
export function resolveParams(overrides: Partial<Record<ParamName, number>> = {}): Params {
	return {...defaultParams, ...overrides};
}
