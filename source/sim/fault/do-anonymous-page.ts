/** `do_anonymous_page`: first touch of a private anonymous page. */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {PTE_PRESENT} from '../mm/pte.ts';
import {mkPte} from './mk-pte.ts';
import {pteMapLock, pteUnmapUnlock, readPte, setPteAt} from './pte-lock.ts';
import {isWrite, type PteVmf, VM_FAULT_OK, VM_FAULT_RETRY} from './vmf.ts';

/**
 * Enter with the VMA stable and the PTE unlocked; return with the PTL released.
 * The page is allocated and zeroed, and the entry built from `vm_page_prot` and
 * `vm_flags` (`mk_pte`, `pte_mkwrite`), before the PTL is taken; the PTE is set only if
 * it is still empty under the lock.
 */
export function* doAnonymousPage(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'do_anonymous_page';
	const vma = vmf.vma;
	vmf.kind = 'anon';
	// anon_vma_prepare: the first fault of a VMA links it to an anon_vma.
	if (!vma.anonVma) {
		yield k.cost(k.params.vmaAllocNs);
		vma.anonVma = true;
	}
	yield k.cost(k.params.pageAllocNs + k.params.pageZeroNs);
	const entry = mkPte(k, vmf, isWrite(vmf), false);
	if (!(yield* pteMapLock(k, vmf, fn))) return VM_FAULT_RETRY;
	if (readPte(vmf) & PTE_PRESENT) {
		// Lost the race to another CPU: drop our page.
		vmf.kind = 'spurious';
	} else {
		k.checker.useVma(vma, vmf.task.cpu, fn);
		yield* setPteAt(k, vmf, entry, fn);
	}
	yield* pteUnmapUnlock(k, vmf, fn);
	return VM_FAULT_OK;
}
