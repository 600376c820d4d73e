/** `do_anonymous_page`: first touch of a private anonymous page. */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {clearPage} from '../mem/page-ops.ts';
import {addMmCounterFast, MM_ANONPAGES} from '../mm/mm-counters.ts';
import {PTE_PRESENT, PTE_ZERO} from '../mm/pte.ts';
import {folioAddLruVma, folioPut, vmaAllocFolio} from '../mem/folio.ts';
import {anonVmaPrepare} from './anon-vma-prepare.ts';
import {mkPte} from './mk-pte.ts';
import {pteMapLock, pteUnmapUnlock, readPte, setPteAt} from './pte-lock.ts';
import {isWrite, type PteVmf, VM_FAULT_OK, VM_FAULT_RETRY} from './vmf.ts';

/**
 * Enter with the VMA stable and the PTE unlocked; return with the PTL released.
 * A read maps the zero page (`!(vmf->flags & FAULT_FLAG_WRITE)` → `my_zero_pfn`): no
 * `anon_vma`, no page to allocate or clear; a later write copies it in `do_wp_page`. A
 * write allocates (and charges) and zeroes a page and builds the entry from `vm_page_prot` and
 * `vm_flags` (`mk_pte`, `pte_mkwrite`), before the PTL is taken; either entry is set only
 * if the PTE is still empty under the lock, a new page going onto the LRU with it.
 */
export function* doAnonymousPage(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'do_anonymous_page';
	const vma = vmf.vma;
	vmf.kind = 'anon';
	const page = isWrite(vmf);
	let entry: number;
	if (page) {
		yield* anonVmaPrepare(k, vma);
		// alloc_anon_folio: vma_alloc_folio and mem_cgroup_charge, then clear the page.
		yield* vmaAllocFolio(k, vmf.task);
		yield* clearPage(k, vmf.task.cpu, fn);
		entry = mkPte(k, vmf, true, false);
	} else {
		entry = mkPte(k, vmf, false, false) | PTE_ZERO;
	}
	if (!(yield* pteMapLock(k, vmf, fn))) {
		if (page) yield* folioPut(k, vmf.task);
		return VM_FAULT_RETRY;
	}
	if (readPte(vmf) & PTE_PRESENT) {
		// Lost the race to another CPU: our page is put once the PTL is dropped.
		vmf.kind = 'spurious';
	} else {
		k.checker.useVma(vma, vmf.task.cpu, fn);
		if (page) yield* folioAddLruVma(k, vmf.task);
		if (!(entry & PTE_ZERO)) addMmCounterFast(vmf.mm, vmf.task, MM_ANONPAGES);
		yield* setPteAt(k, vmf, entry, fn);
	}
	yield* pteUnmapUnlock(k, vmf, fn);
	if (page && vmf.kind === 'spurious') yield* folioPut(k, vmf.task);
	return VM_FAULT_OK;
}
