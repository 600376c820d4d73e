/**
 * `handle_pte_fault`: dispatch on the PTE as read without the lock. A missing PTE goes to
 * `do_anonymous_page` or `do_fault`, which take the PTL themselves; a present one is
 * handled under the PTL, re-checked with `pte_same` first (mm/memory.c).
 */
import {call, type Step} from '../engine.ts';
import type {Kernel} from '../kernel.ts';
import {checkSyncRssStat} from '../mm/mm-counters.ts';
import {PTE_PRESENT, PTE_WRITE} from '../mm/pte.ts';
import {doAnonymousPage} from './do-anonymous-page.ts';
import {doFault} from './do-fault.ts';
import {doWpPage} from './do-wp-page.ts';
import {pteMapLock, pteSame, pteUnmapUnlock, readPte} from './pte-lock.ts';
import {isWrite, type PteVmf, VM_FAULT_OK, VM_FAULT_RETRY} from './vmf.ts';

/** Enter with the VMA stable and the PTE table known; return with the PTL released. */
export function* handlePteFault(k: Kernel, vmf: PteVmf): Step<number> {
	const fn = 'handle_pte_fault';
	// The kernel calls it in handle_mm_fault; here, where every scheme's fault arrives.
	yield* checkSyncRssStat(k, vmf.task, vmf.mm);
	yield k.cost(k.params.pgtableLevelNs);
	vmf.origPte = readPte(vmf);
	if ((vmf.origPte & PTE_PRESENT) === 0) {
		return yield* call(vmf.vma.file === null ? doAnonymousPage(k, vmf) : doFault(k, vmf));
	}
	if (!(yield* pteMapLock(k, vmf, fn))) return VM_FAULT_RETRY;
	// do_wp_page is entered with the PTL held, as the kernel enters it.
	if (pteSame(k, vmf, fn) && isWrite(vmf) && (vmf.origPte & PTE_WRITE) === 0) return yield* call(doWpPage(k, vmf));
	// Changed under us, or another CPU resolved it first: only mark the PTE young.
	vmf.kind = 'spurious';
	yield* pteUnmapUnlock(k, vmf, fn);
	return VM_FAULT_OK;
}
