/**
 * `rcu-2021`: Matthew Wilcox's 2021 proposal (seed 003), simulated as written. It was never
 * implemented, so its steps carry the names of the kernel functions they would call.
 *
 * Fast path: (1) `rcu_read_lock`; (2) walk pgd/p4d/pud/pmd; (3) allocate missing page
 * tables; (4) walk the VMA tree; (5) `->map_pages` for a file read fault, or allocate a
 * zeroed page for an anonymous one; (6-8) take the PTL, insert, drop it; `rcu_read_unlock`.
 * Slow path, when `->map_pages` cannot supply the page (or the fault writes a file page):
 * (9) take a VMA reference, (10) drop RCU, (11) `->fault` (may sleep), then 6-8 again under
 * RCU (re-walking, as Peter Zijlstra asked), (12) drop the reference.
 *
 * What the proposal does not say, it does not do: the VMA is not re-validated under the
 * PTL, and page tables are allocated before the VMA is even looked up, without `mmap_sem`,
 * so one can be installed after `free_pgtables` unlinked its range: Peter Zijlstra's first
 * objection, reported by the checker as `pgtable-leak` (see `zap-race`). Page tables and
 * VMAs are freed after an RCU grace period (walkers hold no other reference); the VMA also
 * waits for slow-path references. `anon_vma_prepare` is left to the classic path, as every
 * implemented scheme does.
 */
import {folioAddLruVma, folioPut, vmaAllocFolio} from '../mem/folio.ts';
import {call, type Step} from '../engine.ts';
import {doFaultAround, __doFault} from '../fault/do-fault.ts';
import {pmdAlloc, pteAlloc} from '../fault/handle-mm-fault.ts';
import {doPageMkwrite, faultDirtySharedPage} from '../fault/file-page.ts';
import {handlePteFault} from '../fault/handle-pte-fault.ts';
import {mkPte} from '../fault/mk-pte.ts';
import {pteOffsetMapLock, pteSame, pteUnmapUnlock, readPte, setPteAt} from '../fault/pte-lock.ts';
import {FAULT_FLAG_ALLOW_RETRY, FAULT_FLAG_SPECULATIVE, isWrite, type PteVmf, setTable, snapshotVma, VM_FAULT_OK, type Vmf} from '../fault/vmf.ts';
import type {Kernel} from '../kernel.ts';
import {rcuReadLock, rcuReadUnlock} from '../locks/rcu.ts';
import {atomicIncNotZero, RefCount} from '../locks/refcount.ts';
import {copyPage} from '../mem/page-ops.ts';
import {addMmCounterFast, MM_ANONPAGES, MM_FILEPAGES} from '../mm/mm-counters.ts';
import type {PteTable} from '../mm/pgtable.ts';
import {PTE_PRESENT, PTE_WRITE} from '../mm/pte.ts';
import {VM_SHARED, type Vma} from '../mm/vma.ts';
import {freePteTableAfterRcu, putVmaRef, putVmaRefAfterGracePeriod} from './free.ts';
import {accessError, findVma} from './mmap-sem.ts';
import {classicHooks, type Scheme} from './scheme.ts';
import {completed, fallbackToMmapSem, specAbort} from './speculative.ts';

export const rcu2021: Scheme = {
	...classicHooks,
	id: 'rcu-2021',
	title: 'RCU + ->map_pages (2021 proposal, as written)',
	breaks: [],
	raceFree: false,
	vmfSnapshot: false,
	initVma(k, vma) {
		vma.refcnt = new RefCount(k, `vma#${vma.id}.refcnt`, 1);
	},
	doUserAddrFault,
	*pteMapLock(k, vmf, fn) {
		// Steps 6-8 as written: take the PTL. Nothing re-validates the VMA.
		yield* pteOffsetMapLock(k, vmf, fn);
		return true;
	},
	*freeVma(k, task, vma) {
		putVmaRefAfterGracePeriod(k, task.cpu, vma, vma.refcnt!, k.rcu, 'vm_area_free_rcu_cb');
	},
	*freePteTable(k, task, mm, table) {
		freePteTableAfterRcu(k, task, mm, table);
	},
};

/** `do_user_addr_fault` with the proposal: the RCU fault first, `mmap_sem` when it gives up. */
function* doUserAddrFault(k: Kernel, vmf: Vmf): Step<number> {
	const fault = yield* call(doRcuFault(k, vmf));
	if (completed(vmf, fault)) return fault;
	return yield* fallbackToMmapSem(k, vmf);
}

/**
 * The fast path, steps 1-8. Enter with nothing held; return with nothing held (the slow
 * path takes over RCU and returns the same way).
 */
