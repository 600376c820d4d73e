/**
 * `handle_pte_fault`: dispatch on the PTE as read without the lock. Every handler
 * re-checks it under the PTL (`pte_same`) before changing it.
 */
import {call, type Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {PTE_PRESENT, PTE_WRITE} from '../mm/pte.ts';
import {doAnonymousPage} from './do-anonymous-page.ts';
import {doFault} from './do-fault.ts';
import {doWpPage} from './do-wp-page.ts';
import {pteMapLock, pteUnmapUnlock, readPte} from './pte-lock.ts';
import {isWrite, type PteVmf, VM_FAULT_OK, VM_FAULT_RETRY} from './vmf.ts';

/** Enter with the VMA stable and the PTE table known; return with the PTL released. */
export function* handlePteFault(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'handle_pte_fault';
	yield k.cost(k.params.pgtableLevelNs);
	vmf.origPte = readPte(vmf);
	if ((vmf.origPte & PTE_PRESENT) === 0) {
		return yield* call(vmf.vma.file === null ? doAnonymousPage(k, vmf) : doFault(k, vmf));
	}
	if (isWrite(vmf) && (vmf.origPte & PTE_WRITE) === 0) return yield* call(doWpPage(k, vmf));
	// Another CPU resolved it first: just take the lock and mark the PTE young.
	vmf.kind = 'spurious';
	if (!(yield* pteMapLock(k, vmf, fn))) return VM_FAULT_RETRY;
	yield* pteUnmapUnlock(k, vmf, fn);
	return VM_FAULT_OK;
}
