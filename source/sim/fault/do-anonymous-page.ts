/** `do_anonymous_page`: first touch of a private anonymous page. */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {clearPage} from '../mem/page-ops.ts';
import {addMmCounterFast, MM_ANONPAGES} from '../mm/mm-counters.ts';
import {PTE_PRESENT, PTE_ZERO} from '../mm/pte.ts';
import {anonVmaPrepare} from './anon-vma-prepare.ts';
import {mkPte} from './mk-pte.ts';
import {pteMapLock, pteUnmapUnlock, readPte, setPteAt} from './pte-lock.ts';
import {isWrite, type PteVmf, VM_FAULT_OK, VM_FAULT_RETRY} from './vmf.ts';

/**
 * Enter with the VMA stable and the PTE unlocked; return with the PTL released.
 * A read maps the zero page (`!(vmf->flags & FAULT_FLAG_WRITE)` → `my_zero_pfn`): no
 * `anon_vma`, no page to allocate or clear; a later write copies it in `do_wp_page`. A
 * write allocates and zeroes a page and builds the entry from `vm_page_prot` and
 * `vm_flags` (`mk_pte`, `pte_mkwrite`), before the PTL is taken; either entry is set only
 * if the PTE is still empty under the lock.
 */
export function* doAnonymousPage(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'do_anonymous_page';
	const vma = vmf.vma;
	vmf.kind = 'anon';
	let entry: number;
	if (isWrite(vmf)) {
		yield* anonVmaPrepare(k, vma);
		yield k.cost(k.params.pageAllocNs);
		yield* clearPage(k, vmf.task.cpu, fn);
		entry = mkPte(k, vmf, true, false);
	} else {
		entry = mkPte(k, vmf, false, false) | PTE_ZERO;
	}
	if (!(yield* pteMapLock(k, vmf, fn))) return VM_FAULT_RETRY;
	if (readPte(vmf) & PTE_PRESENT) {
		// Lost the race to another CPU: drop our page.
		vmf.kind = 'spurious';
	} else {
		k.checker.useVma(vma, vmf.task.cpu, fn);
		if (!(entry & PTE_ZERO)) addMmCounterFast(vmf.mm, vmf.task, MM_ANONPAGES);
		yield* setPteAt(k, vmf, entry, fn);
	}
	yield* pteUnmapUnlock(k, vmf, fn);
	return VM_FAULT_OK;
}