function* doRcuFault(k: Kernel, vmf: Vmf): Step<number> {
	const fn = 'do_rcu_fault';
	const task = vmf.task;
	vmf.flags = (vmf.flags | FAULT_FLAG_SPECULATIVE) & ~FAULT_FLAG_ALLOW_RETRY;
	rcuReadLock(k, task); // 1
	setTable(vmf, yield* walkAndAllocate(k, vmf)); // 2, 3
	const vma = yield* findVma(k, vmf); // 4
	if (vma === null || vma.start > vmf.addr) {
		rcuReadUnlock(k, task);
		return specAbort(k, vmf, 'no_vma', fn);
	}
	if (accessError(vmf, vma)) {
		rcuReadUnlock(k, task);
		return specAbort(k, vmf, 'access', fn);
	}
	snapshotVma(vmf, vma);
	vma.faults++;
	if (vma.file === null) {
		if (!vma.anonVma) {
			rcuReadUnlock(k, task);
			return specAbort(k, vmf, 'no_anon', fn);
		}
		// 5-8: a zeroed page, the PTL, insert (do_anonymous_page / do_wp_page), under RCU.
		const fault = yield* handlePteFault(k, vmf);
		rcuReadUnlock(k, task);
		return fault;
	}
	vmf.origPte = readPte(vmf);
	const present = (vmf.origPte & PTE_PRESENT) !== 0;
	if (present && !(isWrite(vmf) && !(vmf.origPte & PTE_WRITE))) {
		// Resolved by another CPU already: the PTL and nothing else (handle_pte_fault).
		const fault = yield* handlePteFault(k, vmf);
		rcuReadUnlock(k, task);
		return fault;
	}
	if (!present && !isWrite(vmf) && k.params.faultAroundPages > 1) {
		// 5: ->map_pages maps what the page cache already has, under the PTL, without sleeping.
		vmf.kind = 'read';
		const fault = yield* doFaultAround(k, vmf);
		if (fault !== null) {
			rcuReadUnlock(k, task);
			return fault;
		}
	}
	return yield* rcuSlowFault(k, vmf, vma);
}

/** Steps 2-3: walk pgd→pmd and allocate what is missing (`__pmd_alloc`, `__pte_alloc`), no `mmap_sem`. */
function* walkAndAllocate(k: Kernel, vmf: Vmf): Step<PteTable> {
	yield k.cost(4 * k.params.pgtableLevelNs);
	if (!vmf.mm.pmdPresent(vmf.addr)) yield* pmdAlloc(k, vmf);
	return vmf.mm.pteTable(vmf.addr) ?? (yield* pteAlloc(k, vmf, 'do_rcu_fault'));
}

/**
 * Steps 9-12: pin the VMA with its refcount, leave RCU, `->fault` (I/O may sleep), copy or
 * `page_mkwrite` as the fault needs, then under RCU again re-walk, take the PTL, insert if
 * the PTE is unchanged, and drop the reference. Enter with RCU held; return with nothing held.
 */
function* rcuSlowFault(k: Kernel, vmf: PteVmf, vma: Vma): Step<number> {
	const fn = 'do_rcu_fault';
	const task = vmf.task;
	if (!(yield* atomicIncNotZero(k, task, vma.refcnt!))) { // 9
		rcuReadUnlock(k, task);
		return specAbort(k, vmf, 'dead_vma', fn);
	}
	rcuReadUnlock(k, task); // 10
	const shared = (vmf.vmaFlags & VM_SHARED) !== 0;
	const present = (vmf.origPte & PTE_PRESENT) !== 0;
	let mkwrite = false;
	let file = true;
	if (present && isWrite(vmf) && !(vmf.origPte & PTE_WRITE)) {
		// A write to a page mapped read-only: page_mkwrite, or a private copy.
		vmf.kind = shared ? 'wp' : 'cow';
		if (shared) {
			yield* doPageMkwrite(k, vmf);
		} else {
			yield* vmaAllocFolio(k, task);
			yield* copyPage(k, task.cpu, fn);
		}
		mkwrite = true;
		file = shared;
	} else {
		vmf.kind = !isWrite(vmf) ? 'read' : shared ? 'shared' : 'cow';
		if (vmf.kind === 'cow') yield* vmaAllocFolio(k, task);
		yield* __doFault(k, vmf); // 11: ->fault
		if (vmf.kind === 'cow') yield* copyPage(k, task.cpu, fn);
		if (vmf.kind === 'shared') yield* doPageMkwrite(k, vmf);
		mkwrite = isWrite(vmf);
		file = vmf.kind !== 'cow';
	}
	// 6-8 again, under RCU: the tables we walked may be gone by now.
	rcuReadLock(k, task);
	setTable(vmf, yield* walkAndAllocate(k, vmf));
	yield* pteOffsetMapLock(k, vmf, fn);
	const newFolio = !file;
	if (pteSame(k, vmf, fn)) {
		k.checker.useVma(vma, task.cpu, fn);
		if (newFolio) yield* folioAddLruVma(k, task);
		if (vmf.kind === 'cow' || !present) addMmCounterFast(vmf.mm, task, file ? MM_FILEPAGES : MM_ANONPAGES);
		yield* setPteAt(k, vmf, mkPte(k, vmf, mkwrite, file), fn);
	} else {
		vmf.kind = 'spurious';
	}
	yield* pteUnmapUnlock(k, vmf, fn);
	rcuReadUnlock(k, task);
	if (newFolio && vmf.kind === 'spurious') yield* folioPut(k, task);
	if (mkwrite && shared && vmf.kind !== 'spurious') yield* faultDirtySharedPage(k, vmf);
	yield* putVmaRef(k, task, vma, vma.refcnt!, 'refcount', 'vma_put'); // 12
	return VM_FAULT_OK;
}
