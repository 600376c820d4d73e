/** `do_wp_page`: a write to a present, write-protected PTE. */
import type {Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {PTE_FILE} from '../mm/pte.ts';
import {VM_SHARED, VM_WRITE} from '../mm/vma.ts';
import {mkPte} from './mk-pte.ts';
import {pteMapLock, pteSame, pteUnmapUnlock, setPteAt} from './pte-lock.ts';
import {type PteVmf, VM_FAULT_OK, VM_FAULT_RETRY, VM_FAULT_SIGSEGV} from './vmf.ts';

/**
 * Enter with the VMA stable and the PTE unlocked; return with the PTL released.
 * Shared mappings are made writable after `->page_mkwrite` (`wp_page_shared`); a private
 * page this mapping already owns is reused (`wp_page_reuse`); a page-cache page is copied
 * (`wp_page_copy`) outside the lock and installed after a `pte_same` re-check.
 */
export function* doWpPage(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'do_wp_page';
	if (!(vmf.vmaFlags & VM_WRITE)) return VM_FAULT_SIGSEGV;
	const copy = !(vmf.vmaFlags & VM_SHARED) && (vmf.origPte & PTE_FILE) !== 0;
	vmf.kind = copy ? 'cow' : 'wp';
	if (vmf.vmaFlags & VM_SHARED) yield k.cost(k.params.pageMkwriteNs);
	if (copy) yield k.cost(k.params.pageAllocNs + k.params.pageCopyNs);
	if (!(yield* pteMapLock(k, vmf, fn))) return VM_FAULT_RETRY;
	if (pteSame(k, vmf, fn)) {
		k.checker.useVma(vmf.vma, vmf.task.cpu, fn);
		const file = !copy && (vmf.origPte & PTE_FILE) !== 0;
		yield* setPteAt(k, vmf, mkPte(k, vmf, true, file), fn);
	} else {
		vmf.kind = 'spurious';
	}
	yield* pteUnmapUnlock(k, vmf, fn);
	return VM_FAULT_OK;
}
