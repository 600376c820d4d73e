/**
 * Every cost the simulator charges, in integer nanoseconds, with its default from
 * `reference/schemes.md`. A scenario's `costs:` block overrides any of them by name.
 * Schemes get no speed factors of their own: they pay for the lines and locks they touch.
 */
import {defaultMachine} from './machines.ts';

export interface Params {
	// Cache lines (cacheline.ts): the default machine's figures (machines.ts), sources in
	// docs/calibration-coh.md. A transfer is priced by where the line comes from.
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
	/**
	 * Peak memory bandwidth of one socket in GB/s (bytes per ns), for the page clearing and copying
	 * that draw on it. Defined here for the memory model; the line model does not use it.
	 */
	readonly socketBandwidthGBps: number;
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
}

export const defaultParams: Params = {
	// The line costs and bandwidth of the default machine, 2 × Xeon Gold 6130.
	...defaultMachine.costs,
	smpMbNs: 20,
	wakeupNs: 3000,
	faultEntryNs: 150,
	faultExitNs: 100,
	vmaTreeLevelNs: 5,
	pgtableLevelNs: 5,
	pgtableAllocNs: 1200,
	pageAllocNs: 100,
	pageZeroNs: 300,
	pageCopyNs: 350,
	setPteNs: 60,
	filemapFaultNs: 900,
	fileIoNs: 40_000,
	pageCacheHitPermille: 950,
	faultAroundPageNs: 190,
	faultAroundPages: 16,
	pageMkwriteNs: 250,
	userAccessNs: 2,
	syscallNs: 200,
	vmaAllocNs: 150,
	unmappedAreaNs: 100,
	pteZapNs: 15,
	ipiSendNs: 100,
	ipiHandleNs: 600,
	tlbFlushNs: 150,
	fputNs: 100,
	rcuGpNs: 3_000_000,
	srcuPollNs: 1_000_000,
	srcuPollCostNs: 2000,
	cpuRelaxNs: 10,
	jitterPermille: 50,
};

export type ParamName = keyof Params;

export const paramNames = Object.keys(defaultParams) as ParamName[];

/** Defaults with a scenario's overrides applied; unknown names are the loader's job. */
export function resolveParams(overrides: Partial<Record<ParamName, number>> = {}): Params {
	return {...defaultParams, ...overrides};
}
